use agentspec_syntax::Node;

use crate::fix::scalar_token;
use crate::shared::scalars::yaml_1_1_value;
use crate::{declare_rule, Context, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports `yes`, `no`, `on`, `off`, `y` or `n` written where a boolean is expected.
    ///
    /// ## Why is this bad?
    /// YAML 1.1 read these words as booleans; YAML 1.2, which the API's JSON follows, reads them
    /// as strings. `headless: yes` is the string `"yes"`, which the API rejects.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     headless: yes     # write `true`
    /// ```
    ///
    /// ## Fix
    /// Writes `true` or `false` in place of the word (safe: it is the value YAML 1.1 read and
    /// the author meant; the API rejects the string anyway). An anchored word is fixed at its
    /// anchor; when another use of the anchor expects a string, no fix is offered.
    pub static YAML_1_1_BOOLEAN = ("yaml-1-1-boolean", "structure", Error; fix = Safe);
}

/// Reports a YAML 1.1 boolean word in a boolean slot; returns whether it did.
pub fn check(
    cx: &Context<'_>,
    node: &Node,
    text: &str,
    pointer: &str,
    field: Option<&str>,
) -> bool {
    let Some(value) = yaml_1_1_value(text) else {
        return false;
    };
    let subject = field.map_or_else(|| "a boolean".to_string(), |f| format!("`{f}`"));
    let fix = scalar_token(cx.source, node).map(|token| {
        Fix::safe(
            format!("write `{value}`"),
            vec![Edit::replace(token, value.to_string())],
        )
    });
    cx.report(
        &YAML_1_1_BOOLEAN,
        node.span,
        pointer,
        format!("`{text}` is a string in YAML 1.2, not a boolean, but {subject} expects a boolean"),
    )
    .label("YAML 1.1 boolean")
    .help(format!("write `{value}`"))
    .fix_some(fix);
    true
}
