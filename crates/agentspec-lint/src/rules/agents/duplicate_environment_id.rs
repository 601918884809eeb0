use std::collections::HashMap;

use agentspec_syntax::Span;

use crate::context::child;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports two inline environments of one agent that share an `id`. The label sits on the
    /// second; the first is shown beside it.
    ///
    /// ## Why is this bad?
    /// Environment ids name an agent's environments (and overrides select them by id); they
    /// must be unique within an agent, and the API rejects duplicates.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/desk-assistant
    /// description: Files expense reports from the user's desktop and the web
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///   - id: browser      # a second environment with id `browser`
    ///     kind: desktop
    ///     host: user_device
    /// ```
    pub static DUPLICATE_ENVIRONMENT_ID = ("duplicate-environment-id", "agents", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let mut first: HashMap<(usize, String), Span> = HashMap::new();
    for env in &cx.view.environments {
        let Some(node) = env.node.get("id") else {
            continue;
        };
        let Some(id) = node.as_str() else { continue };
        match first.get(&(env.agent, id.to_string())) {
            Some(&earlier) => {
                cx.report(
                    &DUPLICATE_ENVIRONMENT_ID,
                    node.span,
                    &child(&env.pointer, "id"),
                    format!("a second environment with id `{id}` in the same agent"),
                )
                .label(format!("second `{id}`"))
                .related(earlier, format!("first `{id}`"))
                .help("give each environment of an agent its own id");
            }
            None => {
                first.insert((env.agent, id.to_string()), node.span);
            }
        }
    }
}
