//! Per-run `overrides`: paths, values and selectors.

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[];
