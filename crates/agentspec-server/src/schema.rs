//! Where the cursor is in a document, and what the exported schema says about that place:
//! the schema `agentspec schema` prints and the structure pass checks against, so hover and
//! completion tell what the linter accepts.

use agentspec_lint::schema_walk;
use agentspec_lint::SpecKind;
use agentspec_syntax::{Key, Node, Value as NodeValue};
use serde_json::Value;

/// One step of a path into a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A mapping key.
    Key(String),
    /// A sequence item.
    Index(usize),
}

/// The innermost node at an offset.
pub struct At<'a> {
    /// The path from the root to `node`.
    pub path: Vec<Step>,
    /// The key, when the offset is on the key of `node`'s entry.
    pub key: Option<&'a Key>,
    /// The innermost node holding the offset (the value of the key when on a key).
    pub node: &'a Node,
}

/// The innermost node or key at `offset` (a cursor just after a key or scalar still counts as
/// on it). Values copied in by YAML aliases and merge keys are skipped: their spans are those
/// of the anchor.
pub fn locate(root: &Node, offset: usize) -> At<'_> {
    let holds = |outer: &Node, span: agentspec_syntax::Span| {
        span.start <= offset && offset <= span.end && within(outer.span, span)
    };
    let mut at = At {
        path: Vec::new(),
        key: None,
        node: root,
    };
    loop {
        let node = at.node;
        let mut next = None;
        match &node.value {
            NodeValue::Map(map) => {
                for entry in map.iter() {
                    if holds(node, entry.key.span) {
                        at.path.push(Step::Key(entry.key.text.clone()));
                        at.key = Some(&entry.key);
                        at.node = &entry.value;
                        return at;
                    }
                    if holds(node, entry.value.span) && entry.value.span.start >= entry.key.span.end
                    {
                        next = Some((Step::Key(entry.key.text.clone()), &entry.value));
                        break;
                    }
                }
            }
            NodeValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    if holds(node, item.span) {
                        next = Some((Step::Index(i), item));
                        break;
                    }
                }
            }
            _ => {}
        }
        match next {
            Some((step, child)) if !std::ptr::eq(child, node) => {
                at.path.push(step);
                at.node = child;
            }
            _ => return at,
        }
    }
}

/// Whether `inner` lies within `outer`.
pub fn within(outer: agentspec_syntax::Span, inner: agentspec_syntax::Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// The exported schema of a kind.
pub fn root(kind: SpecKind) -> &'static Value {
    schema_walk::schema_for(kind)
}

/// The schemas a node at `path` may match (one per branch of the unions on the way).
pub fn at_path<'s>(root: &'s Value, path: &[Step]) -> Vec<&'s Value> {
    let mut current = vec![root];
    for step in path {
        let mut next: Vec<&'s Value> = Vec::new();
        for schema in current {
            for leaf in leaves(root, schema) {
                let child = match step {
                    Step::Key(key) => leaf.get("properties").and_then(|p| p.get(key)),
                    Step::Index(_) => leaf.get("items"),
                };
                if let Some(child) = child {
                    if !next.iter().any(|s| std::ptr::eq(*s, child)) {
                        next.push(child);
                    }
                }
            }
        }
        current = next;
    }
    current
}

/// The concrete schemas of `schema`: `$ref`s followed, `anyOf`/`oneOf`/`allOf` branches
/// flattened (within a small depth, the exported schemas being shallow).
pub fn leaves<'s>(root: &'s Value, schema: &'s Value) -> Vec<&'s Value> {
    let mut out = Vec::new();
    collect(root, schema, &mut out, 0);
    out
}

fn collect<'s>(root: &'s Value, schema: &'s Value, out: &mut Vec<&'s Value>, depth: usize) {
    if depth > 16 {
        return;
    }
    let (schema, _) = schema_walk::resolve(root, schema);
    let mut branched = false;
    for keyword in ["anyOf", "oneOf", "allOf"] {
        if let Some(branches) = schema.get(keyword).and_then(Value::as_array) {
            branched = true;
            for branch in branches {
                collect(root, branch, out, depth + 1);
            }
        }
    }
    if !branched && !out.iter().any(|s| std::ptr::eq(*s, schema)) {
        out.push(schema);
    }
}

/// The keys a mapping at `path` may have, each with its schema, in schema order.
pub fn keys<'s>(root: &'s Value, path: &[Step]) -> Vec<(&'s str, &'s Value)> {
    let mut keys: Vec<(&str, &Value)> = Vec::new();
    for schema in at_path(root, path) {
        for leaf in leaves(root, schema) {
            let Some(properties) = leaf.get("properties").and_then(Value::as_object) else {
                continue;
            };
            for (name, property) in properties {
                if !keys.iter().any(|(k, _)| k == name) {
                    keys.push((name, property));
                }
            }
        }
    }
    keys
}

/// The fixed string values a node at `path` may take (`const` and `enum`), with their
/// descriptions.
pub fn values<'s>(root: &'s Value, path: &[Step]) -> Vec<(&'s str, Option<&'s str>)> {
    let mut values: Vec<(&str, Option<&str>)> = Vec::new();
    for schema in at_path(root, path) {
        for leaf in leaves(root, schema) {
            let description = leaf.get("description").and_then(Value::as_str);
            let consts = leaf.get("const").into_iter();
            let enums = leaf
                .get("enum")
                .and_then(Value::as_array)
                .into_iter()
                .flatten();
            for value in consts.chain(enums).filter_map(Value::as_str) {
                if !values.iter().any(|(v, _)| *v == value) {
                    values.push((value, description));
                }
            }
        }
    }
    values
}

/// A short type for a property: `integer | null`, `Environment[]`, `AgentRef`.
pub fn type_name(schema: &Value) -> String {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return reference
            .rsplit('/')
            .next()
            .unwrap_or(reference)
            .to_string();
    }
    match schema.get("type") {
        Some(Value::String(name)) if name == "array" => match schema.get("items") {
            Some(items) => format!("{}[]", type_name(items)),
            None => "array".to_string(),
        },
        Some(Value::String(name)) => name.clone(),
        Some(Value::Array(names)) => names
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" | "),
        _ => {
            let branches = schema
                .get("anyOf")
                .or_else(|| schema.get("oneOf"))
                .and_then(Value::as_array);
            match branches {
                Some(branches) => branches
                    .iter()
                    .map(type_name)
                    .collect::<Vec<_>>()
                    .join(" | "),
                None => "any".to_string(),
            }
        }
    }
}

/// A schema's description.
pub fn description(schema: &Value) -> Option<&str> {
    schema.get("description").and_then(Value::as_str)
}
