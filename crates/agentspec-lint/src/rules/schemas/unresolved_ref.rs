use crate::context::child;
use crate::{declare_rule, Context};
use agentspec_jsonschema::refs::RefProblem;

declare_rule! {
    /// ## What it does
    /// Reports a `$ref` that names the schema's own document (`#/...`, `#anchor`, or a URI that
    /// one of its `$id`s names, embedded resources included) but points at nothing in it, or
    /// that is not a URI reference. Resolution follows JSON Schema (`$id` sets the base,
    /// `$anchor` names a subschema; in draft-07 `$ref` hides its siblings) and is the one
    /// `agentspec gen` uses.
    ///
    /// ## Why is this bad?
    /// Validators fail on an unresolvable reference, so every answer is rejected (or the
    /// platform refuses the schema).
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// answer_format:
    ///   type: object
    ///   properties:
    ///     story: {$ref: "#/$defs/Stroy"}   # `$defs` has `Story`
    ///   $defs:
    ///     Story: {type: object}
    /// ```
    pub static UNRESOLVED_REF = ("unresolved-ref", "schemas", Error);
}

/// Runs the rule: every `$ref` the shared resolver (the code generator's) finds naming this
/// document but nothing in it, or not a URI reference at all.
pub fn check(cx: &Context<'_>) {
    let mut found = Vec::new();
    for site in &cx.view.schemas {
        for (pointer, target) in &site.refs().refs {
            let (Err(RefProblem::Unresolved(_)) | Err(RefProblem::Malformed(_))) = target else {
                continue;
            };
            let Some(reference) = site.node.at_pointer(pointer).and_then(|n| n.get("$ref")) else {
                continue;
            };
            let text = reference.as_str().unwrap_or_default().to_string();
            let mut names = Vec::new();
            for defs in ["$defs", "definitions"] {
                for e in site
                    .node
                    .get(defs)
                    .and_then(|d| d.as_map())
                    .unwrap_or_default()
                {
                    names.push(format!("#/{defs}/{}", e.key.text));
                }
            }
            let best = crate::context::closest(&text, names.iter().map(String::as_str))
                .map(str::to_string);
            let at = child(&format!("{}{pointer}", site.pointer), "$ref");
            found.push((reference.span, at, text, best));
        }
    }
    found.sort_by_key(|f| f.0.start);
    for (span, pointer, text, best) in found {
        let help = match best {
            Some(b) => format!("did you mean `{b}`?"),
            None => "define the target under `$defs`, or fix the reference".into(),
        };
        cx.report(
            &UNRESOLVED_REF,
            span,
            &pointer,
            format!("`$ref` to `{text}` does not resolve within the schema"),
        )
        .label("points at nothing")
        .help(help);
    }
}
