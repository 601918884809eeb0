//! Embedded JSON Schemas: `answer_format` and tool `input_schema`.

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[];
