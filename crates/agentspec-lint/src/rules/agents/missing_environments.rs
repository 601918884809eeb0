use agentspec_syntax::Node;

use crate::context::child;
use crate::shared::agents::{agent_title, anchor, json_like, misspelt};
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an inline agent, at any depth of `subagents`, that has no environments (the
    /// field is absent or `[]`) and no subagents.
    ///
    /// ## Why is this bad?
    /// Without an environment the agent has nothing to act on. The API answers 422
    /// ("environments empty on an agent that has no subagents"); only a pure manager, which
    /// delegates everything to its `subagents`, may go without.
    ///
    /// ## Example
    /// ```yaml session
    /// agent:
    ///   name: acme/weather-agent
    ///   description: Looks up weather by city
    ///   environments: []         # add `h/browser` or an inline browser
    /// ```
    pub static MISSING_ENVIRONMENTS = ("missing-environments", "agents", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let example = if json_like(cx) {
        r#"`"environments": ["h/browser"]` or an inline `{"id": "browser", "kind": "web"}`"#
    } else {
        "`environments: [h/browser]` or an inline `{id: browser, kind: web}`"
    };
    for agent in &cx.view.agents {
        let has_subagents = match agent.node.get("subagents") {
            Some(list) => match list.as_seq() {
                Some(items) => !items.is_empty(),
                // Not a list: the structure pass reports it; don't guess.
                None => !list.is_null(),
            },
            None => false,
        };
        if has_subagents {
            continue;
        }
        let title = agent_title(agent.node);
        let (span, message) = match agent.node.get("environments") {
            // A misspelt `environments` is `unknown-field`'s to report.
            None if misspelt(agent.node, "environments").is_some() => continue,
            None => (
                anchor(agent.node),
                format!("{title} has no `environments` and no `subagents`"),
            ),
            Some(list) if list.as_seq().is_some_and(<[Node]>::is_empty) => (
                list.span,
                format!("{title} has an empty `environments` list and no `subagents`"),
            ),
            Some(_) => continue,
        };
        cx.report(
            &MISSING_ENVIRONMENTS,
            span,
            &child(&agent.pointer, "environments"),
            message,
        )
        .label("no environment to act in")
        .help(format!(
            "give it an environment, such as {example}; only a manager with `subagents` may go \
             without"
        ));
    }
}
