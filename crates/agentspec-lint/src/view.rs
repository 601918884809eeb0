//! The places of a spec that rules look at, found in one walk: agents, environments, messages
//! and embedded JSON Schemas, each with its JSON Pointer.

use std::cell::OnceCell;

use agentspec_jsonschema::refs::{self, RefIndex};
use agentspec_syntax::{Entry, Node};

use crate::context::child;
use crate::shared::override_path::{self, OverridePath, PathError};
use crate::SpecKind;

/// An inline agent definition.
#[derive(Debug, Clone)]
pub struct AgentSite<'a> {
    /// The agent's map.
    pub node: &'a Node,
    /// Its JSON Pointer.
    pub pointer: String,
    /// The agent that lists it as a subagent, by index into `View::agents`.
    pub parent: Option<usize>,
}

/// An inline environment of an inline agent.
#[derive(Debug, Clone)]
pub struct EnvironmentSite<'a> {
    /// The environment's map.
    pub node: &'a Node,
    /// Its JSON Pointer.
    pub pointer: String,
    /// The owning agent, by index into `View::agents`.
    pub agent: usize,
}

/// Where an embedded JSON Schema sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaRole {
    /// An `answer_format` (session or agent level).
    AnswerFormat,
    /// A tool's `input_schema`.
    ToolInput,
}

/// An embedded JSON Schema.
#[derive(Debug, Clone)]
pub struct SchemaSite<'a> {
    /// The schema's root node.
    pub node: &'a Node,
    /// Its JSON Pointer.
    pub pointer: String,
    /// What it describes.
    pub role: SchemaRole,
    /// The schema and each of its subschemas, found once for all rules.
    subschemas: std::rc::Rc<Subschemas<'a>>,
}

/// Subschemas with their pointers, kept end to end in one string (one allocation, not one per
/// subschema).
#[derive(Debug, Default)]
struct Subschemas<'a> {
    pointers: String,
    entries: Vec<(&'a Node, usize, usize)>,
    /// Some subschema holds `$ref` or `$dynamicRef`.
    has_refs: bool,
    /// Where each reference leads, computed on first use.
    refs: OnceCell<RefIndex>,
    /// The schema as JSON, converted on first use.
    json: OnceCell<serde_json::Value>,
}

impl<'a> SchemaSite<'a> {
    /// Finds the subschemas of the schema at `node`, which sits at `pointer`.
    pub fn new(node: &'a Node, pointer: String, role: SchemaRole) -> Self {
        let mut found = Subschemas::default();
        agentspec_jsonschema::for_each_subschema(node, &pointer, &mut |n, p| {
            let start = found.pointers.len();
            found.pointers.push_str(p);
            found.entries.push((n, start, found.pointers.len()));
            found.has_refs |= n.get("$ref").is_some() || n.get("$dynamicRef").is_some();
        });
        SchemaSite {
            node,
            pointer,
            role,
            subschemas: std::rc::Rc::new(found),
        }
    }

    /// Where each `$ref` and `$dynamicRef` of the schema leads, by the pointer (relative to
    /// the schema) of the subschema holding it: the resolution the code generator uses.
    pub fn refs(&self) -> &RefIndex {
        self.subschemas.refs.get_or_init(|| {
            if !self.subschemas.has_refs {
                return RefIndex::default();
            }
            let json = self.json();
            refs::index(json, refs::Draft::of(json))
        })
    }

    /// The schema as JSON, converted once for every rule that needs it.
    pub fn json(&self) -> &serde_json::Value {
        self.subschemas.json.get_or_init(|| self.node.to_json())
    }

    /// How many subschemas the schema has, itself included.
    pub fn subschema_count(&self) -> usize {
        self.subschemas.entries.len()
    }

    /// The schema and each of its subschemas (objects), with their JSON Pointers.
    pub fn subschemas(&self) -> impl Iterator<Item = (&'a Node, &str)> + '_ {
        let list = &*self.subschemas;
        list.entries
            .iter()
            .map(|&(node, start, end)| (node, &list.pointers[start..end]))
    }
}

/// A user message of the session's `messages`.
#[derive(Debug, Clone)]
pub struct MessageSite<'a> {
    /// The message (a map, or a bare string).
    pub node: &'a Node,
    /// Its JSON Pointer.
    pub pointer: String,
}

/// An entry of a session's `overrides`.
#[derive(Debug, Clone)]
pub struct OverrideSite<'a> {
    /// The entry: its key is the path, its value the override.
    pub entry: &'a Entry,
    /// The path as written (`agent.environments[kind=web].start_url`).
    pub key: &'a str,
    /// Its JSON Pointer (`/overrides/agent.environments[kind=web].start_url`).
    pub pointer: String,
    /// The path parsed and resolved, on first use.
    path: OnceCell<Result<OverridePath, PathError>>,
}

impl OverrideSite<'_> {
    /// The path parsed and resolved against the session schema, once for every rule; or why
    /// it is no valid override path.
    pub fn path(&self) -> Result<&OverridePath, &PathError> {
        self.path
            .get_or_init(|| override_path::read(self.key))
            .as_ref()
    }
}

/// The interesting places of one document.
#[derive(Debug, Clone, Default)]
pub struct View<'a> {
    /// Inline agents: the session's or the file's agent first, then subagents depth-first.
    pub agents: Vec<AgentSite<'a>>,
    /// Inline environments of inline agents.
    pub environments: Vec<EnvironmentSite<'a>>,
    /// Embedded schemas.
    pub schemas: Vec<SchemaSite<'a>>,
    /// Initial messages.
    pub messages: Vec<MessageSite<'a>>,
    /// The entries of a session's `overrides`.
    pub overrides: Vec<OverrideSite<'a>>,
}

/// Deepest subagent nesting the view follows (deeper agents are not checked).
const MAX_AGENT_DEPTH: usize = 32;

impl<'a> View<'a> {
    /// Finds the places of a document.
    pub fn build(kind: SpecKind, root: &'a Node) -> Self {
        let mut view = View::default();
        match kind {
            SpecKind::Agent => view.agent(root, String::new(), None, 0),
            SpecKind::Session => {
                if let Some(agent) = root.get("agent").filter(|a| a.as_map().is_some()) {
                    view.agent(agent, "/agent".into(), None, 0);
                }
                if let Some(schema) = root.get("answer_format").filter(|s| !s.is_null()) {
                    view.schemas.push(SchemaSite::new(
                        schema,
                        "/answer_format".into(),
                        SchemaRole::AnswerFormat,
                    ));
                }
                for entry in root
                    .get("overrides")
                    .and_then(Node::as_map)
                    .unwrap_or_default()
                {
                    view.overrides.push(OverrideSite {
                        entry,
                        key: &entry.key.text,
                        pointer: child("/overrides", &entry.key.text),
                        path: OnceCell::new(),
                    });
                }
                match root.get("messages") {
                    Some(list) if list.as_seq().is_some() => {
                        for (i, item) in list.as_seq().unwrap_or_default().iter().enumerate() {
                            view.messages.push(MessageSite {
                                node: item,
                                pointer: format!("/messages/{i}"),
                            });
                        }
                    }
                    Some(one) if !one.is_null() => {
                        view.messages.push(MessageSite {
                            node: one,
                            pointer: "/messages".into(),
                        });
                    }
                    _ => {}
                }
            }
        }
        view
    }

    /// The inline Browser environments (`kind: web`, or no `kind`) of the inline agents.
    pub fn browsers(&self) -> impl Iterator<Item = &EnvironmentSite<'a>> {
        self.environments.iter().filter(|env| {
            env.node
                .get("kind")
                .is_none_or(|kind| kind.as_str() == Some("web"))
        })
    }

    fn agent(&mut self, node: &'a Node, pointer: String, parent: Option<usize>, depth: usize) {
        if node.as_map().is_none() || depth > MAX_AGENT_DEPTH {
            return;
        }
        let index = self.agents.len();
        self.agents.push(AgentSite {
            node,
            pointer: pointer.clone(),
            parent,
        });
        if let Some(envs) = node.get("environments").and_then(Node::as_seq) {
            let base = child(&pointer, "environments");
            for (i, env) in envs.iter().enumerate() {
                if env.as_map().is_some() {
                    self.environments.push(EnvironmentSite {
                        node: env,
                        pointer: child(&base, i),
                        agent: index,
                    });
                }
            }
        }
        if let Some(schema) = node.get("answer_format").filter(|s| !s.is_null()) {
            let at = child(&pointer, "answer_format");
            self.schemas
                .push(SchemaSite::new(schema, at, SchemaRole::AnswerFormat));
        }
        if let Some(tools) = node.get("tools").and_then(Node::as_seq) {
            let base = child(&pointer, "tools");
            for (i, tool) in tools.iter().enumerate() {
                if let Some(schema) = tool.get("input_schema").filter(|s| !s.is_null()) {
                    let at = child(&child(&base, i), "input_schema");
                    self.schemas
                        .push(SchemaSite::new(schema, at, SchemaRole::ToolInput));
                }
            }
        }
        if let Some(subagents) = node.get("subagents").and_then(Node::as_seq) {
            let base = child(&pointer, "subagents");
            for (i, sub) in subagents.iter().enumerate() {
                self.agent(sub, child(&base, i), Some(index), depth + 1);
            }
        }
    }
}
