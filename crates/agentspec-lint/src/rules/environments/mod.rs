//! Environments of inline agents: kinds, ids, and the Browser and Desktop field rules.

pub mod duplicate_environment_kind;
pub mod unknown_environment_kind;

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[
    crate::Registered {
        meta: &unknown_environment_kind::UNKNOWN_ENVIRONMENT_KIND,
        check: None,
    },
    crate::Registered {
        meta: &duplicate_environment_kind::DUPLICATE_ENVIRONMENT_KIND,
        check: Some(duplicate_environment_kind::check),
    },
];
