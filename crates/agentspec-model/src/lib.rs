//! Canonical models of the AGP v2 HTTP API shapes that spec files describe.
//!
//! This crate is pure data: serde (de)serialization that matches the API's JSON exactly, and
//! schemars derivations from which the published JSON Schemas are exported. It does no I/O.

mod agent;
pub mod limits;
mod nullable;
mod request;
mod response;
pub mod schema;

pub use agent::{
    Agent, Browser, BrowserHost, BrowserMode, BrowserModeName, BrowserModeObject, BrowserNetwork,
    Desktop, DesktopHost, DesktopKind, Environment, EnvironmentRef, ManagedProxy, ProxyPool, Skill,
    SkillRef, SubagentRef, ToolDefinition, WebKind,
};
pub use nullable::Nullable;
pub use request::{
    AgentRef, BatchType, Messages, SendMessages, SessionRequest, UserMessage, UserMessageType,
};
pub use response::{
    ErrorCode, Event, Metrics, ModelCost, ModelUsage, Outcome, QuotaScope, QuotaStatus, Session,
    SessionChanges, SessionStatus, SessionSummary, Status,
};

/// A JSON Schema document as it appears in `answer_format` and `input_schema`.
pub type JsonSchemaObject = serde_json::Map<String, serde_json::Value>;
