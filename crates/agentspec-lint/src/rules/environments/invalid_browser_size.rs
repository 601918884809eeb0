use agentspec_model::limits::{BROWSER_DEFAULT_CHUNK_SIZE, BROWSER_DEFAULT_SIZE};
use agentspec_syntax::Node;

use crate::context::child;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a Browser `width`, `height` or `page_chars`, or a `mode` object's `width`,
    /// `height` or `chunk_size`, that is zero or negative.
    ///
    /// ## Why is this bad?
    /// Viewport sizes and text chunk sizes are positive integers; the API answers 422 to
    /// anything else. (Values that are not integers at all are reported by `wrong-type`.)
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     width: 0          # expected an integer > 0
    ///     height: 720
    /// ```
    pub static INVALID_BROWSER_SIZE = ("invalid-browser-size", "environments", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for env in cx.view.browsers() {
        for field in ["width", "height", "page_chars"] {
            if let Some(node) = env.node.get(field) {
                report(cx, node, &child(&env.pointer, field), field, None);
            }
        }
        let Some(mode) = env.node.get("mode").filter(|m| m.as_map().is_some()) else {
            continue;
        };
        let fields: &[&str] = match mode.get("type").and_then(Node::as_str) {
            Some("text") => &["chunk_size"],
            _ => &["width", "height"],
        };
        let base = child(&env.pointer, "mode");
        for field in fields {
            if let Some(node) = mode.get(field) {
                report(cx, node, &child(&base, field), field, Some("mode"));
            }
        }
    }
}

fn report(cx: &Context<'_>, node: &Node, pointer: &str, field: &str, parent: Option<&str>) {
    // Fractions and other types are the structure pass's to report.
    let value = match node.as_i64() {
        Some(n) => n as f64,
        None => match node.as_f64() {
            Some(f) if f.fract() == 0.0 => f,
            _ => return,
        },
    };
    if value > 0.0 {
        return;
    }
    let shown = cx.text(node.span).trim().to_string();
    let name = match parent {
        Some(parent) => format!("`{parent}.{field}`"),
        None => format!("`{field}`"),
    };
    let help = if field == "width" || field == "height" {
        format!("use a size in pixels, such as `{BROWSER_DEFAULT_SIZE}` (the default when it is left out)")
    } else {
        format!(
            "use a number of characters per chunk, such as `{BROWSER_DEFAULT_CHUNK_SIZE}` (the \
             default when it is left out)"
        )
    };
    let label = if value == 0.0 { "zero" } else { "negative" };
    cx.report(
        &INVALID_BROWSER_SIZE,
        node.span,
        pointer,
        format!("{name} expects an integer > 0, found `{shown}`"),
    )
    .label(label)
    .help(help);
}
