//! Rewriting an `answer_format` into the subset of JSON Schema that typify types faithfully.
//!
//! The rewrite only ever *loosens* the schema: a keyword is kept when typify turns it into a
//! Rust type that accepts every value the keyword accepts, and dropped (with a note on the
//! keyword) when it is an assertion the type can't carry, such as `maxItems`, `pattern` or
//! `if`/`then`/`else` (the object keeps its typed properties). Constructs typify can't type at
//! all (mixed enums, `$dynamicRef`, …) turn their whole sub-schema into `{}`, which typify
//! reads as `serde_json::Value`. Numbers follow one rule (see `number_keywords`), an optional
//! property that may be `null` becomes `agentspec_answer::Nullable<T>` (through typify's
//! `x-rust-type` extension), and string enums are written by hand (`rust::custom_enum`).
//! Since generated code validates every answer against the *original* schema before
//! deserializing it, a looser type never lets an invalid answer through; it only means some
//! rules are enforced at run time rather than by the type.
//!
//! References are resolved here, not by typify: every schema a local `$ref` points at becomes
//! a named definition (`#/definitions/<TypeName>`), and a `$ref` leaving the document is an
//! error (nothing is fetched).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use serde_json::{json, Map, Value};

use agentspec_jsonschema::walk::keyword;

use crate::naming::{pascal, type_ident, Names};
use crate::refs::{self, Draft, RefIndex, RefProblem, Target};
use crate::{rules, Note, Severity};

/// Bookkeeping key holding, in a rewritten schema, the pointer of the original sub-schema.
pub(crate) const POINTER_KEY: &str = "x-agentspec-pointer";

/// Sub-schemas nested deeper than this are read as `serde_json::Value`.
const MAX_DEPTH: usize = 48;

/// What to hand typify for one `answer_format`.
#[derive(Debug)]
pub(crate) struct Plan {
    /// `(type name, rewritten schema)`; the first is the root type.
    pub defs: Vec<(String, Value)>,
    /// What the rewrite dropped or could not do, by pointer into the original schema.
    pub notes: Vec<Note>,
    /// An error (a reference leaving the document, or leading nowhere) forbids generating.
    pub fatal: bool,
    /// String enums whose values typify can't name apart; they are written by hand.
    pub custom_enums: Vec<CustomEnum>,
    /// The schema pointer each named type comes from, by type name (types typify names on
    /// its own, such as the variants of a choice, are not listed).
    pub type_pointers: BTreeMap<String, String>,
    /// The `default` of each optional property, by the pointer of its object and its name.
    pub defaults: BTreeMap<(String, String), Value>,
    /// Each `oneOf`/`anyOf` typed as a choice, by pointer: its branches' pointers and property
    /// names, in order (to find the branch of each variant of the enum typify writes).
    pub choices: BTreeMap<String, Vec<(String, BTreeSet<String>)>>,
}

/// A string enum generated without typify, with variant names made unique.
#[derive(Debug, Clone)]
pub(crate) struct CustomEnum {
    /// Type name (also the name of its definition).
    pub name: String,
    /// The values, in schema order.
    pub values: Vec<String>,
    /// The schema's description.
    pub description: Option<String>,
    /// Where the enum's schema is.
    pub pointer: String,
}

impl Plan {
    /// The definitions without bookkeeping keys, as typify gets them.
    pub fn stripped_defs(&self) -> Vec<(String, Value)> {
        self.defs
            .iter()
            .map(|(n, s)| (n.clone(), strip(s)))
            .collect()
    }

    /// The names of the types typify must not generate (they are written by hand).
    pub fn replaced(&self) -> Vec<String> {
        self.custom_enums.iter().map(|e| e.name.clone()).collect()
    }

    /// Gives up on typing: the root becomes a `serde_json::Value` newtype.
    pub fn fall_back_to_value(&mut self) {
        let (name, root) = self.defs.swap_remove(0);
        let mut value = Map::new();
        if let Some(d) = root.get("description") {
            value.insert("description".into(), d.clone());
        }
        self.defs = vec![(name, Value::Object(value))];
        self.custom_enums.clear();
    }
}

/// Plans the types of `schema`, whose root type is called `root_name`.
pub(crate) fn plan(root_name: &str, schema: &Value) -> Plan {
    planned(root_name, schema, true)
}

/// The notes of [`plan`], without naming the types: the same rewrite, so the same notes, but
/// none of the work (most of the planning) that only the generated code's names need. What
/// `untyped-keyword` reports at lint time.
pub(crate) fn notes(schema: &Value) -> Vec<Note> {
    planned("Answer", schema, false).notes
}

fn planned(root_name: &str, schema: &Value, naming: bool) -> Plan {
    let draft = Draft::of(schema);
    let refs = refs::index(schema, draft);
    let mut n = Normalizer {
        doc: schema,
        draft,
        names: HashMap::new(),
        refs,
        used: BTreeSet::new(),
        queue: VecDeque::new(),
        notes: Vec::new(),
        fatal: false,
        taken: Names::default(),
        custom_enums: Vec::new(),
        type_names: HashMap::new(),
        titled: BTreeSet::new(),
        defaults: BTreeMap::new(),
        choices: BTreeMap::new(),
        naming,
    };
    n.name_targets(root_name);
    if naming {
        // Inline schemas are named after their parent's name; without it, none is.
        n.type_names.insert(String::new(), root_name.to_owned());
    }
    n.used.insert(String::new());
    let mut defs = vec![(root_name.to_owned(), n.node("", schema, 0, true))];
    while let Some(pointer) = n.queue.pop_front() {
        let name = n.names.get(&pointer).cloned().unwrap_or_default();
        if naming {
            n.type_names.insert(pointer.clone(), name.clone());
        }
        let body = match refs::lookup(schema, &pointer) {
            Some(target) => n.node(&pointer, target, 0, true),
            None => json!({}),
        };
        defs.push((name, body));
    }
    // A definition that is itself a string enum is the hand-written enum of the same name.
    defs.retain(|(name, body)| {
        let own = format!("#/definitions/{name}");
        !(body.get("$ref").and_then(Value::as_str) == Some(own.as_str())
            && n.custom_enums.iter().any(|c| &c.name == name))
    });
    for custom in &n.custom_enums {
        defs.push((
            custom.name.clone(),
            json!({"type": "string", "enum": custom.values}),
        ));
    }
    break_reference_cycles(&mut defs);
    let mut notes = n.notes;
    guard_recursive_merges(&mut defs, &mut notes);
    let mut type_pointers: BTreeMap<String, String> = n
        .type_names
        .iter()
        .filter(|(pointer, name)| {
            n.titled.contains(*name) || pointer.is_empty() || n.names.get(*pointer) == Some(name)
        })
        .map(|(pointer, name)| (name.clone(), pointer.clone()))
        .collect();
    for (pointer, name) in &n.names {
        type_pointers.insert(name.clone(), pointer.clone());
    }
    for custom in &n.custom_enums {
        type_pointers.insert(custom.name.clone(), custom.pointer.clone());
    }
    Plan {
        defs,
        notes,
        fatal: n.fatal,
        custom_enums: n.custom_enums,
        type_pointers,
        defaults: n.defaults,
        choices: n.choices,
    }
}

struct Normalizer<'a> {
    doc: &'a Value,
    draft: Draft,
    refs: RefIndex,
    /// Type name of every schema a `$ref` points at, by pointer.
    names: HashMap<String, String>,
    /// Targets already queued (or done).
    used: BTreeSet<String>,
    queue: VecDeque<String>,
    notes: Vec<Note>,
    fatal: bool,
    /// Type names handed out so far.
    taken: Names,
    custom_enums: Vec<CustomEnum>,
    /// The name the type of the schema at a pointer gets, by pointer, when known: reference
    /// targets, and inline schemas named from their parent's name (as typify would) or from
    /// their `title`.
    type_names: HashMap<String, String>,
    /// Names given to inline schemas through `title`.
    titled: BTreeSet<String>,
    defaults: BTreeMap<(String, String), Value>,
    choices: BTreeMap<String, Vec<(String, BTreeSet<String>)>>,
    /// Whether types get their Rust names. Without names (for the notes alone), every
    /// reference target is named by its pointer and inline schemas stay unnamed: the rewrite,
    /// and so the notes, are the same.
    naming: bool,
}

impl Normalizer<'_> {
    /// Names every reference target: the root type for `""`, else the root name followed by
    /// the target's `title` (`title: Story Item` in `HnStoriesAnswer` gives
    /// `HnStoriesAnswerStoryItem`) or, without one or when that name is taken, its path
    /// (`#/$defs/story` gives `HnStoriesAnswerStory`). Targets are named before inline types,
    /// which give way to them.
    fn name_targets(&mut self, root_name: &str) {
        let mut targets: BTreeSet<String> = BTreeSet::new();
        for target in self.refs.refs.values() {
            if let Ok(Target::Local(p)) = target {
                targets.insert(p.clone());
            }
        }
        targets.remove("");
        self.taken.reserve(root_name);
        self.names.insert(String::new(), root_name.to_owned());
        if !self.naming {
            for pointer in targets {
                self.names.insert(pointer.clone(), pointer);
            }
            return;
        }
        for pointer in targets {
            let by_path = type_ident(&format!("{root_name}{}", target_suffix(&pointer)));
            let by_title = refs::lookup(self.doc, &pointer)
                .and_then(|s| title_name(root_name, s))
                .map(|n| type_ident(&n))
                .filter(|n| !self.taken.contains(n));
            let name = self.taken.unique(by_title.as_deref().unwrap_or(&by_path));
            self.names.insert(pointer, name);
        }
    }

    /// Gives the inline schema at `pointer`, which typify may name, its type name: the one its
    /// parent suggested (`{parent}{Property}`, `{parent}Item`, or its own `title` after the
    /// root name), numbered only when another type already has it.
    fn claim_name(&mut self, pointer: &str) {
        let Some(name) = self.type_names.get(pointer).map(|n| type_ident(n)) else {
            return;
        };
        let name = if self.taken.contains(&name) {
            self.taken.unique(&name)
        } else {
            self.taken.reserve(&name);
            name
        };
        self.titled.insert(name.clone());
        self.type_names.insert(pointer.to_owned(), name);
    }

    /// The name typify gives the values of an object's map (`{name}Value`, or
    /// `{name}ExtraValue` beside named properties), when the object's name is known.
    fn value_name(&self, pointer: &str, map: &Map<String, Value>) -> Option<String> {
        let base = self.type_names.get(pointer)?;
        let named = map
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| !p.is_empty());
        Some(if named {
            format!("{base}ExtraValue")
        } else {
            format!("{base}Value")
        })
    }

    /// Records the name suggested for the child schema at `child` (`suggested`, or the child's
    /// `title` after the root name when that name is free), when the parent's name is known.
    fn suggest_name(&mut self, child: &str, schema: &Value, suggested: Option<String>) {
        let Some(suggested) = suggested else { return };
        let root = self.type_names.get("").cloned().unwrap_or_default();
        let name = title_name(&root, schema)
            .map(|n| type_ident(&n))
            .filter(|n| !self.taken.contains(n))
            .unwrap_or(suggested);
        self.type_names.insert(child.to_owned(), name);
    }

    /// A note of what a type can't express (`untyped-keyword`, whatever its severity).
    fn note(&mut self, severity: Severity, pointer: String, message: String) {
        self.note_as(rules::UNTYPED_KEYWORD, severity, pointer, message);
    }

    fn note_as(
        &mut self,
        rule: &'static str,
        severity: Severity,
        pointer: String,
        message: String,
    ) {
        self.notes.push(Note {
            rule,
            severity,
            pointer,
            message,
        });
    }

    /// A `$ref` to the definition of target `pointer`, queueing the definition.
    fn reference(&mut self, pointer: &str) -> Value {
        let pointer = &self.final_target(pointer);
        let name = self.names.get(pointer).cloned().unwrap_or_default();
        if self.used.insert(pointer.to_owned()) {
            self.queue.push_back(pointer.to_owned());
        }
        json!({ "$ref": format!("#/definitions/{name}") })
    }

    /// Follows references whose schema is nothing but another local reference, so an alias
    /// does not become a newtype of its own.
    fn final_target(&self, pointer: &str) -> String {
        let mut current = pointer.to_owned();
        let mut seen = BTreeSet::new();
        while seen.insert(current.clone()) {
            let Some(map) = refs::lookup(self.doc, &current).and_then(Value::as_object) else {
                break;
            };
            if keyword(map, "$ref").is_none()
                || (!self.draft.ref_hides_siblings() && has_assertions(map))
            {
                break;
            }
            match self.refs.refs.get(&current) {
                Some(Ok(Target::Local(next))) => current = next.clone(),
                _ => break,
            }
        }
        if seen.len() > 1 && current == pointer {
            // A cycle of aliases: keep the first, which becomes `serde_json::Value`.
            return pointer.to_owned();
        }
        current
    }

    /// Rewrites the schema at `pointer`. Unless `as_definition`, a schema that some `$ref`
    /// points at becomes a reference to its definition, so both share one type.
    fn node(&mut self, pointer: &str, schema: &Value, depth: usize, as_definition: bool) -> Value {
        if !as_definition && self.names.contains_key(pointer) {
            return self.reference(pointer);
        }
        let named = !as_definition && may_be_named(schema);
        if named {
            self.claim_name(pointer);
        }
        let mut out = match schema {
            Value::Bool(_) => json!({}),
            Value::Object(map) if depth > MAX_DEPTH => {
                self.note(
                    Severity::Info,
                    pointer.to_owned(),
                    format!("nested deeper than {MAX_DEPTH} levels: read as `serde_json::Value`"),
                );
                with_description(json!({}), map)
            }
            Value::Object(map) => self.object(pointer, map, depth),
            other => {
                self.note_as(
                    rules::INVALID_SCHEMA,
                    Severity::Warning,
                    pointer.to_owned(),
                    format!("a schema must be an object or a boolean, found `{other}`"),
                );
                json!({})
            }
        };
        if let Some(map) = out.as_object_mut() {
            map.insert(POINTER_KEY.into(), Value::String(pointer.to_owned()));
            let name = self
                .type_names
                .get(pointer)
                .filter(|n| self.titled.contains(*n));
            if let Some(name) = name.filter(|_| named && keyword(map, "$ref").is_none()) {
                // typify names a type after its `title`: every named inline type gets the
                // name chosen here, so its schema pointer is known.
                map.insert("title".into(), Value::String(name.clone()));
            }
        }
        out
    }

    fn object(&mut self, pointer: &str, map: &Map<String, Value>, depth: usize) -> Value {
        let Some(reference) = keyword(map, "$ref").and_then(Value::as_str) else {
            return self.core(pointer, map, depth);
        };
        let target = self.refs.refs.get(pointer).cloned();
        let ref_schema = match target {
            Some(Ok(Target::Local(p))) => self.reference(&p),
            Some(Ok(Target::MetaSchema(uri))) => {
                self.note(
                    Severity::Info,
                    format!("{pointer}/$ref"),
                    format!("`{uri}` is a JSON Schema meta-schema: read as `serde_json::Value`"),
                );
                json!({})
            }
            Some(Err(RefProblem::External(uri))) => {
                self.fatal = true;
                self.note_as(
                    rules::REMOTE_REF,
                    Severity::Error,
                    format!("{pointer}/$ref"),
                    format!(
                        "`$ref: {reference}` leaves the schema (it names `{uri}`); references \
                         are never fetched: move the schema under `$defs` and point at \
                         `#/$defs/NAME`"
                    ),
                );
                json!({})
            }
            Some(Err(RefProblem::Unresolved(_))) | None => {
                self.fatal = true;
                self.note_as(
                    rules::UNRESOLVED_REF,
                    Severity::Error,
                    format!("{pointer}/$ref"),
                    format!("`$ref: {reference}` points at nothing in this schema"),
                );
                json!({})
            }
            Some(Err(RefProblem::Malformed(_))) => {
                self.fatal = true;
                self.note_as(
                    rules::UNRESOLVED_REF,
                    Severity::Error,
                    format!("{pointer}/$ref"),
                    format!("`$ref: {reference}` is not a URI reference"),
                );
                json!({})
            }
        };
        if self.draft.ref_hides_siblings() || !has_assertions(map) {
            return with_description(ref_schema, map);
        }
        let mut rest = map.clone();
        rest.remove("$ref");
        let rest = self.core(pointer, &rest, depth);
        if is_empty_schema(&ref_schema) {
            return rest;
        }
        let mut both = Map::new();
        if let Some(d) = keyword(map, "description") {
            both.insert("description".into(), d.clone());
        }
        both.insert("allOf".into(), json!([ref_schema, rest]));
        Value::Object(both)
    }

    /// Rewrites a schema object without `$ref`.
    fn core(&mut self, pointer: &str, map: &Map<String, Value>, depth: usize) -> Value {
        let at = |key: &str| format!("{pointer}/{}", refs::escape(key));
        let value_note = "can't be expressed by a Rust type: this part of the answer is read as \
                          `serde_json::Value` and checked at run time";
        for key in ["$dynamicRef", "$recursiveRef"] {
            if keyword(map, key).is_some() {
                self.note(Severity::Info, at(key), format!("`{key}` {value_note}"));
                return with_description(json!({}), map);
            }
        }
        // Keywords that only add conditions: the object keeps its type and the validator,
        // which always sees the whole schema, checks them.
        if keyword(map, "if").is_some() {
            self.note(
                Severity::Info,
                at("if"),
                "`if`/`then`/`else` is checked at run time, not by the type".into(),
            );
        }
        if map
            .get("dependentSchemas")
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
        {
            self.note(
                Severity::Info,
                at("dependentSchemas"),
                "`dependentSchemas` is checked at run time, not by the type".into(),
            );
        }
        if let Some(deps) = keyword(map, "dependencies").and_then(Value::as_object) {
            if deps.values().any(|v| v.is_object() || v.is_boolean()) {
                self.note(
                    Severity::Info,
                    at("dependencies"),
                    "`dependencies` with schemas is checked at run time, not by the type".into(),
                );
            }
        }
        for key in ["unevaluatedProperties", "unevaluatedItems"] {
            if map
                .get(key)
                .is_some_and(|v| v != &Value::Bool(true) && v != &json!({}))
            {
                self.note(
                    Severity::Info,
                    at(key),
                    format!("`{key}` is checked at run time, not by the type"),
                );
            }
        }

        let mut types = type_set(keyword(map, "type"));
        if types.is_none()
            && map
                .get("patternProperties")
                .and_then(Value::as_object)
                .is_some_and(|m| !m.is_empty())
        {
            self.note(
                Severity::Info,
                at("patternProperties"),
                "`patternProperties` without `type: object` can't be expressed by a Rust type: \
                 this part of the answer is read as `serde_json::Value` and checked at run time"
                    .into(),
            );
            return with_description(json!({}), map);
        }

        // `const` and `enum`: string values become a Rust enum; others are checked at run time.
        let mut values: Option<Vec<Value>> = None;
        if let Some(c) = keyword(map, "const") {
            match c {
                Value::String(_) => values = Some(vec![c.clone()]),
                Value::Null => types = Some(intersect(types, &["null"])),
                _ => {
                    if let Some(family) = scalar_family(std::slice::from_ref(c)) {
                        types = Some(narrow(types, family));
                    }
                    self.note(
                        Severity::Info,
                        at("const"),
                        "`const` is checked at run time, not by the type".into(),
                    );
                }
            }
        } else if let Some(list) = keyword(map, "enum").and_then(Value::as_array) {
            let strings = list.iter().all(|v| v.is_string() || v.is_null());
            if strings && list.iter().any(Value::is_string) {
                values = Some(list.clone());
            } else if list.iter().all(Value::is_null) && !list.is_empty() {
                types = Some(intersect(types, &["null"]));
            } else if let Some(family) = scalar_family(list) {
                types = Some(narrow(types, family));
                self.note(
                    Severity::Info,
                    at("enum"),
                    "`enum` is checked at run time, not by the type".into(),
                );
            } else {
                self.note(
                    Severity::Info,
                    at("enum"),
                    "`enum` values that are not all strings are checked at run time, not by \
                     the type"
                        .into(),
                );
            }
        }
        if let Some(values) = values {
            return self.string_enum(pointer, map, types, values);
        }

        let mut out = Map::new();
        if let Some(d) = keyword(map, "description").and_then(Value::as_str) {
            out.insert("description".into(), Value::String(d.to_owned()));
        }

        // `anyOf` is typed like `oneOf` (an untagged enum accepts a value when any variant
        // does); typify's own reading of `anyOf` as a struct of optional parts fits objects
        // only. A branch that accepts anything makes the whole choice say nothing about the type.
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = map
                .get(key)
                .and_then(Value::as_array)
                .filter(|l| !l.is_empty())
            {
                if key != "allOf" {
                    let base = self.type_names.get(pointer).cloned();
                    if let (Some(base), Some(suffixes)) = (base, branch_suffixes(list)) {
                        for (i, suffix) in suffixes.iter().enumerate() {
                            let child = format!("{}/{i}", at(key));
                            self.type_names.insert(child, format!("{base}{suffix}"));
                        }
                    }
                }
                let mut items: Vec<Value> = list
                    .iter()
                    .enumerate()
                    .map(|(i, s)| self.node(&format!("{}/{i}", at(key)), s, depth + 1, false))
                    .collect();
                if key == "allOf" {
                    items.retain(|item| !is_empty_schema(item));
                } else if items.iter().any(is_empty_schema) {
                    continue;
                } else {
                    items.iter_mut().for_each(not_externally_tagged);
                }
                if !items.is_empty() {
                    let target = if key == "anyOf" { "oneOf" } else { key };
                    if key != "allOf" && !out.contains_key(target) {
                        let branches = list
                            .iter()
                            .enumerate()
                            .map(|(i, branch)| {
                                let names = branch
                                    .get("properties")
                                    .and_then(Value::as_object)
                                    .map(|p| p.keys().cloned().collect())
                                    .unwrap_or_default();
                                (format!("{}/{i}", at(key)), names)
                            })
                            .collect();
                        self.choices.insert(pointer.to_owned(), branches);
                    }
                    out.entry(target).or_insert(Value::Array(items));
                }
            }
        }
        if keyword(map, "not").is_some() {
            self.note(
                Severity::Info,
                at("not"),
                "`not` is checked at run time, not by the type".into(),
            );
        }

        let allows = |family: &str| match &types {
            None => true,
            Some(t) => t.contains(family) || (family == "number" && t.contains("integer")),
        };
        let families: Vec<&str> = ["object", "array", "string", "number"]
            .into_iter()
            .filter(|f| family_keywords(f).iter().any(|k| keyword(map, k).is_some()))
            .collect();
        if types.is_none() && families.len() > 1 {
            self.note(
                Severity::Info,
                pointer.to_owned(),
                format!(
                    "keywords for {} values without a `type`: read as `serde_json::Value`",
                    families.join(" and ")
                ),
            );
            return with_description(json!({}), map);
        }
        if types.is_none()
            && families
                .first()
                .is_some_and(|f| *f == "object" || *f == "array")
        {
            let family = families[0];
            self.note(
                Severity::Info,
                pointer.to_owned(),
                format!(
                    "{family} keywords without `type: {family}`: values of other types pass the \
                     schema but not the generated type; add `type: {family}`"
                ),
            );
        }

        if allows("object") {
            self.object_keywords(pointer, map, depth, &mut out);
        }
        if allows("array") {
            self.array_keywords(pointer, map, depth, &mut out);
        }
        let integer_only = types.as_ref().is_some_and(|t| {
            t.contains("integer")
                && !t.contains("number")
                && t.iter().all(|x| x == "integer" || x == "null")
        });
        if allows("number") {
            self.number_keywords(pointer, map, integer_only, &mut out);
        }
        if allows("string") {
            for key in ["minLength", "maxLength", "pattern", "format"] {
                if let Some(v) = keyword(map, key) {
                    self.note(
                        Severity::Info,
                        at(key),
                        format!("`{key}: {v}` is not expressed by the type, which is a `String`"),
                    );
                }
            }
        }
        if let Some(types) = types {
            let types: Vec<Value> = types.into_iter().map(Value::String).collect();
            let value = match types.as_slice() {
                [] => None,
                [single] => Some(single.clone()),
                _ => Some(Value::Array(types)),
            };
            if let Some(value) = value {
                out.insert("type".into(), value);
            }
        }
        Value::Object(out)
    }

    fn string_enum(
        &mut self,
        pointer: &str,
        map: &Map<String, Value>,
        types: Option<BTreeSet<String>>,
        values: Vec<Value>,
    ) -> Value {
        let allowed = |t: &str| types.as_ref().is_none_or(|set| set.contains(t));
        let mut kept: Vec<Value> = Vec::new();
        for v in values {
            let fits = if v.is_null() {
                allowed("null")
            } else {
                allowed("string")
            };
            if fits && !kept.contains(&v) {
                kept.push(v);
            }
        }
        let has_null = kept.iter().any(Value::is_null);
        let strings: Vec<Value> = kept.into_iter().filter(|v| !v.is_null()).collect();
        let mut out = Map::new();
        if let Some(d) = keyword(map, "description").and_then(Value::as_str) {
            out.insert("description".into(), Value::String(d.to_owned()));
        }
        if strings.is_empty() {
            if has_null {
                out.insert("type".into(), json!("null"));
            }
            return Value::Object(out);
        }
        let kind = if has_null {
            json!(["string", "null"])
        } else {
            json!("string")
        };
        out.insert("type".into(), kind);
        // A single value stays inline for typify, which reads a choice of objects that each
        // fix one property to a value as a tagged enum.
        if strings.len() == 1 {
            let probe = json!({"type": "string", "enum": strings});
            if crate::typing::run(&[("Probe".to_owned(), probe)], &[]).is_ok() {
                let mut with_null = strings;
                if has_null {
                    with_null.push(Value::Null);
                }
                out.insert("enum".into(), Value::Array(with_null));
                return Value::Object(out);
            }
        }
        // Other string enums are written by hand (see `rust::custom_enum`): variant names
        // that never collide silently, and the same impls on all of them.
        let target_name = self.names.get(pointer).filter(|_| !has_null).cloned();
        let inline_name = self
            .type_names
            .get(pointer)
            .filter(|n| self.titled.contains(*n))
            .cloned();
        let own = target_name
            .or(inline_name.clone())
            .filter(|n| !self.custom_enums.iter().any(|c| &c.name == n));
        if has_null && own.is_some() && own == inline_name {
            // The name goes to the enum, not to the choice of it or `null` around it.
            self.type_names.remove(pointer);
        }
        let name = own.unwrap_or_else(|| {
            if !self.naming {
                return pointer.to_owned();
            }
            let base = type_ident(&format!("{}{}", self.names[""], target_suffix(pointer)));
            self.taken.unique(&base)
        });
        self.custom_enums.push(CustomEnum {
            name: name.clone(),
            values: strings
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            description: map
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
            pointer: pointer.to_owned(),
        });
        let reference = json!({ "$ref": format!("#/definitions/{name}") });
        out.remove("type");
        if has_null {
            out.insert("anyOf".into(), json!([reference, {"type": "null"}]));
            Value::Object(out)
        } else {
            reference
        }
    }

    fn object_keywords(
        &mut self,
        pointer: &str,
        map: &Map<String, Value>,
        depth: usize,
        out: &mut Map<String, Value>,
    ) {
        let required: BTreeSet<&str> = map
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if let Some(props) = keyword(map, "properties").and_then(Value::as_object) {
            let mut rewritten = Map::new();
            let base = self.type_names.get(pointer).cloned();
            for (name, schema) in props {
                let child = format!("{pointer}/properties/{}", refs::escape(name));
                let suggested = base.as_ref().map(|b| pascal(&format!("{b}_{name}")));
                self.suggest_name(&child, schema, suggested);
                let mut value = if schema == &Value::Bool(false) {
                    Value::Bool(false)
                } else {
                    self.node(&child, schema, depth + 1, false)
                };
                let default = schema.get("default");
                if !required.contains(name.as_str()) {
                    let may_be_null = without_null(&value);
                    let null_default = default.is_some_and(Value::is_null);
                    if let Some(inner) = may_be_null.as_ref().filter(|_| !null_default) {
                        value = nullable(inner.clone(), &value);
                    }
                    // `default: null` on a property that may be `null` makes absent mean `null`:
                    // a plain `Option`, written back as `null`.
                    if let Some(default) = default.filter(|d| !d.is_null() || may_be_null.is_some())
                    {
                        self.defaults
                            .insert((pointer.to_owned(), name.clone()), default.clone());
                    }
                }
                rewritten.insert(name.clone(), value);
            }
            out.insert("properties".into(), Value::Object(rewritten));
        }
        if let Some(required) = keyword(map, "required").and_then(Value::as_array) {
            // In linear time: a `required` of 100,000 names is hostile input, not a reason to
            // hang.
            let mut seen: HashSet<&str> = HashSet::new();
            let names: Vec<Value> = required
                .iter()
                .filter(|v| v.as_str().is_some_and(|name| seen.insert(name)))
                .cloned()
                .collect();
            if !names.is_empty() {
                out.insert("required".into(), Value::Array(names));
            }
        }
        let additional = match keyword(map, "additionalProperties") {
            Some(Value::Bool(false)) => Some(Value::Bool(false)),
            Some(schema @ Value::Object(_)) => {
                let child = format!("{pointer}/additionalProperties");
                let suggested = self.value_name(pointer, map);
                self.suggest_name(&child, schema, suggested);
                Some(self.node(&child, schema, depth + 1, false))
            }
            _ => None,
        };
        let patterns = map
            .get("patternProperties")
            .and_then(Value::as_object)
            .filter(|m| !m.is_empty());
        let additional = match patterns {
            None => additional,
            Some(patterns) => {
                // The properties a pattern matches are kept beside the named ones, in one map
                // (`extra`, or the whole type when nothing is named): typed when every pattern
                // and the rest of the object agree on one schema, else `serde_json::Value`.
                let rewritten: Vec<Value> = patterns
                    .iter()
                    .map(|(pattern, schema)| {
                        let child =
                            format!("{pointer}/patternProperties/{}", refs::escape(pattern));
                        let suggested = self.value_name(pointer, map);
                        self.suggest_name(&child, schema, suggested);
                        self.node(&child, schema, depth + 1, false)
                    })
                    .collect();
                // Compared without the names given to their types.
                fn untitled(node: &mut Value) {
                    if let Some(map) = node.as_object_mut() {
                        map.remove("title");
                    }
                    for_each_schema_child_mut(node, &mut untitled);
                }
                let shape = |s: &Value| {
                    let mut s = strip(s);
                    untitled(&mut s);
                    s
                };
                let first = shape(&rewritten[0]);
                let agree = rewritten.iter().all(|s| shape(s) == first)
                    && match &additional {
                        Some(Value::Bool(false)) => true,
                        Some(other) => shape(other) == first,
                        None => false,
                    };
                if agree {
                    Some(rewritten[0].clone())
                } else {
                    self.note(
                        Severity::Info,
                        format!("{pointer}/patternProperties"),
                        "the properties `patternProperties` matches are kept as \
                         `serde_json::Value` and checked at run time"
                            .into(),
                    );
                    Some(json!({}))
                }
            }
        };
        if let Some(additional) = additional {
            out.insert("additionalProperties".into(), additional);
        }
        for key in [
            "minProperties",
            "maxProperties",
            "propertyNames",
            "dependentRequired",
        ] {
            if keyword(map, key).is_some() {
                self.note(
                    Severity::Info,
                    format!("{pointer}/{key}"),
                    format!("`{key}` is checked at run time, not by the type"),
                );
            }
        }
        if map
            .get("dependencies")
            .and_then(Value::as_object)
            .is_some_and(|m| !m.is_empty())
        {
            self.note(
                Severity::Info,
                format!("{pointer}/dependencies"),
                "`dependencies` is checked at run time, not by the type".into(),
            );
        }
    }

    fn array_keywords(
        &mut self,
        pointer: &str,
        map: &Map<String, Value>,
        depth: usize,
        out: &mut Map<String, Value>,
    ) {
        let (prefix_key, rest_key) = match self.draft {
            Draft::D2020 => ("prefixItems", "items"),
            Draft::Legacy | Draft::D2019 => ("items", "additionalItems"),
        };
        let prefix = keyword(map, prefix_key).and_then(Value::as_array);
        let min = keyword(map, "minItems").and_then(Value::as_u64);
        let max = keyword(map, "maxItems").and_then(Value::as_u64);
        let mut expressed: BTreeSet<&str> = BTreeSet::new();
        if let Some(prefix) = prefix.filter(|p| !p.is_empty()) {
            let n = prefix.len() as u64;
            let rest = keyword(map, rest_key);
            let closed = max == Some(n) || rest == Some(&Value::Bool(false));
            if min == Some(n) && closed {
                let items: Vec<Value> = prefix
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let child = format!("{pointer}/{prefix_key}/{i}");
                        let suggested = self.type_names.get(pointer).map(|b| format!("{b}Item{i}"));
                        self.suggest_name(&child, s, suggested);
                        self.node(&child, s, depth + 1, false)
                    })
                    .collect();
                out.insert("items".into(), Value::Array(items));
                out.insert("minItems".into(), json!(n));
                out.insert("maxItems".into(), json!(n));
                expressed.extend(["minItems", "maxItems", prefix_key, rest_key]);
            } else {
                self.note(
                    Severity::Info,
                    format!("{pointer}/{prefix_key}"),
                    "a tuple whose length is not fixed by `minItems` and `maxItems` is read as \
                     a list of `serde_json::Value`, checked at run time"
                        .into(),
                );
                expressed.extend([prefix_key, rest_key]);
            }
        } else if let Some(items) =
            keyword(map, "items").filter(|v| v.is_object() || v.is_boolean())
        {
            if items != &Value::Bool(false) {
                let child = format!("{pointer}/items");
                let suggested = self.type_names.get(pointer).map(|b| format!("{b}Item"));
                self.suggest_name(&child, items, suggested);
                let value = self.node(&child, items, depth + 1, false);
                out.insert("items".into(), value);
            }
            expressed.insert("items");
        }
        for key in [
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
            "minContains",
            "maxContains",
            "additionalItems",
        ] {
            if keyword(map, key).is_some() && !expressed.contains(key) {
                if key == "uniqueItems" && keyword(map, key) == Some(&Value::Bool(false)) {
                    continue;
                }
                self.note(
                    Severity::Info,
                    format!("{pointer}/{key}"),
                    format!("`{key}` is checked at run time, not by the type"),
                );
            }
        }
    }

    /// Numbers follow one rule: `number` is `f64`; `integer` is `u64` when its lower bound is
    /// at least 0 and `i64` otherwise. Other bounds (and `multipleOf`) are checked at run time,
    /// so a schema-valid number never fails to fit its Rust type because of a narrow width.
    fn number_keywords(
        &mut self,
        pointer: &str,
        map: &Map<String, Value>,
        integer_only: bool,
        out: &mut Map<String, Value>,
    ) {
        let lower = |key: &str| keyword(map, key).and_then(Value::as_f64);
        let non_negative = lower("minimum").is_some_and(|m| m >= 0.0)
            || lower("exclusiveMinimum").is_some_and(|m| m >= -1.0);
        if integer_only && non_negative {
            out.insert("minimum".into(), json!(0));
        }
        for key in [
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ] {
            let Some(v) = keyword(map, key) else { continue };
            let expressed = integer_only
                && matches!(
                    (key, v.as_f64()),
                    ("minimum", Some(0.0)) | ("exclusiveMinimum", Some(-1.0))
                );
            if !expressed {
                self.note(
                    Severity::Info,
                    format!("{pointer}/{key}"),
                    format!("`{key}: {v}` is checked at run time, not by the type"),
                );
            }
        }
    }
}

/// typify reads a choice between objects of one required property each as an externally
/// tagged enum (`{"variant": value}`), which rejects the other properties such an object may
/// have unless `additionalProperties` is `false`. A `maxProperties` (which typify otherwise
/// ignores, and which no answer reaches) keeps it from doing so.
fn not_externally_tagged(branch: &mut Value) {
    let Some(map) = branch.as_object_mut() else {
        return;
    };
    let single = map
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| p.len() == 1);
    if single && keyword(map, "additionalProperties") != Some(&Value::Bool(false)) {
        map.insert("maxProperties".into(), json!(u32::MAX));
    }
}

/// The schema of the non-null values of a rewritten schema that also accepts `null`, or
/// `None` when it does not accept `null` (or accepts nothing else).
fn without_null(schema: &Value) -> Option<Value> {
    let map = schema.as_object()?;
    if keyword(map, "$ref").is_some() {
        return None;
    }
    if is_empty_schema(schema) {
        return Some(schema.clone());
    }
    if let Some(Value::Array(types)) = keyword(map, "type") {
        if !types.iter().any(|t| t == "null") || types.len() < 2 {
            return None;
        }
        let rest: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        let mut inner = map.clone();
        inner.insert(
            "type".into(),
            match rest.as_slice() {
                [one] => one.clone(),
                _ => Value::Array(rest),
            },
        );
        if let Some(Value::Array(values)) = inner.get_mut("enum") {
            values.retain(|v| !v.is_null());
        }
        return Some(Value::Object(inner));
    }
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = keyword(map, key) else {
            continue;
        };
        let is_null = |b: &Value| {
            let b = strip(b);
            b == json!({"type": "null"})
        };
        if keyword(map, "type").is_some() || !branches.iter().any(is_null) {
            return None;
        }
        let rest: Vec<Value> = branches.iter().filter(|b| !is_null(b)).cloned().collect();
        let keys_besides = map.keys().any(|k| {
            !matches!(k.as_str(), "oneOf" | "anyOf" | "description" | "title") && k != POINTER_KEY
        });
        if keys_besides {
            return None;
        }
        return match rest.as_slice() {
            [] => None,
            [one] => Some(one.clone()),
            _ => {
                let mut inner = map.clone();
                inner.insert(key.into(), Value::Array(rest));
                Some(Value::Object(inner))
            }
        };
    }
    None
}

/// An optional property that may also be `null`: `agentspec_answer::Nullable<T>`, which keeps
/// an absent key, `null` and a value apart (the generated field skips it when absent).
fn nullable(inner: Value, outer: &Value) -> Value {
    let mut out = Map::new();
    if let Some(d) = outer.get("description") {
        out.insert("description".into(), d.clone());
    }
    if let Some(p) = outer.get(POINTER_KEY) {
        out.insert(POINTER_KEY.into(), p.clone());
    }
    out.insert(
        "x-rust-type".into(),
        json!({
            "crate": "agentspec-answer",
            "version": "*",
            "path": "agentspec_answer::Nullable",
            "parameters": [inner],
        }),
    );
    Value::Object(out)
}

/// The keywords that only apply to values of one JSON type family.
fn family_keywords(family: &str) -> &'static [&'static str] {
    match family {
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "propertyNames",
            "dependentRequired",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "additionalItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
        ],
        "string" => &["minLength", "maxLength", "pattern"],
        "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        _ => &[],
    }
}

const TYPE_NAMES: &[&str] = &[
    "null", "boolean", "object", "array", "number", "string", "integer",
];

/// The set of `type` names, or `None` when `type` is absent or malformed.
fn type_set(value: Option<&Value>) -> Option<BTreeSet<String>> {
    match value? {
        Value::String(s) if TYPE_NAMES.contains(&s.as_str()) => Some(BTreeSet::from([s.clone()])),
        Value::Array(items) => {
            let set: BTreeSet<String> = items
                .iter()
                .filter_map(Value::as_str)
                .filter(|s| TYPE_NAMES.contains(s))
                .map(str::to_owned)
                .collect();
            (!set.is_empty()).then_some(set)
        }
        _ => None,
    }
}

/// The type names that hold every value of `values` (all numbers, or all booleans, with
/// `null` allowed beside them), or `None` when they are of mixed kinds.
fn scalar_family(values: &[Value]) -> Option<&'static [&'static str]> {
    let non_null: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    let nullable = non_null.len() < values.len();
    if non_null.is_empty() {
        return None;
    }
    let integral = |v: &Value| {
        v.as_i64().is_some()
            || v.as_u64().is_some()
            || v.as_f64()
                .is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
    };
    if non_null.iter().all(|v| v.is_boolean()) {
        Some(if nullable {
            &["boolean", "null"]
        } else {
            &["boolean"]
        })
    } else if non_null.iter().all(|v| integral(v)) {
        Some(if nullable {
            &["integer", "null"]
        } else {
            &["integer"]
        })
    } else if non_null.iter().all(|v| v.is_number()) {
        Some(if nullable {
            &["number", "null"]
        } else {
            &["number"]
        })
    } else {
        None
    }
}

/// `types` narrowed to `family` (`integer` counting as a `number`); `family` itself when
/// `types` is absent.
fn narrow(types: Option<BTreeSet<String>>, family: &[&str]) -> BTreeSet<String> {
    let family: BTreeSet<String> = family.iter().map(|s| (*s).to_owned()).collect();
    let Some(types) = types else {
        return family;
    };
    let mut out = BTreeSet::new();
    for t in &family {
        if types.contains(t) {
            out.insert(t.clone());
        } else if t == "integer" && types.contains("number") {
            out.insert("integer".to_owned());
        }
    }
    out
}

fn intersect(types: Option<BTreeSet<String>>, with: &[&str]) -> BTreeSet<String> {
    let with: BTreeSet<String> = with.iter().map(|s| (*s).to_owned()).collect();
    match types {
        None => with,
        Some(t) => t.intersection(&with).cloned().collect(),
    }
}

/// Whether a schema object has keywords other than `$ref`, annotations and identifiers.
fn has_assertions(map: &Map<String, Value>) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "$ref",
        "$id",
        "$schema",
        "$anchor",
        "$dynamicAnchor",
        "$comment",
        "$defs",
        "definitions",
        "$vocabulary",
        "title",
        "description",
        "default",
        "examples",
        "deprecated",
        "readOnly",
        "writeOnly",
    ];
    map.keys().any(|k| !ANNOTATIONS.contains(&k.as_str()))
}

fn is_empty_schema(schema: &Value) -> bool {
    schema.as_object().is_some_and(|m| {
        m.keys()
            .all(|k| k == POINTER_KEY || k == "description" || k == "title")
    })
}

/// `schema` with the `description` of `from`, if it has one.
fn with_description(mut schema: Value, from: &Map<String, Value>) -> Value {
    if let (Some(out), Some(d)) = (schema.as_object_mut(), from.get("description")) {
        if d.is_string() && !out.contains_key("$ref") {
            out.insert("description".into(), d.clone());
        }
    }
    schema
}

/// Names for the branches of a choice between objects that no `const` tag tells apart (typify
/// would call them `Variant0`, `Variant1`…): each branch's `title`, else the first property it
/// requires (or has) that no other branch has (`{url}` or `{text}` give `Url` and `Text`).
/// `None` unless every branch is an inline object and the names are distinct.
fn branch_suffixes(branches: &[Value]) -> Option<Vec<String>> {
    let maps: Vec<&Map<String, Value>> = branches
        .iter()
        .map(Value::as_object)
        .collect::<Option<_>>()?;
    let properties = |m: &Map<String, Value>| -> Vec<String> {
        m.get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    };
    let tagged = |m: &Map<String, Value>| {
        m.get("properties")
            .and_then(Value::as_object)
            .is_some_and(|p| {
                p.values().any(|s| {
                    s.get("const").is_some()
                        || s.get("enum")
                            .and_then(Value::as_array)
                            .is_some_and(|e| e.len() == 1)
                })
            })
    };
    if maps.len() < 2
        || maps
            .iter()
            .any(|m| m.contains_key("$ref") || properties(m).is_empty() || tagged(m))
    {
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for (i, map) in maps.iter().enumerate() {
        let title = map
            .get("title")
            .and_then(Value::as_str)
            .map(pascal)
            .filter(|t| !t.is_empty());
        let others: BTreeSet<String> = maps
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .flat_map(|(_, m)| properties(m))
            .collect();
        let required = map
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_owned);
        let own = required
            .chain(properties(map))
            .find(|p| !others.contains(p))
            .map(|p| pascal(&p))
            .filter(|p| !p.is_empty());
        let name = title.or(own)?;
        if name.starts_with(|c: char| c.is_ascii_digit()) || out.contains(&name) {
            return None;
        }
        out.push(name);
    }
    Some(out)
}

/// The type name a schema's `title` gives after the root name (`title: Shipping address` in
/// `OrderAnswer` gives `OrderAnswerShippingAddress`), when it has a title with a letter or digit.
fn title_name(root: &str, schema: &Value) -> Option<String> {
    let title = pascal(schema.get("title")?.as_str()?);
    (!title.is_empty()).then(|| format!("{root}{title}"))
}

/// The type-name suffix of a reference target: its path after the last `$defs` or
/// `definitions`, in `UpperCamelCase` (`/$defs/story` gives `Story`).
fn target_suffix(pointer: &str) -> String {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| agentspec_syntax::pointer_unescape(t).into_owned())
        .collect();
    let start = tokens
        .iter()
        .rposition(|t| t == "$defs" || t == "definitions")
        .map_or(0, |i| i + 1);
    let words: Vec<String> = tokens[start..]
        .iter()
        .filter(|t| !matches!(t.as_str(), "properties" | "$defs" | "definitions"))
        .map(|t| pascal(t))
        .collect();
    let suffix = words.concat();
    if suffix.is_empty() {
        "Def".to_owned()
    } else if suffix.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Def{suffix}")
    } else {
        suffix
    }
}

/// Whether typify may give the type of `schema` a name of its own (structs, enums, maps).
fn may_be_named(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    const NAMED: &[&str] = &[
        "properties",
        "enum",
        "const",
        "oneOf",
        "anyOf",
        "allOf",
        "additionalProperties",
        "patternProperties",
    ];
    NAMED.iter().any(|k| keyword(map, k).is_some())
        || keyword(map, "type").is_some_and(Value::is_array)
}

/// Replaces by `{}` each definition that is only a chain of references leading back to
/// itself (a type that would contain itself).
fn break_reference_cycles(defs: &mut [(String, Value)]) {
    let target_of: BTreeMap<String, String> = defs
        .iter()
        .filter_map(|(name, schema)| {
            let r = schema.get("$ref")?.as_str()?;
            Some((
                name.clone(),
                r.trim_start_matches("#/definitions/").to_owned(),
            ))
        })
        .collect();
    for (name, schema) in defs.iter_mut() {
        let mut seen = BTreeSet::from([name.clone()]);
        let mut current = name.clone();
        while let Some(next) = target_of.get(&current) {
            if next == name {
                let pointer = schema.get(POINTER_KEY).cloned().unwrap_or(Value::Null);
                *schema = json!({ POINTER_KEY: pointer });
                break;
            }
            if !seen.insert(next.clone()) {
                break;
            }
            current = next.clone();
        }
    }
}

/// The definition names referenced anywhere under `schema`.
fn referenced(schema: &Value, out: &mut BTreeSet<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        out.insert(r.trim_start_matches("#/definitions/").to_owned());
    }
    for_each_schema_child(schema, &mut |child| referenced(child, out));
}

/// typify merges the branches of `allOf` by resolving their references, and never stops when
/// a reference leads back to the schema being merged. Such an `allOf` (one whose subtree
/// refers to a recursive definition, or back to the definition holding it) is read as
/// `serde_json::Value` instead.
fn guard_recursive_merges(defs: &mut [(String, Value)], notes: &mut Vec<Note>) {
    let direct: BTreeMap<String, BTreeSet<String>> = defs
        .iter()
        .map(|(name, schema)| {
            let mut refs = BTreeSet::new();
            referenced(schema, &mut refs);
            (name.clone(), refs)
        })
        .collect();
    let reach = |from: &str| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<String> = direct.get(from).into_iter().flatten().cloned().collect();
        while let Some(next) = stack.pop() {
            if seen.insert(next.clone()) {
                stack.extend(direct.get(&next).into_iter().flatten().cloned());
            }
        }
        seen
    };
    let reaches: BTreeMap<String, BTreeSet<String>> = direct
        .keys()
        .map(|name| (name.clone(), reach(name)))
        .collect();
    for (name, schema) in defs.iter_mut() {
        let dangerous = |target: &String| {
            reaches
                .get(target)
                .is_some_and(|r| r.contains(target) || r.contains(name.as_str()))
                || target == name
        };
        fn visit(node: &mut Value, dangerous: &dyn Fn(&String) -> bool, notes: &mut Vec<Note>) {
            if node.get("allOf").is_some() {
                let mut refs = BTreeSet::new();
                referenced(node, &mut refs);
                if refs.iter().any(dangerous) {
                    let pointer = node.get(POINTER_KEY).cloned().unwrap_or(Value::Null);
                    notes.push(Note {
                        rule: rules::UNTYPED_KEYWORD,
                        severity: Severity::Info,
                        pointer: pointer
                            .as_str()
                            .map(|p| format!("{p}/allOf"))
                            .unwrap_or_default(),
                        message: "`allOf` over a recursive reference can't be expressed by a Rust \
                                  type: this part of the answer is read as `serde_json::Value` \
                                  and checked at run time"
                            .into(),
                    });
                    let mut replacement = Map::new();
                    replacement.insert(POINTER_KEY.into(), pointer);
                    if let Some(d) = node.get("description") {
                        replacement.insert("description".into(), d.clone());
                    }
                    *node = Value::Object(replacement);
                    return;
                }
            }
            for_each_schema_child_mut(node, &mut |child| visit(child, dangerous, notes));
        }
        visit(schema, &dangerous, notes);
    }
}

/// Calls `f` on each direct child schema of a rewritten schema: the children
/// [`for_each_schema_child_mut`] visits, read only.
fn for_each_schema_child(schema: &Value, f: &mut dyn FnMut(&Value)) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(props) = keyword(map, "properties").and_then(Value::as_object) {
        for sub in props.values().filter(|v| v.is_object()) {
            f(sub);
        }
    }
    match keyword(map, "items") {
        Some(items @ Value::Object(_)) => f(items),
        Some(Value::Array(items)) => items.iter().for_each(&mut *f),
        _ => {}
    }
    if let Some(extra @ Value::Object(_)) = keyword(map, "additionalProperties") {
        f(extra);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = keyword(map, key).and_then(Value::as_array) {
            list.iter().for_each(&mut *f);
        }
    }
    if let Some(list) = map
        .get("x-rust-type")
        .and_then(|x| x.get("parameters"))
        .and_then(Value::as_array)
    {
        list.iter().for_each(&mut *f);
    }
}

/// Calls `f` on every direct sub-schema of a rewritten schema.
pub(crate) fn for_each_schema_child_mut(schema: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    if let Some(props) = map.get_mut("properties").and_then(Value::as_object_mut) {
        for sub in props.values_mut().filter(|v| v.is_object()) {
            f(sub);
        }
    }
    match map.get_mut("items") {
        Some(items @ Value::Object(_)) => f(items),
        Some(Value::Array(items)) => items.iter_mut().for_each(&mut *f),
        _ => {}
    }
    if let Some(extra @ Value::Object(_)) = map.get_mut("additionalProperties") {
        f(extra);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = map.get_mut(key).and_then(Value::as_array_mut) {
            list.iter_mut().for_each(&mut *f);
        }
    }
    if let Some(list) = map
        .get_mut("x-rust-type")
        .and_then(|x| x.get_mut("parameters"))
        .and_then(Value::as_array_mut)
    {
        list.iter_mut().for_each(&mut *f);
    }
}

/// A copy of a rewritten schema without bookkeeping keys.
pub(crate) fn strip(schema: &Value) -> Value {
    let mut copy = schema.clone();
    fn clean(node: &mut Value) {
        if let Some(map) = node.as_object_mut() {
            map.remove(POINTER_KEY);
        }
        for_each_schema_child_mut(node, &mut clean);
    }
    clean(&mut copy);
    copy
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(schema: Value) -> (Vec<(String, Value)>, Vec<String>) {
        let plan = plan("Root", &schema);
        let notes = plan
            .notes
            .iter()
            .map(|n| format!("{}: {}", n.pointer, n.message))
            .collect();
        (plan.stripped_defs(), notes)
    }

    #[test]
    fn refs_become_named_definitions() {
        let (defs, _) = stripped(json!({
            "type": "object",
            "properties": {"a": {"$ref": "#/$defs/story"}, "b": {"$ref": "#"}},
            "$defs": {"story": {"type": "string"}}
        }));
        assert_eq!(defs[0].0, "Root");
        assert_eq!(
            defs[0].1["properties"]["a"],
            json!({"$ref": "#/definitions/RootStory"})
        );
        assert_eq!(
            defs[0].1["properties"]["b"],
            json!({"$ref": "#/definitions/Root"})
        );
        assert_eq!(defs[1], ("RootStory".into(), json!({"type": "string"})));
    }

    #[test]
    fn conditions_keep_the_object_typed_with_a_note() {
        let (defs, notes) = stripped(json!({
            "type": "object",
            "properties": {
                "x": {
                    "type": "object",
                    "properties": {"a": {"type": "string"}},
                    "if": {"required": ["a"]},
                    "then": {"properties": {"a": {"const": "b"}}}
                },
                "y": {"type": "string", "maxLength": 3}
            },
            "required": ["x", "y"]
        }));
        assert_eq!(
            defs[0].1["properties"]["x"],
            json!({"type": "object", "properties": {"a": {"type": "string"}}, "title": "RootX"})
        );
        assert_eq!(defs[0].1["properties"]["y"], json!({"type": "string"}));
        assert!(notes[0].starts_with("/properties/x/if: "), "{notes:?}");
        assert!(
            notes[1].starts_with("/properties/y/maxLength: "),
            "{notes:?}"
        );
    }

    #[test]
    fn optional_nullable_properties_keep_null_apart_from_absent() {
        let (defs, _) = stripped(json!({
            "type": "object",
            "properties": {"a": {"type": ["string", "null"]}, "b": {"type": ["string", "null"]}},
            "required": ["b"]
        }));
        assert_eq!(
            defs[0].1["properties"]["a"]["x-rust-type"]["parameters"],
            json!([{"type": "string", "title": "RootA"}])
        );
        assert_eq!(
            defs[0].1["properties"]["b"],
            json!({"type": ["null", "string"], "title": "RootB"})
        );
    }

    #[test]
    fn titles_name_types_unless_taken_and_targets_come_first() {
        let plan = plan(
            "Root",
            &json!({
                "type": "object",
                "properties": {
                    "author": {"anyOf": [{"$ref": "#/$defs/Author"}, {"type": "null"}]},
                    "ship": {"title": "Address", "type": "object", "properties": {}},
                    "bill": {"title": "Address", "type": "object", "properties": {}},
                    "page": {"type": "integer", "default": 20}
                },
                "$defs": {"Author": {"type": "object", "title": "Writer"}}
            }),
        );
        let names: BTreeMap<&str, &str> = plan
            .type_pointers
            .iter()
            .map(|(n, p)| (p.as_str(), n.as_str()))
            .collect();
        assert_eq!(names["/$defs/Author"], "RootWriter");
        assert_eq!(names["/properties/ship"], "RootAddress");
        assert_eq!(names["/properties/bill"], "RootBill");
        assert_eq!(
            plan.defaults[&(String::new(), "page".to_owned())],
            json!(20)
        );
    }

    #[test]
    fn external_refs_are_fatal() {
        let plan = plan("Root", &json!({"$ref": "http://example.com/s.json"}));
        assert!(plan.fatal);
    }

    #[test]
    fn self_reference_chains_are_broken() {
        let (defs, _) =
            stripped(json!({"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}));
        assert_eq!(defs[1].1, json!({}));
    }
}
