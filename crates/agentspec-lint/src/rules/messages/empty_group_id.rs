use crate::{declare_rule, Context, SpecKind};

declare_rule! {
    /// ## What it does
    /// Reports a `group_id` that is an empty string. A null `group_id` is fine: it means no
    /// group.
    ///
    /// ## Why is this bad?
    /// `group_id` tags related sessions so they can be listed together
    /// (`GET /sessions?group_id=...`); the API requires at least one character. An empty tag is
    /// usually a template variable that was never filled.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// group_id: ""        # write a tag such as `trip-planning-001`, or remove it
    /// ```
    pub static EMPTY_GROUP_ID = ("empty-group-id", "messages", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    if cx.kind != SpecKind::Session {
        return;
    }
    let Some(node) = cx.root.get("group_id") else {
        return;
    };
    if node.as_str() != Some("") {
        return;
    }
    cx.report(
        &EMPTY_GROUP_ID,
        node.span,
        "/group_id",
        "`group_id` is an empty string",
    )
    .label("empty tag")
    .help("write a tag such as `trip-planning-001`, or remove `group_id` (or set it to null)");
}
