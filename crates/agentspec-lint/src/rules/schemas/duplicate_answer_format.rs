use crate::{declare_rule, Context, SpecKind};
use agentspec_jsonschema::{Applicable, Place};

declare_rule! {
    /// ## What it does
    /// Reports a session that sets `answer_format` at the top level and also on its inline
    /// agent or through `overrides["agent.answer_format"]`. A `null` counts as not set, and an
    /// override beside the agent's own is fine (it replaces it for the run). `gen`, `Builder`
    /// and `check-answer` follow the same rule and refuse such a spec.
    ///
    /// ## Why is this bad?
    /// Which of the two the server applies is undocumented (the older API reads the session
    /// field, the newer one the agent's, replaced by the override); keep one so the answer's
    /// shape is certain. This is a project decision.
    ///
    /// ## Example
    /// ```yaml session
    /// agent:
    ///   name: hn-reader
    ///   description: Reads Hacker News
    ///   environments: [{id: browser, kind: web}]
    ///   answer_format: {type: object}
    /// answer_format: {type: object}     # set in two places
    /// ```
    pub static DUPLICATE_ANSWER_FORMAT = ("duplicate-answer-format", "schemas", Error, policy);
}

/// Runs the rule: the conflicts of [`agentspec_jsonschema::applicable`], the one rule `gen` and
/// `check-answer` follow too.
pub fn check(cx: &Context<'_>) {
    let applicable = agentspec_jsonschema::applicable(cx.root, cx.kind == SpecKind::Session);
    let Applicable::Conflict { newer, session } = applicable else {
        return;
    };
    let message = applicable.conflict_message().unwrap_or_default();
    let help = match newer.place {
        Place::Override => {
            "drop the top-level `answer_format` (older API): the override replaces the agent's \
             format for this run"
        }
        _ => "keep one: the agent's `answer_format` (newer API) or the session's (older API)",
    };
    cx.report(
        &DUPLICATE_ANSWER_FORMAT,
        session.entry.key.span,
        session.pointer,
        message,
    )
    .label("session-level answer_format")
    .related(
        newer.entry.key.span,
        format!("{} answer_format", newer.place.describe()),
    )
    .help(help);
}
