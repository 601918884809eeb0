use agentspec_syntax::{Node, Span};

use crate::context::ReportExt;
use crate::rules::structure::unknown_field::describe;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a required field that is missing, such as an agent's `name`, an environment's
    /// `id`, a message's `message`, or a session's `agent`.
    ///
    /// ## Why is this bad?
    /// The API answers 422 to a body without its required fields; the spec can't run.
    ///
    /// ## Example
    /// ```yaml
    /// agent:
    ///   name: weather-agent
    ///   description: Looks up weather by city
    ///   environments:
    ///     - kind: web        # missing field `id`
    /// ```
    pub static MISSING_FIELD = ("missing-field", "structure", Error);
}

/// Reports that `node` lacks `key`; the label sits on `anchor` (the key holding the map).
pub fn report(
    cx: &mut Context<'_>,
    node: &Node,
    anchor: Span,
    pointer: &str,
    key: &str,
    def: Option<&str>,
) {
    let place = def
        .map(|d| format!(" in {}", describe(d)))
        .unwrap_or_default();
    let span = label_span(node, anchor);
    cx.report(
        &MISSING_FIELD,
        span,
        pointer,
        format!("missing required field `{key}`{place}"),
    )
    .label(format!("`{key}` is required here"))
    .help(format!("add `{key}`"));
}

/// Reports a missing discriminator (`type` of a mode object) with the values it may take.
pub fn report_discriminator(
    cx: &mut Context<'_>,
    node: &Node,
    anchor: Span,
    pointer: &str,
    key: &str,
    allowed: &[&str],
) {
    let span = label_span(node, anchor);
    let values = allowed
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    cx.report(
        &MISSING_FIELD,
        span,
        pointer,
        format!("missing required field `{key}`"),
    )
    .label(format!("`{key}` says which shape this is"))
    .help(format!(
        "add `{key}: {}` (one of {values})",
        allowed.first().copied().unwrap_or("")
    ));
}

/// The key that holds the map when there is one, else the map's first line.
fn label_span(node: &Node, anchor: Span) -> Span {
    if anchor != node.span {
        anchor
    } else {
        node.as_map()
            .and_then(|m| m.first())
            .map_or(node.span, |e| e.key.span)
    }
}
