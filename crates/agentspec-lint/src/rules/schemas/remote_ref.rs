use crate::context::{child, ReportExt};
use crate::{declare_rule, Context};
use agentspec_syntax::Node;

declare_rule! {
    /// ## What it does
    /// Reports a `$ref` (or `$dynamicRef`) that leaves the schema document: an `http(s)://` or
    /// `file://` URL, or a relative file name. agentspec never fetches it.
    ///
    /// ## Why is this bad?
    /// The answer format must be self-contained: the platform, the linter and the generated
    /// types would otherwise each resolve it differently, or not at all, and fetching URLs
    /// named in a pull request is a security risk. This is a project decision.
    ///
    /// ## Example
    /// ```yaml
    /// answer_format:
    ///   $ref: https://example.com/schemas/answer.json   # inline it under `$defs`
    /// ```
    pub static REMOTE_REF = ("remote-ref", "schemas", Error, policy);
}

/// Runs the rule.
pub fn check(cx: &mut Context<'_>) {
    let mut found = Vec::new();
    for site in &cx.view.schemas {
        site.subschemas().for_each(|(node, pointer)| {
            let node: &Node = node;
            for keyword in ["$ref", "$dynamicRef"] {
                let Some(reference) = node.get(keyword) else {
                    continue;
                };
                let Some(text) = reference.as_str() else {
                    continue;
                };
                if !text.starts_with('#') {
                    found.push((reference.span, child(pointer, keyword), text.to_string()));
                }
            }
        });
    }
    for (span, pointer, text) in found {
        cx.report(
            &REMOTE_REF,
            span,
            &pointer,
            format!("`$ref` to `{text}` leaves the schema; it is never fetched"),
        )
        .label("external reference")
        .help("copy the referenced schema under `$defs` and refer to it as `#/$defs/Name`");
    }
}
