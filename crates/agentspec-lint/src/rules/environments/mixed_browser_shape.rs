use agentspec_syntax::{Entry, Node};

use crate::context::child;
use crate::shared::agents::json_like;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a Browser that mixes the two shapes: a flat `width`, `height` or `page_chars`
    /// beside a `mode` object. The help shows the object-shape equivalent.
    ///
    /// ## Why is this bad?
    /// A Browser is written either flat (`width`, `height`, `mode: visual|multimodal|text`,
    /// `page_chars`) or with a `mode` object (`{type: visual, width, height, markdown}` or
    /// `{type: text, chunk_size}`). Mixed, it is unclear which size or chunk length applies,
    /// and the API documents no order between them.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     width: 1280            # write `mode: {type: visual, width: 1280}`
    ///     mode:
    ///       type: visual
    ///       markdown: true
    /// ```
    pub static MIXED_BROWSER_SHAPE = ("mixed-browser-shape", "environments", Error);
}

const FLAT_FIELDS: [&str; 3] = ["width", "height", "page_chars"];

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let json = json_like(cx);
    for env in cx.view.browsers() {
        let Some(mode) = env
            .node
            .entry("mode")
            .filter(|m| m.value.as_map().is_some())
        else {
            continue;
        };
        let flat: Vec<&Entry> = FLAT_FIELDS
            .iter()
            .filter_map(|field| env.node.entry(field))
            .collect();
        let kind = mode
            .value
            .get("type")
            .and_then(Node::as_str)
            .unwrap_or("visual");
        for entry in &flat {
            let field = entry.key.text.as_str();
            let help = match (kind, field) {
                ("visual", "width" | "height") | ("text", "page_chars") => format!(
                    "move it into the `mode` object: {}",
                    equivalent(cx, &mode.value, kind, &flat, json)
                ),
                ("text", _) => format!("remove `{field}`: a text `mode` has no viewport"),
                ("visual", _) => format!(
                    "remove `page_chars`: it applies to text mode only; for text mode write {}",
                    equivalent(cx, &mode.value, "text", &flat, json)
                ),
                _ => format!("write `{field}` inside the `mode` object, or drop the object"),
            };
            cx.report(
                &MIXED_BROWSER_SHAPE,
                entry.key.span,
                &child(&env.pointer, field),
                format!(
                    "flat `{field}` beside a `mode` object: a Browser is written in one shape, \
                     not both"
                ),
            )
            .label("flat shape")
            .related(mode.key.span, "object shape")
            .help(help);
        }
    }
}

/// The `mode` object that says everything the environment says, as it would be written.
fn equivalent(cx: &Context<'_>, mode: &Node, kind: &str, flat: &[&Entry], json: bool) -> String {
    let value = |object_field: &str, flat_field: &str| -> Option<String> {
        let node = mode.get(object_field).or_else(|| {
            flat.iter()
                .find(|e| e.key.text == flat_field)
                .map(|e| &e.value)
        })?;
        Some(cx.text(node.span).trim().to_string())
    };
    let mut fields = vec![("type", kind.to_string())];
    let wanted: &[(&str, &str)] = if kind == "text" {
        &[("chunk_size", "page_chars")]
    } else {
        &[("width", "width"), ("height", "height"), ("markdown", "")]
    };
    for (object_field, flat_field) in wanted {
        if let Some(text) = value(object_field, flat_field) {
            fields.push((object_field, text));
        }
    }
    let body = fields
        .iter()
        .map(|(k, v)| {
            if !json {
                format!("{k}: {v}")
            } else if *k == "type" {
                format!("\"{k}\": \"{v}\"")
            } else {
                format!("\"{k}\": {v}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    if json {
        format!("`\"mode\": {{{body}}}`")
    } else {
        format!("`mode: {{{body}}}`")
    }
}
