//! How the definitions of the exported schemas are named in messages.

/// A readable name for a schema definition.
pub fn describe(def: &str) -> String {
    match def {
        "SessionRequest" => "a session request".into(),
        "Agent" => "an agent".into(),
        "Browser" => "a web environment".into(),
        "Desktop" => "a desktop environment".into(),
        "BrowserModeObject" => "a browser `mode` object".into(),
        "BrowserNetwork" => "`network`".into(),
        "ManagedProxy" => "`managed_proxy`".into(),
        "Skill" => "a skill".into(),
        "ToolDefinition" => "a tool".into(),
        "UserMessage" => "a message".into(),
        other => format!("`{other}`"),
    }
}
