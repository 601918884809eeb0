use std::collections::HashMap;

use crate::context::child;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an agent with two inline environments of the same `kind` (two browsers, say).
    /// The label sits on the second; the first is shown beside it.
    ///
    /// ## Why is this bad?
    /// An agent has at most one environment per kind; the API answers 422 "duplicate
    /// environment kind". A missing `kind` counts as `web`.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: search
    ///     kind: web
    ///   - id: shop
    ///     kind: web         # a second `web` environment
    /// ```
    pub static DUPLICATE_ENVIRONMENT_KIND = ("duplicate-environment-kind", "environments", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let mut first: HashMap<(usize, String), agentspec_syntax::Span> = HashMap::new();
    for env in &cx.view.environments {
        let kind_node = env.node.get("kind");
        let kind = kind_node
            .and_then(|k| k.as_str())
            .unwrap_or("web")
            .to_string();
        let span = kind_node.map_or_else(|| env.node.span, |k| k.span);
        match first.get(&(env.agent, kind.clone())) {
            Some(&earlier) => {
                cx.report(
                    &DUPLICATE_ENVIRONMENT_KIND,
                    span,
                    &child(&env.pointer, "kind"),
                    format!("a second `{kind}` environment in the same agent"),
                )
                .label(format!("second `{kind}` environment"))
                .related(earlier, format!("first `{kind}` environment"))
                .help("keep one environment of each kind; merge their settings");
            }
            None => {
                first.insert((env.agent, kind), span);
            }
        }
    }
}
