//! Run limits: `max_steps`, `max_time_s`, `idle_timeout_s` and configured ceilings.

pub mod invalid_limit;
pub mod limit_above_ceiling;
pub mod unbounded_run;

use crate::Registered;

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::document(&invalid_limit::INVALID_LIMIT, invalid_limit::check),
    Registered::document(
        &limit_above_ceiling::LIMIT_ABOVE_CEILING,
        limit_above_ceiling::check,
    ),
    Registered::document(&unbounded_run::UNBOUNDED_RUN, unbounded_run::check),
];
