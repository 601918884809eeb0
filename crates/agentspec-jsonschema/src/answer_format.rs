//! Which `answer_format` applies to a spec: the one rule `lint`, `gen`, `Builder` and
//! `check-answer` all follow.
//!
//! - `null` means not set, wherever it is written.
//! - An agent file's `answer_format` applies to its runs.
//! - A session's top-level `answer_format` (the older API) and its inline agent's (the newer
//!   one) both set is a conflict: which one the server applies is undocumented.
//! - `overrides["agent.answer_format"]` replaces the agent's own for the run (so it may sit
//!   beside an agent-level one), and conflicts with a top-level one.

use agentspec_syntax::{Entry, Node};

/// Where an `answer_format` is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A session's top-level `answer_format`.
    Session,
    /// The agent's own: an inline agent's in a session, or an agent file's.
    Agent,
    /// A session's `overrides["agent.answer_format"]`.
    Override,
}

impl Place {
    /// A short name for messages: `session-level`, `agent-level`, `override`.
    pub fn describe(self) -> &'static str {
        match self {
            Place::Session => "session-level",
            Place::Agent => "agent-level",
            Place::Override => "override",
        }
    }
}

/// One `answer_format` that is set (not absent, not `null`).
#[derive(Debug, Clone, Copy)]
pub struct Placed<'n> {
    /// Where it is written.
    pub place: Place,
    /// JSON Pointer from the document root to the schema.
    pub pointer: &'static str,
    /// The entry holding it: its key (for spans) and the schema.
    pub entry: &'n Entry,
}

impl<'n> Placed<'n> {
    /// The schema node.
    pub fn node(&self) -> &'n Node {
        &self.entry.value
    }
}

/// What a spec's `answer_format` placements come to.
#[derive(Debug, Clone, Copy)]
pub enum Applicable<'n> {
    /// None is set: answers are free text (or, for a session naming a catalog agent, whatever
    /// that agent's file says).
    Unset,
    /// This one applies.
    One(Placed<'n>),
    /// Two are set that the rule above forbids together; nothing applies.
    Conflict {
        /// The one that takes effect in the newer API (the agent's own or the override).
        newer: Placed<'n>,
        /// The session's top-level one.
        session: Placed<'n>,
    },
}

impl<'n> Applicable<'n> {
    /// The applicable schema, when exactly one applies.
    pub fn one(&self) -> Option<Placed<'n>> {
        match self {
            Applicable::One(placed) => Some(*placed),
            _ => None,
        }
    }
}

impl Applicable<'_> {
    /// For a conflict, one sentence naming the two placements, the same in every command.
    pub fn conflict_message(&self) -> Option<&'static str> {
        match self {
            Applicable::Conflict { newer, .. } => Some(match newer.place {
                Place::Override => {
                    "`answer_format` is set on the session and by its `overrides` entry \
                     `agent.answer_format`"
                }
                _ => "`answer_format` is set both on the session and on its agent",
            }),
            _ => None,
        }
    }
}

/// Which `answer_format` applies to the document `root`, a session when `session` is true,
/// else an agent file.
pub fn applicable(root: &Node, session: bool) -> Applicable<'_> {
    fn set(entry: Option<&Entry>) -> Option<&Entry> {
        entry.filter(|e| !e.value.is_null())
    }
    if !session {
        return match set(root.entry("answer_format")) {
            Some(entry) => Applicable::One(Placed {
                place: Place::Agent,
                pointer: "/answer_format",
                entry,
            }),
            None => Applicable::Unset,
        };
    }
    let top = set(root.entry("answer_format")).map(|entry| Placed {
        place: Place::Session,
        pointer: "/answer_format",
        entry,
    });
    let overridden = set(root
        .get("overrides")
        .and_then(|o| o.entry("agent.answer_format")))
    .map(|entry| Placed {
        place: Place::Override,
        pointer: "/overrides/agent.answer_format",
        entry,
    });
    let own = set(root
        .get("agent")
        .filter(|a| a.as_map().is_some())
        .and_then(|a| a.entry("answer_format")))
    .map(|entry| Placed {
        place: Place::Agent,
        pointer: "/agent/answer_format",
        entry,
    });
    let newer = overridden.or(own);
    match (newer, top) {
        (Some(newer), Some(session)) => Applicable::Conflict { newer, session },
        (Some(one), None) | (None, Some(one)) => Applicable::One(one),
        (None, None) => Applicable::Unset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agentspec_syntax::{parse, Format, Limits};

    fn verdict(yaml: &str, session: bool) -> String {
        let parsed = parse(yaml, Format::Yaml, &Limits::default());
        let root = &parsed.documents[0].root;
        match applicable(root, session) {
            Applicable::Unset => "unset".into(),
            Applicable::One(p) => p.pointer.into(),
            Applicable::Conflict { newer, session } => {
                format!("conflict {} {}", newer.pointer, session.pointer)
            }
        }
    }

    #[test]
    fn the_placement_rule() {
        let a = "{type: object}";
        let s = |body: &str| verdict(body, true);
        assert_eq!(
            s(&format!("agent: {{answer_format: {a}}}")),
            "/agent/answer_format"
        );
        assert_eq!(
            s(&format!("agent: x\nanswer_format: {a}")),
            "/answer_format"
        );
        assert_eq!(
            s(&format!(
                "agent: {{answer_format: null}}\nanswer_format: {a}"
            )),
            "/answer_format"
        );
        assert_eq!(
            s(&format!(
                "agent: {{answer_format: {a}}}\nanswer_format: null"
            )),
            "/agent/answer_format"
        );
        assert_eq!(
            s(&format!(
                "agent: {{answer_format: {a}}}\nanswer_format: {a}"
            )),
            "conflict /agent/answer_format /answer_format"
        );
        assert_eq!(
            s(&format!(
                "agent: {{answer_format: {a}}}\noverrides: {{agent.answer_format: {a}}}"
            )),
            "/overrides/agent.answer_format"
        );
        assert_eq!(
            s(&format!(
                "agent: x\nanswer_format: {a}\noverrides: {{agent.answer_format: {a}}}"
            )),
            "conflict /overrides/agent.answer_format /answer_format"
        );
        assert_eq!(
            s(&format!(
                "agent: x\nanswer_format: {a}\noverrides: {{agent.answer_format: null}}"
            )),
            "/answer_format"
        );
        assert_eq!(s("agent: h/web\nanswer_format: null"), "unset");
        assert_eq!(
            verdict(&format!("name: a\nanswer_format: {a}"), false),
            "/answer_format"
        );
        assert_eq!(verdict("name: a\nanswer_format: null", false), "unset");
    }
}
