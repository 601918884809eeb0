use crate::context::child;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a message whose text is empty or only whitespace: a `message` field, or
    /// `messages` written as a bare string.
    ///
    /// ## Why is this bad?
    /// An empty message gives the agent nothing to do; it is usually a template placeholder
    /// left unfilled, or YAML indentation that moved the text elsewhere.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// messages:
    ///   - type: user_message
    ///     message: ""       # the message is empty
    /// ```
    pub static EMPTY_MESSAGE = ("empty-message", "messages", Warning);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for site in &cx.view.messages {
        // A bare string is a message only as the whole of `messages` (a list holds objects).
        let (node, pointer) = match site.node.get("message") {
            Some(text) => (text, child(&site.pointer, "message")),
            None if site.pointer == "/messages" => (site.node, site.pointer.clone()),
            None => continue,
        };
        let Some(text) = node.as_str() else { continue };
        if !text.trim().is_empty() {
            continue;
        }
        let what = if text.is_empty() {
            "is empty"
        } else {
            "holds only whitespace"
        };
        cx.report(
            &EMPTY_MESSAGE,
            node.span,
            &pointer,
            format!("the message {what}: the agent gets no instruction"),
        )
        .label("empty message")
        .help("write the task for the agent, or remove the message");
    }
}
