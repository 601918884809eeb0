//! The fast meta-schema check never calls a schema valid that the full meta-schema rejects:
//! checked on every schema of the JSON-Schema-Test-Suite and on mutations of each.

#[path = "../../agentspec-jsonschema/tests/support/json_schema_test_suite.rs"]
mod json_schema_test_suite;

use agentspec_jsonschema::Dialect;
use agentspec_lint::shared::plain_schema as plain;
use agentspec_syntax::{Format, Limits};
use serde_json::{json, Value};

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
    let metas: Vec<_> = json_schema_test_suite::DRAFTS
        .iter()
        .map(|(draft, uri)| {
            let meta = jsonschema::meta::validator_for(&json!({"$schema": uri}));
            (*draft, meta.expect("meta-schema"))
        })
        .collect();
    for case in json_schema_test_suite::cases() {
        let dialect = match case.draft {
            "draft7" => Dialect::Draft7,
            _ => Dialect::Draft202012,
        };
        let Some((_, meta)) = metas.iter().find(|(draft, _)| *draft == case.draft) else {
            continue;
        };
        let mut variants = vec![case.schema.clone()];
        mutations(&case.schema, &mut variants);
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
                    case.name()
                );
            }
        }
    }
    println!("{checked} schemas checked, {fast} decided by the fast check");
    assert!(
        checked > 10_000,
        "expected the whole suite and its mutations, checked {checked}"
    );
}
