//! Inline agents: names, descriptions, environments, tools, skills and models.

pub mod duplicate_environment_id;
pub mod duplicate_tool_name;
pub mod empty_skill_field;
pub mod invalid_name;
pub mod invalid_tool_name;
pub mod invalid_url_pattern;
pub mod missing_description;
pub mod missing_environments;
pub mod reserved_namespace;
pub mod support;
pub mod unknown_model;

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[
    crate::Registered {
        meta: &invalid_name::INVALID_NAME,
        check: Some(invalid_name::check),
    },
    crate::Registered {
        meta: &reserved_namespace::RESERVED_NAMESPACE,
        check: Some(reserved_namespace::check),
    },
    crate::Registered {
        meta: &missing_description::MISSING_DESCRIPTION,
        check: Some(missing_description::check),
    },
    crate::Registered {
        meta: &missing_environments::MISSING_ENVIRONMENTS,
        check: Some(missing_environments::check),
    },
    crate::Registered {
        meta: &duplicate_environment_id::DUPLICATE_ENVIRONMENT_ID,
        check: Some(duplicate_environment_id::check),
    },
    crate::Registered {
        meta: &unknown_model::UNKNOWN_MODEL,
        check: Some(unknown_model::check),
    },
    crate::Registered {
        meta: &invalid_tool_name::INVALID_TOOL_NAME,
        check: Some(invalid_tool_name::check),
    },
    crate::Registered {
        meta: &duplicate_tool_name::DUPLICATE_TOOL_NAME,
        check: Some(duplicate_tool_name::check),
    },
    crate::Registered {
        meta: &empty_skill_field::EMPTY_SKILL_FIELD,
        check: Some(empty_skill_field::check),
    },
    crate::Registered {
        meta: &invalid_url_pattern::INVALID_URL_PATTERN,
        check: Some(invalid_url_pattern::check),
    },
];
