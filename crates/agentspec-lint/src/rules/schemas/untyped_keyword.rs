use crate::view::{SchemaRole, SchemaSite};
use crate::{declare_rule, Context, SpecKind};
use agentspec_codegen::Severity as NoteSeverity;
use agentspec_jsonschema::dialect;

declare_rule! {
    /// ## What it does
    /// Points out what the generated Rust types (`agentspec gen`) can't express in the
    /// `answer_format` that applies to the spec: a `pattern` on a `String`, `maxItems` on a
    /// `Vec`, an `if`/`then`/`else` the object's fields don't carry, a part read as
    /// `serde_json::Value`. Information only, shown with `--show-infos`.
    ///
    /// The findings are the code generator's own planning notes, with the same words and at the
    /// same keywords as `agentspec gen` prints them (no code is generated to find them), so
    /// what the type carries (`{type: integer, minimum: 0}` is a `u64`, a fixed-length
    /// `prefixItems` a tuple) is never reported. One difference: a `format` no validator knows
    /// is left to `unknown-format`. An `answer_format` of more than 5,000 subschemas is not
    /// planned by the linter (it would cost more than every other rule); `agentspec gen` still
    /// prints its notes.
    ///
    /// ## Why is this bad?
    /// It isn't: the generated `from_answer` validates every answer against the full schema,
    /// so these constraints still hold at run time. But the Rust type alone is wider than the
    /// schema; know that code building answers by hand relies on validation, not on the
    /// compiler.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// answer_format:
    ///   type: object
    ///   properties:
    ///     code: {type: string, pattern: "^[A-Z]{3}$"}   # a `String`; the pattern is checked at run time
    /// ```
    pub static UNTYPED_KEYWORD = ("untyped-keyword", "schemas", Info);
}

/// Most subschemas of an `answer_format` the linter plans types for (real answer formats have
/// a few hundred at most).
const MAX_PLANNED_SUBSCHEMAS: usize = 5_000;

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let applicable = agentspec_jsonschema::applicable(cx.root, cx.kind == SpecKind::Session);
    let Some(placed) = applicable.one() else {
        return;
    };
    let schema = placed.node();
    if schema.as_map().is_none() || dialect(schema).is_err() {
        return;
    }
    // The view holds the session's and the agents' own formats; one set by `overrides` is
    // walked here.
    let walked;
    let site = match cx.view.schemas.iter().find(|s| s.pointer == placed.pointer) {
        Some(site) => site,
        None => {
            walked = SchemaSite::new(schema, placed.pointer.into(), SchemaRole::AnswerFormat);
            &walked
        }
    };
    if site.subschema_count() > MAX_PLANNED_SUBSCHEMAS {
        // Planning a schema this large costs more than the rest of the lint; `gen` still
        // prints its notes.
        return;
    }
    let notes = agentspec_codegen::plan_notes(site.json());
    let mut found = Vec::new();
    for note in notes {
        if note.severity != NoteSeverity::Info {
            // Errors and warnings of the plan are other rules' findings (`remote-ref`,
            // `unresolved-ref`, `invalid-schema`).
            continue;
        }
        let at = schema.at_pointer_keyed(&note.pointer);
        let unknown_format = note.pointer.ends_with("/format")
            && at
                .and_then(|(node, _)| node.as_str())
                .is_some_and(|name| !agentspec_answer::is_known_format(name));
        if unknown_format {
            // Not checked at all: `unknown-format` reports it, once.
            continue;
        }
        let span = match at {
            Some((_, Some(key))) => key.span,
            Some((node, None)) => node.span,
            None => schema.span,
        };
        found.push((
            span,
            format!("{}{}", placed.pointer, note.pointer),
            note.message,
        ));
    }
    for (span, pointer, message) in found {
        cx.report(&UNTYPED_KEYWORD, span, &pointer, message)
            .label("checked at run time");
    }
}
