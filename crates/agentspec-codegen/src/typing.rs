//! Running typify safely: a fresh type space per schema, inside `catch_unwind`, with the panic
//! message captured instead of printed, and a bottom-up repair when a sub-schema defeats it.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use proc_macro2::TokenStream;
use serde_json::{Map, Value};
use typify::{TypeSpace, TypeSpaceSettings};

use crate::normalize::{for_each_schema_child_mut, Plan, POINTER_KEY};
use crate::{rules, Note, Severity};

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs (once) a panic hook that stays silent while [`guarded`] runs and defers to the
/// previous hook everywhere else.
fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if QUIET.with(Cell::get) {
                let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
                    (*s).to_owned()
                } else if let Some(s) = info.payload().downcast_ref::<String>() {
                    s.clone()
                } else {
                    "unknown panic".to_owned()
                };
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(message));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`, turning a panic into `Err(message)`.
pub(crate) fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    result.map_err(|_| {
        let message = LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_default();
        // typify's messages can embed whole schemas; the first line says what failed.
        let first = message.lines().next().unwrap_or("").trim().to_owned();
        if first.is_empty() {
            "typify panicked".to_owned()
        } else {
            first
        }
    })
}

/// Runs typify over `defs` (`(type name, schema)`, schemas without bookkeeping keys) in a fresh
/// type space, returning its tokens or why it failed.
pub(crate) fn run(defs: &[(String, Value)], replaced: &[String]) -> Result<TokenStream, String> {
    let mut schemas = Vec::with_capacity(defs.len());
    for (name, schema) in defs {
        let schema: schemars08::schema::Schema = serde_json::from_value(schema.clone())
            .map_err(|e| format!("the schema model rejected the `{name}` schema: {e}"))?;
        schemas.push((name.clone(), schema));
    }
    guarded(move || {
        let mut settings = TypeSpaceSettings::default();
        settings
            .with_struct_builder(false)
            .with_map_type("::std::collections::BTreeMap")
            .with_crate("agentspec-answer", typify::CrateVers::Any, None::<&String>);
        for name in replaced {
            settings.with_replacement(name, name, std::iter::empty());
        }
        let mut space = TypeSpace::new(&settings);
        space.add_ref_types(schemas).map_err(|e| e.to_string())?;
        let tokens = space.to_stream();
        syn::parse2::<syn::File>(tokens.clone())
            .map_err(|e| format!("typify emitted invalid Rust: {e}"))?;
        Ok(tokens)
    })
    .and_then(|r| r)
}

/// Types the plan; on failure, replaces each sub-schema that typify can't handle by
/// `serde_json::Value` (deepest first, with a note), and as a last resort the whole root.
/// The second value tells whether the whole root fell back to `serde_json::Value`.
pub(crate) fn type_plan(plan: &mut Plan) -> (TokenStream, bool) {
    let replaced = plan.replaced();
    if let Ok(tokens) = run(&plan.stripped_defs(), &replaced) {
        return (tokens, false);
    }
    for (_, schema) in plan.defs.iter_mut() {
        repair(schema, &mut plan.notes);
    }
    match run(&plan.stripped_defs(), &replaced) {
        Ok(tokens) => (tokens, false),
        Err(reason) => {
            plan.notes.push(Note {
                rule: rules::UNTYPED_ANSWER,
                severity: Severity::Warning,
                pointer: String::new(),
                message: format!(
                    "no Rust type could be generated for this schema ({reason}); the answer \
                     is read as `serde_json::Value`, still validated against the whole schema"
                ),
            });
            plan.fall_back_to_value();
            (run(&plan.stripped_defs(), &[]).unwrap_or_default(), true)
        }
    }
}

/// Post-order repair of one normalized schema: children first, then the node itself is probed
/// alone (references replaced by `{}`), and replaced by `{}` when typify still fails on it.
fn repair(schema: &mut Value, notes: &mut Vec<Note>) {
    for_each_schema_child_mut(schema, &mut |child| repair(child, notes));
    let probe = crate::normalize::strip(&without_refs(schema));
    if probe.as_object().is_some_and(Map::is_empty) {
        return;
    }
    if let Err(reason) = run(&[("Probe".to_owned(), probe)], &[]) {
        let pointer = schema
            .get(POINTER_KEY)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        notes.push(Note {
            rule: rules::UNTYPED_KEYWORD,
            severity: Severity::Info,
            pointer: pointer.clone(),
            message: format!(
                "this sub-schema can't be expressed as a Rust type ({reason}); it is read as \
                 `serde_json::Value` and checked at run time"
            ),
        });
        let mut replacement = Map::new();
        replacement.insert(POINTER_KEY.into(), Value::String(pointer));
        if let Some(d) = schema.get("description") {
            replacement.insert("description".into(), d.clone());
        }
        *schema = Value::Object(replacement);
    }
}

/// A copy of `schema` in which every `$ref` schema is `{}`.
fn without_refs(schema: &Value) -> Value {
    let mut copy = schema.clone();
    fn clear(node: &mut Value) {
        if node.get("$ref").is_some() {
            *node = Value::Object(Map::new());
            return;
        }
        for_each_schema_child_mut(node, &mut clear);
    }
    clear(&mut copy);
    copy
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan(root: Value) -> Plan {
        Plan {
            defs: vec![("Root".to_owned(), root)],
            notes: Vec::new(),
            fatal: false,
            custom_enums: Vec::new(),
            type_pointers: Default::default(),
            defaults: Default::default(),
            choices: Default::default(),
        }
    }

    #[test]
    fn panics_are_caught_and_reported() {
        let colliding = json!({"type": "string", "enum": ["a", "A"]});
        let error = run(&[("Root".to_owned(), colliding)], &[]).unwrap_err();
        assert!(error.contains("unique variant names"), "{error}");
    }

    #[test]
    fn the_failing_sub_schema_alone_becomes_a_value() {
        let mut plan = plan(json!({
            "type": "object",
            "properties": {
                "a": {"type": "string", "enum": ["a", "A"], POINTER_KEY: "/properties/a"},
                "b": {"type": "string", POINTER_KEY: "/properties/b"}
            },
            POINTER_KEY: ""
        }));
        let (tokens, fell_back) = type_plan(&mut plan);
        assert!(!fell_back);
        let code = tokens.to_string();
        assert!(
            code.contains("pub a : :: std :: option :: Option < :: serde_json :: Value >"),
            "{code}"
        );
        assert!(
            code.contains("pub b : :: std :: option :: Option < :: std :: string :: String >"),
            "{code}"
        );
        assert_eq!(plan.notes.len(), 1);
        assert_eq!(plan.notes[0].pointer, "/properties/a");
    }

    #[test]
    fn a_root_typify_fails_on_becomes_a_value_newtype() {
        let mut plan = plan(json!({"type": "string", "enum": ["a", "A"], POINTER_KEY: ""}));
        let (tokens, _) = type_plan(&mut plan);
        let code = tokens.to_string();
        assert!(
            code.contains("pub struct Root (pub :: serde_json :: Value)"),
            "{code}"
        );
        assert_eq!(plan.notes[0].pointer, "");
    }
}
