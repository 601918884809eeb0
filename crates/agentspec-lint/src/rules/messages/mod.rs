//! Initial messages and session tags: text, images, `caller_id`, `parent_session_id`, `group_id`.

pub mod empty_group_id;
pub mod empty_message;
pub mod image;
pub mod image_limits;
pub mod image_type_mismatch;
pub mod invalid_image;
pub mod invalid_parent_session_id;
pub mod no_messages;
pub mod unknown_caller_id;

/// The rules of this group.
pub const RULES: &[crate::Registered] = &[
    crate::Registered {
        meta: &no_messages::NO_MESSAGES,
        check: Some(no_messages::check),
    },
    crate::Registered {
        meta: &empty_message::EMPTY_MESSAGE,
        check: Some(empty_message::check),
    },
    crate::Registered {
        meta: &invalid_image::INVALID_IMAGE,
        check: Some(invalid_image::check),
    },
    crate::Registered {
        meta: &image_type_mismatch::IMAGE_TYPE_MISMATCH,
        check: Some(image_type_mismatch::check),
    },
    crate::Registered {
        meta: &image_limits::IMAGE_LIMITS,
        check: Some(image_limits::check),
    },
    crate::Registered {
        meta: &unknown_caller_id::UNKNOWN_CALLER_ID,
        check: Some(unknown_caller_id::check),
    },
    crate::Registered {
        meta: &invalid_parent_session_id::INVALID_PARENT_SESSION_ID,
        check: Some(invalid_parent_session_id::check),
    },
    crate::Registered {
        meta: &empty_group_id::EMPTY_GROUP_ID,
        check: Some(empty_group_id::check),
    },
];
