use agentspec_syntax::{Node, ScalarStyle};

use crate::fix::scalar_token;
use crate::shared::scalars::yaml_1_1_value;
use crate::{declare_rule, Context, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports an unquoted string that YAML 1.1 tools read as a boolean (`NO`, `on`, `y`), such
    /// as the country code `NO` of a managed proxy.
    ///
    /// ## Why is this bad?
    /// agentspec and the API read YAML 1.2, where `NO` is the string `"NO"`; PyYAML and other
    /// YAML 1.1 tools in the same pipeline read it as `false` (the "Norway problem").
    ///
    /// ## Example
    /// ```yaml agent
    /// name: nordic-prices
    /// description: Compares prices in Norway
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     network:
    ///       managed_proxy:
    ///         country: NO     # quote it: "NO"
    /// ```
    ///
    /// ## Fix
    /// Quotes the word (safe: agentspec and the API read the same string, and YAML 1.1 tools
    /// now read it too). An anchored word is quoted at its anchor; when another use of the anchor
    /// expects a boolean, no fix is offered.
    pub static AMBIGUOUS_YAML_SCALAR = ("ambiguous-yaml-scalar", "structure", Warning; fix = Safe);
}

/// Reports a plain scalar in a string slot that YAML 1.1 would read as a boolean.
pub fn check(cx: &Context<'_>, node: &Node, pointer: &str, field: Option<&str>) {
    if node.style != ScalarStyle::Plain {
        return;
    }
    let Some(text) = node.as_str() else { return };
    let Some(value) = yaml_1_1_value(text) else {
        return;
    };
    let subject = field.map_or_else(String::new, |f| format!(" in `{f}`"));
    let fix = scalar_token(cx.source, node).map(|token| {
        Fix::safe(
            format!("quote it: `\"{text}\"`"),
            vec![Edit::replace(token, format!("\"{text}\""))],
        )
    });
    cx.report(
        &AMBIGUOUS_YAML_SCALAR,
        node.span,
        pointer,
        format!(
            "unquoted `{text}`{subject} is a string here, but YAML 1.1 tools read it as `{value}`"
        ),
    )
    .label("ambiguous scalar")
    .help(format!("quote it: `\"{text}\"`"))
    .fix_some(fix);
}
