//! What the rules about agents and environments share: the list items of inline agents, how
//! agents and values are named in messages, and snippets in the file's own syntax.

use agentspec_syntax::{Key, Node, Span, Value};

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
