use crate::context::child;
use crate::{declare_rule, Context};
use agentspec_jsonschema::refs::RefProblem;

declare_rule! {
    /// ## What it does
    /// Reports a `$ref` (or `$dynamicRef`) that leaves the schema document: an `http(s)://` or
    /// `file://` URL, or a relative file name, that no `$id` of the schema itself names.
    /// agentspec never fetches it. References are resolved against `$id` as JSON Schema says
    /// (so `https://example.com/answer#/$defs/story` under `$id: https://example.com/answer`
    /// stays inside), exactly as `agentspec gen` resolves them; the meta-schemas of
    /// json-schema.org are known without fetching and are not reported.
    ///
    /// ## Why is this bad?
    /// The answer format must be self-contained: the platform, the linter and the generated
    /// types would otherwise each resolve it differently, or not at all, and fetching URLs
    /// named in a pull request is a security risk. This is a project decision.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// answer_format:
    ///   $ref: https://example.com/schemas/answer.json   # inline it under `$defs`
    /// ```
    pub static REMOTE_REF = ("remote-ref", "schemas", Error, policy);
}

/// Runs the rule: every reference the shared resolver (the code generator's) finds leaving
/// the document, other than a JSON Schema meta-schema.
pub fn check(cx: &Context<'_>) {
    let mut found = Vec::new();
    for site in &cx.view.schemas {
        let index = site.refs();
        for (keyword, refs) in [("$ref", &index.refs), ("$dynamicRef", &index.dynamic_refs)] {
            for (pointer, target) in refs {
                let Err(RefProblem::External(_)) = target else {
                    continue;
                };
                let Some(reference) = site.node.at_pointer(pointer).and_then(|n| n.get(keyword))
                else {
                    continue;
                };
                let text = reference.as_str().unwrap_or_default().to_string();
                let at = child(&format!("{}{pointer}", site.pointer), keyword);
                found.push((reference.span, at, keyword, text));
            }
        }
    }
    found.sort_by_key(|f| f.0.start);
    for (span, pointer, keyword, text) in found {
        cx.report(
            &REMOTE_REF,
            span,
            &pointer,
            format!("`{keyword}` to `{text}` leaves the schema; it is never fetched"),
        )
        .label("external reference")
        .help("copy the referenced schema under `$defs` and refer to it as `#/$defs/Name`");
    }
}
