use crate::context::{child, ReportExt};
use crate::rules::schemas::dialect;
use crate::{declare_rule, Context, Severity};
use agentspec_syntax::Node;

declare_rule! {
    /// ## What it does
    /// Reports a name in `required` that the same schema's `properties` does not define. It is
    /// an error when `additionalProperties` is `false` (no answer can ever be valid) and a
    /// warning otherwise (likely a typo). The severity split is a project decision.
    ///
    /// ## Why is this bad?
    /// With `additionalProperties: false` the answer must both have and not have the property,
    /// so every answer fails and the session ends in `answer_validation`.
    ///
    /// ## Example
    /// ```yaml
    /// answer_format:
    ///   type: object
    ///   properties:
    ///     title: {type: string}
    ///   required: [titel]          # not among `properties`
    ///   additionalProperties: false
    /// ```
    pub static REQUIRED_NOT_IN_PROPERTIES = ("required-not-in-properties", "schemas", Warning, policy);
}

/// Runs the rule.
pub fn check(cx: &mut Context<'_>) {
    let mut found = Vec::new();
    for site in &cx.view.schemas {
        let Ok(_) = dialect(site.node) else {
            continue;
        };
        site.subschemas().for_each(|(node, pointer)| {
            let node: &Node = node;
            let Some(required) = node.get("required").and_then(|r| r.as_seq()) else {
                return;
            };
            let properties = node.get("properties").and_then(|p| p.as_map());
            if properties.is_none() && node.get("additionalProperties").is_none() {
                // A bare `required` (e.g. inside `anyOf`) constrains properties defined elsewhere.
                return;
            }
            let closed = node.get("additionalProperties").and_then(|a| a.as_bool()) == Some(false);
            for (i, name) in required.iter().enumerate() {
                let Some(text) = name.as_str() else { continue };
                if properties.is_some_and(|p| p.iter().any(|e| e.key.text == text)) {
                    continue;
                }
                let names: Vec<String> = properties
                    .unwrap_or_default()
                    .iter()
                    .map(|e| e.key.text.clone())
                    .collect();
                let best = crate::context::closest(text, names.iter().map(String::as_str))
                    .map(str::to_string);
                found.push((
                    name.span,
                    child(&child(pointer, "required"), i),
                    text.to_string(),
                    closed,
                    best,
                ));
            }
        });
    }
    let configured = cx
        .options
        .levels
        .contains_key(REQUIRED_NOT_IN_PROPERTIES.name);
    for (span, pointer, name, closed, best) in found {
        let help = match best {
            Some(b) => format!("did you mean `{b}`?"),
            None => format!("add `{name}` to `properties`, or remove it from `required`"),
        };
        let why = if closed {
            ", and `additionalProperties: false` forbids it: no answer can be valid"
        } else {
            ""
        };
        let diagnostic = cx
            .report(
                &REQUIRED_NOT_IN_PROPERTIES,
                span,
                &pointer,
                format!("`{name}` is required but not defined in `properties`{why}"),
            )
            .label("not in `properties`")
            .help(help);
        if let Some(d) = diagnostic {
            if closed && !configured {
                d.severity = Severity::Error;
            }
        }
    }
}
