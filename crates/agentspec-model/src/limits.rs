//! Every documented limit and policy default, named once. Rules refer to these, never to literals.

/// Longest accepted `Idempotency-Key` (the docs say 128, the OpenAPI file 255: the stricter wins).
pub const IDEMPOTENCY_KEY_MAX_LEN: usize = 128;
/// Longest agent, environment or skill name, namespace included.
pub const NAME_MAX_LEN: usize = 127;
/// Longest segment of a name (the namespace or the bare name).
pub const NAME_SEGMENT_MAX_LEN: usize = 63;
/// The namespace owned by H Company: its names may be referenced, never defined in a spec.
pub const RESERVED_NAMESPACE: &str = "h";
/// Longest custom tool name.
pub const TOOL_NAME_MAX_LEN: usize = 64;
/// Longest skill `url_pattern`.
pub const URL_PATTERN_MAX_LEN: usize = 1024;
/// Smallest `max_steps` the API accepts.
pub const MAX_STEPS_MIN: u64 = 1;
/// Default Browser viewport width and height, in pixels.
pub const BROWSER_DEFAULT_SIZE: u64 = 1200;
/// Default text-mode chunk size (`page_chars` / `chunk_size`), in characters.
pub const BROWSER_DEFAULT_CHUNK_SIZE: u64 = 20_000;
/// Largest `wait_for_seconds` of the changes long-poll.
pub const WAIT_FOR_SECONDS_MAX: u64 = 25;
/// Policy: images per message above which a warning is given (the Models API's own limit).
pub const MAX_IMAGES_PER_MESSAGE: usize = 5;
/// Policy: decoded image size above which a warning is given (5 MiB).
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// The model used when an agent sets none.
pub const DEFAULT_MODEL: &str = "holo3-122b-a10b";
/// Policy: the Holo model ids known to exist (configurable).
pub const KNOWN_MODELS: &[&str] = &["holo3-122b-a10b", "holo3-1-35b-a3b", "holo3-35b-a3b"];
/// `caller_id` values the API documents.
pub const KNOWN_CALLER_IDS: &[&str] = &["user", "system", "subagent"];
/// Image media types accepted in message data URIs.
pub const IMAGE_MEDIA_TYPES: &[&str] = &["image/png", "image/jpeg", "image/webp", "image/gif"];
/// Prefix of file-local extension keys at the top of a spec file (never reported, never sent).
pub const EXTENSION_PREFIX: &str = "x-";
/// `max_time_s` must be above this many seconds (exclusive minimum).
pub const MAX_TIME_S_EXCLUSIVE_MIN: f64 = 0.0;
/// Smallest `idle_timeout_s` the API accepts (an integer > 0), in seconds.
pub const IDLE_TIMEOUT_S_MIN: u64 = 1;
/// Smallest `delete_after_min` / `delete_screenshot_after_min`, in minutes.
pub const RETENTION_MINUTES_MIN: u64 = 1;
