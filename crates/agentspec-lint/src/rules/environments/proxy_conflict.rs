use crate::context::child;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a Browser `network` that sets both `proxy_url` and `managed_proxy`.
    ///
    /// ## Why is this bad?
    /// The two are mutually exclusive (OpenAPI): a browser goes through your own proxy or
    /// through one the platform manages, not both. The API answers 422.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product as French shoppers see it
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     network:
    ///       proxy_url: http://user:pass@proxy.example.com:3128
    ///       managed_proxy:      # keep one of the two
    ///         country: FR
    /// ```
    pub static PROXY_CONFLICT = ("proxy-conflict", "environments", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for env in cx.view.browsers() {
        let Some(network) = env.node.get("network") else {
            continue;
        };
        let set = |key: &str| network.entry(key).filter(|e| !e.value.is_null());
        let (Some(own), Some(managed)) = (set("proxy_url"), set("managed_proxy")) else {
            continue;
        };
        let (first, second) = if own.key.span.start < managed.key.span.start {
            (own, managed)
        } else {
            (managed, own)
        };
        cx.report(
            &PROXY_CONFLICT,
            second.key.span,
            &child(&child(&env.pointer, "network"), &second.key.text),
            "`network` sets both `proxy_url` and `managed_proxy`; they are mutually exclusive",
        )
        .label(format!("`{}` here", second.key.text))
        .related(first.key.span, format!("`{}` here", first.key.text))
        .help(
            "keep one: `proxy_url` for your own proxy, or `managed_proxy` for one the platform \
             provides",
        );
    }
}
