//! The structure pass: walks a document beside the exported JSON Schema of its kind and reports
//! unknown fields, missing fields, wrong types and invalid enum values at their exact spans.
//!
//! The schema is the one `agentspec schema` prints, so the linter and editors never disagree on
//! shape. Range, length and format constraints are left to dedicated rules, whose messages say
//! more than a schema keyword can. The findings belong to the rules of `rules::structure`.

use std::sync::OnceLock;

use agentspec_model::schema::SchemaKind;
use agentspec_syntax::{Node, ScalarStyle, Span, Value as NodeValue};
use serde_json::Value;

use crate::context::push_child;
use crate::rules::structure::{
    ambiguous_yaml_scalar, invalid_enum_value, missing_field, unknown_field, wrong_type,
    yaml_1_1_boolean,
};
use crate::{Context, SpecKind};

/// Checks that belong to a dedicated rule with a better message: `(definition, property)`.
const OWNED_BY_RULES: &[(&str, &str)] = &[
    // missing-description reports a missing, null or empty agent description.
    ("Agent", "description"),
    // desktop-host reports a missing or wrong Desktop host.
    ("Desktop", "host"),
];

/// The exported schema of a spec kind, built once per process.
pub fn schema_for(kind: SpecKind) -> &'static Value {
    static SESSION: OnceLock<Value> = OnceLock::new();
    static AGENT: OnceLock<Value> = OnceLock::new();
    match kind {
        SpecKind::Session => SESSION.get_or_init(|| SchemaKind::Session.schema()),
        SpecKind::Agent => AGENT.get_or_init(|| SchemaKind::Agent.schema()),
    }
}

/// Runs the structure pass over the whole document.
pub fn check_document(cx: &mut Context<'_>) {
    let schema = schema_for(cx.kind);
    let root = cx.root;
    let name = match cx.kind {
        SpecKind::Session => "SessionRequest",
        SpecKind::Agent => "Agent",
    };
    let anchor = root
        .as_map()
        .and_then(|m| m.first())
        .map_or(root.span, |e| e.key.span);
    let mut walk = Walk {
        cx,
        root: schema,
        pointer: String::new(),
    };
    walk.node(
        root,
        schema,
        Slot {
            def: Some(name),
            field: None,
            anchor,
        },
    );
}

/// Checks a value against a sub-schema of the session schema (used for `overrides` values).
/// Returns whether anything was reported.
pub fn check_value(
    cx: &mut Context<'_>,
    node: &Node,
    schema: &'static Value,
    pointer: &str,
    field: &str,
) {
    let root = schema_for(SpecKind::Session);
    let mut walk = Walk {
        cx,
        root,
        pointer: pointer.to_string(),
    };
    walk.node(
        node,
        schema,
        Slot {
            def: None,
            field: Some(field),
            anchor: node.span,
        },
    );
}

/// The findings [`check_value`] would report, returned instead of reported, with every
/// structure rule at its default severity: for rules that report them under their own name
/// (`invalid-override-value`).
pub fn value_findings(
    cx: &Context<'_>,
    node: &Node,
    schema: &'static Value,
    pointer: &str,
    field: &str,
) -> Vec<crate::Diagnostic> {
    let options = crate::Options {
        levels: Default::default(),
        ..cx.options.clone()
    };
    let mut scratch = Context::new(cx.source, cx.kind, cx.root, &options);
    check_value(&mut scratch, node, schema, pointer, field);
    scratch.finish()
}

/// Where a node sits: the definition that holds it, its field name, and a span to report
/// missing children at.
#[derive(Clone, Copy)]
struct Slot<'f> {
    def: Option<&'static str>,
    field: Option<&'f str>,
    anchor: Span,
}

struct Walk<'c, 'a> {
    cx: &'c mut Context<'a>,
    root: &'static Value,
    pointer: String,
}

/// Follows `$ref`s to `#/$defs/Name`; returns the schema and the last definition name.
pub fn resolve<'s>(root: &'s Value, mut schema: &'s Value) -> (&'s Value, Option<&'s str>) {
    let mut name = None;
    for _ in 0..16 {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(def) = reference.strip_prefix("#/$defs/") else {
            break;
        };
        match root.get("$defs").and_then(|d| d.get(def)) {
            Some(target) => {
                let key = root
                    .get("$defs")
                    .and_then(Value::as_object)
                    .and_then(|d| d.get_key_value(def));
                name = key.map(|(k, _)| k.as_str());
                schema = target;
            }
            None => break,
        }
    }
    (schema, name)
}

/// The JSON types a schema admits, when it says.
fn types(schema: &Value) -> Option<Vec<&str>> {
    match schema.get("type")? {
        Value::String(t) => Some(vec![t.as_str()]),
        Value::Array(list) => Some(list.iter().filter_map(Value::as_str).collect()),
        _ => None,
    }
}

/// Whether a node is of a JSON Schema type.
fn is_type(node: &Node, ty: &str) -> bool {
    match (&node.value, ty) {
        (NodeValue::Null, "null")
        | (NodeValue::Bool(_), "boolean")
        | (NodeValue::String(_), "string") => true,
        (NodeValue::Seq(_), "array")
        | (NodeValue::Map(_), "object")
        | (NodeValue::Number(_), "number") => true,
        (NodeValue::Number(n), "integer") => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

/// Whether a node fits a schema's `type` (schemas without one admit anything).
fn admits(root: &Value, schema: &Value, node: &Node) -> bool {
    let (schema, _) = resolve(root, schema);
    if let Some(branches) = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
    {
        return branches.iter().any(|b| admits(root, b, node));
    }
    types(schema).is_none_or(|ts| ts.iter().any(|t| is_type(node, t)))
}

/// "a string", "an integer or null", … for messages.
fn describe_types(list: &[&str]) -> String {
    let words: Vec<String> = list
        .iter()
        .map(|t| match *t {
            "null" => "null".to_string(),
            "integer" | "object" | "array" => format!("an {t}"),
            other => format!("a {other}"),
        })
        .collect();
    match words.as_slice() {
        [] => "a value".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Collects the types a (possibly composite) schema admits, for messages.
fn admitted_types<'s>(root: &'s Value, schema: &'s Value, out: &mut Vec<&'s str>) {
    let (schema, _) = resolve(root, schema);
    if let Some(branches) = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
    {
        for branch in branches {
            admitted_types(root, branch, out);
        }
    } else if let Some(ts) = types(schema) {
        for t in ts {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
}

/// The single allowed value of a property schema (`const` or a one-value `enum`).
fn single_value<'s>(root: &'s Value, schema: &'s Value) -> Option<&'s str> {
    let (schema, _) = resolve(root, schema);
    if let Some(c) = schema.get("const") {
        return c.as_str();
    }
    if let Some(Some([one])) = schema.get("enum").map(|e| e.as_array().map(Vec::as_slice)) {
        return one.as_str();
    }
    let branches = schema.get("oneOf").or_else(|| schema.get("anyOf"));
    match branches.and_then(Value::as_array).map(Vec::as_slice) {
        Some([one]) => single_value(root, one),
        _ => None,
    }
}

fn is_required(schema: &Value, key: &str) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|k| k.as_str() == Some(key)))
}

fn owned(def: Option<&str>, field: &str) -> bool {
    def.is_some_and(|d| {
        OWNED_BY_RULES
            .iter()
            .any(|(od, of)| *od == d && *of == field)
    })
}

impl<'c, 'a> Walk<'c, 'a> {
    fn node(&mut self, node: &Node, schema: &'static Value, slot: Slot<'_>) {
        let (schema, def) = resolve(self.root, schema);
        let slot = Slot {
            def: def.or(slot.def),
            ..slot
        };
        if let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Value::as_array)
        {
            return self.union(node, branches, slot);
        }
        if let Some(ts) = types(schema) {
            if !ts.iter().any(|t| is_type(node, t)) {
                return self.wrong_type(node, &ts, slot);
            }
        }
        if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
            if let Some(text) = node.as_str() {
                if !allowed.iter().any(|v| v.as_str() == Some(text)) {
                    let names: Vec<&str> = allowed.iter().filter_map(Value::as_str).collect();
                    invalid_enum_value::report(self.cx, node, &self.pointer, slot.field, &names);
                }
            }
            return;
        }
        if let Some(expected) = schema.get("const").and_then(Value::as_str) {
            if node.as_str().is_some_and(|t| t != expected) {
                invalid_enum_value::report(self.cx, node, &self.pointer, slot.field, &[expected]);
            }
            return;
        }
        if types(schema).is_some_and(|ts| ts.contains(&"string")) && node.as_str().is_some() {
            ambiguous_yaml_scalar::check(self.cx, node, &self.pointer, slot.field);
        }
        match &node.value {
            NodeValue::Map(entries) => self.object(node, entries, schema, slot),
            NodeValue::Seq(items) => {
                if let Some(item_schema) = schema.get("items") {
                    for (i, item) in items.iter().enumerate() {
                        let len = self.pointer.len();
                        push_child(&mut self.pointer, i);
                        self.node(
                            item,
                            item_schema,
                            Slot {
                                def: None,
                                field: slot.field,
                                anchor: item.span,
                            },
                        );
                        self.pointer.truncate(len);
                    }
                }
            }
            _ => {}
        }
    }

    fn object(
        &mut self,
        node: &Node,
        entries: &[agentspec_syntax::Entry],
        schema: &'static Value,
        slot: Slot<'_>,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        let patterns = schema.get("patternProperties").and_then(Value::as_object);
        for entry in entries {
            let key = entry.key.text.as_str();
            let len = self.pointer.len();
            push_child(&mut self.pointer, key);
            if let Some((name, prop)) = properties.and_then(|p| p.get_key_value(key)) {
                if !owned(slot.def, key) {
                    self.node(
                        &entry.value,
                        prop,
                        Slot {
                            def: None,
                            field: Some(name.as_str()),
                            anchor: entry.key.span,
                        },
                    );
                }
            } else if patterns
                .is_some_and(|p| p.keys().any(|pattern| pattern_matches(pattern, key)))
            {
                // An extension key: file-local, never checked.
            } else {
                match additional {
                    Some(Value::Bool(false)) => {
                        let known: Vec<&str> = properties
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        unknown_field::report(self.cx, &entry.key, &self.pointer, slot.def, &known);
                    }
                    Some(extra @ Value::Object(_)) => {
                        self.node(
                            &entry.value,
                            extra,
                            Slot {
                                def: None,
                                field: None,
                                anchor: entry.key.span,
                            },
                        );
                    }
                    _ => {}
                }
            }
            self.pointer.truncate(len);
        }
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for key in required.iter().filter_map(Value::as_str) {
                if node.entry(key).is_none() && !owned(slot.def, key) {
                    missing_field::report(self.cx, node, slot.anchor, &self.pointer, key, slot.def);
                }
            }
        }
    }

    fn union(&mut self, node: &Node, branches: &'static [Value], slot: Slot<'_>) {
        let fitting: Vec<&'static Value> = branches
            .iter()
            .filter(|b| admits(self.root, b, node))
            .collect();
        match fitting.as_slice() {
            [] => {
                let mut list = Vec::new();
                for branch in branches {
                    admitted_types(self.root, branch, &mut list);
                }
                self.wrong_type(node, &list, slot)
            }
            [one] => self.node(node, one, slot),
            several if node.is_scalar() => self.constants(node, several, slot),
            several => self.discriminate(node, several, slot),
        }
    }

    /// Checks a scalar against branches that each allow one constant (a documented enum).
    fn constants(&mut self, node: &Node, branches: &[&'static Value], slot: Slot<'_>) {
        let values: Vec<&str> = branches
            .iter()
            .filter_map(|b| single_value(self.root, b))
            .collect();
        if values.len() != branches.len() {
            return self.node(node, branches[0], slot);
        }
        if !node.as_str().is_some_and(|text| values.contains(&text)) {
            invalid_enum_value::report(self.cx, node, &self.pointer, slot.field, &values);
        }
    }

    /// Picks among object branches by their discriminator properties (`kind`, `type`).
    fn discriminate(&mut self, node: &Node, branches: &[&'static Value], slot: Slot<'_>) {
        // The discriminator is the property that allows exactly one value in every branch.
        let discriminator = {
            let (first, _) = resolve(self.root, branches[0]);
            let names = first.get("properties").and_then(Value::as_object);
            names
                .into_iter()
                .flatten()
                .map(|(name, _)| name.as_str())
                .find(|name| {
                    branches.iter().all(|b| {
                        let (schema, _) = resolve(self.root, b);
                        let prop = schema.get("properties").and_then(|p| p.get(*name));
                        prop.and_then(|p| single_value(self.root, p)).is_some()
                    })
                })
        };
        let mut allowed: Vec<&str> = Vec::new();
        for branch in branches {
            let (schema, _) = resolve(self.root, branch);
            let Some(name) = discriminator else { break };
            let prop = schema.get("properties").and_then(|p| p.get(name));
            let Some(value) = prop.and_then(|p| single_value(self.root, p)) else {
                continue;
            };
            allowed.push(value);
            let fits = match node.get(name) {
                Some(found) => found.as_str() == Some(value),
                None => !is_required(schema, name),
            };
            if fits {
                return self.node(node, branch, slot);
            }
        }
        match discriminator {
            Some(name) => match node.entry(name) {
                Some(entry) => {
                    let len = self.pointer.len();
                    push_child(&mut self.pointer, name);
                    if name == "kind" {
                        crate::rules::environments::unknown_environment_kind::report(
                            self.cx,
                            &entry.value,
                            &self.pointer,
                            &allowed,
                        );
                    } else {
                        invalid_enum_value::report(
                            self.cx,
                            &entry.value,
                            &self.pointer,
                            Some(name),
                            &allowed,
                        );
                    }
                    self.pointer.truncate(len);
                }
                None => missing_field::report_discriminator(
                    self.cx,
                    node,
                    slot.anchor,
                    &self.pointer,
                    name,
                    &allowed,
                ),
            },
            None => self.node(node, branches[0], slot),
        }
    }

    fn wrong_type(&mut self, node: &Node, expected: &[&str], slot: Slot<'_>) {
        if expected.contains(&"boolean") && node.style == ScalarStyle::Plain {
            if let Some(text) = node.as_str() {
                if yaml_1_1_boolean::check(self.cx, node, text, &self.pointer, slot.field) {
                    return;
                }
            }
        }
        wrong_type::report(
            self.cx,
            node,
            &self.pointer,
            slot.field,
            &describe_types(expected),
            expected,
        );
    }
}

/// Whether a `patternProperties` pattern matches a key (literal `^prefix` patterns, else regex).
fn pattern_matches(pattern: &str, key: &str) -> bool {
    match pattern.strip_prefix('^') {
        Some(prefix)
            if prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
        {
            key.starts_with(prefix)
        }
        _ => regex::Regex::new(pattern).is_ok_and(|re| re.is_match(key)),
    }
}
