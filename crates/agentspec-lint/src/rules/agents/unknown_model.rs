use crate::context::{child, closest};
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an inline agent whose `model` is not a known Holo model id. The known ids are
    /// `holo3-122b-a10b`, `holo3-1-35b-a3b` and `holo3-35b-a3b` unless configured otherwise;
    /// the help suggests the closest.
    ///
    /// ## Why is this bad?
    /// A misspelt model id fails the session at start. The list of known models is a project
    /// decision (models come and go faster than specs), so this is a warning and the list is
    /// configurable; leaving `model` out uses the platform default.
    ///
    /// ## Example
    /// ```yaml session
    /// agent:
    ///   name: acme/weather-agent
    ///   description: Looks up weather by city
    ///   model: holo3-1-35b        # did you mean `holo3-1-35b-a3b`?
    ///   environments: [h/browser]
    /// ```
    pub static UNKNOWN_MODEL = ("unknown-model", "agents", Warning, policy);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let known = &cx.options.policy.known_models;
    for agent in &cx.view.agents {
        let Some(node) = agent.node.get("model") else {
            continue;
        };
        let Some(model) = node.as_str() else { continue };
        if known.iter().any(|k| k == model) {
            continue;
        }
        let list = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let policy = "the list of known models is project policy and can be extended in the \
                      configuration";
        let help = match closest(model, known.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`? ({policy})"),
            None if known.is_empty() => {
                format!("remove `model` to use the platform default ({policy})")
            }
            None => format!("known models: {list}; {policy}"),
        };
        cx.report(
            &UNKNOWN_MODEL,
            node.span,
            &child(&agent.pointer, "model"),
            format!("unknown model `{model}`: not a known Holo model id"),
        )
        .label("unknown model")
        .help(help);
    }
}
