//! A fast, conservative meta-schema check for the schemas people usually write.
//!
//! Validating against the full meta-schema needs the schema as a `serde_json::Value` and a walk
//! of the meta-schema's many keywords. Most answer formats use a small, well-known subset
//! (`type`, `properties`, `required`, `items`, bounds, descriptions); for those, this check
//! proves validity directly on the spanned tree. It answers `true` only when every keyword is
//! in that subset with a valid value; on anything else it answers `false` and the caller runs
//! the full meta-schema validation, which alone decides what is reported.

use agentspec_syntax::{Node, Value};

use agentspec_jsonschema::Dialect;

const TYPES: &[&str] = &[
    "null", "boolean", "object", "array", "number", "string", "integer",
];

/// Deepest nesting the fast path follows; deeper schemas take the full validation.
const MAX_DEPTH: usize = 32;

/// Whether `schema` is certainly valid for its draft; `false` means "not known".
pub fn certainly_valid(schema: &Node, dialect: Dialect) -> bool {
    is_schema(schema, dialect, 0)
}

fn is_schema(node: &Node, dialect: Dialect, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match &node.value {
        Value::Bool(_) => true,
        Value::Map(entries) => entries
            .iter()
            .all(|e| keyword(&e.key.text, &e.value, dialect, depth)),
        _ => false,
    }
}

fn keyword(name: &str, value: &Node, dialect: Dialect, depth: usize) -> bool {
    let schema = |v: &Node| is_schema(v, dialect, depth + 1);
    match name {
        "type" => match &value.value {
            Value::String(t) => TYPES.contains(&t.as_str()),
            Value::Seq(items) => !items.is_empty() && unique_strings(items, |t| TYPES.contains(&t)),
            _ => false,
        },
        "properties" => value
            .as_map()
            .is_some_and(|m| m.iter().all(|e| schema(&e.value))),
        "$defs" if dialect == Dialect::Draft202012 => value
            .as_map()
            .is_some_and(|m| m.iter().all(|e| schema(&e.value))),
        "definitions" if dialect == Dialect::Draft7 => value
            .as_map()
            .is_some_and(|m| m.iter().all(|e| schema(&e.value))),
        "items" => schema(value),
        "additionalProperties" | "not" | "if" | "then" | "else" | "contains" | "propertyNames" => {
            schema(value)
        }
        "allOf" | "anyOf" | "oneOf" => value
            .as_seq()
            .is_some_and(|s| !s.is_empty() && s.iter().all(schema)),
        "required" => value.as_seq().is_some_and(|s| unique_strings(s, |_| true)),
        "enum" => value.as_seq().is_some(),
        "examples" => value.as_seq().is_some(),
        "const" | "default" => true,
        "title" | "description" | "$comment" | "pattern" | "format" | "$ref" | "$schema" => {
            value.as_str().is_some()
        }
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" => value.as_f64().is_some(),
        "multipleOf" => value.as_f64().is_some_and(|n| n > 0.0),
        "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties" => {
            value.as_f64().is_some_and(|n| n >= 0.0 && n.fract() == 0.0)
        }
        "uniqueItems" | "deprecated" | "readOnly" | "writeOnly" => value.as_bool().is_some(),
        _ => false,
    }
}

fn unique_strings(items: &[Node], allowed: impl Fn(&str) -> bool) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    items
        .iter()
        .all(|item| item.as_str().is_some_and(|s| allowed(s) && seen.insert(s)))
}
