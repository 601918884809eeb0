use crate::context::child;
use crate::shared::agents::snippet;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a Browser with `page_chars` whose flat `mode` is not `text`, including a
    /// Browser without `mode` (which runs in `visual` mode).
    ///
    /// ## Why is this bad?
    /// `page_chars` sets how much page text the agent reads at a time in text mode; the API
    /// rejects it in the other modes.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: reader
    ///     kind: web
    ///     mode: visual
    ///     page_chars: 8000    # only with `mode: text`
    /// ```
    pub static PAGE_CHARS_WITHOUT_TEXT_MODE =
        ("page-chars-without-text-mode", "environments", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for env in cx.view.browsers() {
        let Some(entry) = env.node.entry("page_chars") else {
            continue;
        };
        if entry.value.is_null() {
            continue;
        }
        let mode = env.node.get("mode").filter(|m| !m.is_null());
        let (message, related) = match mode {
            None => (
                "`page_chars` is set, but `mode` is not (so it is `visual`); `page_chars` only \
                 applies to `mode: text`"
                    .to_string(),
                None,
            ),
            Some(mode) => match mode.as_str() {
                Some("text") => continue,
                Some(name) => (
                    format!(
                        "`page_chars` is set, but `mode` is `{name}`; `page_chars` only applies \
                         to `mode: text`"
                    ),
                    Some((mode.span, format!("`{name}` mode"))),
                ),
                // A `mode` object is `mixed-browser-shape`'s; other types are the structure pass's.
                None => continue,
            },
        };
        let help = format!(
            "set {} if the agent should read the page as text, or remove `page_chars`; the API \
             rejects it in other modes",
            snippet(cx, "mode", "text", "\"text\"")
        );
        let diagnostic = cx
            .report(
                &PAGE_CHARS_WITHOUT_TEXT_MODE,
                entry.key.span,
                &child(&env.pointer, "page_chars"),
                message,
            )
            .label("text mode only")
            .help(help);
        if let Some((span, label)) = related {
            diagnostic.related(span, label);
        }
    }
}
