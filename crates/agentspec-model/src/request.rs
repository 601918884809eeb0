use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Agent, JsonSchemaObject, Nullable};

/// The body of `POST /api/v2/sessions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SessionRequest {
    /// A catalog agent name or an inline agent.
    pub agent: AgentRef,
    /// Messages queued before the first step: a list, one message, or a bare string.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub messages: Nullable<Messages>,
    /// Cap on decide-and-act steps; the agent is then asked for a final answer.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    #[schemars(range(min = 1))]
    pub max_steps: Nullable<u64>,
    /// Cap on wall-clock seconds (> 0); the agent is then asked for a final answer.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub max_time_s: Nullable<f64>,
    /// Seconds to wait for a follow-up message after each answer; null for a one-shot run.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    #[schemars(range(min = 1))]
    pub idle_timeout_s: Nullable<u64>,
    /// Free-form tag grouping related sessions.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    #[schemars(length(min = 1))]
    pub group_id: Nullable<String>,
    /// The parent session of a child run.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub parent_session_id: Nullable<String>,
    /// JSON Schema the final answer must conform to (the session-level shape).
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub answer_format: Nullable<JsonSchemaObject>,
    /// At the concurrency limit, queue the session (default) instead of failing with 429.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub queue: Option<bool>,
    /// Per-run overrides of the resolved request, keyed by dotted path
    /// (`agent.environments[kind=web].start_url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "serde_json::Map<String, serde_json::Value>")]
    pub overrides: Option<serde_json::Map<String, serde_json::Value>>,
    /// Minutes after which the session is deleted; null keeps it.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    #[schemars(range(min = 1))]
    pub delete_after_min: Nullable<u64>,
    /// Minutes after which screenshots are deleted; null keeps them.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    #[schemars(range(min = 1))]
    pub delete_screenshot_after_min: Nullable<u64>,
}

/// The session's agent: a catalog name or an inline definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum AgentRef {
    /// A catalog name such as `h/web-surfer-holo3-1-35b`.
    Catalog(String),
    /// An inline agent.
    Inline(Box<Agent>),
}

/// Initial messages: a list, a single message, or a bare string.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Messages {
    /// A bare string, taken as one user message.
    Text(String),
    /// A list of user messages.
    List(Vec<UserMessage>),
    /// A single user message.
    One(UserMessage),
}

/// A user message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UserMessage {
    /// Always `user_message`.
    #[serde(rename = "type")]
    pub kind: UserMessageType,
    /// The instruction or task.
    pub message: String,
    /// Base64 data URIs (`data:image/png;base64,...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub images: Option<Vec<String>>,
    /// Who sends the message; leave unset for normal user input.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub caller_id: Option<String>,
}

/// The `user_message` discriminator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserMessageType {
    /// A message from the user.
    UserMessage,
}

/// The body of `POST /api/v2/sessions/{id}/messages`: one message or a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum SendMessages {
    /// One user message.
    One(UserMessage),
    /// `{"type": "batch", "messages": [...]}`, processed in order.
    Batch {
        /// Always `batch`.
        #[serde(rename = "type")]
        kind: BatchType,
        /// At least one message.
        messages: Vec<UserMessage>,
    },
}

/// The `batch` discriminator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BatchType {
    /// A batch of messages.
    Batch,
}
