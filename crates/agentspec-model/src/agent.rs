use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{JsonSchemaObject, Nullable};

/// An agent definition: the body of `POST /api/v2/agents`, an inline session `agent`, or an
/// inline subagent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Agent {
    /// Catalog id: lowercase kebab-case, optionally prefixed by one `org/` namespace.
    #[schemars(length(min = 1, max = 127))]
    pub name: String,
    /// What the agent does; managers read it to decide delegation.
    #[schemars(length(min = 1))]
    pub description: String,
    /// Holo model id; the platform default (`holo3-122b-a10b`) when omitted.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub model: Nullable<String>,
    /// Text appended to the system prompt.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub instructions: Nullable<String>,
    /// At most one environment per kind; required unless the agent only delegates to subagents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<EnvironmentRef>")]
    pub environments: Option<Vec<EnvironmentRef>>,
    /// Skills, by catalog name or inline.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub skills: Nullable<Vec<SkillRef>>,
    /// Subagents (preview), by catalog name or inline; an agent with subagents is a manager.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub subagents: Nullable<Vec<SubagentRef>>,
    /// Client-executed custom tools.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub tools: Nullable<Vec<ToolDefinition>>,
    /// JSON Schema the final answer must conform to; null for a free-form text answer.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub answer_format: Nullable<JsonSchemaObject>,
}

/// An environment given by catalog id or inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum EnvironmentRef {
    /// A catalog environment id, such as `h/browser`.
    Catalog(String),
    /// An inline environment.
    Inline(Environment),
}

/// An inline environment, discriminated by `kind` (`web` when omitted).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Environment {
    /// `kind: web`.
    Browser(Box<Browser>),
    /// `kind: desktop`.
    Desktop(Desktop),
}

/// The `web` environment kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WebKind {
    /// A browser.
    Web,
}

/// The `desktop` environment kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DesktopKind {
    /// A desktop.
    Desktop,
}

/// Where a browser runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BrowserHost {
    /// On the user's own device.
    UserDevice,
    /// On H's cloud runners (the default).
    Cloud,
}

/// Where a desktop runs: only on the user's device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DesktopHost {
    /// On the user's own device.
    UserDevice,
}

/// A Browser environment, in the flat shape of the docs (`width`, `height`, `mode: visual`,
/// `page_chars`) or with the `mode` object of the OpenAPI file; the two are not to be mixed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Browser {
    /// Environment id: lowercase kebab-case, optionally namespaced.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Always `web`; may be omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "WebKind")]
    pub kind: Option<WebKind>,
    /// Where the browser runs (`cloud` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BrowserHost")]
    pub host: Option<BrowserHost>,
    /// Run without a visible window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub headless: Option<bool>,
    /// Flat shape: viewport width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    #[schemars(range(min = 1))]
    pub width: Option<u64>,
    /// Flat shape: viewport height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    #[schemars(range(min = 1))]
    pub height: Option<u64>,
    /// First page to open; `null` opens a blank page.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub start_url: Nullable<String>,
    /// Observation mode: a name (flat shape) or a `mode` object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BrowserMode")]
    pub mode: Option<BrowserMode>,
    /// Flat shape: characters of page text per chunk, only with `mode: text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    #[schemars(range(min = 1))]
    pub page_chars: Option<u64>,
    /// Attach to an existing browser session.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub session_id: Nullable<String>,
    /// Provision on first use and skip the initial observation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub lazy: Option<bool>,
    /// A vault of the organisation, for filling secrets.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub vault_id: Nullable<String>,
    /// A browser profile of the organisation (cookies and storage).
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub browser_profile_id: Nullable<String>,
    /// Use the organisation's default profile; exclusive with `browser_profile_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub use_default_browser_profile: Option<bool>,
    /// Save the profile back at the end; needs a profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub persist_browser_profile: Option<bool>,
    /// Proxy settings, applied when a new runner is provisioned.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub network: Nullable<BrowserNetwork>,
}

/// A Browser observation mode: a flat name or a `mode` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum BrowserMode {
    /// Flat shape: `visual`, `multimodal` or `text`.
    Name(BrowserModeName),
    /// Object shape, discriminated by `type`.
    Object(BrowserModeObject),
}

/// Observation mode names of the flat Browser shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BrowserModeName {
    /// Screenshot, URL and tabs; acts by coordinates (the default).
    Visual,
    /// Screenshot plus the page as markdown.
    Multimodal,
    /// Markdown only, in chunks; read-only.
    Text,
}

/// The `mode` object of the OpenAPI Browser shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BrowserModeObject {
    /// Screenshots, optionally with the viewport's text.
    Visual {
        /// Viewport width in pixels.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "u64")]
        #[schemars(range(min = 1))]
        width: Option<u64>,
        /// Viewport height in pixels.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "u64")]
        #[schemars(range(min = 1))]
        height: Option<u64>,
        /// Add the viewport's text beside each screenshot.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "bool")]
        markdown: Option<bool>,
    },
    /// Page text in chunks.
    Text {
        /// Characters per chunk.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[schemars(with = "u64")]
        #[schemars(range(min = 1))]
        chunk_size: Option<u64>,
    },
}

/// Browser proxy settings; `proxy_url` and `managed_proxy` are mutually exclusive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BrowserNetwork {
    /// Your own HTTP, HTTPS or SOCKS proxy URL, credentials inline.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub proxy_url: Nullable<String>,
    /// A proxy managed by the platform.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub managed_proxy: Nullable<ManagedProxy>,
}

/// A platform-managed proxy selection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ManagedProxy {
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub country: Nullable<String>,
    /// Keep the same exit address for the session (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub sticky: Option<bool>,
    /// Address pool (default `residential`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ProxyPool")]
    pub pool: Option<ProxyPool>,
}

/// Managed proxy address pools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProxyPool {
    /// Residential addresses.
    Residential,
    /// Datacenter addresses.
    Datacenter,
    /// ISP addresses.
    Isp,
    /// Mobile addresses.
    Mobile,
}

/// A Desktop environment (runs on the user's device only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Desktop {
    /// Environment id.
    #[schemars(length(min = 1))]
    pub id: String,
    /// Always `desktop`.
    pub kind: DesktopKind,
    /// Always `user_device`.
    pub host: DesktopHost,
    /// Attach to an existing desktop session.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub session_id: Nullable<String>,
}

/// A skill given by catalog name or inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SkillRef {
    /// A catalog skill name.
    Catalog(String),
    /// An inline skill.
    Inline(Skill),
}

/// A skill: Markdown instructions the agent loads by name when useful.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Skill {
    /// Skill name: lowercase kebab-case, optionally namespaced.
    #[schemars(length(min = 1))]
    pub name: String,
    /// One-line routing hint ("use this when ...").
    #[schemars(length(min = 1))]
    pub description: String,
    /// Markdown loaded when the skill is used.
    #[schemars(length(min = 1))]
    pub body: String,
    /// Provenance URL.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub source: Nullable<String>,
    /// Informational regular expression of the pages the skill is for.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    #[schemars(length(min = 1, max = 1024))]
    pub url_pattern: Nullable<String>,
}

/// A subagent given by catalog name or inline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SubagentRef {
    /// A catalog agent name.
    Catalog(String),
    /// An inline agent.
    Inline(Box<Agent>),
}

/// A client-executed custom tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ToolDefinition {
    /// Tool name: `^[A-Za-z_][A-Za-z0-9_]{0,63}$`.
    #[schemars(regex(pattern = r"^[A-Za-z_][A-Za-z0-9_]{0,63}$"))]
    pub name: String,
    /// Shown to the model verbatim.
    #[schemars(length(min = 1))]
    pub description: String,
    /// JSON Schema (`type: object`) of the tool's arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "JsonSchemaObject")]
    pub input_schema: Option<JsonSchemaObject>,
}
