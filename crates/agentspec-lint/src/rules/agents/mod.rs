//! Inline agents: names, descriptions, environments, tools, skills and models.

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[];
