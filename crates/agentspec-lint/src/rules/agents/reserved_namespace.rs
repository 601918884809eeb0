use agentspec_model::limits;
use agentspec_syntax::Node;

use crate::context::child;
use agentspec_syntax::value_span;

use crate::shared::agents::items;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an agent, environment or skill defined in a spec under the `h/` namespace.
    /// Referring to `h/` names (`agent: h/web-surfer-holo3-1-35b`, `environments: [h/browser]`)
    /// is fine; defining one is not.
    ///
    /// ## Why is this bad?
    /// `h/` belongs to H Company: its names are shared read-only with every organisation, and
    /// the API answers 403 to anyone else defining one.
    ///
    /// ## Example
    /// ```yaml session
    /// agent:
    ///   name: h/my-surfer         # `h/` is reserved; write `my-surfer` or `acme/my-surfer`
    ///   description: Browses the web
    ///   environments: [h/browser] # a reference: fine
    /// ```
    pub static RESERVED_NAMESPACE = ("reserved-namespace", "agents", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let mut sites: Vec<(&Node, String, &str)> = Vec::new();
    for agent in &cx.view.agents {
        if let Some(name) = agent.node.get("name") {
            sites.push((name, child(&agent.pointer, "name"), "agent"));
        }
    }
    for env in &cx.view.environments {
        if let Some(id) = env.node.get("id") {
            sites.push((id, child(&env.pointer, "id"), "environment"));
        }
    }
    for item in items(cx, "skills") {
        if let Some(name) = item.node.get("name") {
            sites.push((name, child(&item.pointer, "name"), "skill"));
        }
    }
    let ns = limits::RESERVED_NAMESPACE;
    for (node, pointer, what) in sites {
        let Some(name) = node.as_str() else { continue };
        let Some(rest) = name.strip_prefix(ns).and_then(|r| r.strip_prefix('/')) else {
            continue;
        };
        let prefix = ns.len() + 1;
        let span = value_span(cx.source, node, 0..prefix);
        let help = if rest.is_empty() || rest.contains('/') {
            "define it under your organisation's namespace, or without a prefix".to_string()
        } else {
            format!(
                "define it without the prefix (`{rest}`) or under your organisation's namespace, \
                 such as `acme/{rest}`; to use H's own {what}, refer to it by name instead"
            )
        };
        cx.report(
            &RESERVED_NAMESPACE,
            span,
            &pointer,
            format!(
                "{what} `{name}` is defined under the reserved namespace `{ns}/`; \
                 the API answers 403"
            ),
        )
        .label(format!("`{ns}/` belongs to H Company"))
        .help(help);
    }
}
