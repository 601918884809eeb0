use crate::context::key_span;
use crate::{declare_rule, Context, SpecKind};

declare_rule! {
    /// ## What it does
    /// Reports a session that sets neither `max_steps` nor `max_time_s` (or sets both to
    /// null), at the top or in `overrides`. The label sits on the `agent` key.
    ///
    /// ## Why is this bad?
    /// Without a cap the run may go on until the agent decides to answer: the OpenAPI file
    /// says an absent `max_steps` is unbounded, the docs that it falls back to an undocumented
    /// runtime value. Either way, steps are billed and the session holds a slot of the
    /// concurrency quota. Requiring a bound is project policy.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b     # no `max_steps` or `max_time_s`
    /// messages:
    ///   - type: user_message
    ///     message: Top 3 stories on Hacker News?
    /// ```
    pub static UNBOUNDED_RUN = ("unbounded-run", "limits", Warning, policy);
}

const CAPS: [&str; 2] = ["max_steps", "max_time_s"];

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    if cx.kind != SpecKind::Session {
        return;
    }
    let root = cx.root;
    // A cap set per run, as an override keyed by its name, bounds the run too.
    let overridden = |cap: &str| {
        cx.view
            .overrides
            .iter()
            .find(|o| o.key == cap)
            .map(|o| &o.entry.value)
    };
    if CAPS.iter().any(|cap| {
        [root.get(cap), overridden(cap)]
            .into_iter()
            .flatten()
            .any(|n| !n.is_null())
    }) {
        return;
    }
    let span = root
        .entry("agent")
        .map(|e| e.key.span)
        .or_else(|| root.as_map().and_then(|m| m.first()).map(|e| e.key.span))
        .unwrap_or(root.span);
    let mut diagnostic = cx
        .report(
            &UNBOUNDED_RUN,
            span,
            "",
            "the run is unbounded: neither `max_steps` nor `max_time_s` is set",
        )
        .label("this session has no step or time cap")
        .help(
            "add `max_steps` (such as `max_steps: 30`) or `max_time_s`; requiring a bound is \
             project policy",
        );
    for cap in CAPS {
        if root.get(cap).is_some() {
            diagnostic = diagnostic.related(key_span(root, cap), format!("`{cap}` is null"));
        }
    }
}
