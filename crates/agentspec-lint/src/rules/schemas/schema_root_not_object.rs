use crate::context::child;
use crate::view::SchemaRole;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an `answer_format` or tool `input_schema` whose root does not say
    /// `type: object`, and an empty `answer_format` (`{}`, which the Create-session page shows as
    /// a placeholder): it asks for a structured answer but accepts any.
    ///
    /// ## Why is this bad?
    /// A structured answer comes back as a JSON object (the API types answers as a string or
    /// an object), and tool arguments are an object by the API's definition; a root of another
    /// type can't be represented. This is a project decision from the sources.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// answer_format:
    ///   type: array          # wrap it: {type: object, properties: {items: {type: array}}}
    ///   items: {type: string}
    /// ```
    pub static SCHEMA_ROOT_NOT_OBJECT = ("schema-root-not-object", "schemas", Warning, policy);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for site in &cx.view.schemas {
        let Some(map) = site.node.as_map() else {
            continue;
        };
        if map.is_empty() {
            if site.role == SchemaRole::AnswerFormat {
                cx.report(
                    &SCHEMA_ROOT_NOT_OBJECT,
                    site.node.span,
                    &site.pointer,
                    "an empty answer_format asks for a structured answer but accepts any",
                )
                .label("no `type: object`")
                .help(
                    "describe the answer (`type: object` with its `properties`), or leave \
                     `answer_format` out (or null) for a free-form text answer",
                );
            }
            continue;
        }
        let ty = site.node.get("type");
        let is_object = match ty {
            Some(t) => t.as_str() == Some("object"),
            None => site.node.get("properties").is_some() || site.node.get("$ref").is_some(),
        };
        if is_object {
            continue;
        }
        let what = match site.role {
            SchemaRole::AnswerFormat => "an answer_format",
            SchemaRole::ToolInput => "a tool's input_schema",
        };
        let (span, pointer, found) = match ty {
            Some(t) => (
                t.span,
                child(&site.pointer, "type"),
                format!("`type: {}`", cx.text(t.span)),
            ),
            None => (
                site.node.span,
                site.pointer.clone(),
                "no `type`".to_string(),
            ),
        };
        let span = if ty.is_none() { map[0].key.span } else { span };
        cx.report(
            &SCHEMA_ROOT_NOT_OBJECT,
            span,
            &pointer,
            format!("the root of {what} should be `type: object`, found {found}"),
        )
        .label("root type")
        .help("use `type: object` at the root and put other values under a property");
    }
}
