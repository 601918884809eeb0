use crate::context::child;
use crate::shared::agents::items;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an inline skill whose `description` or `body` is empty or only whitespace.
    ///
    /// ## Why is this bad?
    /// Both are required and must be non-empty: the agent picks a skill by its description
    /// and, once it loads the skill, reads its body. The API answers 422 otherwise.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/weather-agent
    /// description: Looks up the weather forecast of a city
    /// skills:
    ///   - name: acme/read-forecast
    ///     description: Use this when a forecast page shows hourly tables
    ///     body: ""                   # write the instructions
    /// environments: [{id: browser, kind: web}]
    /// ```
    pub static EMPTY_SKILL_FIELD = ("empty-skill-field", "agents", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for item in items(cx, "skills") {
        let skill = match item.node.get("name").and_then(|n| n.as_str()) {
            Some(name) if !name.is_empty() => format!("skill `{name}`"),
            _ => "the skill".to_string(),
        };
        for (field, help) in [
            (
                "description",
                "write a one-line hint of when to use it, such as `Use this when a page shows \
                 a price table`; the agent chooses skills by it",
            ),
            (
                "body",
                "write the Markdown instructions the agent reads when it loads the skill",
            ),
        ] {
            let Some(node) = item.node.get(field) else {
                continue;
            };
            let Some(text) = node.as_str() else { continue };
            if !text.trim().is_empty() {
                continue;
            }
            let what = if text.is_empty() {
                "empty"
            } else {
                "only whitespace"
            };
            cx.report(
                &EMPTY_SKILL_FIELD,
                node.span,
                &child(&item.pointer, field),
                format!("the `{field}` of {skill} is {what}"),
            )
            .label(format!("empty `{field}`"))
            .help(help);
        }
    }
}
