use std::sync::OnceLock;

use jsonschema::meta::MetaValidator;
use serde_json::json;

use crate::{declare_rule, Context};
use agentspec_jsonschema::{dialect, Dialect};

declare_rule! {
    /// ## What it does
    /// Validates an `answer_format` or tool `input_schema` against the meta-schema of its draft
    /// (2020-12 unless `$schema` says draft-07) and reports each violation at the offending
    /// keyword.
    ///
    /// Each `pattern` and each key of `patternProperties` is compiled with the regular
    /// expression engine that validates answers (`fancy-regex`, as `check-answer` and the
    /// generated `from_answer` use it): a pattern it can't compile (`(`, `[a-`, `(?>a)`,
    /// `\p{Nope}`, or one too large once compiled) is reported at the pattern.
    ///
    /// ## Why is this bad?
    /// An invalid schema is rejected by the platform, or worse, validates answers differently
    /// than you think (`type: strng` matches nothing).
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// answer_format:
    ///   type: object
    ///   properties:
    ///     price:
    ///       type: float      # not a JSON Schema type; use `number`
    /// ```
    pub static INVALID_SCHEMA = ("invalid-schema", "schemas", Error);
}

/// The meta-schema validator of a draft, built once per process.
fn meta_validator(dialect: Dialect) -> &'static MetaValidator<'static> {
    static LATEST: OnceLock<MetaValidator<'static>> = OnceLock::new();
    static DRAFT7: OnceLock<MetaValidator<'static>> = OnceLock::new();
    let cell = match dialect {
        Dialect::Draft202012 => &LATEST,
        Dialect::Draft7 => &DRAFT7,
    };
    cell.get_or_init(|| {
        jsonschema::meta::validator_for(&json!({ "$schema": dialect.uri() }))
            .expect("bundled meta-schemas build")
    })
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let mut compiled = std::collections::HashSet::new();
    for site in cx.view.schemas.iter() {
        let Ok(dialect) = dialect(site.node) else {
            continue;
        };
        check_patterns(cx, site, &mut compiled);
        if crate::shared::plain_schema::certainly_valid(site.node, dialect) {
            continue;
        }
        let value = site.json();
        let validator = meta_validator(dialect);
        if validator.is_valid(value) {
            continue;
        }
        for error in validator.iter_errors(value) {
            let path = error.instance_path().to_string();
            let (node, key) = site
                .node
                .at_pointer_keyed(&path)
                .unwrap_or((site.node, None));
            let keyword = path.rsplit('/').next().filter(|k| !k.is_empty());
            let span = node.span;
            let message = match (keyword, node.as_str()) {
                (Some("type"), Some(name)) => format!("`{name}` is not a JSON Schema type"),
                (Some(k), _) if key.is_some() => {
                    format!("invalid `{k}` in a {} schema: {error}", dialect.name())
                }
                _ => format!("invalid {} schema: {error}", dialect.name()),
            };
            cx.report(
                &INVALID_SCHEMA,
                span,
                &format!("{}{path}", site.pointer),
                message,
            )
            .label("violates the meta-schema")
            .help(help_for(&path, value));
        }
    }
}

/// Reports each `pattern` and `patternProperties` key of `site` that the validator's engine
/// can't compile; `compiled` holds the patterns already found to compile.
fn check_patterns<'n>(
    cx: &Context<'_>,
    site: &crate::view::SchemaSite<'n>,
    compiled: &mut std::collections::HashSet<&'n str>,
) {
    for (node, pointer) in site.subschemas() {
        let mut found: Vec<(&'n str, agentspec_syntax::Span, String)> = Vec::new();
        if let Some(pattern) = node.get("pattern").and_then(|p| p.as_str().map(|t| (p, t))) {
            found.push((pattern.1, pattern.0.span, format!("{pointer}/pattern")));
        }
        if let Some(map) = node.get("patternProperties").and_then(|p| p.as_map()) {
            for entry in map {
                found.push((
                    entry.key.text.as_str(),
                    entry.key.span,
                    format!(
                        "{pointer}/patternProperties/{}",
                        agentspec_syntax::pointer_escape(&entry.key.text)
                    ),
                ));
            }
        }
        for (pattern, span, pointer) in found {
            if compiled.contains(pattern) {
                continue;
            }
            match agentspec_answer::pattern_error(pattern) {
                None => {
                    compiled.insert(pattern);
                }
                Some(error) => {
                    cx.report(
                        &INVALID_SCHEMA,
                        span,
                        &pointer,
                        format!("the validator can't compile the regular expression: {error}"),
                    )
                    .label("not a regular expression the validator reads")
                    .help(
                        "answers are validated with the `fancy-regex` engine: write an \
                         ECMA-262 pattern it supports, within its size limit",
                    );
                }
            }
        }
    }
}

fn help_for(path: &str, schema: &serde_json::Value) -> String {
    if path.ends_with("/type") {
        let name = schema_type_suggestion(path, schema);
        format!("a type is one of `object`, `array`, `string`, `number`, `integer`, `boolean`, `null`{name}")
    } else if path.ends_with("/required") {
        "`required` is a list of property names".into()
    } else {
        "fix the keyword's value so the schema is valid for its draft".into()
    }
}

/// ` (did you mean …?)` for a misspelt or foreign type name.
fn schema_type_suggestion(path: &str, schema: &serde_json::Value) -> String {
    let found = schema.pointer(path).and_then(|v| v.as_str()).unwrap_or("");
    let mapped = match found {
        "float" | "double" | "decimal" => Some("number"),
        "int" | "long" => Some("integer"),
        "bool" => Some("boolean"),
        "str" | "text" => Some("string"),
        "list" => Some("array"),
        "dict" | "map" => Some("object"),
        other => crate::context::closest(
            other,
            [
                "object", "array", "string", "number", "integer", "boolean", "null",
            ],
        ),
    };
    mapped
        .map(|m| format!("; did you mean `{m}`?"))
        .unwrap_or_default()
}
