use agentspec_model::limits;

use crate::context::{child, closest};
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a message `caller_id` other than `user`, `system` or `subagent`.
    ///
    /// ## Why is this bad?
    /// `caller_id` says who sends the message; the API describes these three senders only, and
    /// the effect of another value is undocumented. Leaving it unset (it defaults to `user`)
    /// is the normal case.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// messages:
    ///   - type: user_message
    ///     message: Find hotels near Shinjuku
    ///     caller_id: usr     # did you mean `user`?
    /// ```
    pub static UNKNOWN_CALLER_ID = ("unknown-caller-id", "messages", Warning);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for site in &cx.view.messages {
        let Some(node) = site.node.get("caller_id") else {
            continue;
        };
        let Some(value) = node.as_str() else { continue };
        if limits::KNOWN_CALLER_IDS.contains(&value) {
            continue;
        }
        let known = limits::KNOWN_CALLER_IDS
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = match closest(value, limits::KNOWN_CALLER_IDS.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "leave `caller_id` unset for normal user input".to_string(),
        };
        cx.report(
            &UNKNOWN_CALLER_ID,
            node.span,
            &child(&site.pointer, "caller_id"),
            format!("unknown `caller_id` `{value}`: expected one of {known}"),
        )
        .label("not a known sender")
        .help(help);
    }
}
