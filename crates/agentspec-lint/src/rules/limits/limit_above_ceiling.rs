use crate::context::child;
use crate::{declare_rule, Context, SpecKind};

declare_rule! {
    /// ## What it does
    /// Reports `max_steps`, `max_time_s` or `idle_timeout_s` above the ceiling the project
    /// configured for it (`max_steps_ceiling`, `max_time_s_ceiling`, `idle_timeout_s_ceiling`).
    /// No ceiling is set by default, so the rule reports nothing until one is configured.
    ///
    /// ## Why is this bad?
    /// The API documents no upper bound, but every step and second is billed and holds a slot
    /// of the organisation's concurrency quota. A ceiling keeps a typo (`max_steps: 2000`) from
    /// turning into a long, costly run. This is project policy.
    ///
    /// ## Example
    /// ```yaml session
    /// # with a max_steps_ceiling of 100
    /// agent: h/web-surfer-holo3-1-35b
    /// max_steps: 2000      # above the configured ceiling of 100
    /// ```
    pub static LIMIT_ABOVE_CEILING = ("limit-above-ceiling", "limits", Error, policy);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    if cx.kind != SpecKind::Session {
        return;
    }
    let policy = &cx.options.policy;
    let ceilings = [
        (
            "max_steps",
            "max_steps_ceiling",
            policy.max_steps_ceiling.map(|c| c as f64),
        ),
        (
            "max_time_s",
            "max_time_s_ceiling",
            policy.max_time_s_ceiling,
        ),
        (
            "idle_timeout_s",
            "idle_timeout_s_ceiling",
            policy.idle_timeout_s_ceiling.map(|c| c as f64),
        ),
    ];
    let root = cx.root;
    for (field, setting, ceiling) in ceilings {
        let Some(ceiling) = ceiling else { continue };
        let Some(node) = root.get(field) else {
            continue;
        };
        let Some(value) = node.as_f64() else { continue };
        if value <= ceiling {
            continue;
        }
        let found = cx.text(node.span);
        cx.report(
            &LIMIT_ABOVE_CEILING,
            node.span,
            &child("", field),
            format!("`{field}` is {found}, above the configured ceiling of {ceiling}"),
        )
        .label(format!("above {ceiling}"))
        .help(format!(
            "lower `{field}` to {ceiling} or less; the ceiling is project policy \
             (`{setting}` in the configuration)"
        ));
    }
}
