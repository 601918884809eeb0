use crate::context::{child, closest};
use crate::view::SchemaRole;
use crate::{declare_rule, Context};
use agentspec_jsonschema::dialect;
use agentspec_syntax::Node;

declare_rule! {
    /// ## What it does
    /// Reports a `format` in an `answer_format` whose name is not one that answers are checked
    /// against (`date-time`, `date`, `time`, `duration`, `email`, `hostname`, `ipv4`, `ipv6`,
    /// `uri`, `uri-reference`, `iri`, `iri-reference`, `uuid`, `uri-template`,
    /// `json-pointer`, `relative-json-pointer`, `regex`), with the closest known name as a
    /// suggestion.
    ///
    /// ## Why is this bad?
    /// The generated `from_answer` and `agentspec check-answer` assert every known format,
    /// under every draft: a `date-time` of `tomorrow morning` is a wrong answer. A name they
    /// don't know constrains nothing, so a misspelt `format: datetime` lets any string through.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// answer_format:
    ///   type: object
    ///   properties:
    ///     due: {type: string, format: datetime}   # did you mean `date-time`?
    /// ```
    pub static UNKNOWN_FORMAT = ("unknown-format", "schemas", Warning);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let mut found = Vec::new();
    for site in &cx.view.schemas {
        if site.role != SchemaRole::AnswerFormat || dialect(site.node).is_err() {
            continue;
        }
        site.subschemas().for_each(|(node, pointer)| {
            let node: &Node = node;
            let Some(entry) = node.entry("format") else {
                return;
            };
            let Some(name) = entry.value.as_str() else {
                return;
            };
            if !agentspec_answer::is_known_format(name) {
                let help = match closest(name, agentspec_answer::known_formats()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "known formats: {}",
                        agentspec_answer::known_formats()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                found.push((
                    entry.value.span,
                    child(pointer, "format"),
                    name.to_string(),
                    help,
                ));
            }
        });
    }
    for (span, pointer, name, help) in found {
        cx.report(
            &UNKNOWN_FORMAT,
            span,
            &pointer,
            format!("unknown format `{name}`: answers are not checked against it"),
        )
        .label("not a known format")
        .help(help);
    }
}
