//! The fast meta-schema check never calls a schema valid that the full meta-schema rejects:
//! checked on every schema of the JSON-Schema-Test-Suite and on mutations of each.

use std::path::{Path, PathBuf};

use agentspec_jsonschema::Dialect;
use agentspec_lint::shared::plain_schema as plain;
use agentspec_syntax::{Format, Limits};
use serde_json::{json, Value};

fn suites() -> PathBuf {
    match std::env::var_os("AGENTSPEC_PEER_SUITES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/peer-suites"),
    }
}

/// Every variant of `schema` with one keyword value replaced by a wrong one.
fn mutations(schema: &Value, out: &mut Vec<Value>) {
    let bad = [
        json!("strng"),
        json!(-1),
        json!(1.5),
        json!([]),
        json!({}),
        json!(null),
        json!(true),
        json!(["string", "string"]),
    ];
    fn visit(
        value: &Value,
        path: &mut Vec<String>,
        root: &Value,
        bad: &[Value],
        out: &mut Vec<Value>,
    ) {
        if let Value::Object(map) = value {
            for (key, child) in map {
                path.push(key.clone());
                for replacement in bad {
                    let mut copy = root.clone();
                    let pointer: String = path
                        .iter()
                        .map(|p| format!("/{}", agentspec_syntax::pointer_escape(p)))
                        .collect();
                    if let Some(slot) = copy.pointer_mut(&pointer) {
                        *slot = replacement.clone();
                        out.push(copy);
                    }
                }
                visit(child, path, root, bad, out);
                path.pop();
            }
        } else if let Value::Array(items) = value {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                visit(child, path, root, bad, out);
                path.pop();
            }
        }
    }
    visit(schema, &mut Vec::new(), schema, &bad, out);
}

#[test]
fn the_fast_check_is_never_more_lenient_than_the_meta_schema() {
    let mut checked = 0;
    let mut fast = 0;
    for (draft, dialect, uri) in [
        (
            "draft2020-12",
            Dialect::Draft202012,
            "https://json-schema.org/draft/2020-12/schema",
        ),
        (
            "draft7",
            Dialect::Draft7,
            "http://json-schema.org/draft-07/schema#",
        ),
    ] {
        let meta = jsonschema::meta::validator_for(&json!({"$schema": uri})).expect("meta-schema");
        let dir = suites().join("json-schema-test-suite/tests").join(draft);
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (the suite is checked in under fixtures/peer-suites)",
                dir.display()
            )
        });
        for entry in entries {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("json") {
                continue;
            }
            let groups: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("readable"))
                    .expect("json");
            for group in groups.as_array().into_iter().flatten() {
                let mut variants = vec![group["schema"].clone()];
                mutations(&group["schema"], &mut variants);
                for schema in variants {
                    let text = schema.to_string();
                    let parsed = agentspec_syntax::parse(&text, Format::Json, &Limits::default());
                    let Some(document) = parsed.documents.first() else {
                        continue;
                    };
                    checked += 1;
                    if plain::certainly_valid(&document.root, dialect) {
                        fast += 1;
                        assert!(
                            meta.is_valid(&schema),
                            "{}: the fast check accepts an invalid schema: {text}",
                            path.display()
                        );
                    }
                }
            }
        }
    }
    println!("{checked} schemas checked, {fast} decided by the fast check");
    assert!(
        checked > 10_000,
        "expected the whole suite and its mutations, checked {checked}"
    );
}
