//! The walk over a schema's subschemas, on parsed nodes (with spans) and on JSON values.

use agentspec_syntax::{push_pointer_token, Node};
use serde_json::Value;

/// Deepest subschema nesting walked.
const MAX_DEPTH: usize = 64;

/// Calls `visit` on the schema and each of its subschemas (objects only) with its pointer.
pub fn for_each_subschema<'n>(
    node: &'n Node,
    pointer: &str,
    visit: &mut dyn FnMut(&'n Node, &str),
) {
    let mut buffer = String::with_capacity(pointer.len() + 64);
    buffer.push_str(pointer);
    walk(node, &mut buffer, visit, 0);
}

/// How a keyword holds subschemas: the one table of the walk, for both tree types.
pub enum Holds {
    /// One subschema (`not`, `additionalProperties`, …).
    One,
    /// Subschemas by name (`properties`, `$defs`, …).
    Map,
    /// A list of subschemas (`allOf`, `prefixItems`, …).
    List,
    /// One subschema or, in older drafts, a list (`items`).
    OneOrList,
}

/// How `keyword` holds subschemas, or `None` when its value is not made of subschemas.
pub fn holds(keyword: &str) -> Option<Holds> {
    Some(match keyword {
        "additionalProperties"
        | "contains"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "not"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "contentSchema"
        | "additionalItems" => Holds::One,
        "items" => Holds::OneOrList,
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
        | "dependencies" => Holds::Map,
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Holds::List,
        _ => return None,
    })
}

fn walk<'n>(
    node: &'n Node,
    pointer: &mut String,
    visit: &mut dyn FnMut(&'n Node, &str),
    depth: usize,
) {
    let Some(map) = node.as_map() else { return };
    if depth > MAX_DEPTH {
        return;
    }
    visit(node, pointer);
    for entry in map {
        let Some(holds) = holds(&entry.key.text) else {
            continue;
        };
        let len = pointer.len();
        push_key(pointer, &entry.key.text);
        let list = match holds {
            Holds::One => None,
            Holds::OneOrList => entry.value.as_seq(),
            Holds::List => Some(entry.value.as_seq().unwrap_or_default()),
            Holds::Map => {
                for sub in entry.value.as_map().unwrap_or_default() {
                    let inner = pointer.len();
                    push_key(pointer, &sub.key.text);
                    walk(&sub.value, pointer, visit, depth + 1);
                    pointer.truncate(inner);
                }
                pointer.truncate(len);
                continue;
            }
        };
        match list {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    let inner = pointer.len();
                    push_index(pointer, i);
                    walk(item, pointer, visit, depth + 1);
                    pointer.truncate(inner);
                }
            }
            None => walk(&entry.value, pointer, visit, depth + 1),
        }
        pointer.truncate(len);
    }
}

fn push_key(pointer: &mut String, key: &str) {
    pointer.push('/');
    push_pointer_token(pointer, key);
}

fn push_index(pointer: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(pointer, "/{index}");
}

/// The value of `key` in the schema object `map`. A schema holds a handful of keywords, and
/// the planner and the reference index ask each one about dozens: comparing the few keys costs
/// less than hashing the name each time (`serde_json`'s ordered map hashes with SipHash).
pub fn keyword<'m>(map: &'m serde_json::Map<String, Value>, key: &str) -> Option<&'m Value> {
    if map.len() <= 16 {
        map.iter().find_map(|(k, v)| (k == key).then_some(v))
    } else {
        map.get(key)
    }
}

/// Calls `f(pointer, schema)` for every direct subschema of the JSON value `schema` (at
/// `pointer`): objects and booleans under the keywords of [`holds`].
pub fn for_each_child<'a>(schema: &'a Value, pointer: &str, mut f: impl FnMut(String, &'a Value)) {
    let Some(map) = schema.as_object() else {
        return;
    };
    let is_schema = |v: &Value| v.is_object() || v.is_boolean();
    for (key, value) in map {
        let Some(how) = holds(key) else { continue };
        let at = format!("{pointer}/{}", agentspec_syntax::pointer_escape(key));
        match (how, value) {
            (Holds::One | Holds::OneOrList, v) if is_schema(v) => f(at, v),
            (Holds::List | Holds::OneOrList, Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    f(format!("{at}/{i}"), item);
                }
            }
            (Holds::Map, Value::Object(entries)) => {
                for (name, sub) in entries {
                    if is_schema(sub) {
                        f(
                            format!("{at}/{}", agentspec_syntax::pointer_escape(name)),
                            sub,
                        );
                    }
                }
            }
            _ => {}
        }
    }
}
