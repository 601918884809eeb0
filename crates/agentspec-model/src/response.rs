use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Nullable, SessionRequest, UserMessage};

/// A session (`GET /api/v2/sessions/{id}` and the create response), generic over the type of
/// its answer so generated answer types plug in: `Session<HnStoriesAnswer>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Session<A = serde_json::Value> {
    /// Session id (a UUID).
    pub id: String,
    /// The request as submitted, with the agent resolved.
    pub request: SessionRequest,
    /// Current status.
    pub status: SessionStatus,
    /// Live-view and replay URL.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub agent_view_url: Nullable<String>,
    /// The latest answer, null until one is produced.
    #[serde(
        default = "Nullable::<A>::absent",
        skip_serializing_if = "Nullable::<A>::is_absent"
    )]
    pub latest_answer: Nullable<A>,
    /// ISO 8601 creation time.
    pub created_at: String,
    /// ISO 8601 start time, null until started.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub started_at: Nullable<String>,
    /// ISO 8601 end time, null until finished.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub finished_at: Nullable<String>,
}

/// `GET /api/v2/sessions/{id}/status`, also `Session.status`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SessionStatus {
    /// Lifecycle status.
    pub status: Status,
    /// Error message when failed.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub error: Nullable<String>,
    /// Failure category, only for `failed` and `timed_out`.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub error_code: Nullable<ErrorCode>,
    /// How the answer judged the task, null until the answer.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub outcome: Nullable<Outcome>,
    /// Steps taken so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub steps: Option<u64>,
    /// Token usage per model, empty until the first model call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<ModelUsage>")]
    pub usage_per_model: Option<Vec<ModelUsage>>,
    /// Child session ids, empty without subagents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub subagent_session_ids: Option<Vec<String>>,
}

/// Session lifecycle status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Accepted above the concurrency quota, waiting for a slot.
    Queued,
    /// Created, agent launching.
    Pending,
    /// Agent working.
    Running,
    /// Paused through the API; state kept.
    Paused,
    /// Interactive session waiting for the next message.
    Idle,
    /// Waiting for custom-tool results.
    AwaitingToolResults,
    /// Finished successfully.
    Completed,
    /// Exceeded the maximum allowed time.
    TimedOut,
    /// Cancelled.
    Interrupted,
    /// Unrecoverable error.
    Failed,
}

impl Status {
    /// True for the statuses a session never leaves.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Status::Completed | Status::TimedOut | Status::Interrupted | Status::Failed
        )
    }
}

/// Failure category of a terminal session. Codes added later read as `internal`, as the API
/// asks clients to treat them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The environment failed to provision or crashed.
    EnvironmentError,
    /// The budget ran out, or the agent stopped without an answer.
    NoAnswer,
    /// No attempt matched `answer_format`.
    AnswerValidation,
    /// The maximum allowed time was exceeded.
    Timeout,
    /// A platform error (also any code this version does not know).
    #[serde(other)]
    Internal,
}

/// How the agent judged its own answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The task was done.
    Success,
    /// Part of the task was done.
    Partial,
    /// The task can't be done.
    Infeasible,
    /// Something blocked the agent.
    Blocked,
}

/// Token usage of one model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ModelUsage {
    /// Model id.
    pub name: String,
    /// Input tokens.
    pub input_tokens: u64,
    /// Output tokens.
    pub output_tokens: u64,
    /// Reasoning tokens.
    pub reasoning_tokens: u64,
}

/// `GET /api/v2/sessions/{id}/changes`: what happened since `from_index`, with the answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SessionChanges<A = serde_json::Value> {
    /// Lifecycle status.
    pub status: Status,
    /// ISO 8601 start time.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub started_at: Nullable<String>,
    /// ISO 8601 end time.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub finished_at: Nullable<String>,
    /// Error message when failed.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub error: Nullable<String>,
    /// Failure category.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub error_code: Nullable<ErrorCode>,
    /// The answer (string, or an object matching `answer_format`), null until produced.
    #[serde(
        default = "Nullable::<A>::absent",
        skip_serializing_if = "Nullable::<A>::is_absent"
    )]
    pub answer: Nullable<A>,
    /// How the agent judged its answer.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub outcome: Nullable<Outcome>,
    /// Cost and step metrics.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Metrics")]
    pub metrics: Option<Metrics>,
    /// Events since `from_index`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<Event>")]
    pub new_events: Option<Vec<Event>>,
}

/// Cost and step metrics; costs are USD, null when a model is unpriced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Metrics {
    /// Steps taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub steps: Option<u64>,
    /// Total cost.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub total_cost: Nullable<f64>,
    /// Input cost.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub input_cost: Nullable<f64>,
    /// Output cost.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub output_cost: Nullable<f64>,
    /// Reasoning cost.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub reasoning_cost: Nullable<f64>,
    /// Cost of each model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<ModelCost>")]
    pub cost_per_model: Option<Vec<ModelCost>>,
}

/// Tokens and cost of one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ModelCost {
    /// Model id.
    pub name: String,
    /// Input tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub input_tokens: Option<u64>,
    /// Output tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub output_tokens: Option<u64>,
    /// Reasoning tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u64")]
    pub reasoning_tokens: Option<u64>,
    /// Total cost in USD.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub total_cost: Nullable<f64>,
}

/// One entry of the event stream: `{type, data, timestamp}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Event {
    /// Event type, such as `AgentEvent`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Event payload (its shape depends on `type`).
    #[serde(default)]
    pub data: serde_json::Value,
    /// ISO 8601 time.
    pub timestamp: String,
}

/// An item of `GET /api/v2/sessions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SessionSummary {
    /// Session id.
    pub id: String,
    /// Agent name.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub agent: Nullable<String>,
    /// Lifecycle status.
    pub status: Status,
    /// Live-view URL.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub agent_view_url: Nullable<String>,
    /// The first user message.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub first_message: Nullable<UserMessage>,
    /// ISO 8601 creation time.
    pub created_at: String,
    /// ISO 8601 start time.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub started_at: Nullable<String>,
    /// ISO 8601 end time.
    #[serde(default, skip_serializing_if = "Nullable::is_absent")]
    pub finished_at: Nullable<String>,
}

/// `GET /api/v2/sessions/quota`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct QuotaStatus {
    /// Whether the limit applies to the user or the organisation.
    pub scope: QuotaScope,
    /// Concurrent sessions allowed.
    pub limit: u64,
    /// Sessions counting against the limit now.
    pub active: u64,
    /// Sessions that can still start.
    pub available: u64,
}

/// Scope of a concurrency quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuotaScope {
    /// Per user.
    User,
    /// Per organisation.
    Org,
}
