//! Run limits: `max_steps`, `max_time_s`, `idle_timeout_s` and configured ceilings.

pub mod invalid_limit;
pub mod limit_above_ceiling;
pub mod unbounded_run;

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[
    crate::Registered {
        meta: &invalid_limit::INVALID_LIMIT,
        check: Some(invalid_limit::check),
    },
    crate::Registered {
        meta: &limit_above_ceiling::LIMIT_ABOVE_CEILING,
        check: Some(limit_above_ceiling::check),
    },
    crate::Registered {
        meta: &unbounded_run::UNBOUNDED_RUN,
        check: Some(unbounded_run::check),
    },
];
