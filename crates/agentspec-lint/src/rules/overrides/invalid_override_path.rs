use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an `overrides` key that is not a valid path into the session request. The path
    /// grammar is `.`-separated field names, each optionally followed by a `[field=value]`
    /// list-member selector; the rule reports malformed syntax (with the position), a name that
    /// is not a field at that point of the request (with the closest known field), a selector
    /// on a field that is not a list, and a selector value no member can have
    /// (`[kind=mobile]`). The label sits on the offending segment.
    ///
    /// ## Why is this bad?
    /// The server applies each override to the resolved request by its path; a path that names
    /// nothing overrides nothing, so the run silently goes ahead without the intended setting
    /// (or the request is rejected: the error behaviour is undocumented).
    ///
    /// ## Example
    /// ```yaml session
    /// agent: acme/price-finder
    /// overrides:
    ///   agent.environments[kind=web].start_ur: https://www.bing.com   # did you mean `start_url`?
    /// ```
    pub static INVALID_OVERRIDE_PATH = ("invalid-override-path", "overrides", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for site in &cx.view.overrides {
        let Err(error) = site.path() else {
            continue;
        };
        let span = agentspec_syntax::key_span(cx.source, &site.entry.key, error.range.clone());
        cx.report(&INVALID_OVERRIDE_PATH, span, &site.pointer, &error.message)
            .label(&error.label)
            .help_some(error.help.as_deref());
    }
}
