//! Override keys: their grammar (`agent.environments[kind=web].start_url`) and what they name
//! in the exported session schema.

use std::ops::Range;

use serde_json::Value;

use crate::context::closest;
use crate::schema_walk::{resolve, schema_for};
use crate::shared::definitions::describe;
use crate::SpecKind;

/// A name or selector part of a key, with its byte range in the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The text.
    pub text: String,
    /// Where it sits in the key.
    pub range: Range<usize>,
}

/// A `[field=value]` list-member selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    /// The member field compared.
    pub field: Part,
    /// The value it must have.
    pub value: Part,
    /// The whole `[...]`.
    pub range: Range<usize>,
}

/// One `.`-separated segment: a field name, optionally selecting a list member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// The field.
    pub name: Part,
    /// The selector after it.
    pub selector: Option<Selector>,
}

/// Why a key is not a valid override path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    /// One sentence, quoting the offending part.
    pub message: String,
    /// The label on the offending part.
    pub label: String,
    /// What to write instead.
    pub help: Option<String>,
    /// Where in the key.
    pub range: Range<usize>,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The 1-based character position of byte `offset` in `key`.
fn position(key: &str, offset: usize) -> usize {
    key.get(..offset).map_or(offset, |k| k.chars().count()) + 1
}

/// The byte range of the character at `offset` (or of the last character, at the end).
fn char_at(key: &str, offset: usize) -> Range<usize> {
    match key.get(offset..).and_then(|rest| rest.chars().next()) {
        Some(c) => offset..offset + c.len_utf8(),
        None => match key.char_indices().last() {
            Some((i, c)) => i..i + c.len_utf8(),
            None => 0..0,
        },
    }
}

fn syntax(key: &str, offset: usize, range: Range<usize>, what: String) -> PathError {
    PathError {
        message: format!(
            "malformed override path `{key}`: at character {}, {what}",
            position(key, offset)
        ),
        label: "malformed path".into(),
        help: Some(
            "write `.`-separated field names, with `[field=value]` after a list to select a \
             member: `agent.environments[kind=web].start_url`"
                .into(),
        ),
        range,
    }
}

/// Parses an override key into segments.
pub fn parse(key: &str) -> Result<Vec<Segment>, PathError> {
    let bytes = key.as_bytes();
    if key.is_empty() {
        return Err(PathError {
            message: "the override path is empty".into(),
            label: "empty path".into(),
            help: Some("write a dotted path such as `agent.answer_format`".into()),
            range: 0..0,
        });
    }
    let mut segments = Vec::new();
    let mut i = 0;
    loop {
        let start = i;
        while i < bytes.len() && is_name_byte(bytes[i]) {
            i += 1;
        }
        if i == start {
            let what = match key[i..].chars().next() {
                None => "expected a field name after `.`".to_string(),
                Some('.') => "expected a field name before `.`".to_string(),
                Some('[') => "expected a field name before `[`".to_string(),
                Some(c) => format!("unexpected `{c}` (field names are letters, digits and `_`)"),
            };
            let at = if i == bytes.len() { i - 1 } else { i };
            return Err(syntax(key, at, char_at(key, at), what));
        }
        let name = Part {
            text: key[start..i].to_string(),
            range: start..i,
        };
        let mut selector = None;
        if bytes.get(i) == Some(&b'[') {
            let open = i;
            let Some(close) = key[open..].find(']').map(|c| open + c) else {
                return Err(syntax(
                    key,
                    open,
                    open..key.len(),
                    "`[` is never closed by `]`".into(),
                ));
            };
            let inner = &key[open + 1..close];
            let Some(eq) = inner.find('=').map(|e| open + 1 + e) else {
                return Err(syntax(
                    key,
                    open,
                    open..close + 1,
                    "expected `field=value` inside `[...]`".into(),
                ));
            };
            let field = &key[open + 1..eq];
            if field.is_empty() || !field.bytes().all(is_name_byte) {
                return Err(syntax(
                    key,
                    open + 1,
                    open..close + 1,
                    "expected a field name before `=`".into(),
                ));
            }
            if eq + 1 == close {
                return Err(syntax(
                    key,
                    eq,
                    open..close + 1,
                    "expected a value after `=`".into(),
                ));
            }
            selector = Some(Selector {
                field: Part {
                    text: field.to_string(),
                    range: open + 1..eq,
                },
                value: Part {
                    text: key[eq + 1..close].to_string(),
                    range: eq + 1..close,
                },
                range: open..close + 1,
            });
            i = close + 1;
        }
        segments.push(Segment { name, selector });
        match bytes.get(i) {
            None => return Ok(segments),
            Some(b'.') => i += 1,
            Some(_) => {
                let c = key[i..].chars().next().unwrap_or('?');
                let what = if segments.last().is_some_and(|s| s.selector.is_some()) {
                    format!("unexpected `{c}` after `]`: expected `.` or the end of the path")
                } else {
                    format!("unexpected `{c}` (field names are letters, digits and `_`)")
                };
                return Err(syntax(key, i, char_at(key, i), what));
            }
        }
    }
}

/// What an override path names.
#[derive(Debug, Clone)]
pub enum Target {
    /// The schemas the value must match, one per model branch the path may go through.
    Schemas(Vec<&'static Value>),
    /// A place inside a free-form object (`answer_format`, a tool's `input_schema`).
    Open,
}

/// A path understood against the session schema.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// What it names.
    pub target: Target,
    /// Per segment: whether a list member without the selector's field matches anyway (the
    /// field is an optional discriminator whose default is the selected value, as a missing
    /// `kind` means `web`).
    pub absent_matches: Vec<bool>,
}

/// A branch of a schema after following `$ref`s and `anyOf` / `oneOf`.
#[derive(Clone, Copy)]
struct Leaf {
    /// The schema as written where it was reached (a `$ref` keeps its definition name).
    original: &'static Value,
    /// The resolved schema.
    schema: &'static Value,
    /// The definition it came from.
    def: Option<&'static str>,
}

fn leaves(schema: &'static Value, out: &mut Vec<Leaf>) {
    let root = schema_for(SpecKind::Session);
    let (resolved, def) = resolve(root, schema);
    match resolved
        .get("anyOf")
        .or_else(|| resolved.get("oneOf"))
        .and_then(Value::as_array)
    {
        Some(branches) => {
            for branch in branches {
                leaves(branch, out);
            }
        }
        None => out.push(Leaf {
            original: schema,
            schema: resolved,
            def,
        }),
    }
}

fn all_leaves(schemas: &[&'static Value]) -> Vec<Leaf> {
    let mut out = Vec::new();
    for schema in schemas {
        leaves(schema, &mut out);
    }
    out
}

fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn properties(schema: &Value) -> Option<&serde_json::Map<String, Value>> {
    schema.get("properties").and_then(Value::as_object)
}

fn is_object(schema: &Value) -> bool {
    types(schema).contains(&"object") || properties(schema).is_some()
}

fn is_array(schema: &Value) -> bool {
    types(schema).contains(&"array")
}

/// An object without declared fields that accepts any (`answer_format`), or a schema that
/// says nothing.
fn is_open(schema: &Value) -> bool {
    let untyped = types(schema).is_empty()
        && properties(schema).is_none()
        && schema.get("const").is_none()
        && schema.get("enum").is_none();
    let free_object = is_object(schema)
        && properties(schema).is_none()
        && schema.get("additionalProperties") != Some(&Value::Bool(false));
    untyped || free_object
}

/// The single value a property allows (`const`, a one-value `enum`, or one such branch).
fn single_value(schema: &'static Value) -> Option<&'static str> {
    let (schema, _) = resolve(schema_for(SpecKind::Session), schema);
    if let Some(c) = schema.get("const") {
        return c.as_str();
    }
    if let Some(Some([one])) = schema.get("enum").map(|e| e.as_array().map(Vec::as_slice)) {
        return one.as_str();
    }
    match schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([one]) => single_value(one),
        _ => None,
    }
}

fn is_required(schema: &Value, key: &str) -> bool {
    schema
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(|r| r.iter().any(|k| k.as_str() == Some(key)))
}

/// "a string", "an integer", … for the first non-null type of a leaf.
fn describe_type(schema: &Value) -> String {
    match types(schema).into_iter().find(|t| *t != "null") {
        Some(t @ ("integer" | "object" | "array")) => format!("an {t}"),
        Some(t) => format!("a {t}"),
        None => "a value".into(),
    }
}

fn ticks(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn push_unique<'v>(list: &mut Vec<&'v str>, items: impl IntoIterator<Item = &'v str>) {
    for item in items {
        if !list.contains(&item) {
            list.push(item);
        }
    }
}

/// An override key parsed, and resolved against the session schema.
#[derive(Debug, Clone)]
pub struct OverridePath {
    /// Its segments.
    pub segments: Vec<Segment>,
    /// What it names.
    pub resolved: Resolved,
}

/// Parses an override key and resolves it against the session schema (rules read the result
/// from the view, which computes it once per key: `OverrideSite::path`).
pub fn read(key: &str) -> Result<OverridePath, PathError> {
    let segments = parse(key)?;
    let resolved = resolve_path(key, &segments)?;
    Ok(OverridePath { segments, resolved })
}

/// Resolves a parsed path against the session schema.
pub fn resolve_path(key: &str, segments: &[Segment]) -> Result<Resolved, PathError> {
    let mut current: Vec<&'static Value> = vec![schema_for(SpecKind::Session)];
    let mut absent_matches = Vec::with_capacity(segments.len());
    for (index, segment) in segments.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| {
            &key[..segments[i]
                .selector
                .as_ref()
                .map_or(segments[i].name.range.end, |s| s.range.end)]
        });
        current = match field(&current, segment, previous)? {
            Some(found) => found,
            None => {
                return Ok(Resolved {
                    target: Target::Open,
                    absent_matches,
                })
            }
        };
        match &segment.selector {
            Some(selector) => {
                let (members, absent) = select(&current, segment, selector)?;
                current = members;
                absent_matches.push(absent);
            }
            None => absent_matches.push(false),
        }
    }
    Ok(Resolved {
        target: Target::Schemas(current),
        absent_matches,
    })
}

/// The schemas of field `segment.name` in `current`, or `None` inside a free-form object.
fn field(
    current: &[&'static Value],
    segment: &Segment,
    previous: Option<&str>,
) -> Result<Option<Vec<&'static Value>>, PathError> {
    let name = &segment.name;
    let reached = all_leaves(current);
    let objects: Vec<Leaf> = reached
        .iter()
        .copied()
        .filter(|l| properties(l.schema).is_some())
        .collect();
    let found: Vec<&'static Value> = objects
        .iter()
        .filter_map(|l| properties(l.schema)?.get(&name.text))
        .collect();
    if !found.is_empty() {
        return Ok(Some(found));
    }
    if reached.iter().any(|l| is_open(l.schema)) {
        return Ok(None);
    }
    let previous = previous.unwrap_or("");
    if objects.is_empty() {
        if let Some(list) = reached.iter().find(|l| is_array(l.schema)) {
            let selector = list
                .schema
                .get("items")
                .map(|items| {
                    let mut members = Vec::new();
                    leaves(items, &mut members);
                    members
                })
                .unwrap_or_default()
                .iter()
                .filter_map(|m| properties(m.schema))
                .flat_map(|p| {
                    ["kind", "id", "name"]
                        .into_iter()
                        .filter(|f| p.contains_key(*f))
                })
                .next()
                .unwrap_or("field");
            return Err(PathError {
                message: format!(
                    "`{previous}` is a list: `.{}` needs a member selected with `[field=value]`",
                    name.text
                ),
                label: "field of a list member".into(),
                help: Some(format!(
                    "select a member first: `{previous}[{selector}=...].{}`",
                    name.text
                )),
                range: name.range.clone(),
            });
        }
        let ty = reached
            .iter()
            .find(|l| !types(l.schema).is_empty())
            .map_or_else(|| "a value".to_string(), |l| describe_type(l.schema));
        return Err(PathError {
            message: format!("`{previous}` is {ty}: it has no field `{}`", name.text),
            label: "no such field".into(),
            help: Some(format!("end the path at `{previous}`")),
            range: name.range.clone(),
        });
    }
    let mut known = Vec::new();
    for object in &objects {
        push_unique(
            &mut known,
            properties(object.schema)
                .into_iter()
                .flat_map(|p| p.keys().map(String::as_str)),
        );
    }
    let defs: Vec<&str> = objects.iter().filter_map(|l| l.def).collect();
    let place = match defs.as_slice() {
        [one, rest @ ..] if rest.iter().all(|d| d == one) => describe(one),
        _ if previous.is_empty() => "a session request".into(),
        _ => format!("`{previous}`"),
    };
    let help = match closest(&name.text, known.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("known fields: {}", ticks(&known)),
    };
    Err(PathError {
        message: format!("unknown field `{}` in {place}", name.text),
        label: "unknown field".into(),
        help: Some(help),
        range: name.range.clone(),
    })
}

/// The member schemas of list `current` that `selector` may pick, and whether a member
/// without the selector's field matches.
fn select(
    current: &[&'static Value],
    segment: &Segment,
    selector: &Selector,
) -> Result<(Vec<&'static Value>, bool), PathError> {
    let name = &segment.name.text;
    let lists: Vec<Leaf> = all_leaves(current)
        .into_iter()
        .filter(|l| is_array(l.schema))
        .collect();
    if lists.is_empty() {
        return Err(PathError {
            message: format!(
                "`{}` selects a list member, but `{name}` is not a list",
                selector_text(selector)
            ),
            label: "selector on a field that is not a list".into(),
            help: Some(format!("remove `{}`", selector_text(selector))),
            range: selector.range.clone(),
        });
    }
    let items: Vec<&'static Value> = lists.iter().filter_map(|l| l.schema.get("items")).collect();
    let members: Vec<Leaf> = all_leaves(&items)
        .into_iter()
        .filter(|l| properties(l.schema).is_some())
        .collect();
    let field = &selector.field.text;
    let value = &selector.value.text;
    let having: Vec<(Leaf, &'static Value)> = members
        .iter()
        .filter_map(|m| Some((*m, properties(m.schema)?.get(field)?)))
        .collect();
    if having.is_empty() {
        let mut known = Vec::new();
        for member in &members {
            push_unique(
                &mut known,
                properties(member.schema)
                    .into_iter()
                    .flat_map(|p| p.keys().map(String::as_str)),
            );
        }
        let help = match closest(field, known.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None if known.is_empty() => {
                format!("the members of `{name}` have no fields to select by")
            }
            None => format!("select by one of {}", ticks(&known)),
        };
        return Err(PathError {
            message: format!("the members of `{name}` have no field `{field}` to select by"),
            label: "unknown field".into(),
            help: Some(help),
            range: selector.field.range.clone(),
        });
    }
    let matching: Vec<(Leaf, Option<&str>)> = having
        .iter()
        .map(|(leaf, prop)| (*leaf, single_value(prop)))
        .filter(|(_, single)| single.is_none_or(|s| s == value))
        .collect();
    if matching.is_empty() {
        let allowed: Vec<&str> = having.iter().filter_map(|(_, p)| single_value(p)).collect();
        let help = match closest(value, allowed.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("use one of {}", ticks(&allowed)),
        };
        return Err(PathError {
            message: format!(
                "no member of `{name}` can have `{field}: {value}`: expected one of {}",
                ticks(&allowed)
            ),
            label: format!("not a `{field}`"),
            help: Some(help),
            range: selector.value.range.clone(),
        });
    }
    let absent = matching
        .iter()
        .any(|(leaf, single)| single.is_some() && !is_required(leaf.schema, field));
    Ok((
        matching.iter().map(|(leaf, _)| leaf.original).collect(),
        absent,
    ))
}

/// `[field=value]` as written.
pub fn selector_text(selector: &Selector) -> String {
    format!("[{}={}]", selector.field.text, selector.value.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolves(key: &str) -> Result<Resolved, PathError> {
        resolve_path(key, &parse(key)?)
    }

    #[test]
    fn parses_names_and_selectors() {
        let segments = parse("agent.environments[kind=web].start_url").expect("valid");
        assert_eq!(segments.len(), 3);
        let selector = segments[1].selector.as_ref().expect("selector");
        assert_eq!(selector.field.text, "kind");
        assert_eq!(selector.value.text, "web");
        assert_eq!(selector.value.range, 24..27);
    }

    #[test]
    fn rejects_malformed_paths() {
        for key in [
            "",
            "agent..tools",
            "agent.",
            ".agent",
            "agent[kind=web",
            "a[kind]",
            "a[=x]",
            "a[k=]",
            "a[k=v]b",
            "a-b",
        ] {
            assert!(parse(key).is_err(), "{key}");
        }
    }

    #[test]
    fn resolves_documented_paths() {
        for key in [
            "agent.environments[kind=web].start_url",
            "agent.environments[kind=web].browser_profile_id",
            "agent.environments[kind=web].vault_id",
            "agent.environments[kind=desktop].host",
            "agent.environments[id=browser].session_id",
            "agent.answer_format",
            "agent.answer_format.properties",
            "agent.tools",
            "agent.subagents[name=acme/flights].instructions",
            "max_steps",
        ] {
            let resolved = resolves(key);
            assert!(resolved.is_ok(), "{key}: {resolved:?}");
        }
    }

    #[test]
    fn rejects_unknown_fields_and_misplaced_selectors() {
        for key in [
            "agent.environment[kind=web].start_url",
            "agent.environments[kind=desktop].start_url",
            "agent.environments[kind=mobile].start_url",
            "agent.environments[knd=web].start_url",
            "agent.environments.start_url",
            "agent[kind=web].name",
            "agent.name.first",
        ] {
            assert!(resolves(key).is_err(), "{key}");
        }
    }

    #[test]
    fn a_missing_kind_selects_web() {
        let resolved = resolves("agent.environments[kind=web].start_url").expect("valid");
        assert_eq!(resolved.absent_matches, [false, true, false]);
        let resolved = resolves("agent.environments[kind=desktop].host").expect("valid");
        assert_eq!(resolved.absent_matches, [false, false, false]);
    }
}
