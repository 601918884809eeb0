//! The exported schemas are valid draft 2020-12 schemas, accept every example spec in `specs/`
//! and reject the documented invalid shapes.

mod cli_support;

use std::path::Path;

use cli_support::workspace;

use agentspec_lint::SpecKind;
use agentspec_model::schema::SchemaKind;
use agentspec_syntax::{Format, Limits};
use serde_json::{json, Value};

fn validator(kind: SchemaKind) -> jsonschema::Validator {
    jsonschema::draft202012::new(&kind.schema()).expect("exported schema compiles")
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).expect("spec is readable");
    let format = agentspec_lint::format_for_path(path);
    let parsed = agentspec_syntax::parse(&text, format, &Limits::default());
    assert!(
        parsed.problems.is_empty(),
        "{} does not parse: {:?}",
        path.display(),
        parsed.problems
    );
    parsed.documents[0].root.to_json()
}

#[test]
fn exported_schemas_are_valid_draft_2020_12() {
    for kind in SchemaKind::ALL {
        let schema = kind.schema();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        jsonschema::meta::validate(&schema).unwrap_or_else(|e| panic!("{}: {e}", kind.name()));
    }
}

#[test]
fn checked_in_schemas_are_current() {
    for kind in SchemaKind::ALL {
        let path = workspace().join("specs/schema").join(kind.file_name());
        let on_disk = std::fs::read_to_string(&path).expect("checked-in schema exists");
        assert_eq!(
            on_disk,
            kind.to_pretty_string(),
            "{} is stale: run `cargo xtask schema`",
            path.display()
        );
    }
}

#[test]
fn every_example_spec_is_valid() {
    let session = validator(SchemaKind::Session);
    let agent = validator(SchemaKind::Agent);
    let mut checked = 0;
    for entry in std::fs::read_dir(workspace().join("specs")).expect("specs/ exists") {
        let path = entry.expect("entry").path();
        let Some(kind) = SpecKind::from_path(&path) else {
            continue;
        };
        let value = load(&path);
        let validator = match kind {
            SpecKind::Session => &session,
            SpecKind::Agent => &agent,
        };
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{} is rejected: {errors:#?}",
            path.display()
        );
        checked += 1;
    }
    assert!(checked >= 6, "expected the example specs, found {checked}");
}

#[test]
fn documented_invalid_shapes_are_rejected() {
    let session = validator(SchemaKind::Session);
    let invalid = [
        ("no agent", json!({"messages": "hi"})),
        (
            "unknown top-level field",
            json!({"agent": "h/web-surfer-flash", "max_step": 3}),
        ),
        (
            "max_steps below 1",
            json!({"agent": "h/web-surfer-flash", "max_steps": 0}),
        ),
        (
            "max_time_s not positive",
            json!({"agent": "h/web-surfer-flash", "max_time_s": 0}),
        ),
        (
            "max_steps as a string",
            json!({"agent": "h/web-surfer-flash", "max_steps": "20"}),
        ),
        ("agent of the wrong type", json!({"agent": 42})),
        (
            "inline agent without name",
            json!({"agent": {"description": "d", "environments": []}}),
        ),
        (
            "inline agent without description",
            json!({"agent": {"name": "a", "environments": []}}),
        ),
        (
            "unknown environment kind",
            json!({"agent": {"name": "a", "description": "d", "environments": [{"id": "t", "kind": "terminal"}]}}),
        ),
        (
            "environment without id",
            json!({"agent": {"name": "a", "description": "d", "environments": [{"kind": "web"}]}}),
        ),
        (
            "unknown browser field",
            json!({"agent": {"name": "a", "description": "d", "environments": [{"id": "b", "kind": "web", "headles": true}]}}),
        ),
        (
            "invalid browser mode",
            json!({"agent": {"name": "a", "description": "d", "environments": [{"id": "b", "mode": "fast"}]}}),
        ),
        (
            "mode object without type",
            json!({"agent": {"name": "a", "description": "d", "environments": [{"id": "b", "mode": {"width": 10}}]}}),
        ),
        (
            "desktop on the cloud",
            json!({"agent": {"name": "a", "description": "d", "environments": [{"id": "d", "kind": "desktop", "host": "cloud"}]}}),
        ),
        (
            "message of unknown type",
            json!({"agent": "h/web-surfer-flash", "messages": [{"type": "system_message", "message": "x"}]}),
        ),
        (
            "message without text",
            json!({"agent": "h/web-surfer-flash", "messages": [{"type": "user_message"}]}),
        ),
        (
            "headless as a YAML 1.1 word",
            json!({"agent": {"name": "a", "description": "d", "environments": [{"id": "b", "headless": "yes"}]}}),
        ),
        (
            "tool name with a dash",
            json!({"agent": {"name": "a", "description": "d", "environments": [], "tools": [{"name": "look-up", "description": "x"}]}}),
        ),
        (
            "empty group_id",
            json!({"agent": "h/web-surfer-flash", "group_id": ""}),
        ),
    ];
    for (what, value) in invalid {
        assert!(
            !session.is_valid(&value),
            "the session schema accepts an invalid shape: {what}"
        );
    }
    let accepted = [
        json!({"agent": "h/web-surfer-flash"}),
        json!({"agent": "h/web-surfer-flash", "messages": "a bare string", "x-anchors": {"a": 1}}),
        json!({"agent": {"name": "m", "description": "manager", "subagents": ["h/web-surfer-pro"]}}),
        json!({"agent": {"name": "a", "description": "d", "environments": [{"id": "b", "start_url": null}]}}),
    ];
    for value in accepted {
        assert!(
            session.is_valid(&value),
            "the session schema rejects a valid shape: {value}"
        );
    }
}

#[test]
fn json_format_is_taken_from_the_extension() {
    assert_eq!(
        agentspec_lint::format_for_path(Path::new("a.session.json")),
        Format::Json
    );
    assert_eq!(
        agentspec_lint::format_for_path(Path::new("a.session.yml")),
        Format::Yaml
    );
}
