use crate::context::child;
use crate::shared::agents::snippet;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a proxy (`network.proxy_url` or `network.managed_proxy`) on a Browser with
    /// `headless: true`.
    ///
    /// ## Why is this bad?
    /// The sources disagree: the create-environment page says "only headful chromium sessions
    /// support a proxy", while the OpenAPI file says proxies work headful and headless. If the
    /// page is right, the browser silently runs without the proxy (and from the wrong country).
    /// The project reports it as a warning.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     headless: true         # a proxy may need a headful browser
    ///     network:
    ///       managed_proxy:
    ///         country: FR
    /// ```
    pub static PROXY_ON_HEADLESS = ("proxy-on-headless", "environments", Warning, policy);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for env in cx.view.browsers() {
        let Some(headless) = env
            .node
            .get("headless")
            .filter(|h| h.as_bool() == Some(true))
        else {
            continue;
        };
        let Some(network) = env.node.get("network") else {
            continue;
        };
        let Some(proxy) = ["proxy_url", "managed_proxy"]
            .iter()
            .filter_map(|key| network.entry(key))
            .find(|e| !e.value.is_null())
        else {
            continue;
        };
        let help = format!(
            "set {} so the proxy is applied for sure; the OpenAPI file says headless works too, \
             so this is a warning (a project policy)",
            snippet(cx, "headless", "false", "false")
        );
        cx.report(
            &PROXY_ON_HEADLESS,
            proxy.key.span,
            &child(&child(&env.pointer, "network"), &proxy.key.text),
            format!(
                "`{}` on a headless browser: the create-environment page says only headful \
                 Chromium supports a proxy",
                proxy.key.text
            ),
        )
        .label("proxy")
        .related(headless.span, "headless")
        .help(help);
    }
}
