//! The fixture corpus in `fixtures/gen/corpus`: each file holds an answer schema and sample
//! answers that must be accepted or rejected. For each schema the generated code is compared
//! with its snapshot in `fixtures/gen/snapshots`; then every generated file is compiled into
//! one scratch crate, which must be free of compiler and clippy warnings, and every sample is
//! run through `from_answer`, which must agree with the
//! fixture and with the `jsonschema` verdict; every accepted answer must serialize back to
//! itself (numbers compared by value), except those listed under `valid_dropping_undeclared`:
//! properties an open object does not declare are not kept by its type; and those listed under
//! `valid_filled` as `{"answer": …, "back": …}`, which must serialize back exactly to `back`:
//! properties left out come back with their `default`. Answers listed under `errors` as
//! `{"answer": …, "contains": …}` are rejected with a message that contains `contains`.

mod support;

use std::path::{Path, PathBuf};

use agentspec_codegen::{generate_schema, AnswerSchema, Severity};
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    support::workspace().join("fixtures/gen/corpus")
}

fn snapshot_dir() -> PathBuf {
    support::workspace().join("fixtures/gen/snapshots")
}

struct Fixture {
    stem: String,
    schema: Value,
    valid: Vec<Value>,
    valid_dropping_undeclared: Vec<Value>,
    /// `(answer, what it serializes back to)`.
    valid_filled: Vec<(Value, Value)>,
    invalid: Vec<Value>,
    /// `(answer, text its error message contains)`.
    errors: Vec<(Value, String)>,
    error: bool,
}

fn fixtures() -> Vec<Fixture> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_dir())
        .expect("fixtures/gen/corpus")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("read fixture");
            let v: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
            Fixture {
                stem: stem(path),
                schema: v["schema"].clone(),
                valid: list("valid"),
                valid_dropping_undeclared: list("valid_dropping_undeclared"),
                valid_filled: list("valid_filled")
                    .into_iter()
                    .map(|pair| (pair["answer"].clone(), pair["back"].clone()))
                    .collect(),
                invalid: list("invalid"),
                errors: list("errors")
                    .into_iter()
                    .map(|pair| {
                        let text = pair["contains"].as_str().unwrap_or_default().to_owned();
                        (pair["answer"].clone(), text)
                    })
                    .collect(),
                error: v["error"] == Value::Bool(true),
            }
        })
        .collect()
}

/// What an accepted answer must serialize back to.
#[derive(Debug, Clone, PartialEq)]
enum Back {
    /// Itself.
    Same,
    /// Itself without the properties its open objects do not declare.
    Dropping,
    /// This value: left-out properties filled with their `default`.
    Filled(Value),
    /// None: the answer is rejected with a message containing this text.
    Error(String),
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|s| s.to_str())
        .expect("file stem")
        .to_owned()
}

fn module_name(stem: &str) -> String {
    format!("c_{}", stem.replace('-', "_"))
}

fn type_name(stem: &str) -> String {
    agentspec_codegen::type_name_for(stem)
}

#[test]
fn corpus_generates_snapshots_compiles_and_agrees_with_the_validator() {
    let fixtures = fixtures();
    assert!(
        !fixtures.is_empty(),
        "no fixtures in {}",
        corpus_dir().display()
    );
    let mut cases = Vec::new();
    let mut answers = Vec::new();
    let mut expected = Vec::new();
    for f in &fixtures {
        let generated = generate_schema(&AnswerSchema {
            type_name: type_name(&f.stem),
            schema: f.schema.clone(),
            origin: format!("`fixtures/gen/corpus/{}.json`", f.stem),
        });
        let mut snapshot = String::new();
        for d in &generated.diagnostics {
            snapshot.push_str(&format!("// {}\n", d));
        }
        if !snapshot.is_empty() {
            snapshot.push('\n');
        }
        snapshot.push_str(&generated.code);
        insta::with_settings!({
            snapshot_path => snapshot_dir(),
            prepend_module_to_snapshot => false,
            omit_expression => true,
            description => format!("fixtures/gen/corpus/{}.json", f.stem),
        }, {
            insta::assert_snapshot!(format!("corpus__{}", f.stem), snapshot);
        });

        let has_error = generated
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error);
        assert_eq!(
            has_error, f.error,
            "{}: error diagnostics: {:?}",
            f.stem, generated.diagnostics
        );
        if f.error {
            assert!(
                generated.code.is_empty(),
                "{}: code generated despite an error",
                f.stem
            );
            continue;
        }
        let module = module_name(&f.stem);
        cases.push(support::Case {
            module: module.clone(),
            type_name: type_name(&f.stem),
            code: generated.code,
        });
        let schema_text = f.schema.to_string();
        for (data, valid, lossy) in f
            .valid
            .iter()
            .map(|d| (d, true, Back::Same))
            .chain(
                f.valid_dropping_undeclared
                    .iter()
                    .map(|d| (d, true, Back::Dropping)),
            )
            .chain(
                f.valid_filled
                    .iter()
                    .map(|(d, back)| (d, true, Back::Filled(back.clone()))),
            )
            .chain(f.invalid.iter().map(|d| (d, false, Back::Same)))
            .chain(
                f.errors
                    .iter()
                    .map(|(d, text)| (d, false, Back::Error(text.clone()))),
            )
        {
            let by_validator = agentspec_answer::validate(&schema_text, data).is_ok();
            assert_eq!(
                by_validator,
                valid,
                "{}: fixture says {} for {data}, jsonschema disagrees",
                f.stem,
                if valid { "valid" } else { "invalid" }
            );
            answers.push((module.clone(), data.clone()));
            expected.push((f.stem.clone(), data.clone(), valid, lossy));
        }
    }

    let outcome = support::compile_and_run("corpus", &cases, &answers);
    assert!(
        outcome.failed.is_empty(),
        "generated code does not compile: {:#?}",
        outcome.failed
    );
    let lints = support::clippy("corpus");
    assert!(
        lints.is_empty(),
        "the generated code has warnings (clippy, -D warnings):\n{}",
        lints.join("\n")
    );
    let mut wrong = Vec::new();
    for ((((stem, data, valid, lossy), verdict), round_trip), back) in expected
        .iter()
        .zip(&outcome.verdicts)
        .zip(&outcome.round_trips)
        .zip(&outcome.backs)
    {
        match (valid, verdict) {
            (true, Ok(())) if matches!(lossy, Back::Filled(b) if Some(b) == back.as_ref()) => {}
            (true, Ok(())) if matches!(lossy, Back::Filled(_)) => wrong.push(format!(
                "{stem}: {data} serializes back as {back:?}, not as the fixture's `back`"
            )),
            (true, Ok(())) if *lossy == Back::Dropping || *round_trip == Some(true) => {}
            (true, Ok(())) => wrong.push(format!(
                "{stem}: {data} is accepted but does not serialize back to itself"
            )),
            (false, Err(message)) if matches!(lossy, Back::Error(t) if !message.contains(t.as_str())) => {
                wrong.push(format!("{stem}: {data} is rejected with {message:?}, which does not contain the fixture's text"))
            }
            (false, Err(message)) if message.contains("does not match its answer_format") => {}
            _ => wrong.push(format!(
                "{stem}: {data} expected {}, got {verdict:?}",
                if *valid { "Ok" } else { "a validation error" }
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "typed parse disagrees:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn specs_directory_output_matches_its_snapshot() {
    let root = support::workspace();
    let found = agentspec_codegen::find_spec_files(&[root.join("specs")]);
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    let files = found.files;
    let generated = agentspec_codegen::generate_specs(
        &files,
        &agentspec_codegen::Options {
            command: "agentspec gen specs".into(),
            display_base: Some(root.clone()),
            derives: Vec::new(),
            attributes: Vec::new(),
        },
    )
    .expect("no extra derive or attribute");
    assert!(!generated.has_errors(), "{:#?}", generated.files);
    let names: Vec<&str> = generated.types.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["HnStoriesAnswer", "TripPlannerAnswer", "WeatherAgentAnswer"]
    );
    insta::with_settings!({
        snapshot_path => snapshot_dir(),
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => "agentspec gen specs",
    }, {
        insta::assert_snapshot!("specs", generated.code);
    });
}
