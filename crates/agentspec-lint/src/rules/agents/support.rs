//! What the rules of this group and of `environments` share: the list items of inline agents,
//! names for messages, and spans inside string values.

use agentspec_syntax::{Key, Node, ScalarStyle, Span, Value};

use crate::context::{child, closest};
use crate::{Context, SpecKind};

/// One item of a list field (`skills`, `tools`, `environments`, `subagents`) of an inline agent.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    /// The owning agent, by index into `View::agents`.
    pub agent: usize,
    /// The item (a map for inline definitions, a string for catalog references).
    pub node: &'a Node,
    /// Its JSON Pointer.
    pub pointer: String,
}

/// The items of `field` of every inline agent, in document order.
pub fn items<'a>(cx: &Context<'a>, field: &str) -> Vec<Item<'a>> {
    let mut out = Vec::new();
    for (index, agent) in cx.view.agents.iter().enumerate() {
        let Some(list) = agent.node.get(field).and_then(Node::as_seq) else {
            continue;
        };
        let base = child(&agent.pointer, field);
        for (i, node) in list.iter().enumerate() {
            out.push(Item {
                agent: index,
                node,
                pointer: child(&base, i),
            });
        }
    }
    out
}

/// How an agent is named in messages: "agent `acme/x`", or "the agent" when it has no name.
pub fn agent_title(agent: &Node) -> String {
    match agent.get("name").and_then(Node::as_str) {
        Some(name) if !name.is_empty() => format!("agent `{name}`"),
        _ => "the agent".to_string(),
    }
}

/// Where to point at something missing from a map: its `name` key, else its first key.
pub fn anchor(node: &Node) -> Span {
    node.entry("name")
        .map(|e| e.key.span)
        .or_else(|| node.as_map().and_then(|m| m.first()).map(|e| e.key.span))
        .unwrap_or(node.span)
}

/// A key of an agent map that is no agent field but reads like `field`: a typo that
/// `unknown-field` reports, so that a rule about `field` being absent stays quiet.
pub fn misspelt<'a>(agent: &'a Node, field: &str) -> Option<&'a Key> {
    let schema = crate::schema_walk::schema_for(SpecKind::Agent);
    let properties = schema
        .get("properties")
        .or_else(|| schema.pointer("/$defs/Agent/properties"))
        .and_then(serde_json::Value::as_object)?;
    agent
        .as_map()?
        .iter()
        .map(|e| &e.key)
        .filter(|k| !properties.contains_key(&k.text))
        .find(|k| closest(&k.text, [field]).is_some())
}

/// The value of a scalar as it reads in a message: `` `text` ``, `null`, `the number 3`.
pub fn describe_value(cx: &Context<'_>, node: &Node) -> String {
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(_) => format!("the number `{}`", cx.text(node.span).trim()),
        Value::String(s) => format!("the string `{s}`"),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "an object".into(),
    }
}

/// Whether the file is written as JSON (so that suggested snippets use JSON syntax).
pub fn json_like(cx: &Context<'_>) -> bool {
    cx.source.trim_start().starts_with('{')
}

/// A `key: value` snippet in the file's own syntax: `` `key: value` `` in YAML,
/// `` `"key": json` `` in JSON.
pub fn snippet(cx: &Context<'_>, key: &str, yaml: &str, json: &str) -> String {
    if json_like(cx) {
        format!("`\"{key}\": {json}`")
    } else {
        format!("`{key}: {yaml}`")
    }
}

/// The source span of the bytes `start..end` of a string node's value.
///
/// Exact for plain, single-quoted and double-quoted scalars written on one line (escapes
/// included); the whole node for anything else.
pub fn value_span(cx: &Context<'_>, node: &Node, start: usize, end: usize) -> Span {
    offsets(cx.source, node)
        .and_then(|map| Some(Span::new(*map.get(start)?, *map.get(end)?)))
        .filter(|s| s.start <= s.end)
        .unwrap_or(node.span)
}

/// For each byte offset of the value (and one past its end), the source offset it came from.
fn offsets(source: &str, node: &Node) -> Option<Vec<usize>> {
    let value = node.as_str()?;
    let text = node.span.slice(source)?;
    if text.contains(['\n', '\r']) {
        return None;
    }
    match node.style {
        ScalarStyle::Plain => {
            let start = node.span.end.checked_sub(value.len())?;
            (text.ends_with(value)).then(|| (start..=node.span.end).collect())
        }
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            let quote = if node.style == ScalarStyle::SingleQuoted {
                '\''
            } else {
                '"'
            };
            let open = text.find(quote)?;
            let base = node.span.start + open + 1;
            let body = text.get(open + 1..text.len().checked_sub(1)?)?;
            let map = if quote == '\'' {
                single_quoted(body, base)
            } else {
                double_quoted(body, base)?
            };
            (map.len() == value.len() + 1).then_some(map)
        }
        _ => None,
    }
}

fn single_quoted(body: &str, base: usize) -> Vec<usize> {
    let mut map = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
            chars.next();
        }
        map.extend(std::iter::repeat_n(base + i, c.len_utf8()));
    }
    map.push(base + body.len());
    map
}

fn double_quoted(body: &str, base: usize) -> Option<Vec<usize>> {
    let bytes = body.as_bytes();
    let mut map = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let start = i;
        let c = body[i..].chars().next()?;
        let produced = if c == '\\' {
            let kind = *bytes.get(i + 1)?;
            let hex = match kind {
                b'x' => 2,
                b'u' => 4,
                b'U' => 8,
                _ => 0,
            };
            i += 2 + hex;
            let code = if hex > 0 {
                u32::from_str_radix(body.get(start + 2..i)?, 16).ok()?
            } else {
                0
            };
            if kind == b'u' && (0xD800..0xDC00).contains(&code) {
                // A surrogate pair: `\uD83D\uDE00` is one character.
                let low = body.get(i..i + 6)?.strip_prefix("\\u")?;
                let low = u32::from_str_radix(low, 16).ok()?;
                i += 6;
                char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))?.len_utf8()
            } else if hex > 0 {
                char::from_u32(code)?.len_utf8()
            } else {
                escaped_len(kind)?
            }
        } else {
            i += c.len_utf8();
            c.len_utf8()
        };
        map.extend(std::iter::repeat_n(base + start, produced));
    }
    map.push(base + body.len());
    Some(map)
}

/// The UTF-8 length of the character a one-letter escape stands for.
fn escaped_len(kind: u8) -> Option<usize> {
    match kind {
        b'N' | b'_' => Some(2), // U+0085, U+00A0
        b'L' | b'P' => Some(3), // U+2028, U+2029
        b'\n' | b'\r' => None,  // line folding: give up
        _ => Some(1),
    }
}
