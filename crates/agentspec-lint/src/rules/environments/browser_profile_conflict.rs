use crate::context::child;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a Browser that sets both `browser_profile_id` and
    /// `use_default_browser_profile: true`, or that sets `persist_browser_profile: true`
    /// without any profile.
    ///
    /// ## Why is this bad?
    /// A browser starts from one profile: a given one, or the organisation's default, never
    /// both (OpenAPI: mutually exclusive). Persisting saves the profile back at the end, which
    /// needs a profile to save to. The API answers 422 to either.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     persist_browser_profile: true   # needs `browser_profile_id`
    /// ```
    pub static BROWSER_PROFILE_CONFLICT = ("browser-profile-conflict", "environments", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for env in cx.view.browsers() {
        let node = env.node;
        let profile = node
            .entry("browser_profile_id")
            .filter(|e| !e.value.is_null());
        let default = node
            .entry("use_default_browser_profile")
            .filter(|e| e.value.as_bool() == Some(true));
        if let (Some(profile), Some(default)) = (profile, default) {
            let (first, second) = if profile.key.span.start < default.key.span.start {
                (profile, default)
            } else {
                (default, profile)
            };
            cx.report(
                &BROWSER_PROFILE_CONFLICT,
                second.key.span,
                &child(&env.pointer, &second.key.text),
                "`browser_profile_id` and `use_default_browser_profile: true` both choose the \
                 profile; they are mutually exclusive",
            )
            .label(format!("`{}` here", second.key.text))
            .related(first.key.span, format!("`{}` here", first.key.text))
            .help(
                "keep `browser_profile_id` to start from that profile, or \
                 `use_default_browser_profile: true` for the organisation's default",
            );
        }
        let persist = node
            .entry("persist_browser_profile")
            .filter(|e| e.value.as_bool() == Some(true));
        if let (Some(persist), None, None) = (persist, profile, default) {
            cx.report(
                &BROWSER_PROFILE_CONFLICT,
                persist.value.span,
                &child(&env.pointer, "persist_browser_profile"),
                "`persist_browser_profile: true` without a profile to save to",
            )
            .label("no profile to persist")
            .help(
                "set `browser_profile_id` (or `use_default_browser_profile: true`), or remove \
                 `persist_browser_profile`",
            );
        }
    }
}
