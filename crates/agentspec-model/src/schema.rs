//! The JSON Schemas (draft 2020-12) exported from the models.

use schemars::generate::SchemaSettings;
use schemars::transform::{transform_subschemas, Transform};
use schemars::{JsonSchema, Schema};
use serde_json::{json, Value};

use crate::{Agent, Session, SessionRequest};

/// The note every exported schema file carries.
pub const GENERATED_BY: &str =
    "Generated from the agentspec models by `agentspec schema` (checked in by `cargo xtask schema`); do not edit.";

/// The schemas `agentspec schema` can print, by the name users type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaKind {
    /// A `*.session.*` file: the body of `POST /api/v2/sessions`.
    Session,
    /// A `*.agent.*` file: an agent definition.
    Agent,
    /// A session as `GET /api/v2/sessions/{id}` returns it.
    SessionResponse,
}

impl SchemaKind {
    /// Every schema, in export order.
    pub const ALL: [SchemaKind; 3] = [
        SchemaKind::Session,
        SchemaKind::Agent,
        SchemaKind::SessionResponse,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Session => "session",
            SchemaKind::Agent => "agent",
            SchemaKind::SessionResponse => "session-response",
        }
    }

    /// The file name of the checked-in copy under `specs/schema/`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// The schema as a JSON value.
    pub fn schema(self) -> Value {
        match self {
            SchemaKind::Session => spec_file_schema::<SessionRequest>(
                "AGP session request",
                "A spec file (*.session.yaml|yml|json): the body of POST /api/v2/sessions. Top-level `x-` keys are file-local extensions.",
            ),
            SchemaKind::Agent => spec_file_schema::<Agent>(
                "AGP agent",
                "A spec file (*.agent.yaml|yml|json): an agent definition. Top-level `x-` keys are file-local extensions.",
            ),
            SchemaKind::SessionResponse => {
                let mut schema = SchemaSettings::draft2020_12()
                    .into_generator()
                    .into_root_schema_for::<Session>();
                schema.insert("title".into(), json!("AGP session"));
                schema.to_value()
            }
        }
    }

    /// The schema rendered as the checked-in file is: pretty JSON ending with a newline.
    pub fn to_pretty_string(self) -> String {
        let mut schema = self.schema();
        if let Some(object) = schema.as_object_mut() {
            object.insert("$comment".into(), json!(GENERATED_BY));
        }
        let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// A request-side schema: every object is closed (unknown fields are errors, as the linter reports
/// them) and the root admits `x-` extension keys.
fn spec_file_schema<T: JsonSchema>(title: &str, description: &str) -> Value {
    let mut generator = SchemaSettings::draft2020_12()
        .with_transform(CloseObjects)
        .into_generator();
    let mut schema = generator.root_schema_for::<T>();
    schema.insert("title".into(), json!(title));
    schema.insert("description".into(), json!(description));
    schema.insert("patternProperties".into(), json!({ "^x-": true }));
    schema.to_value()
}

/// Sets `additionalProperties: false` on every object schema that lists its properties and says
/// nothing about others.
#[derive(Debug, Clone)]
struct CloseObjects;

impl Transform for CloseObjects {
    fn transform(&mut self, schema: &mut Schema) {
        if let Some(object) = schema.as_object_mut() {
            if object.contains_key("properties") && !object.contains_key("additionalProperties") {
                object.insert("additionalProperties".into(), Value::Bool(false));
            }
        }
        transform_subschemas(self, schema);
    }
}
