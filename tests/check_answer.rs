//! `agentspec check-answer`: answers (bare, in a session, in a changes response, or as JSON
//! text) are checked against a spec's answer_format and reported at their place in the answer
//! file, in the formats and with the exit codes of `agentspec lint`. The rendered output of each
//! case is a snapshot in `fixtures/check-answer/snapshots/`.

mod cli_support;

use std::path::Path;

use cli_support::workspace;
use std::process::{Command, Output};

fn agentspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .arg("check-answer")
        .args(args)
        .current_dir(workspace())
        .env("NO_COLOR", "1")
        .output()
        .expect("agentspec runs")
}

/// The concise and the human output of checking one answer file.
fn rendered(spec: &str, answer: &str, extra: &[&str]) -> (i32, String) {
    let mut args = vec![spec, answer, "--format", "concise"];
    args.extend(extra);
    let concise = agentspec(&args);
    let mut args = vec![spec, answer, "--color", "never"];
    args.extend(extra);
    let human = agentspec(&args);
    assert_eq!(concise.status.code(), human.status.code());
    let mut text = String::from_utf8_lossy(&concise.stdout).into_owned();
    text.push('\n');
    text.push_str(&String::from_utf8_lossy(&human.stdout));
    (concise.status.code().unwrap_or(-1), text)
}

#[test]
fn answers_are_reported_at_their_place_in_the_answer_file() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace().join("fixtures/check-answer/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();

    let hn = "specs/hn-stories.session.yaml";
    let cases: &[(&str, &str, &[&str], i32)] = &[
        (hn, "stories.json", &[], 0),
        (hn, "stories-bad.json", &[], 1),
        (hn, "session.json", &[], 0),
        (hn, "changes-bad.json", &[], 1),
        (hn, "text-answer.json", &[], 0),
        (hn, "text-answer-bad.json", &[], 1),
        (hn, "running.json", &[], 0),
        ("specs/weather-agent.agent.yaml", "forecast.json", &[], 0),
        ("specs/weather-agent.agent.yaml", "stories.json", &[], 1),
        (
            "fixtures/check-answer/override.session.yaml",
            "rain.json",
            &[],
            1,
        ),
    ];
    for &(spec, answer, extra, code) in cases {
        let path = format!("fixtures/check-answer/{answer}");
        let (status, text) = rendered(spec, &path, extra);
        assert_eq!(status, code, "{spec} {answer}:\n{text}");
        let stem = answer.trim_end_matches(".json");
        let spec_stem = Path::new(spec)
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.split('.').next())
            .unwrap_or("spec");
        insta::assert_snapshot!(format!("{spec_stem}__{stem}"), text);
    }
}

#[test]
fn the_shape_can_be_forced() {
    // A session read as a bare answer lacks `stories`.
    let forced = agentspec(&[
        "specs/hn-stories.session.yaml",
        "fixtures/check-answer/session.json",
        "--as",
        "answer",
        "--format",
        "concise",
    ]);
    assert_eq!(forced.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&forced.stdout).contains("\"stories\" is a required property"));
}

#[test]
fn json_output_is_the_lint_interface() {
    let output = agentspec(&[
        "specs/hn-stories.session.yaml",
        "fixtures/check-answer/text-answer-bad.json",
        "fixtures/check-answer/stories.json",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["files"], 2);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["infos"], 1);
    let mismatch = &report["diagnostics"][1];
    assert_eq!(mismatch["rule"], "answer-mismatch");
    assert_eq!(
        mismatch["file"],
        "fixtures/check-answer/text-answer-bad.json"
    );
    assert_eq!(mismatch["pointer"], "/latest_answer/stories/0/points");
    assert_eq!(
        (mismatch["line"].as_u64(), mismatch["column"].as_u64()),
        (Some(4), Some(107))
    );
    assert_eq!(
        mismatch["end_column"], 109,
        "the span covers `-1` inside the string"
    );
}

#[test]
fn a_spec_without_answer_format_is_a_usage_error() {
    let output = agentspec(&[
        "specs/sushi.session.json",
        "fixtures/check-answer/stories.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("has no answer_format"), "{stderr}");
}

#[test]
fn an_unreadable_answer_is_a_usage_error() {
    let output = agentspec(&[
        "specs/hn-stories.session.yaml",
        "fixtures/check-answer/missing.json",
    ]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn answer_rules_are_registered_documented_and_described_in_sarif() {
    let answers: Vec<&str> = agentspec_lint::all_rules()
        .iter()
        .filter(|r| matches!(r.run, agentspec_lint::Run::Answers))
        .map(|r| r.meta.name)
        .collect();
    assert_eq!(
        answers,
        ["answer-mismatch", "answer-in-string", "answer-missing"]
    );
    for name in &answers {
        let docs = std::process::Command::new(env!("CARGO_BIN_EXE_agentspec"))
            .args(["rules", name])
            .output()
            .expect("agentspec rules runs");
        assert_eq!(docs.status.code(), Some(0), "agentspec rules {name}");
        assert!(String::from_utf8_lossy(&docs.stdout).contains("What it does"));
    }
    let sarif = agentspec(&[
        "specs/hn-stories.session.yaml",
        "fixtures/check-answer/changes-bad.json",
        "--format",
        "sarif",
    ]);
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF is JSON");
    let described: Vec<&str> = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rule descriptors")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert!(described.contains(&"answer-mismatch"), "{described:?}");
}

#[test]
fn every_lint_format_is_available() {
    let args = |format: &'static str| {
        [
            "specs/hn-stories.session.yaml",
            "fixtures/check-answer/changes-bad.json",
            "--format",
            format,
        ]
    };
    let sarif = agentspec(&args("sarif"));
    assert_eq!(sarif.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).expect("SARIF is JSON");
    assert_eq!(log["runs"][0]["results"][0]["ruleId"], "answer-mismatch");
    let github = agentspec(&args("github"));
    assert!(String::from_utf8_lossy(&github.stdout)
        .starts_with("::error file=fixtures/check-answer/changes-bad.json,line=4,col=26"));
    let junit = agentspec(&args("junit"));
    assert!(String::from_utf8_lossy(&junit.stdout).contains("answer-mismatch"));
}

/// `format` is asserted under 2020-12 (where it is otherwise an annotation) and draft-07 (which
/// does not know `uuid`) alike.
#[test]
fn formats_are_asserted_under_every_draft() {
    for spec in ["contact.session.yaml", "contact-draft7.session.yaml"] {
        let spec = format!("fixtures/check-answer/formats/{spec}");
        let good = agentspec(&[&spec, "fixtures/check-answer/formats/good.json"]);
        assert_eq!(good.status.code(), Some(0), "{spec}: {good:?}");
        let bad = agentspec(&[
            &spec,
            "fixtures/check-answer/formats/bad.json",
            "--format",
            "concise",
        ]);
        assert_eq!(bad.status.code(), Some(1), "{spec}: {bad:?}");
        let out = String::from_utf8_lossy(&bad.stdout);
        let lines: Vec<_> = out
            .lines()
            .filter(|l| l.contains("[answer-mismatch]"))
            .collect();
        for (field, line) in [
            ("since", 2),
            ("email", 3),
            ("id", 4),
            ("site", 5),
            ("address", 6),
        ] {
            let at = format!("bad.json:{line}:");
            assert!(
                lines
                    .iter()
                    .any(|l| l.contains(&at) && l.contains(&format!("`/{field}`"))),
                "{spec}: `{field}` is not reported:\n{out}"
            );
        }
        assert_eq!(lines.len(), 5, "{spec}: one finding per field:\n{out}");
    }
}

#[test]
fn an_answer_is_read_from_stdin_as_from_a_file() {
    let hn = "specs/hn-stories.session.yaml";
    for (answer, code) in [("stories.json", 0), ("stories-bad.json", 1)] {
        let path = workspace().join("fixtures/check-answer").join(answer);
        let text = std::fs::read_to_string(&path).expect("answer");
        let piped = cli_support::agentspec_with_stdin(
            &workspace(),
            &["check-answer", hn, "-", "--format", "json"],
            Some(&text),
        );
        let file = agentspec(&[hn, path.to_str().expect("UTF-8"), "--format", "json"]);
        assert_eq!(piped.code, code, "{answer}");
        assert_eq!(Some(piped.code), file.status.code(), "{answer}");
        let findings = |stdout: &[u8]| -> Vec<(u64, u64, String)> {
            let report: serde_json::Value = serde_json::from_slice(stdout).expect("JSON");
            report["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .map(|d| {
                    (
                        d["line"].as_u64().expect("line"),
                        d["column"].as_u64().expect("column"),
                        d["message"].as_str().expect("message").to_string(),
                    )
                })
                .collect()
        };
        assert_eq!(
            findings(piped.stdout.as_bytes()),
            findings(&file.stdout),
            "{answer}"
        );
        let report: serde_json::Value = serde_json::from_str(&piped.stdout).expect("JSON");
        for d in report["diagnostics"].as_array().expect("diagnostics") {
            assert_eq!(d["file"], "<stdin>");
        }
    }
}

/// The 1-based line and column (in characters) of the only `-1` of `text`.
fn place_of_minus_one(text: &str) -> (u64, u64) {
    assert_eq!(text.matches("-1").count(), 1, "{text}");
    let at = text.find("-1").expect("-1");
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u64, column as u64)
}

#[test]
fn json_text_in_a_yaml_string_is_reported_inside_the_string() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let head =
        "id: 5f0c6c1e-8a57-4b8e-9d55-0e4b1f0c2a11\nstatus: {status: completed}\nlatest_answer: ";
    let answers = [
        // YAML escapes JSON does not have, before the value on its line, and folded lines.
        (
            "double",
            "\"{\\\"stories\\\": [{\\\"title\\\":\n  \\\"Show \\N\\_\\L\\P \\U0001F600 \\ud83d\\ude00\\\",\n\n  \\\"url\\\": \\\"https://example.com\\\",\\\n  \\\"\\x41\\\": 1, \\\"points\\\": -1}]}\"\n",
        ),
        (
            "single",
            "'{\"stories\": [{\"title\": \"it''s\",\n\n  \"url\": \"https://example.com\",\n  \"points\": -1}]}'\n",
        ),
        (
            "literal",
            "|\n  {\"stories\": [{\"title\": \"Show HN\",\n    \"url\": \"https://example.com\",\n    \"points\": -1}]}\n",
        ),
        (
            "folded",
            ">\n  {\"stories\": [{\"title\": \"Show HN\",\n  \"url\": \"https://example.com\",\n\n  \"points\": -1}]}\n",
        ),
    ];
    for (name, answer) in answers {
        let text = format!("{head}{answer}");
        let path = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&path, &text).expect("answer written");
        let out = agentspec(&[
            "specs/hn-stories.session.yaml",
            path.to_str().expect("UTF-8"),
            "--format",
            "json",
        ]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let mismatch = report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["rule"] == "answer-mismatch")
            .unwrap_or_else(|| panic!("{name}: {report}"));
        let found = (
            mismatch["line"].as_u64().expect("line"),
            mismatch["column"].as_u64().expect("column"),
        );
        assert_eq!(
            found,
            place_of_minus_one(&text),
            "{name}: {text}\n{mismatch}"
        );
    }
}
