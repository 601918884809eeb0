use crate::context::{child, ReportExt};
use crate::rules::schemas::dialect;
use crate::view::SchemaRole;
use crate::{declare_rule, Context};
use agentspec_syntax::Node;

declare_rule! {
    /// ## What it does
    /// Points out keywords of an `answer_format` that the generated Rust types (`agentspec
    /// gen`) can't express exactly, such as `minimum`, `pattern`, `format`, `maxItems`,
    /// `uniqueItems` or `if`/`then`/`else`. Information only.
    ///
    /// ## Why is this bad?
    /// It isn't: the generated `from_answer` validates every answer against the full schema,
    /// so these constraints still hold at run time. But the Rust type alone (a `String`, a
    /// `Vec`, or `serde_json::Value` for shapes that can't be typed) is wider than the schema;
    /// know that code building answers by hand relies on validation, not on the compiler.
    ///
    /// ## Example
    /// ```yaml
    /// answer_format:
    ///   type: object
    ///   properties:
    ///     points: {type: integer, minimum: 0}   # the field is an i64; `minimum` is checked at run time
    /// ```
    pub static UNTYPED_KEYWORD = ("untyped-keyword", "schemas", Info);
}

/// Keywords whose constraint the generated types do not carry, and what the type becomes.
const UNTYPED: &[(&str, &str)] = &[
    ("if", "the branches are not typed"),
    ("then", "the branches are not typed"),
    ("else", "the branches are not typed"),
    ("not", "negation is not typed"),
    ("patternProperties", "the value becomes `serde_json::Value`"),
    ("propertyNames", "property names are not typed"),
    ("dependentSchemas", "dependent shapes are not typed"),
    ("dependentRequired", "dependent requirements are not typed"),
    ("dependencies", "dependent requirements are not typed"),
    (
        "unevaluatedProperties",
        "the value becomes `serde_json::Value`",
    ),
    ("unevaluatedItems", "the value becomes `serde_json::Value`"),
    ("contains", "the list element type does not carry it"),
    ("prefixItems", "the tuple is typed loosely"),
    ("multipleOf", "the number type does not carry it"),
    ("minimum", "the number type does not carry it"),
    ("maximum", "the number type does not carry it"),
    ("exclusiveMinimum", "the number type does not carry it"),
    ("exclusiveMaximum", "the number type does not carry it"),
    ("minLength", "the field is a plain `String`"),
    ("maxLength", "the field is a plain `String`"),
    ("pattern", "the field is a plain `String`"),
    ("format", "the field is a plain `String`"),
    ("minItems", "the field is a plain `Vec`"),
    ("maxItems", "the field is a plain `Vec`"),
    ("uniqueItems", "the field is a plain `Vec`"),
    ("minProperties", "the map type does not carry it"),
    ("maxProperties", "the map type does not carry it"),
];

/// Runs the rule.
pub fn check(cx: &mut Context<'_>) {
    let mut found = Vec::new();
    for site in &cx.view.schemas {
        if site.role != SchemaRole::AnswerFormat {
            continue;
        }
        let Ok(_) = dialect(site.node) else {
            continue;
        };
        site.subschemas().for_each(|(node, pointer)| {
            let node: &Node = node;
            for entry in node.as_map().unwrap_or_default() {
                let unknown_format = entry.key.text == "format"
                    && entry
                        .value
                        .as_str()
                        .is_some_and(|n| !agentspec_answer::is_known_format(n));
                if unknown_format {
                    // Not checked at all: `unknown-format` reports it.
                    continue;
                }
                if let Some((keyword, effect)) = UNTYPED.iter().find(|(k, _)| *k == entry.key.text)
                {
                    found.push((entry.key.span, child(pointer, keyword), *keyword, *effect));
                }
            }
        });
    }
    for (span, pointer, keyword, effect) in found {
        cx.report(&UNTYPED_KEYWORD, span, &pointer, format!("`{keyword}` is checked when the answer is validated, not by the generated type: {effect}"))
            .label("validated at run time");
    }
}
