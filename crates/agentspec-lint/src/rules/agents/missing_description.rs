use agentspec_syntax::{Node, Value};

use crate::context::child;
use crate::shared::agents::{agent_title, anchor, describe_value, misspelt};
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an inline agent (or subagent, or agent file) whose `description` is missing,
    /// null, empty or only whitespace.
    ///
    /// ## Why is this bad?
    /// A manager reads its subagents' descriptions to decide whom to delegate to, and the
    /// catalog shows them. Three of four sources require a non-empty description (the
    /// agents-create page, the computer-use-agents overview and the OpenAPI file, which sets
    /// `minLength: 1`); only the agents overview table marks it optional, so the API may
    /// answer 422 without one.
    ///
    /// ## Example
    /// ```yaml session
    /// agent:
    ///   name: acme/weather-agent
    ///   description: ""            # write what the agent does
    ///   environments: [h/browser]
    /// ```
    pub static MISSING_DESCRIPTION = ("missing-description", "agents", Error);
}

const SOURCES: &str = "required by three of four sources (the agents-create page, the \
                       computer-use-agents overview and the OpenAPI file)";

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for agent in &cx.view.agents {
        let described = agent.node.get("description").and_then(Node::as_str);
        if described.is_some_and(|text| !text.trim().is_empty()) {
            continue;
        }
        let title = agent_title(agent.node);
        let pointer = child(&agent.pointer, "description");
        let help = format!(
            "write one line saying what the agent does; managers read it to choose a subagent. \
             It is {SOURCES}"
        );
        let Some(entry) = agent.node.entry("description") else {
            // A misspelt `description` is `unknown-field`'s to report.
            if misspelt(agent.node, "description").is_some() {
                continue;
            }
            cx.report(
                &MISSING_DESCRIPTION,
                anchor(agent.node),
                &pointer,
                format!("{title} has no `description`"),
            )
            .label("this agent needs a `description`")
            .help(help);
            continue;
        };
        let value = &entry.value;
        let (message, label, span) = match &value.value {
            Value::String(text) if text.trim().is_empty() => {
                let what = if text.is_empty() {
                    "empty"
                } else {
                    "only whitespace"
                };
                (
                    format!("the `description` of {title} is {what}"),
                    "empty description",
                    value.span,
                )
            }
            Value::String(_) => continue,
            Value::Null => {
                let span = if value.span.is_empty() {
                    entry.key.span
                } else {
                    value.span
                };
                (
                    format!("the `description` of {title} is null"),
                    "no text here",
                    span,
                )
            }
            _ => (
                format!(
                    "the `description` of {title} expects a string, found {}",
                    describe_value(cx, value)
                ),
                "expected a string",
                value.span,
            ),
        };
        cx.report(&MISSING_DESCRIPTION, span, &pointer, message)
            .label(label)
            .help(help);
    }
}
