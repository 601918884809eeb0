//! Inline suppressions: comments that silence a rule on one line, checked for use and form.
//!
//! The findings of this group come from [`crate::suppress`], after every other rule has run.

pub mod invalid_suppression;
pub mod unused_suppression;

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[
    crate::Registered {
        meta: &unused_suppression::UNUSED_SUPPRESSION,
        check: None,
    },
    crate::Registered {
        meta: &invalid_suppression::INVALID_SUPPRESSION,
        check: None,
    },
];
