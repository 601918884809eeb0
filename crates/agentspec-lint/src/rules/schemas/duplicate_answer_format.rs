use crate::context::{key_span, ReportExt};
use crate::{declare_rule, Context, SpecKind};

declare_rule! {
    /// ## What it does
    /// Reports a session that sets `answer_format` both at the top level and on its inline
    /// agent.
    ///
    /// ## Why is this bad?
    /// Which of the two the server applies is undocumented (the older API reads the session
    /// field, the newer one the agent's); keep one so the answer's shape is certain. This is a
    /// project decision.
    ///
    /// ## Example
    /// ```yaml
    /// agent:
    ///   name: hn-reader
    ///   description: Reads Hacker News
    ///   answer_format: {type: object}
    /// answer_format: {type: object}     # set in two places
    /// ```
    pub static DUPLICATE_ANSWER_FORMAT = ("duplicate-answer-format", "schemas", Error, policy);
}

/// Runs the rule.
pub fn check(cx: &mut Context<'_>) {
    if cx.kind != SpecKind::Session {
        return;
    }
    let root = cx.root;
    let session_level = root.get("answer_format").filter(|a| !a.is_null());
    let agent = root.get("agent");
    let agent_level = agent
        .and_then(|a| a.get("answer_format"))
        .filter(|a| !a.is_null());
    if let (Some(_), Some(_), Some(agent)) = (session_level, agent_level, agent) {
        cx.report(
            &DUPLICATE_ANSWER_FORMAT,
            key_span(root, "answer_format"),
            "/answer_format",
            "`answer_format` is set both on the session and on its agent",
        )
        .label("session-level answer_format")
        .related(
            key_span(agent, "answer_format"),
            "agent-level answer_format",
        )
        .help("keep one: the agent's `answer_format` (newer API) or the session's (older API)");
    }
}
