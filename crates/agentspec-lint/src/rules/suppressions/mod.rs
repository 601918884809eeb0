//! Inline suppressions: comments that silence a rule on one line, checked for use and form.
//!
//! The findings of this group come from [`crate::suppress`], after every other rule has run.

pub mod invalid_suppression;
pub mod unused_suppression;

/// The rules of this group.
use crate::{Registered, Run};

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::by(&unused_suppression::UNUSED_SUPPRESSION, Run::Suppressions),
    Registered::by(&invalid_suppression::INVALID_SUPPRESSION, Run::Suppressions),
];
