//! `lint` and `gen` never disagree about an `answer_format`: over every schema of
//! `fixtures/gen/corpus` and of the JSON-Schema-Test-Suite (draft 2020-12 and draft 7),
//!
//! - `untyped-keyword` reports exactly the generator's `info` notes: same pointer, same words;
//! - `remote-ref` and `unresolved-ref` flag exactly the `$ref`s the generator can't resolve.
//!
//! Expected differences, by kind (each printed when the test runs):
//! - a note the generator only knows once the Rust types exist: after running typify ("this
//!   sub-schema can't be expressed as a Rust type (…)") or while writing a `default` as a Rust
//!   value ("… is not applied by the type …"), since the linter computes the planning step
//!   alone;
//! - a `format` no validator knows: `unknown-format` reports it instead of `untyped-keyword`;
//! - `$dynamicRef` leaving the document: `remote-ref` reports it, the generator reads the
//!   sub-schema as `serde_json::Value` (an `info` note) without resolving it;
//! - a `$schema` naming a meta-schema other than draft 2020-12 or draft-07: the linter reports
//!   `unsupported-schema-dialect` and no note on what such a schema means.

#[path = "../../agentspec-jsonschema/tests/support/json_schema_test_suite.rs"]
mod json_schema_test_suite;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use agentspec_codegen::{generate_schema, AnswerSchema, Severity as GenSeverity};
use agentspec_jsonschema::KnownDraft;
use agentspec_lint::{lint_source, Options, SpecKind};
use serde_json::{json, Value};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(name, schema)` of every object schema of the two corpora.
fn schemas() -> Vec<(String, Value)> {
    let mut all = Vec::new();
    for file in json_schema_test_suite::json_files(&workspace().join("fixtures/gen/corpus")) {
        let text = std::fs::read_to_string(&file).expect("corpus file");
        let value: Value = serde_json::from_str(&text).expect("corpus file is JSON");
        let schema = value.get("schema").cloned().unwrap_or(value);
        all.push((file.display().to_string(), schema));
    }
    for case in json_schema_test_suite::cases() {
        if let Some(schema) = case.schema_of_its_draft() {
            all.push((case.name(), schema));
        }
    }
    all
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Verdicts {
    /// `(pointer, message)` of what the types can't express.
    untyped: BTreeSet<(String, String)>,
    /// Pointers of `$ref`s that leave the document.
    remote: BTreeSet<String>,
    /// Pointers of `$ref`s that lead nowhere (or are not URI references).
    unresolved: BTreeSet<String>,
}

fn linted(schema: &Value) -> Verdicts {
    let spec = json!({"agent": "h/web-surfer", "answer_format": schema});
    let report = lint_source(
        Path::new("x.session.json"),
        &spec.to_string(),
        Some(SpecKind::Session),
        &Options::default(),
    );
    let mut verdicts = Verdicts::default();
    for d in report.diagnostics {
        let Some(pointer) = d.pointer.strip_prefix("/answer_format") else {
            continue;
        };
        let pointer = pointer.to_owned();
        match d.rule {
            "untyped-keyword" => {
                verdicts.untyped.insert((pointer, d.message));
            }
            "remote-ref" => {
                verdicts.remote.insert(pointer);
            }
            "unresolved-ref" => {
                verdicts.unresolved.insert(pointer);
            }
            _ => {}
        }
    }
    verdicts
}

fn generated(schema: &Value) -> Verdicts {
    let code = generate_schema(&AnswerSchema {
        type_name: "Answer".into(),
        schema: schema.clone(),
        origin: "the agreement test".into(),
    });
    let mut verdicts = Verdicts::default();
    for d in code.diagnostics {
        match d.severity {
            GenSeverity::Info => {
                verdicts.untyped.insert((d.pointer, d.message));
            }
            GenSeverity::Error if d.message.contains("leaves the schema") => {
                verdicts.remote.insert(d.pointer);
            }
            GenSeverity::Error
                if d.message.contains("points at nothing")
                    || d.message.contains("is not a URI reference") =>
            {
                verdicts.unresolved.insert(d.pointer);
            }
            _ => {}
        }
    }
    verdicts
}

/// Whether a difference is one of the expected kinds the module documents.
fn expected(schema: &Value, rule: &str, pointer: &str, message: &str) -> bool {
    let typify_only = message.starts_with("this sub-schema can't be expressed as a Rust type")
        || (pointer.ends_with("/default") && message.contains("is not applied by the type"));
    let unknown_format = pointer.ends_with("/format")
        && schema
            .pointer(pointer)
            .and_then(Value::as_str)
            .is_some_and(|f| !agentspec_answer::is_known_format(f));
    let dynamic = rule == "remote-ref" && pointer.ends_with("/$dynamicRef");
    let unsupported_dialect = schema
        .get("$schema")
        .and_then(Value::as_str)
        .and_then(agentspec_jsonschema::known_draft)
        .is_none_or(|d| !matches!(d, KnownDraft::Draft7 | KnownDraft::Draft202012))
        && schema.get("$schema").is_some();
    typify_only || unknown_format || dynamic || unsupported_dialect
}

#[test]
fn untyped_keyword_and_ref_rules_are_the_generators_own_notes() {
    let all = schemas();
    assert!(all.len() > 600, "only {} schemas found", all.len());
    let mut expected_differences = Vec::new();
    let mut failures = Vec::new();
    for (name, schema) in &all {
        let lint = linted(schema);
        let gen = generated(schema);
        let mut differences = Vec::new();
        for (pointer, message) in lint.untyped.symmetric_difference(&gen.untyped) {
            let side = if lint.untyped.contains(&(pointer.clone(), message.clone())) {
                "lint only"
            } else {
                "gen only"
            };
            differences.push(("untyped-keyword", side, pointer.clone(), message.clone()));
        }
        for (rule, l, g) in [
            ("remote-ref", &lint.remote, &gen.remote),
            ("unresolved-ref", &lint.unresolved, &gen.unresolved),
        ] {
            for pointer in l.symmetric_difference(g) {
                let side = if l.contains(pointer) {
                    "lint only"
                } else {
                    "gen only"
                };
                differences.push((rule, side, pointer.clone(), String::new()));
            }
        }
        for (rule, side, pointer, message) in differences {
            let line = format!("{name}: {rule} {side} at `{pointer}` {message}");
            if expected(schema, rule, &pointer, &message) {
                expected_differences.push(line);
            } else {
                failures.push(line);
            }
        }
    }
    println!(
        "{} schemas; {} expected differences:",
        all.len(),
        expected_differences.len()
    );
    for line in &expected_differences {
        println!("  {line}");
    }
    assert!(
        failures.is_empty(),
        "lint and gen disagree ({}):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The generator names a mistake the linter also reports with the lint rule's own name (it
/// can't import the registry, which depends on it): each of those names is a registered rule,
/// and the generator's own names are not.
#[test]
fn the_generators_rule_names_are_the_linters() {
    use agentspec_codegen::rules;
    for shared in [
        rules::UNTYPED_KEYWORD,
        rules::REMOTE_REF,
        rules::UNRESOLVED_REF,
        rules::INVALID_SCHEMA,
        rules::SYNTAX_ERROR,
        rules::MULTIPLE_DOCUMENTS,
        rules::DUPLICATE_ANSWER_FORMAT,
        rules::WRONG_TYPE,
        rules::UNKNOWN_SPEC_KIND,
    ] {
        assert!(
            agentspec_lint::find_rule(shared).is_some(),
            "`{shared}` is not a lint rule"
        );
    }
    for own in [
        rules::UNREADABLE_FILE,
        rules::TYPE_NAME_CLASH,
        rules::UNTYPED_ANSWER,
        rules::GENERATION_FAILED,
    ] {
        assert!(
            agentspec_lint::find_rule(own).is_none(),
            "`{own}` is a lint rule"
        );
    }
}
