//! Per-run `overrides`: paths, values and selectors.

pub mod invalid_override_path;
pub mod invalid_override_value;
pub mod override_selector_unmatched;

use crate::Registered;

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::document(
        &invalid_override_path::INVALID_OVERRIDE_PATH,
        invalid_override_path::check,
    ),
    Registered::document(
        &invalid_override_value::INVALID_OVERRIDE_VALUE,
        invalid_override_value::check,
    ),
    Registered::document(
        &override_selector_unmatched::OVERRIDE_SELECTOR_UNMATCHED,
        override_selector_unmatched::check,
    ),
];
