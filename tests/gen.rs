//! `agentspec gen` reports its notes and errors in every format of `agentspec lint`, at their
//! place in the spec file, with the rule names `lint` gives the same mistakes.

mod cli_support;

use cli_support::{agentspec, sarif_errors, sarif_validator, Run};
use serde_json::{json, Value};

/// A spec whose `answer_format` has a keyword the type can't express (an `info` note), on a
/// line with non-ASCII text before it.
const NOTE: &str = "agent: h/web-surfer-holo3-1-35b\nanswer_format:\n  type: object\n  \
                    properties:\n    é: {type: string, pattern: '^a'}\n  required: [é]\n";

/// A spec with two `answer_format`s: no type is generated.
const CONFLICT: &str = "agent:\n  name: a\n  answer_format: {type: object}\n\
                        answer_format: {type: object}\n";

fn dir_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("spec");
    }
    dir
}

fn json_report(text: &str, run: &Run) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}:\n{}", run.transcript()))
}

/// `agentspec gen --format FORMAT -o answers.rs SPEC` in `dir`, its exit code checked: the
/// code goes to the file, the report to standard output.
fn gen_to_file(dir: &tempfile::TempDir, format: &str, spec: &str, code: i32) -> Run {
    let run = agentspec(
        dir.path(),
        &["gen", "--format", format, "-o", "answers.rs", spec],
    );
    assert_eq!(run.code, code, "{}", run.transcript());
    run
}

#[test]
fn a_note_is_reported_in_json_at_its_keyword() {
    let dir = dir_with(&[("note.session.yaml", NOTE)]);
    let run = gen_to_file(&dir, "json", "note.session.yaml", 0);
    let report = json_report(&run.stdout, &run);
    assert_eq!(
        report["diagnostics"],
        json!([{
            "file": "note.session.yaml",
            "line": 5,
            "column": 23,
            "end_line": 5,
            "end_column": 30,
            "rule": "untyped-keyword",
            "severity": "info",
            "message": "`pattern: \"^a\"` is not expressed by the type, which is a `String`",
            "help": null,
            "pointer": "/answer_format/properties/é/pattern",
            "fix": null,
        }]),
        "{}",
        run.transcript()
    );
    assert_eq!(report["summary"]["infos"], 1);
    assert!(dir.path().join("answers.rs").exists());

    // `lint` reports the same note at the same place under the same name.
    let lint = agentspec(
        dir.path(),
        &[
            "lint",
            "--show-infos",
            "--format",
            "json",
            "note.session.yaml",
        ],
    );
    let linted = json_report(&lint.stdout, &lint);
    let same = linted["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "untyped-keyword")
        .expect("lint's untyped-keyword");
    assert_eq!(same, &report["diagnostics"][0]);
}

#[test]
fn an_error_is_reported_in_json_and_sarif_and_nothing_is_generated() {
    let dir = dir_with(&[("both.session.yaml", CONFLICT)]);
    let run = gen_to_file(&dir, "json", "both.session.yaml", 1);
    let report = json_report(&run.stdout, &run);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{}", run.transcript());
    let d = &diagnostics[0];
    assert_eq!(
        (
            &d["file"],
            &d["line"],
            &d["column"],
            &d["rule"],
            &d["severity"],
            &d["pointer"]
        ),
        (
            &json!("both.session.yaml"),
            &json!(3),
            &json!(3),
            &json!("duplicate-answer-format"),
            &json!("error"),
            &json!("/agent/answer_format")
        ),
        "{d}"
    );
    assert!(!dir.path().join("answers.rs").exists());

    let validator = sarif_validator();
    let run = gen_to_file(&dir, "sarif", "both.session.yaml", 1);
    let log = json_report(&run.stdout, &run);
    let errors = sarif_errors(&validator, &log);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "duplicate-answer-format");
    assert_eq!(result["level"], "error");
    let region = &result["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (&region["startLine"], &region["startColumn"]),
        (&json!(3), &json!(3))
    );
    // The session-level one is the related location, as `lint` shows it.
    let related = &result["relatedLocations"][0];
    assert_eq!(
        related["physicalLocation"]["region"]["startLine"],
        json!(4),
        "{result}"
    );
    // The rule is described, as for `lint`.
    let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"][index]["id"],
        "duplicate-answer-format"
    );
}

#[test]
fn every_format_reports_the_same_place() {
    let dir = dir_with(&[("note.session.yaml", NOTE), ("both.session.yaml", CONFLICT)]);
    let run = |format: &str| gen_to_file(&dir, format, ".", 1).stdout;
    assert_eq!(
        run("concise"),
        "both.session.yaml:3:3: error[duplicate-answer-format] `answer_format` is set both on \
         the session and on its agent; which one the server applies is undocumented, so no \
         answer type is generated: keep one of them\n\
         note.session.yaml:5:23: info[untyped-keyword] `pattern: \"^a\"` is not expressed by the \
         type, which is a `String`\n"
    );
    let github = run("github");
    assert!(
        github.contains(
            "::notice file=note.session.yaml,line=5,col=23,endLine=5,endColumn=30,\
             title=agentspec (untyped-keyword)::`pattern: \"^a\"` is not expressed"
        ),
        "{github}"
    );
    let junit = run("junit");
    roxmltree::Document::parse(&junit).unwrap_or_else(|e| panic!("{e}:\n{junit}"));
    assert!(junit.contains("tests=\"2\" failures=\"1\""), "{junit}");
    let human = run("human");
    assert!(human.contains("duplicate-answer-format"), "{human}");
    assert!(human.contains("both.session.yaml:3:3"), "{human}");
    assert!(human.contains("note.session.yaml:5:23"), "{human}");
}

#[test]
fn without_output_the_code_goes_to_stdout_and_the_report_to_stderr() {
    let dir = dir_with(&[("note.session.yaml", NOTE)]);
    let run = agentspec(
        dir.path(),
        &["gen", "--format", "concise", "note.session.yaml"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("pub struct NoteAnswer"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "note.session.yaml:5:23: info[untyped-keyword] `pattern: \"^a\"` is not expressed by the \
         type, which is a `String`\n"
    );
    let quiet = agentspec(dir.path(), &["gen", "-q", "note.session.yaml"]);
    assert_eq!(quiet.stderr, "", "{}", quiet.transcript());
}

#[test]
fn an_invalid_derive_is_a_usage_error() {
    let dir = dir_with(&[("note.session.yaml", NOTE)]);
    let run = agentspec(
        dir.path(),
        &["gen", "--derive", "not a path", "note.session.yaml"],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        "error: `not a path` is not a path to a derive macro (such as `schemars::JsonSchema`)\n"
    );
    assert_eq!(run.stdout, "");
}
