use agentspec_syntax::{Node, Span};

use crate::fix::insert_entry;
use crate::shared::definitions::describe;
use crate::{declare_rule, Context, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a required field that is missing, such as an agent's `name`, an environment's
    /// `id`, a message's `message`, or a session's `agent`.
    ///
    /// ## Why is this bad?
    /// The API answers 422 to a body without its required fields; the spec can't run.
    ///
    /// ## Example
    /// ```yaml session
    /// agent:
    ///   name: weather-agent
    ///   description: Looks up weather by city
    ///   environments:
    ///     - kind: web        # missing field `id`
    /// ```
    ///
    /// ## Fix
    /// Adds the field where one value is implied, before the first key and laid out like it:
    /// a Browser's `id` as `browser` (the id every example of the API reference gives its
    /// browser, and an agent has one browser at most) unless another environment of the agent
    /// has that id; a discriminator such as a `mode` object's `type` when only one of its
    /// shapes defines every key written (`visual` beside `width`, `text` beside `chunk_size`).
    /// An environment without `kind` is a Browser, so `kind` is never missing. Unsafe: the id
    /// is what overrides and the agent's traces name the environment by.
    pub static MISSING_FIELD = ("missing-field", "structure", Error; fix = Unsafe);
}

/// Reports that `node` lacks `key`; the label sits on `anchor` (the key holding the map).
pub fn report(
    cx: &Context<'_>,
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
    let fix = (def == Some("Browser") && key == "id")
        .then(|| browser_id(cx, node))
        .flatten();
    cx.report(
        &MISSING_FIELD,
        span,
        pointer,
        format!("missing required field `{key}`{place}"),
    )
    .label(format!("`{key}` is required here"))
    .help(format!("add `{key}`"))
    .fix_some(fix);
}

/// The id a Browser's examples give it.
const BROWSER_ID: &str = "browser";

/// Adds `id: browser` to the inline Browser `node` when no other environment of its agent has
/// that id.
fn browser_id(cx: &Context<'_>, node: &Node) -> Option<Fix> {
    let site = cx
        .view
        .environments
        .iter()
        .find(|env| std::ptr::eq(env.node, node))?;
    let environments = cx.view.agents.get(site.agent)?.node.get("environments")?;
    let taken = environments.as_seq()?.iter().any(|env| {
        env.as_str()
            .or_else(|| env.get("id").and_then(Node::as_str))
            == Some(BROWSER_ID)
    });
    if taken {
        return None;
    }
    let edit = insert_entry(cx.source, node, "id", BROWSER_ID)?;
    Some(Fix::unsafe_(format!("add `id: {BROWSER_ID}`"), vec![edit]))
}

/// Reports a missing discriminator (`type` of a mode object) with the values it may take, and
/// the one `implied` by the keys written, if there is one.
pub fn report_discriminator(
    cx: &Context<'_>,
    node: &Node,
    anchor: Span,
    pointer: &str,
    key: &str,
    allowed: &[&str],
    implied: Option<&str>,
) {
    let span = label_span(node, anchor);
    let fix = implied.and_then(|value| {
        let edit = insert_entry(cx.source, node, key, value)?;
        Some(Fix::unsafe_(format!("add `{key}: {value}`"), vec![edit]))
    });
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
        implied.or(allowed.first().copied()).unwrap_or("")
    ))
    .fix_some(fix);
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
