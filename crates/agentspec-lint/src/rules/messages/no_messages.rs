use crate::{declare_rule, Context, SpecKind};

declare_rule! {
    /// ## What it does
    /// Reports a session without initial messages: `messages` absent, null or `[]`, unless the
    /// session is interactive (`idle_timeout_s` set), where the task may come later.
    ///
    /// ## Why is this bad?
    /// A one-shot session with no message starts an agent that has no task: it answers at
    /// once, or wanders, and the run is wasted. The API accepts it, so this is project policy.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// max_steps: 30
    /// messages: []        # the agent starts without a task
    /// ```
    pub static NO_MESSAGES = ("no-messages", "messages", Warning, policy);
}

const HELP: &str = "add a message with the task (`- type: user_message` and `message: ...`), or \
                    set `idle_timeout_s` to send it later; asking for one is project policy";

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    if cx.kind != SpecKind::Session {
        return;
    }
    let root = cx.root;
    if root.get("idle_timeout_s").is_some_and(|n| !n.is_null()) {
        return;
    }
    match root.entry("messages") {
        None => {
            let span = root
                .entry("agent")
                .map(|e| e.key.span)
                .or_else(|| root.as_map().and_then(|m| m.first()).map(|e| e.key.span))
                .unwrap_or(root.span);
            cx.report(
                &NO_MESSAGES,
                span,
                "",
                "the session has no `messages`: the agent starts without a task",
            )
            .label("no task is given to this agent")
            .help(HELP);
        }
        Some(entry) if entry.value.is_null() => {
            cx.report(
                &NO_MESSAGES,
                entry.key.span,
                "/messages",
                "`messages` is null: the agent starts without a task",
            )
            .label("no messages")
            .help(HELP);
        }
        Some(entry) if entry.value.as_seq().is_some_and(<[_]>::is_empty) => {
            cx.report(
                &NO_MESSAGES,
                entry.value.span,
                "/messages",
                "`messages` is empty: the agent starts without a task",
            )
            .label("no messages")
            .help(HELP);
        }
        Some(_) => {}
    }
}
