use crate::{declare_rule, Context};
use agentspec_jsonschema::{dialect, Dialect};

declare_rule! {
    /// ## What it does
    /// Reports an `answer_format` or tool `input_schema` whose `$schema` names a draft other
    /// than 2020-12 (the default) or draft-07.
    ///
    /// ## Why is this bad?
    /// The schema's meaning depends on its draft; agentspec, the generated types and the
    /// platform can only agree on the drafts they all support. No `$schema` means 2020-12.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// answer_format:
    ///   $schema: http://json-schema.org/draft-04/schema#   # use 2020-12 or draft-07
    ///   type: object
    /// ```
    pub static UNSUPPORTED_SCHEMA_DIALECT = ("unsupported-schema-dialect", "schemas", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for site in &cx.view.schemas {
        if let Err(declared) = dialect(site.node) {
            let shown = cx.text(declared.span).to_string();
            cx.report(
                &UNSUPPORTED_SCHEMA_DIALECT,
                declared.span,
                &crate::context::child(&site.pointer, "$schema"),
                format!(
                    "unsupported JSON Schema dialect {shown}: expected draft 2020-12 or draft-07"
                ),
            )
            .label("unsupported `$schema`")
            .help(format!(
                "remove `$schema` for draft 2020-12, or write `{}`",
                Dialect::Draft7.uri()
            ));
        }
    }
}
