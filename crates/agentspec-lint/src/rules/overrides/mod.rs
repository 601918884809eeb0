//! Per-run `overrides`: paths, values and selectors.

pub mod invalid_override_path;
pub mod invalid_override_value;
pub mod override_selector_unmatched;
pub mod path;

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[
    crate::Registered {
        meta: &invalid_override_path::INVALID_OVERRIDE_PATH,
        check: Some(invalid_override_path::check),
    },
    crate::Registered {
        meta: &invalid_override_value::INVALID_OVERRIDE_VALUE,
        check: Some(invalid_override_value::check),
    },
    crate::Registered {
        meta: &override_selector_unmatched::OVERRIDE_SELECTOR_UNMATCHED,
        check: Some(override_selector_unmatched::check),
    },
];
