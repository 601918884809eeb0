use agentspec_model::limits;
use agentspec_syntax::Node;

use crate::context::child;
use crate::{declare_rule, Context, SpecKind};

declare_rule! {
    /// ## What it does
    /// Reports a run limit out of its range, such as `max_steps: 0`, or an integer limit beyond
    /// the largest the API's field takes (18446744073709551615). It checks `max_steps`
    /// (>= 1), `max_time_s` (> 0), `idle_timeout_s` (>= 1 or null), `delete_after_min` and
    /// `delete_screenshot_after_min` (>= 1 or null), at the top of a session or as an override
    /// of the same name. Values of the wrong type (a string, a fractional `max_steps`) are reported by
    /// `wrong-type` instead.
    ///
    /// ## Why is this bad?
    /// The API validates these ranges (OpenAPI `minimum` and `exclusiveMinimum`) and answers
    /// 422. A zero is never "no limit": leave the field out, or set it to null, for that.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// max_steps: 0          # expected an integer >= 1, found `0`
    /// idle_timeout_s: -30   # expected an integer >= 1 or null, found `-30`
    /// ```
    pub static INVALID_LIMIT = ("invalid-limit", "limits", Error);
}

/// The range a limit field accepts.
struct Range {
    field: &'static str,
    /// Whether the field is an integer (else any number).
    integer: bool,
    /// The bound, and whether it is exclusive.
    min: f64,
    exclusive: bool,
    /// Whether the message mentions null as the other accepted value.
    nullable: bool,
    /// What to write instead.
    help: &'static str,
}

const RANGES: &[Range] = &[
    Range {
        field: "max_steps",
        integer: true,
        min: limits::MAX_STEPS_MIN as f64,
        exclusive: false,
        nullable: false,
        help: "set `max_steps` to the most steps the run may take (a step is one decide-and-act \
               cycle), or remove it",
    },
    Range {
        field: "max_time_s",
        integer: false,
        min: limits::MAX_TIME_S_EXCLUSIVE_MIN,
        exclusive: true,
        nullable: false,
        help: "set `max_time_s` to the seconds the run may take, or remove it",
    },
    Range {
        field: "idle_timeout_s",
        integer: true,
        min: limits::IDLE_TIMEOUT_S_MIN as f64,
        exclusive: false,
        nullable: true,
        help: "set `idle_timeout_s` to the seconds to wait for a follow-up message, \
               or to null for a one-shot run",
    },
    Range {
        field: "delete_after_min",
        integer: true,
        min: limits::RETENTION_MINUTES_MIN as f64,
        exclusive: false,
        nullable: true,
        help: "set `delete_after_min` to the minutes to keep the session, or to null to keep it",
    },
    Range {
        field: "delete_screenshot_after_min",
        integer: true,
        min: limits::RETENTION_MINUTES_MIN as f64,
        exclusive: false,
        nullable: true,
        help: "set `delete_screenshot_after_min` to the minutes to keep screenshots, or to null \
               to keep them",
    },
];

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    if cx.kind != SpecKind::Session {
        return;
    }
    let root = cx.root;
    // A limit may also be set per run, as an override keyed by its name.
    for range in RANGES {
        let own = root
            .get(range.field)
            .map(|node| (node, child("", range.field)));
        if let Some((node, pointer)) = own {
            if !in_range(node, range) {
                report(cx, node, &pointer, range);
            }
        }
        for site in cx.view.overrides.iter().filter(|o| o.key == range.field) {
            if !in_range(&site.entry.value, range) {
                report(cx, &site.entry.value, &site.pointer, range);
            }
        }
    }
}

fn report(cx: &Context<'_>, node: &Node, pointer: &str, range: &Range) {
    let found = cx.text(node.span);
    let bound = if range.integer && too_large(node) {
        format!("<= {}", u64::MAX)
    } else if range.exclusive {
        format!("> {}", range.min)
    } else {
        format!(">= {}", range.min)
    };
    let expected = format!(
        "{} {bound}{}",
        if range.integer {
            "an integer"
        } else {
            "a number"
        },
        if range.nullable { " or null" } else { "" }
    );
    cx.report(
        &INVALID_LIMIT,
        node.span,
        pointer,
        format!("`{}` expects {expected}, found `{found}`", range.field),
    )
    .label(format!("must be {bound}"))
    .help(range.help);
}

/// Whether `node` is within range, or not a number of the field's type (which `wrong-type`
/// reports).
fn in_range(node: &Node, range: &Range) -> bool {
    let Some(value) = node.as_f64() else {
        return true;
    };
    if range.integer && node.type_name() != "integer" {
        return true;
    }
    if range.integer && too_large(node) {
        return false;
    }
    if range.exclusive {
        value > range.min
    } else {
        value >= range.min
    }
}

/// Whether `node` is an integer beyond `u64`, the type of every integer limit of the API's
/// request (its digits are kept; its value is only an `f64`).
fn too_large(node: &Node) -> bool {
    match &node.value {
        agentspec_syntax::Value::Number(n) => {
            n.as_u64().is_none() && n.as_f64().is_some_and(|f| f >= u64::MAX as f64)
        }
        _ => false,
    }
}
