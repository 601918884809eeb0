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

use crate::context::{closest, confident, push_child};
use crate::rules::structure::{
    ambiguous_yaml_scalar, invalid_enum_value, missing_field, unknown_field, wrong_type,
    yaml_1_1_boolean, yaml_1_1_number, yaml_1_1_octal,
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
pub fn check_document(cx: &Context<'_>) {
    let root = cx.root;
    let name = match cx.kind {
        SpecKind::Session => "SessionRequest",
        SpecKind::Agent => "Agent",
    };
    let anchor = root
        .as_map()
        .and_then(|m| m.first())
        .map_or(root.span, |e| e.key.span);
    let compiled = Compiled::for_kind(cx.kind);
    let mut walk = Walk {
        cx,
        schema: compiled,
        pointer: String::new(),
    };
    walk.node(
        root,
        compiled.start,
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
    cx: &Context<'_>,
    node: &Node,
    schema: &'static Value,
    pointer: &str,
    field: &str,
) {
    let compiled = Compiled::for_kind(SpecKind::Session);
    let Some(index) = compiled.index_of(schema) else {
        return;
    };
    let mut walk = Walk {
        cx,
        schema: compiled,
        pointer: pointer.to_string(),
    };
    walk.node(
        node,
        index,
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
    let scratch = cx.with_options(&options);
    check_value(&scratch, node, schema, pointer, field);
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
    cx: &'c Context<'a>,
    schema: &'static Compiled,
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
        let defs = root.get("$defs").and_then(Value::as_object);
        match defs.and_then(|d| d.get_key_value(def)) {
            Some((key, target)) => {
                name = Some(key.as_str());
                schema = target;
            }
            None => break,
        }
    }
    (schema, name)
}

/// JSON types as bits, so that a type check is one `&`.
mod bits {
    pub const NULL: u8 = 1;
    pub const BOOLEAN: u8 = 2;
    pub const INTEGER: u8 = 4;
    pub const NUMBER: u8 = 8;
    pub const STRING: u8 = 16;
    pub const ARRAY: u8 = 32;
    pub const OBJECT: u8 = 64;
}

fn type_bit(name: &str) -> u8 {
    match name {
        "null" => bits::NULL,
        "boolean" => bits::BOOLEAN,
        "integer" => bits::INTEGER,
        // A number schema admits integers too.
        "number" => bits::NUMBER | bits::INTEGER,
        "string" => bits::STRING,
        "array" => bits::ARRAY,
        "object" => bits::OBJECT,
        _ => 0,
    }
}

/// The type bits of a node (an integral number is both an integer and a number).
fn node_bits(node: &Node) -> u8 {
    match &node.value {
        NodeValue::Null => bits::NULL,
        NodeValue::Bool(_) => bits::BOOLEAN,
        NodeValue::String(_) => bits::STRING,
        NodeValue::Seq(_) => bits::ARRAY,
        NodeValue::Map(_) => bits::OBJECT,
        NodeValue::Number(n) => {
            let integral = n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0);
            if integral {
                bits::INTEGER | bits::NUMBER
            } else {
                bits::NUMBER
            }
        }
    }
}

/// What a schema says about properties it does not list.
#[derive(Debug, Clone, Copy, Default)]
enum Additional {
    /// Anything goes.
    #[default]
    Any,
    /// Unknown properties are errors.
    Deny,
    /// Other properties follow this schema.
    Schema(usize),
}

/// One schema of the exported document, with `$ref`s followed and keywords pre-read.
#[derive(Debug, Default)]
struct Schema {
    /// The `$defs` name, for schemas that are definitions.
    def: Option<&'static str>,
    /// Admitted types as bits, with their names for messages (none: any type).
    types: Option<(u8, Vec<&'static str>)>,
    /// `anyOf`/`oneOf` branches.
    union: Vec<usize>,
    /// `enum` values.
    enumeration: Option<Vec<&'static str>>,
    /// `const` value.
    constant: Option<&'static str>,
    /// `properties`, in schema order.
    properties: Vec<(&'static str, usize)>,
    /// `patternProperties` patterns (their values are not checked).
    patterns: Vec<&'static str>,
    additional: Additional,
    required: Vec<&'static str>,
    items: Option<usize>,
}

/// The exported schema of a kind, compiled once per process for the structure pass.
#[derive(Debug)]
struct Compiled {
    root: &'static Value,
    schemas: Vec<Schema>,
    /// Compiled index of each schema value, by address (also for `$ref` values).
    by_address: std::collections::HashMap<usize, usize>,
    start: usize,
}

impl Compiled {
    fn new(root: &'static Value) -> Compiled {
        let mut compiled = Compiled {
            root,
            schemas: Vec::new(),
            by_address: Default::default(),
            start: 0,
        };
        compiled.start = compiled.compile(root);
        compiled
    }

    fn for_kind(kind: SpecKind) -> &'static Compiled {
        static SESSION: OnceLock<Compiled> = OnceLock::new();
        static AGENT: OnceLock<Compiled> = OnceLock::new();
        let cell = match kind {
            SpecKind::Session => &SESSION,
            SpecKind::Agent => &AGENT,
        };
        cell.get_or_init(|| Compiled::new(schema_for(kind)))
    }

    /// The index of a schema value of the root document, if it was compiled.
    fn index_of(&self, value: &'static Value) -> Option<usize> {
        self.by_address
            .get(&(value as *const Value as usize))
            .copied()
    }

    fn compile(&mut self, value: &'static Value) -> usize {
        let address = value as *const Value as usize;
        if let Some(&index) = self.by_address.get(&address) {
            return index;
        }
        let (target, def) = resolve(self.root, value);
        let target_address = target as *const Value as usize;
        if let Some(&index) = self.by_address.get(&target_address) {
            self.by_address.insert(address, index);
            return index;
        }
        let index = self.schemas.len();
        self.schemas.push(Schema::default());
        self.by_address.insert(address, index);
        self.by_address.insert(target_address, index);
        let strs = |v: Option<&'static Value>| -> Vec<&'static str> {
            v.and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default()
        };
        let mut schema = Schema {
            def,
            ..Schema::default()
        };
        schema.types = match target.get("type") {
            Some(Value::String(name)) => Some((type_bit(name), vec![name.as_str()])),
            Some(Value::Array(list)) => {
                let names: Vec<&str> = list.iter().filter_map(Value::as_str).collect();
                Some((names.iter().fold(0, |acc, n| acc | type_bit(n)), names))
            }
            _ => None,
        };
        let branches = target
            .get("anyOf")
            .or_else(|| target.get("oneOf"))
            .and_then(Value::as_array);
        schema.union = branches
            .into_iter()
            .flatten()
            .map(|b| self.compile(b))
            .collect();
        if target.get("enum").is_some() {
            schema.enumeration = Some(strs(target.get("enum")));
        }
        schema.constant = target.get("const").and_then(Value::as_str);
        for (name, property) in target
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let child = self.compile(property);
            schema.properties.push((name.as_str(), child));
        }
        schema.patterns = target
            .get("patternProperties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, _)| k.as_str())
            .collect();
        schema.additional = match target.get("additionalProperties") {
            Some(Value::Bool(false)) => Additional::Deny,
            Some(extra @ Value::Object(_)) => Additional::Schema(self.compile(extra)),
            _ => Additional::Any,
        };
        schema.required = strs(target.get("required"));
        schema.items = target
            .get("items")
            .filter(|i| i.is_object())
            .map(|i| self.compile(i));
        self.schemas[index] = schema;
        index
    }

    fn get(&self, index: usize) -> &Schema {
        &self.schemas[index]
    }

    fn property(&self, index: usize, name: &str) -> Option<(&'static str, usize)> {
        self.get(index)
            .properties
            .iter()
            .find(|(n, _)| *n == name)
            .copied()
    }

    /// Whether a node fits a schema's types (a union: any branch's).
    fn admits(&self, index: usize, node_bits: u8) -> bool {
        let schema = self.get(index);
        if !schema.union.is_empty() {
            return schema.union.iter().any(|&b| self.admits(b, node_bits));
        }
        schema
            .types
            .as_ref()
            .is_none_or(|(mask, _)| mask & node_bits != 0)
    }

    /// The type names a (possibly composite) schema admits, for messages.
    fn admitted_types(&self, index: usize, out: &mut Vec<&'static str>) {
        let schema = self.get(index);
        if !schema.union.is_empty() {
            for &branch in &schema.union {
                self.admitted_types(branch, out);
            }
        } else if let Some((_, names)) = &schema.types {
            for name in names {
                if !out.contains(name) {
                    out.push(name);
                }
            }
        }
    }

    /// The single value a schema allows (`const`, a one-value `enum`, or a one-branch union).
    fn single_value(&self, index: usize) -> Option<&'static str> {
        let schema = self.get(index);
        if let Some(constant) = schema.constant {
            return Some(constant);
        }
        if let Some([one]) = schema.enumeration.as_deref() {
            return Some(one);
        }
        match schema.union.as_slice() {
            [one] => self.single_value(*one),
            _ => None,
        }
    }
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

fn owned(def: Option<&str>, field: &str) -> bool {
    def.is_some_and(|d| {
        OWNED_BY_RULES
            .iter()
            .any(|(od, of)| *od == d && *of == field)
    })
}

impl<'c, 'a> Walk<'c, 'a> {
    fn node(&mut self, node: &Node, index: usize, slot: Slot<'_>) {
        let compiled = self.schema;
        let schema = compiled.get(index);
        let slot = Slot {
            def: schema.def.or(slot.def),
            ..slot
        };
        if !schema.union.is_empty() {
            return self.union(node, &schema.union, slot);
        }
        let bits = node_bits(node);
        if let Some((mask, names)) = &schema.types {
            if mask & bits == 0 {
                return self.wrong_type(node, names, slot);
            }
        }
        if let Some(allowed) = &schema.enumeration {
            if let Some(text) = node.as_str() {
                if !allowed.contains(&text) {
                    invalid_enum_value::report(self.cx, node, &self.pointer, slot.field, allowed);
                }
            }
            return;
        }
        if let Some(expected) = schema.constant {
            if node.as_str().is_some_and(|t| t != expected) {
                invalid_enum_value::report(self.cx, node, &self.pointer, slot.field, &[expected]);
            }
            return;
        }
        match &node.value {
            NodeValue::String(_)
                if schema
                    .types
                    .as_ref()
                    .is_some_and(|(mask, _)| mask & bits::STRING != 0) =>
            {
                ambiguous_yaml_scalar::check(self.cx, node, &self.pointer, slot.field);
            }
            NodeValue::Number(_) => yaml_1_1_octal::check(self.cx, node, &self.pointer),
            NodeValue::Map(entries) => self.object(node, entries, index, slot),
            NodeValue::Seq(items) => {
                if let Some(item_schema) = schema.items {
                    for (i, item) in items.iter().enumerate() {
                        let len = self.pointer.len();
                        push_child(&mut self.pointer, i);
                        let item_slot = Slot {
                            def: None,
                            field: slot.field,
                            anchor: item.span,
                        };
                        self.node(item, item_schema, item_slot);
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
        index: usize,
        slot: Slot<'_>,
    ) {
        let compiled = self.schema;
        let schema = compiled.get(index);
        // Misspelt keys read as the field they suggest (see `root_cause`).
        let mut read_as: Vec<&str> = Vec::new();
        let mut suggested: Vec<&str> = Vec::new();
        for entry in entries {
            let key = entry.key.text.as_str();
            let len = self.pointer.len();
            push_child(&mut self.pointer, key);
            if let Some((name, property)) = compiled.property(index, key) {
                if !owned(slot.def, key) {
                    let child = Slot {
                        def: None,
                        field: Some(name),
                        anchor: entry.key.span,
                    };
                    self.node(&entry.value, property, child);
                }
            } else if schema
                .patterns
                .iter()
                .any(|pattern| pattern_matches(pattern, key))
            {
                // An extension key: file-local, never checked.
            } else {
                match schema.additional {
                    Additional::Deny => {
                        let known: Vec<&str> = schema.properties.iter().map(|(n, _)| *n).collect();
                        unknown_field::report(
                            self.cx,
                            node,
                            &entry.key,
                            &self.pointer,
                            slot.def,
                            &known,
                        );
                        if self.cx.past_cap() {
                            self.pointer.truncate(len);
                            continue;
                        }
                        let absent = |name: &&str| node.entry(name).is_none();
                        // Any suggestion stands for its field's absence: a missing `message`
                        // beside `mesage` is the same mistake.
                        if let Some(name) = closest(key, known.iter().copied()).filter(absent) {
                            suggested.push(name);
                        }
                        let confident = confident(key, known.iter().copied())
                            .filter(|name| absent(name) && !read_as.contains(name));
                        if let Some((name, property)) =
                            confident.and_then(|name| compiled.property(index, name))
                        {
                            read_as.push(name);
                            self.cx.read_key_as(entry.key.span, name);
                            if !owned(slot.def, name) {
                                let child = Slot {
                                    def: None,
                                    field: Some(name),
                                    anchor: entry.key.span,
                                };
                                self.node(&entry.value, property, child);
                            }
                        }
                    }
                    Additional::Schema(extra) => {
                        let child = Slot {
                            def: None,
                            field: None,
                            anchor: entry.key.span,
                        };
                        self.node(&entry.value, extra, child);
                    }
                    Additional::Any => {}
                }
            }
            self.pointer.truncate(len);
        }
        for key in &schema.required {
            if node.entry(key).is_none() && !suggested.contains(key) && !owned(slot.def, key) {
                missing_field::report(self.cx, node, slot.anchor, &self.pointer, key, slot.def);
            }
        }
    }

    fn union(&mut self, node: &Node, branches: &[usize], slot: Slot<'_>) {
        let compiled = self.schema;
        let bits = node_bits(node);
        let fitting: Vec<usize> = branches
            .iter()
            .copied()
            .filter(|&b| compiled.admits(b, bits))
            .collect();
        match fitting.as_slice() {
            [] => {
                let mut list = Vec::new();
                for &branch in branches {
                    compiled.admitted_types(branch, &mut list);
                }
                self.wrong_type(node, &list, slot)
            }
            [one] => self.node(node, *one, slot),
            several if node.is_scalar() => self.constants(node, several, slot),
            several => self.discriminate(node, several, slot),
        }
    }

    /// Checks a scalar against branches that each allow one constant (a documented enum).
    fn constants(&mut self, node: &Node, branches: &[usize], slot: Slot<'_>) {
        let compiled = self.schema;
        let values: Vec<&str> = branches
            .iter()
            .filter_map(|&b| compiled.single_value(b))
            .collect();
        if values.len() != branches.len() {
            return self.node(node, branches[0], slot);
        }
        if !node.as_str().is_some_and(|text| values.contains(&text)) {
            invalid_enum_value::report(self.cx, node, &self.pointer, slot.field, &values);
        }
    }

    /// Picks among object branches by their discriminator property (`kind`, `type`): the
    /// property that allows exactly one value in every branch.
    fn discriminate(&mut self, node: &Node, branches: &[usize], slot: Slot<'_>) {
        let compiled = self.schema;
        let discriminator = compiled
            .get(branches[0])
            .properties
            .iter()
            .map(|(name, _)| *name)
            .find(|name| {
                branches.iter().all(|&b| {
                    compiled
                        .property(b, name)
                        .and_then(|(_, p)| compiled.single_value(p))
                        .is_some()
                })
            });
        let Some(name) = discriminator else {
            return self.node(node, branches[0], slot);
        };
        let mut allowed: Vec<&str> = Vec::new();
        for &branch in branches {
            let Some(value) = compiled
                .property(branch, name)
                .and_then(|(_, p)| compiled.single_value(p))
            else {
                continue;
            };
            allowed.push(value);
            let fits = match node.get(name) {
                Some(found) => found.as_str() == Some(value),
                None => !compiled.get(branch).required.contains(&name),
            };
            if fits {
                return self.node(node, branch, slot);
            }
        }
        match node.entry(name) {
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
            None => {
                // The value is implied when one branch alone defines every key written.
                let mut defining = branches.iter().filter(|&&b| {
                    node.as_map()
                        .unwrap_or_default()
                        .iter()
                        .all(|e| compiled.property(b, &e.key.text).is_some())
                });
                let implied = match (defining.next(), defining.next()) {
                    (Some(&b), None) => compiled
                        .property(b, name)
                        .and_then(|(_, p)| compiled.single_value(p)),
                    _ => None,
                };
                missing_field::report_discriminator(
                    self.cx,
                    node,
                    slot.anchor,
                    &self.pointer,
                    name,
                    &allowed,
                    implied,
                )
            }
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
        if (expected.contains(&"integer") || expected.contains(&"number"))
            && yaml_1_1_number::check(
                self.cx,
                node,
                &self.pointer,
                slot.field,
                &describe_types(expected),
            )
        {
            return;
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

/// Whether a `patternProperties` pattern matches a key.
fn pattern_matches(pattern: &str, key: &str) -> bool {
    crate::shared::key_patterns::KeyPatterns::new([pattern]).may_match(key)
}
