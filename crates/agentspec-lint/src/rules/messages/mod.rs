//! Initial messages and session tags: text, images, `caller_id`, `parent_session_id`, `group_id`.

pub mod empty_group_id;
pub mod empty_message;
pub mod image_limits;
pub mod image_type_mismatch;
pub mod invalid_image;
pub mod invalid_parent_session_id;
pub mod no_messages;
pub mod unknown_caller_id;

use crate::Registered;

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::document(&no_messages::NO_MESSAGES, no_messages::check),
    Registered::document(&empty_message::EMPTY_MESSAGE, empty_message::check),
    Registered::document(&invalid_image::INVALID_IMAGE, invalid_image::check),
    Registered::document(
        &image_type_mismatch::IMAGE_TYPE_MISMATCH,
        image_type_mismatch::check,
    ),
    Registered::document(&image_limits::IMAGE_LIMITS, image_limits::check),
    Registered::document(
        &unknown_caller_id::UNKNOWN_CALLER_ID,
        unknown_caller_id::check,
    ),
    Registered::document(
        &invalid_parent_session_id::INVALID_PARENT_SESSION_ID,
        invalid_parent_session_id::check,
    ),
    Registered::document(&empty_group_id::EMPTY_GROUP_ID, empty_group_id::check),
];
