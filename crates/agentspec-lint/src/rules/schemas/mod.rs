//! Embedded JSON Schemas: `answer_format` and tool `input_schema`.
//!
//! Which draft a schema follows, its keywords, the subschema walk and `$ref` resolution live in
//! `agentspec-jsonschema`, shared with the code generator and `check-answer`.

pub mod duplicate_answer_format;
pub mod invalid_schema;
pub mod remote_ref;
pub mod required_not_in_properties;
pub mod schema_root_not_object;
pub mod unknown_format;
pub mod unknown_schema_keyword;
pub mod unresolved_ref;
pub mod unsupported_schema_dialect;
pub mod untyped_keyword;

use crate::Registered;

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::document(
        &unsupported_schema_dialect::UNSUPPORTED_SCHEMA_DIALECT,
        unsupported_schema_dialect::check,
    ),
    Registered::document(&invalid_schema::INVALID_SCHEMA, invalid_schema::check),
    Registered::document(
        &unknown_schema_keyword::UNKNOWN_SCHEMA_KEYWORD,
        unknown_schema_keyword::check,
    ),
    Registered::document(&unknown_format::UNKNOWN_FORMAT, unknown_format::check),
    Registered::document(
        &required_not_in_properties::REQUIRED_NOT_IN_PROPERTIES,
        required_not_in_properties::check,
    ),
    Registered::document(&remote_ref::REMOTE_REF, remote_ref::check),
    Registered::document(&unresolved_ref::UNRESOLVED_REF, unresolved_ref::check),
    Registered::document(
        &schema_root_not_object::SCHEMA_ROOT_NOT_OBJECT,
        schema_root_not_object::check,
    ),
    Registered::document(&untyped_keyword::UNTYPED_KEYWORD, untyped_keyword::check),
    Registered::document(
        &duplicate_answer_format::DUPLICATE_ANSWER_FORMAT,
        duplicate_answer_format::check,
    ),
];
