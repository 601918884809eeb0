//! Environments of inline agents: kinds, ids, and the Browser and Desktop field rules.

pub mod browser_profile_conflict;
pub mod desktop_host;
pub mod duplicate_environment_kind;
pub mod invalid_browser_size;
pub mod invalid_proxy_url;
pub mod invalid_start_url;
pub mod mixed_browser_shape;
pub mod page_chars_without_text_mode;
pub mod proxy_conflict;
pub mod proxy_on_headless;
pub mod unknown_environment_kind;

use crate::{Registered, Run};

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::by(
        &unknown_environment_kind::UNKNOWN_ENVIRONMENT_KIND,
        Run::Structure,
    ),
    Registered::document(
        &duplicate_environment_kind::DUPLICATE_ENVIRONMENT_KIND,
        duplicate_environment_kind::check,
    ),
    Registered::document(
        &invalid_browser_size::INVALID_BROWSER_SIZE,
        invalid_browser_size::check,
    ),
    Registered::document(
        &invalid_start_url::INVALID_START_URL,
        invalid_start_url::check,
    ),
    Registered::document(
        &page_chars_without_text_mode::PAGE_CHARS_WITHOUT_TEXT_MODE,
        page_chars_without_text_mode::check,
    ),
    Registered::document(
        &mixed_browser_shape::MIXED_BROWSER_SHAPE,
        mixed_browser_shape::check,
    ),
    Registered::document(&proxy_conflict::PROXY_CONFLICT, proxy_conflict::check),
    Registered::document(
        &invalid_proxy_url::INVALID_PROXY_URL,
        invalid_proxy_url::check,
    ),
    Registered::document(
        &proxy_on_headless::PROXY_ON_HEADLESS,
        proxy_on_headless::check,
    ),
    Registered::document(
        &browser_profile_conflict::BROWSER_PROFILE_CONFLICT,
        browser_profile_conflict::check,
    ),
    Registered::document(&desktop_host::DESKTOP_HOST, desktop_host::check),
];
