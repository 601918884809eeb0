use crate::context::{child, closest, confident};
use crate::fix::rename_key;
use crate::{declare_rule, Context};
use agentspec_jsonschema::dialect;
use agentspec_syntax::{Node, Span};

declare_rule! {
    /// ## What it does
    /// Reports keywords that the schema's draft does not define (`require`, `propertys`,
    /// `definitions` in a 2020-12 schema), with the closest keyword as a suggestion. Keys
    /// starting with `x-` are extensions and are not reported.
    ///
    /// ## Why is this bad?
    /// Validators ignore unknown keywords, so a misspelt constraint silently constrains
    /// nothing: `require: [title]` lets answers without a title through.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// answer_format:
    ///   type: object
    ///   properties:
    ///     title: {type: string}
    ///   require: [title]       # did you mean `required`?
    /// ```
    ///
    /// ## Fix
    /// Renames the key to the suggested keyword, keeping its quotes, when the schema does not
    /// have that keyword already. Unsafe: the constraint starts to apply, so answers it let
    /// through may now be rejected. A keyword of the other draft is not rewritten.
    pub static UNKNOWN_SCHEMA_KEYWORD = ("unknown-schema-keyword", "schemas", Warning; fix = Unsafe);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let mut found = Vec::new();
    let mut read_as: Vec<(Span, &'static str, Span)> = Vec::new();
    for site in &cx.view.schemas {
        let Ok(dialect) = dialect(site.node) else {
            continue;
        };
        site.subschemas().for_each(|(node, pointer)| {
            let node: &Node = node;
            for entry in node.as_map().unwrap_or_default() {
                let key = entry.key.text.as_str();
                if key.starts_with("x-") || dialect.is_keyword(key) {
                    continue;
                }
                let other = dialect.other();
                let mut fix = None;
                let help = if other.is_keyword(key) {
                    let modern = match key {
                        "definitions" => " (write `$defs`)",
                        "dependencies" => " (write `dependentRequired` or `dependentSchemas`)",
                        "additionalItems" => " (write `items` after `prefixItems`)",
                        _ => "",
                    };
                    format!(
                        "`{key}` belongs to {}; this schema is {}{modern}",
                        other.name(),
                        dialect.name()
                    )
                } else if let Some(best) = closest(key, dialect.keywords().iter().copied()) {
                    fix = rename_key(cx.source, node, &entry.key, best);
                    // A confident suggestion the schema lacks: the other rules read the key as
                    // that keyword (`root_cause`).
                    let sure = confident(key, dialect.keywords().iter().copied()) == Some(best);
                    let taken = node.get(best).is_some()
                        || read_as.iter().any(|r| r.2 == node.span && r.1 == best);
                    if sure && !taken {
                        read_as.push((entry.key.span, best, node.span));
                    }
                    format!("did you mean `{best}`?")
                } else {
                    "remove it, or prefix it with `x-` to mark it as an extension".into()
                };
                found.push((
                    entry.key.span,
                    child(pointer, key),
                    key.to_string(),
                    dialect.name(),
                    help,
                    fix,
                ));
            }
        });
    }
    for (key, name, _) in read_as {
        cx.read_key_as(key, name);
    }
    for (span, pointer, key, draft, help, fix) in found {
        cx.report(
            &UNKNOWN_SCHEMA_KEYWORD,
            span,
            &pointer,
            format!("unknown keyword `{key}` in a {draft} schema"),
        )
        .label("validators ignore this")
        .help(help)
        .fix_some(fix);
    }
}
