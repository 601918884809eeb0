use crate::context::child;
use crate::shared::agents::items;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a custom tool whose `description` is empty or only whitespace.
    ///
    /// ## Why is this bad?
    /// The description is required and must be non-empty (the API's own schema says
    /// `minLength: 1`): the model reads it verbatim to decide when to call the tool, so an empty
    /// one is rejected, and a blank one leaves the model guessing.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/order-desk
    /// description: Answers questions about orders
    /// environments: [{id: browser, kind: web}]
    /// tools:
    ///   - name: lookup_order
    ///     description: ""     # say what the tool does and when to call it
    /// ```
    pub static EMPTY_TOOL_DESCRIPTION = ("empty-tool-description", "agents", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for item in items(cx, "tools") {
        let Some(node) = item.node.get("description") else {
            continue;
        };
        let Some(text) = node.as_str() else { continue };
        if !text.trim().is_empty() {
            continue;
        }
        let tool = match item.node.get("name").and_then(|n| n.as_str()) {
            Some(name) if !name.is_empty() => format!("tool `{name}`"),
            _ => "the tool".to_string(),
        };
        let what = if text.is_empty() {
            "empty"
        } else {
            "only whitespace"
        };
        cx.report(
            &EMPTY_TOOL_DESCRIPTION,
            node.span,
            &child(&item.pointer, "description"),
            format!("the `description` of {tool} is {what}"),
        )
        .label("empty `description`")
        .help(
            "write what the tool does and when to call it, such as `Looks up an order by its \
             number`; the model reads it verbatim",
        );
    }
}
