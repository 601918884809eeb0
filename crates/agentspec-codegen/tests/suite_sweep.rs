//! Runs the generator over every schema of the JSON-Schema-Test-Suite (draft 2020-12 and
//! draft 7), compiles everything it generates into one scratch crate, and runs every test
//! instance through the typed `from_answer`, comparing with the suite's verdict.
//!
//! The suite is read from `fixtures/peer-suites/json-schema-test-suite`, or from
//! `$AGENTSPEC_PEER_SUITES/json-schema-test-suite` when that is set. The counts are printed (run with `--nocapture` to see them); the test fails on
//! a panic, on fewer compiled schemas or agreeing instances than the floors below, and on a
//! typed parse that accepts an instance the validator rejects.

#[path = "../../agentspec-jsonschema/tests/support/json_schema_test_suite.rs"]
mod json_schema_test_suite;
mod support;

use std::collections::BTreeMap;
use std::time::Instant;

use agentspec_codegen::{generate_schema, AnswerSchema, Severity};
use serde_json::{json, Value};

/// Schemas whose generated code must compile, at least (measured: see the printed counts).
const MIN_COMPILED: usize = 609;
/// Instances the typed parse must judge as the suite does, at least. The 17 "invalid … string is
/// only an annotation by default" instances of `draft2020-12/format.json` disagree on purpose:
/// answers assert `format` under every draft.
const MIN_AGREEING: usize = 2109;

/// One schema of the suite.
struct Group {
    /// `draft7/ref.json #3: description`.
    name: String,
    module: String,
    schema: Value,
    /// `(description, data, valid)`.
    tests: Vec<(String, Value, bool)>,
}

fn groups() -> Vec<Group> {
    let mut groups = Vec::new();
    for case in json_schema_test_suite::cases() {
        // The suite's schemas are of the draft of their directory; say so where the schema
        // doesn't, since the validator's default draft is 2020-12.
        let schema = match case.schema_of_its_draft() {
            Some(schema) => schema,
            None if case.draft == "draft7" => json!({"$schema": case.meta, "allOf": [case.schema]}),
            None => case.schema.clone(),
        };
        groups.push(Group {
            name: format!("{}: {}", case.name(), case.description),
            module: format!("m{:04}", groups.len()),
            schema,
            tests: case.tests,
        });
    }
    groups
}

#[derive(Default)]
struct Counts {
    schemas: usize,
    generated: usize,
    remote_ref_errors: usize,
    other_errors: usize,
    fell_back: usize,
    repaired: usize,
    value_root: usize,
    compiled: usize,
    compile_failures: usize,
    instances: usize,
    agreeing: usize,
    disagreeing: usize,
    not_run: usize,
    /// Disagreements where the validator itself differs from the suite.
    validator_differs: usize,
    /// Valid by the validator, rejected by deserialization.
    shape_rejects: usize,
}

#[test]
fn json_schema_test_suite_sweep() {
    let started = Instant::now();
    let groups = groups();
    let mut counts = Counts {
        schemas: groups.len(),
        ..Counts::default()
    };
    let mut cases = Vec::new();
    let mut errors: BTreeMap<String, String> = BTreeMap::new();
    let mut generated_modules = BTreeMap::new();
    for group in &groups {
        let out = generate_schema(&AnswerSchema {
            type_name: "SuiteAnswer".into(),
            schema: group.schema.clone(),
            origin: group.name.clone(),
        });
        let error = out
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error);
        if let Some(error) = error {
            if error.message.contains("leaves the schema") {
                counts.remote_ref_errors += 1;
            } else {
                counts.other_errors += 1;
            }
            errors.insert(group.name.clone(), error.message.clone());
            continue;
        }
        counts.generated += 1;
        counts.fell_back += usize::from(out.fell_back);
        counts.repaired += usize::from(
            out.diagnostics
                .iter()
                .any(|d| d.message.contains("can't be expressed as a Rust type (")),
        );
        counts.value_root += usize::from(
            out.code
                .contains("pub struct SuiteAnswer(pub ::serde_json::Value);"),
        );
        generated_modules.insert(group.module.clone(), ());
        cases.push(support::Case {
            module: group.module.clone(),
            type_name: "SuiteAnswer".into(),
            code: out.code,
        });
    }
    let generated_at = started.elapsed();

    let mut answers = Vec::new();
    let mut index = Vec::new();
    for group in &groups {
        for (description, data, valid) in &group.tests {
            counts.instances += 1;
            if generated_modules.contains_key(&group.module) {
                answers.push((group.module.clone(), data.clone()));
                index.push((group, description, data, *valid));
            } else {
                counts.not_run += 1;
            }
        }
    }
    let outcome = support::compile_and_run("suite", &cases, &answers);
    counts.compile_failures = outcome.failed.len();
    counts.compiled = counts.generated - counts.compile_failures;

    let mut disagreements = Vec::new();
    let mut unsound = Vec::new();
    for ((group, description, data, valid), verdict) in index.into_iter().zip(&outcome.verdicts) {
        if outcome.failed.contains_key(&group.module) {
            counts.not_run += 1;
            continue;
        }
        let typed = verdict.is_ok();
        if typed == valid {
            counts.agreeing += 1;
            continue;
        }
        counts.disagreeing += 1;
        let schema_text = group.schema.to_string();
        let by_validator = agentspec_answer::is_valid(&schema_text, data).unwrap_or(false);
        let reason = if by_validator != valid {
            counts.validator_differs += 1;
            "the validator itself judges it differently"
        } else if valid {
            counts.shape_rejects += 1;
            "valid, but the generated type rejects it"
        } else {
            "invalid, but accepted"
        };
        if typed && !by_validator && !matches!(data, Value::String(_)) {
            unsound.push(format!("{} / {description}: {data}", group.name));
        }
        let error = verdict
            .as_ref()
            .err()
            .map(|e| format!(" ({})", first_line(e)))
            .unwrap_or_default();
        disagreements.push(format!("{} / {description}: {reason}{error}", group.name));
    }

    println!("JSON-Schema-Test-Suite sweep (draft2020-12 and draft7)");
    println!("  schemas:                 {}", counts.schemas);
    println!("  generated:               {}", counts.generated);
    println!(
        "    root is a Value:       {} (nothing typeable, e.g. no `type`)",
        counts.value_root
    );
    println!(
        "    typify gave up:        {} (root fell back to Value)",
        counts.fell_back
    );
    println!(
        "    with parts repaired:   {} (a sub-schema typify fails on read as Value)",
        counts.repaired
    );
    println!("  remote-ref errors:       {}", counts.remote_ref_errors);
    println!("  other errors:            {}", counts.other_errors);
    println!("  compiled:                {}", counts.compiled);
    println!("  compile failures:        {}", counts.compile_failures);
    println!("  instances:               {}", counts.instances);
    println!("    judged as the suite:   {}", counts.agreeing);
    println!("    judged differently:    {}", counts.disagreeing);
    println!("      validator differs:   {}", counts.validator_differs);
    println!("      type rejects valid:  {}", counts.shape_rejects);
    println!("    not run (no code):     {}", counts.not_run);
    println!(
        "  generation took {generated_at:?}, everything {:?}",
        started.elapsed()
    );
    println!("\nSchemas not generated:");
    for (name, message) in &errors {
        println!("  {name}: {}", first_line(message));
    }
    println!("\nCompile failures:");
    for (module, message) in &outcome.failed {
        let name = groups
            .iter()
            .find(|g| &g.module == module)
            .map(|g| g.name.as_str())
            .unwrap_or("?");
        println!("  {name} ({module}): {}", first_line(message));
    }
    println!("\nInstances judged differently from the suite:");
    for d in &disagreements {
        println!("  {d}");
    }

    assert!(
        unsound.is_empty(),
        "the typed parse accepted instances the validator rejects:\n{}",
        unsound.join("\n")
    );
    assert_eq!(
        counts.other_errors, 0,
        "schemas failed to generate for another reason than a remote reference"
    );
    assert!(
        counts.compiled >= MIN_COMPILED,
        "only {} schemas compiled (floor {MIN_COMPILED})",
        counts.compiled
    );
    assert!(
        counts.agreeing >= MIN_AGREEING,
        "only {} instances agree (floor {MIN_AGREEING})",
        counts.agreeing
    );
}

fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// Every sub-schema of every suite schema, generated on its own as a root: no panic, no abort,
/// and nothing but a remote or unresolved reference stops generation.
#[test]
fn every_suite_subschema_generates_without_panicking() {
    let mut total = 0;
    let mut unexpected = Vec::new();
    for group in groups() {
        let mut stack = vec![group.schema.clone()];
        while let Some(schema) = stack.pop() {
            collect_children(&schema, &mut stack);
            total += 1;
            let out = generate_schema(&AnswerSchema {
                type_name: "SubAnswer".into(),
                schema,
                origin: group.name.clone(),
            });
            for d in out
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
            {
                let expected = d.message.contains("leaves the schema")
                    || d.message.contains("points at nothing");
                if !expected {
                    unexpected.push(format!("{}: {}", group.name, d.message));
                }
            }
        }
    }
    println!("generated {total} sub-schemas on their own");
    assert!(
        unexpected.is_empty(),
        "unexpected errors:\n{}",
        unexpected.join("\n")
    );
}

fn collect_children(schema: &Value, out: &mut Vec<Value>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    for (key, value) in map {
        match (key.as_str(), value) {
            (
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
                Value::Object(m),
            ) => {
                out.extend(m.values().filter(|v| v.is_object()).cloned());
            }
            ("allOf" | "anyOf" | "oneOf" | "prefixItems" | "items", Value::Array(items)) => {
                out.extend(items.iter().filter(|v| v.is_object()).cloned());
            }
            (
                "items"
                | "additionalProperties"
                | "additionalItems"
                | "not"
                | "if"
                | "then"
                | "else"
                | "contains"
                | "propertyNames"
                | "unevaluatedItems"
                | "unevaluatedProperties",
                Value::Object(_),
            ) => out.push(value.clone()),
            _ => {}
        }
    }
}
