//! Resolving `$ref`s inside one schema document, without ever leaving it.
//!
//! The document is walked once to learn its base URIs (`$id`), embedded resources and anchors
//! (`$anchor`, `$dynamicAnchor`, draft-07 `"$id": "#name"`). Every `$ref` is then resolved to a
//! JSON Pointer into the same document, or reported: a reference to another document is never
//! fetched, only named.

use std::collections::HashMap;

use crate::walk::keyword;
use fluent_uri::{Uri, UriRef};
use serde_json::Value;

/// The rules of the schema's draft that matter for typing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Draft {
    /// Draft 4, 6 or 7: `$ref` hides its siblings, `items` may be an array, `definitions`.
    Legacy,
    /// Draft 2019-09: `$ref` has siblings, `items` may still be an array.
    D2019,
    /// Draft 2020-12 (also the default): `prefixItems`, `$defs`, `$dynamicRef`.
    D2020,
}

impl Draft {
    /// The draft that `$schema` names; 2020-12 when it names none this crate knows.
    pub fn of(schema: &Value) -> Draft {
        use crate::dialect::{known_draft, KnownDraft};
        match schema
            .get("$schema")
            .and_then(Value::as_str)
            .and_then(known_draft)
        {
            Some(KnownDraft::Draft4 | KnownDraft::Draft6 | KnownDraft::Draft7) => Draft::Legacy,
            Some(KnownDraft::Draft201909) => Draft::D2019,
            Some(KnownDraft::Draft202012) | None => Draft::D2020,
        }
    }

    /// Whether `$ref` makes its sibling keywords ignored.
    pub fn ref_hides_siblings(self) -> bool {
        self == Draft::Legacy
    }
}

/// Where a `$ref` leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A schema in this document, by JSON Pointer from its root.
    Local(String),
    /// A JSON Schema meta-schema, which the validator knows without fetching it.
    MetaSchema(String),
}

/// Why a `$ref` could not be resolved inside the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefProblem {
    /// It names another document.
    External(String),
    /// It names this document, but nothing in it.
    Unresolved(String),
    /// It is not a URI reference.
    Malformed(String),
}

/// Every `$ref` of a document, by the JSON Pointer of the schema that holds it.
#[derive(Debug, Default)]
pub struct RefIndex {
    /// Where each `$ref` leads.
    pub refs: HashMap<String, Result<Target, RefProblem>>,
    /// Where each `$dynamicRef` leads when read as a plain reference (its initial target),
    /// which is enough to tell whether it leaves the document.
    pub dynamic_refs: HashMap<String, Result<Target, RefProblem>>,
}

/// The base URI of a schema that sets none: never fetched, only used to tell references apart.
const DEFAULT_BASE: &str = "json-schema:///";

pub use crate::walk::for_each_child;

pub use agentspec_syntax::pointer_escape as escape;

/// Resolves every `$ref` in `doc`.
pub fn index(doc: &Value, draft: Draft) -> RefIndex {
    let mut walk = Walk::default();
    let Ok(base) = Uri::parse(DEFAULT_BASE.to_owned()) else {
        return RefIndex::default();
    };
    walk.resources
        .insert(DEFAULT_BASE.to_owned(), String::new());
    walk.visit(doc, String::new(), &base, draft, 0);
    let mut index = RefIndex::default();
    for (pointer, base, reference) in std::mem::take(&mut walk.pending) {
        let target = walk.resolve(doc, &base, &reference);
        index.refs.insert(pointer, target);
    }
    for (pointer, base, reference) in std::mem::take(&mut walk.pending_dynamic) {
        let target = walk.resolve(doc, &base, &reference);
        index.dynamic_refs.insert(pointer, target);
    }
    index
}

#[derive(Default)]
struct Walk {
    /// Absolute URI (without fragment) of each resource, to the pointer of its root.
    resources: HashMap<String, String>,
    /// (resource URI, anchor name) to the pointer of the anchored schema.
    anchors: HashMap<(String, String), String>,
    /// (pointer of the schema holding `$ref`, base URI there, the reference).
    pending: Vec<(String, Uri<String>, String)>,
    /// The same, for `$dynamicRef`.
    pending_dynamic: Vec<(String, Uri<String>, String)>,
}

/// Deeper than this, the walk stops (the parser's own depth limit is lower).
const MAX_DEPTH: usize = 256;

impl Walk {
    fn visit(
        &mut self,
        node: &Value,
        pointer: String,
        base: &Uri<String>,
        draft: Draft,
        depth: usize,
    ) {
        let Some(map) = node.as_object() else { return };
        // The base changes only under an `$id`; otherwise children share their parent's.
        let own_base;
        let mut base = base;
        if depth > MAX_DEPTH {
            return;
        }
        let has_ref = keyword(map, "$ref").is_some_and(Value::is_string);
        if let Some(id) = keyword(map, "$id").and_then(Value::as_str) {
            if !(has_ref && draft.ref_hides_siblings()) {
                if let Some(name) = id.strip_prefix('#').filter(|_| draft == Draft::Legacy) {
                    self.anchor(base, name, &pointer);
                } else if let Some(resolved) = resolve(base, id) {
                    let (without, fragment) = split(&resolved);
                    if let Ok(new_base) = Uri::parse(without.clone()) {
                        own_base = new_base;
                        base = &own_base;
                        self.resources
                            .entry(without)
                            .or_insert_with(|| pointer.clone());
                        if let Some(name) =
                            fragment.filter(|f| !f.is_empty() && !f.starts_with('/'))
                        {
                            self.anchor(base, &name, &pointer);
                        }
                    }
                }
            }
        }
        if draft != Draft::Legacy {
            for key in ["$anchor", "$dynamicAnchor"] {
                if let Some(name) = keyword(map, key).and_then(Value::as_str) {
                    self.anchor(base, name, &pointer);
                }
            }
        }
        if let Some(reference) = keyword(map, "$dynamicRef").and_then(Value::as_str) {
            self.pending_dynamic
                .push((pointer.clone(), base.clone(), reference.to_owned()));
        }
        if let Some(reference) = keyword(map, "$ref").and_then(Value::as_str) {
            self.pending
                .push((pointer.clone(), base.clone(), reference.to_owned()));
            if draft.ref_hides_siblings() {
                return;
            }
        }
        let mut children = Vec::new();
        for_each_child(node, &pointer, |p, v| children.push((p, v)));
        for (child_pointer, child) in children {
            self.visit(child, child_pointer, base, draft, depth + 1);
        }
    }

    fn anchor(&mut self, base: &Uri<String>, name: &str, pointer: &str) {
        let key = (base.as_str().to_owned(), name.to_owned());
        self.anchors
            .entry(key)
            .or_insert_with(|| pointer.to_owned());
    }

    fn resolve(
        &self,
        doc: &Value,
        base: &Uri<String>,
        reference: &str,
    ) -> Result<Target, RefProblem> {
        let Some(absolute) = resolve(base, reference) else {
            return Err(RefProblem::Malformed(reference.to_owned()));
        };
        let (without, fragment) = split(&absolute);
        let Some(root) = self.resources.get(&without) else {
            let meta = without.starts_with("http://json-schema.org/")
                || without.starts_with("https://json-schema.org/");
            return if meta {
                Ok(Target::MetaSchema(absolute))
            } else {
                Err(RefProblem::External(absolute))
            };
        };
        let target = match fragment.as_deref() {
            None | Some("") => root.clone(),
            Some(f) if f.starts_with('/') => format!("{root}{f}"),
            Some(name) => match self.anchors.get(&(without.clone(), name.to_owned())) {
                Some(p) => p.clone(),
                None => return Err(RefProblem::Unresolved(reference.to_owned())),
            },
        };
        if lookup(doc, &target).is_some_and(|v| v.is_object() || v.is_boolean()) {
            Ok(Target::Local(target))
        } else {
            Err(RefProblem::Unresolved(reference.to_owned()))
        }
    }
}

/// `reference` resolved against `base`, as an absolute URI string.
fn resolve(base: &Uri<String>, reference: &str) -> Option<String> {
    let parsed = UriRef::parse(reference).ok()?;
    let resolved = parsed.resolve_against(base).ok()?;
    Some(resolved.normalize().as_str().to_owned())
}

/// An absolute URI split into its part before `#` and its percent-decoded fragment.
fn split(uri: &str) -> (String, Option<String>) {
    match uri.split_once('#') {
        None => (uri.to_owned(), None),
        Some((without, fragment)) => (without.to_owned(), Some(percent_decode(fragment))),
    }
}

/// Decodes the `%XX` escapes of a URI fragment.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 3 <= bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The value at JSON Pointer `pointer` in `doc`.
pub fn lookup<'a>(doc: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(doc);
    }
    doc.pointer(pointer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn refs(doc: Value) -> Vec<(String, Result<Target, RefProblem>)> {
        let mut all: Vec<_> = index(&doc, Draft::of(&doc)).refs.into_iter().collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    #[test]
    fn local_pointers_and_anchors_resolve() {
        let doc = json!({
            "$defs": {"a": {"$anchor": "here", "type": "string"}, "b~/c": {}},
            "properties": {
                "x": {"$ref": "#/$defs/a"},
                "y": {"$ref": "#here"},
                "z": {"$ref": "#"},
                "w": {"$ref": "#/$defs/b~0~1c"},
                "v": {"$ref": "#/$defs/b%7E0~1c"}
            }
        });
        let local = |p: &str| Ok(Target::Local(p.to_owned()));
        assert_eq!(
            refs(doc),
            vec![
                ("/properties/v".into(), local("/$defs/b~0~1c")),
                ("/properties/w".into(), local("/$defs/b~0~1c")),
                ("/properties/x".into(), local("/$defs/a")),
                ("/properties/y".into(), local("/$defs/a")),
                ("/properties/z".into(), local("")),
            ]
        );
    }

    #[test]
    fn embedded_resources_resolve_and_remote_ones_do_not() {
        let doc = json!({
            "$id": "http://example.com/root.json",
            "$defs": {"n": {"$id": "node.json", "type": "integer"}},
            "properties": {
                "a": {"$ref": "node.json"},
                "b": {"$ref": "http://localhost:1234/other.json"},
                "c": {"$ref": "#/nowhere"},
                "d": {"$ref": "https://json-schema.org/draft/2020-12/schema"}
            }
        });
        let all = refs(doc);
        assert_eq!(all[0].1, Ok(Target::Local("/$defs/n".into())));
        assert!(matches!(all[1].1, Err(RefProblem::External(_))));
        assert!(matches!(all[2].1, Err(RefProblem::Unresolved(_))));
        assert!(matches!(all[3].1, Ok(Target::MetaSchema(_))));
    }

    #[test]
    fn draft7_ref_hides_sibling_id() {
        let doc = json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "definitions": {"a": {"$id": "http://example.com/a.json", "type": "integer"}},
            "allOf": [{"$id": "http://example.com/b.json", "$ref": "a.json"}]
        });
        // The sibling `$id` is ignored, so `a.json` resolves against the default base.
        assert!(matches!(refs(doc)[0].1, Err(RefProblem::External(_))));
    }
}
