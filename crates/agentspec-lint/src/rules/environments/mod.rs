//! Environments of inline agents: kinds, ids, and the Browser and Desktop field rules.

pub mod browser_profile_conflict;
pub mod desktop_host;
pub mod duplicate_environment_kind;
pub mod invalid_browser_size;
pub mod invalid_start_url;
pub mod mixed_browser_shape;
pub mod page_chars_without_text_mode;
pub mod proxy_conflict;
pub mod proxy_on_headless;
pub mod unknown_environment_kind;

use crate::view::EnvironmentSite;
use crate::Context;

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
    crate::Registered {
        meta: &invalid_browser_size::INVALID_BROWSER_SIZE,
        check: Some(invalid_browser_size::check),
    },
    crate::Registered {
        meta: &invalid_start_url::INVALID_START_URL,
        check: Some(invalid_start_url::check),
    },
    crate::Registered {
        meta: &page_chars_without_text_mode::PAGE_CHARS_WITHOUT_TEXT_MODE,
        check: Some(page_chars_without_text_mode::check),
    },
    crate::Registered {
        meta: &mixed_browser_shape::MIXED_BROWSER_SHAPE,
        check: Some(mixed_browser_shape::check),
    },
    crate::Registered {
        meta: &proxy_conflict::PROXY_CONFLICT,
        check: Some(proxy_conflict::check),
    },
    crate::Registered {
        meta: &proxy_on_headless::PROXY_ON_HEADLESS,
        check: Some(proxy_on_headless::check),
    },
    crate::Registered {
        meta: &browser_profile_conflict::BROWSER_PROFILE_CONFLICT,
        check: Some(browser_profile_conflict::check),
    },
    crate::Registered {
        meta: &desktop_host::DESKTOP_HOST,
        check: Some(desktop_host::check),
    },
];

/// The inline Browser environments (`kind: web`, or no `kind`) of the inline agents.
pub fn browsers<'a>(cx: &Context<'a>) -> Vec<EnvironmentSite<'a>> {
    cx.view
        .environments
        .iter()
        .filter(|env| match env.node.get("kind") {
            None => true,
            Some(kind) => kind.as_str() == Some("web"),
        })
        .cloned()
        .collect()
}
