//! Initial messages and session tags: text, images, `caller_id`, `parent_session_id`, `group_id`.

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[];
