//! Which `answer_format` applies is one rule, and `lint`, `gen`, `check-answer` and the
//! `build.rs` `Builder` all follow it: every placement below gets one verdict from all four.
//!
//! Each placement carries its own schema (requiring `s`, `a` or `o`), so the tools show which
//! one they applied by the field they type or the answer they accept.

mod cli_support;

use std::path::Path;

use agentspec_codegen::{BuildError, Builder};
use cli_support::agentspec;

const SESSION: &str = r#"{type: object, properties: {s: {type: string}}, required: [s]}"#;
const AGENT: &str = r#"{type: object, properties: {a: {type: string}}, required: [a]}"#;
const OVERRIDE: &str = r#"{type: object, properties: {o: {type: string}}, required: [o]}"#;

/// `(name, file name, spec text, expected verdict)`.
fn placements() -> Vec<(&'static str, &'static str, String, &'static str)> {
    let inline = |format: &str| {
        format!(
            "agent:\n  name: reader\n  description: Reads\n  environments: [{{kind: web}}]\n  \
             answer_format: {format}\n"
        )
    };
    let catalog = "agent: h/web-surfer\n".to_string();
    let head = "messages: [{type: user_message, message: go}]\nmax_steps: 5\n";
    let top = |format: &str| format!("answer_format: {format}\n");
    let over = |format: &str| format!("overrides:\n  agent.answer_format: {format}\n");
    vec![
        ("session", "p.session.yaml", format!("{catalog}{head}{}", top(SESSION)), "s"),
        ("agent", "p.session.yaml", format!("{}{head}", inline(AGENT)), "a"),
        ("override", "p.session.yaml", format!("{catalog}{head}{}", over(OVERRIDE)), "o"),
        (
            "null session + agent",
            "p.session.yaml",
            format!("{}{head}{}", inline(AGENT), top("null")),
            "a",
        ),
        (
            "session + null agent",
            "p.session.yaml",
            format!("{}{head}{}", inline("null"), top(SESSION)),
            "s",
        ),
        (
            "session + agent",
            "p.session.yaml",
            format!("{}{head}{}", inline(AGENT), top(SESSION)),
            "conflict",
        ),
        (
            "override + session",
            "p.session.yaml",
            format!("{catalog}{head}{}{}", top(SESSION), over(OVERRIDE)),
            "conflict",
        ),
        (
            "override + agent",
            "p.session.yaml",
            format!("{}{head}{}", inline(AGENT), over(OVERRIDE)),
            "o",
        ),
        (
            "null override + agent",
            "p.session.yaml",
            format!("{}{head}{}", inline(AGENT), over("null")),
            "a",
        ),
        ("none", "p.session.yaml", format!("{catalog}{head}"), "unset"),
        (
            "agent file",
            "p.agent.yaml",
            format!("name: reader\ndescription: Reads\nenvironments: [{{kind: web}}]\nanswer_format: {AGENT}\n"),
            "a",
        ),
    ]
}

fn lint_verdict(dir: &Path, file: &str) -> String {
    let run = agentspec(dir, &["lint", "--format", "json", file]);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("lint's JSON");
    let text = report.to_string();
    if text.contains("\"duplicate-answer-format\"") {
        "conflict".into()
    } else {
        "no conflict".into()
    }
}

/// The field the generated root type has (`s`, `a` or `o`), `unset` or `conflict`.
fn field_of(code: &str) -> String {
    for field in ["s", "a", "o"] {
        if code.contains(&format!("pub {field}: ")) {
            return field.into();
        }
    }
    "unset".into()
}

fn gen_verdict(dir: &Path, file: &str) -> String {
    let run = agentspec(dir, &["gen", "--format", "json", file]);
    if run.code != 0 {
        // The findings go to standard error while the code would go to standard output.
        let report: serde_json::Value = serde_json::from_str(&run.stderr)
            .unwrap_or_else(|e| panic!("gen's JSON: {e}\n{}", run.transcript()));
        assert!(
            report["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .any(|d| d["rule"] == "duplicate-answer-format"
                    && d["message"]
                        .as_str()
                        .is_some_and(|m| m.contains("`answer_format` is set"))),
            "gen failed for another reason:\n{}",
            run.transcript()
        );
        return "conflict".into();
    }
    field_of(&run.stdout)
}

fn check_answer_verdict(dir: &Path, file: &str) -> String {
    let mut accepted = Vec::new();
    for field in ["s", "a", "o"] {
        let answer = dir.join(format!("{field}.json"));
        std::fs::write(&answer, format!("{{\"{field}\": \"x\"}}")).expect("answer");
        let run = agentspec(dir, &["check-answer", file, &format!("{field}.json")]);
        match run.code {
            0 => accepted.push(field),
            1 => {}
            _ if run.stderr.contains("`answer_format` is set") => return "conflict".into(),
            _ if run.stderr.contains("has no answer_format") => return "unset".into(),
            _ => panic!("check-answer failed:\n{}", run.transcript()),
        }
    }
    assert_eq!(accepted.len(), 1, "{file}: accepted {accepted:?}");
    accepted[0].into()
}

fn builder_verdict(dir: &Path, file: &str) -> String {
    let out = dir.join("answers.rs");
    match Builder::new().spec_file(dir.join(file)).generate(&out) {
        Ok(_) => field_of(&std::fs::read_to_string(&out).unwrap_or_default()),
        Err(BuildError::Specs { files }) => {
            let diagnostics: Vec<_> = files.iter().flat_map(|f| &f.diagnostics).collect();
            assert!(
                diagnostics
                    .iter()
                    .any(|d| d.rule == "duplicate-answer-format"
                        && d.message.contains("`answer_format` is set")),
                "{diagnostics:?}"
            );
            "conflict".into()
        }
        Err(other) => panic!("Builder failed: {other}"),
    }
}

#[test]
fn every_placement_gets_one_verdict_from_every_command() {
    let mut failures = Vec::new();
    for (name, file, text, expected) in placements() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(file), &text).expect("spec");
        let lint = lint_verdict(dir.path(), file);
        let lint_expected = if expected == "conflict" {
            "conflict"
        } else {
            "no conflict"
        };
        let verdicts = [
            ("lint", lint.as_str(), lint_expected),
            ("gen", &gen_verdict(dir.path(), file), expected),
            (
                "check-answer",
                &check_answer_verdict(dir.path(), file),
                expected,
            ),
            ("Builder", &builder_verdict(dir.path(), file), expected),
        ]
        .map(|(tool, got, want)| (tool, got.to_string(), want));
        for (tool, got, want) in verdicts {
            if got != want {
                failures.push(format!(
                    "{name}: {tool} says {got}, expected {want}\n{text}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
