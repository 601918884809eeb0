//! Run limits: `max_steps`, `max_time_s`, `idle_timeout_s` and configured ceilings.

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[];
