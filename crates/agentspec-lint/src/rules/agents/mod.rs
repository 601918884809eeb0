//! Inline agents: names, descriptions, environments, tools, skills and models.

pub mod duplicate_environment_id;
pub mod duplicate_tool_name;
pub mod empty_skill_field;
pub mod empty_tool_description;
pub mod invalid_name;
pub mod invalid_tool_name;
pub mod invalid_url_pattern;
pub mod missing_description;
pub mod missing_environments;
pub mod reserved_namespace;
pub mod unknown_model;

use crate::Registered;

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::document(&invalid_name::INVALID_NAME, invalid_name::check),
    Registered::document(
        &reserved_namespace::RESERVED_NAMESPACE,
        reserved_namespace::check,
    ),
    Registered::document(
        &missing_description::MISSING_DESCRIPTION,
        missing_description::check,
    ),
    Registered::document(
        &missing_environments::MISSING_ENVIRONMENTS,
        missing_environments::check,
    ),
    Registered::document(
        &duplicate_environment_id::DUPLICATE_ENVIRONMENT_ID,
        duplicate_environment_id::check,
    ),
    Registered::document(&unknown_model::UNKNOWN_MODEL, unknown_model::check),
    Registered::document(
        &invalid_tool_name::INVALID_TOOL_NAME,
        invalid_tool_name::check,
    ),
    Registered::document(
        &duplicate_tool_name::DUPLICATE_TOOL_NAME,
        duplicate_tool_name::check,
    ),
    Registered::document(
        &empty_skill_field::EMPTY_SKILL_FIELD,
        empty_skill_field::check,
    ),
    Registered::document(
        &empty_tool_description::EMPTY_TOOL_DESCRIPTION,
        empty_tool_description::check,
    ),
    Registered::document(
        &invalid_url_pattern::INVALID_URL_PATTERN,
        invalid_url_pattern::check,
    ),
];
