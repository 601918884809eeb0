//! `fixtures/realistic/`: specs written as AGP users write them, from the Create-session page
//! (every example of the page verbatim, in `docs-*`) and the API reference: sessions and agent
//! files of every shape, valid and broken. The whole directory is linted as one run, as a user
//! would; every error and warning must be in the table below, and every entry of the table
//! must be reported. A valid spec's only entries are documented policy warnings.

mod cli_support;

use std::collections::BTreeSet;
use std::process::Command;

use cli_support::workspace;

/// Each spec and the errors and warnings it must get, as `(line, rule)`.
const EXPECTED: &[(&str, &[(usize, &str)])] = &[
    // The page's request template: placeholders where values go.
    (
        "docs-request-template.session.json",
        &[
            (2, "missing-field"),
            (2, "missing-description"),
            (2, "missing-environments"),
            (4, "missing-field"),
            (4, "missing-field"),
            (10, "invalid-parent-session-id"),
            (11, "schema-root-not-object"),
        ],
    ),
    // The page's examples send no step or time cap (a policy warning).
    ("docs-basic.session.json", &[(2, "unbounded-run")]),
    ("docs-idempotency-key.session.json", &[(2, "unbounded-run")]),
    ("docs-inline-browser.session.json", &[(2, "unbounded-run")]),
    // `parent-session-uuid` is the page's placeholder for a session id.
    (
        "docs-child-session.session.json",
        &[(2, "unbounded-run"), (3, "invalid-parent-session-id")],
    ),
    (
        "docs-inline-agent-fragment.session.json",
        &[(2, "unbounded-run")],
    ),
    (
        "docs-answer-format-fragment.session.json",
        &[(2, "unbounded-run")],
    ),
    ("docs-overview.session.json", &[(1, "unbounded-run")]),
    // Valid specs of every shape.
    ("agent-answer-format.session.yaml", &[]),
    ("anchors.session.yaml", &[]),
    ("browser-profile.session.yaml", &[]),
    ("caller-system.session.yaml", &[]),
    ("desk-assistant.agent.json", &[]),
    ("desktop-spreadsheet.session.yaml", &[]),
    ("draft-07-schema.session.yaml", &[]),
    ("enum-nested.session.yaml", &[]),
    ("flights-multimodal.session.yaml", &[]),
    ("hn-top-stories.session.yaml", &[]),
    ("image-question.session.json", &[]),
    ("interactive-support.session.yaml", &[]),
    ("managed-proxy.session.yaml", &[]),
    ("manager-catalog-subagents.session.yaml", &[]),
    ("manager-trip.session.yaml", &[]),
    ("order-desk.agent.yaml", &[]),
    ("overrides-answer-format.session.yaml", &[]),
    ("overrides-start-url.session.yaml", &[]),
    ("plain-string-message.session.yaml", &[]),
    ("price-watcher.agent.yaml", &[]),
    ("proxy-headful.session.yaml", &[]),
    ("queue-off.session.yaml", &[]),
    ("research-manager.agent.yaml", &[]),
    ("support-desk.agent.yaml", &[]),
    ("text-mode-object.session.yaml", &[]),
    ("text-mode-reader.session.yaml", &[]),
    ("visual-mode-object.session.yaml", &[]),
    ("typos-fixed.session.yaml", &[]),
    // One mistake each, reported once at its place.
    ("broken-bad-image.session.yaml", &[(6, "invalid-image")]),
    ("broken-desktop-cloud.agent.yaml", &[(6, "desktop-host")]),
    ("broken-duplicate-key.session.yaml", &[(6, "duplicate-key")]),
    ("broken-empty-message.session.yaml", &[(4, "empty-message")]),
    (
        "broken-headless-yes.session.yaml",
        &[(7, "yaml-1-1-boolean")],
    ),
    (
        "broken-mixed-browser-shape.session.yaml",
        &[(7, "mixed-browser-shape"), (8, "mixed-browser-shape")],
    ),
    (
        "broken-no-environments.session.yaml",
        &[(2, "missing-environments")],
    ),
    (
        "broken-override-path.session.yaml",
        &[(3, "invalid-override-path")],
    ),
    (
        "broken-page-chars-visual.session.yaml",
        &[(8, "page-chars-without-text-mode")],
    ),
    (
        "broken-proxy-conflict.session.yaml",
        &[(10, "proxy-conflict")],
    ),
    ("broken-remote-ref.session.yaml", &[(9, "remote-ref")]),
    (
        "broken-required-typo.session.yaml",
        &[(11, "required-not-in-properties")],
    ),
    (
        "broken-reserved-name.agent.yaml",
        &[(1, "reserved-namespace")],
    ),
    ("broken-tool-name.agent.yaml", &[(8, "invalid-tool-name")]),
    (
        "broken-two-answer-formats.session.yaml",
        &[(16, "duplicate-answer-format")],
    ),
    (
        "broken-two-browsers.session.yaml",
        &[(9, "duplicate-environment-kind")],
    ),
    ("broken-unknown-model.agent.yaml", &[(3, "unknown-model")]),
    (
        "broken-url-pattern.agent.yaml",
        &[(9, "invalid-url-pattern")],
    ),
    ("broken-zero-steps.session.yaml", &[(5, "invalid-limit")]),
    (
        "broken-empty-tool-description.agent.yaml",
        &[(10, "empty-tool-description")],
    ),
    (
        "broken-proxy-url.session.yaml",
        &[(10, "invalid-proxy-url")],
    ),
    ("broken-width-unit.session.yaml", &[(9, "wrong-type")]),
    // One root cause, one finding: a misspelt key is read as the key it suggests, and a
    // malformed value gets no finding about its consequences.
    ("broken-message-typo.session.yaml", &[(5, "unknown-field")]),
    ("broken-max-step.session.yaml", &[(6, "unknown-field")]),
    ("broken-type-typo.session.yaml", &[(8, "invalid-schema")]),
    (
        "broken-minimum-string.session.yaml",
        &[(10, "invalid-schema")],
    ),
    (
        "broken-environments-typo.session.yaml",
        &[(5, "unknown-field"), (8, "unknown-field")],
    ),
    (
        "broken-properties-typo.session.yaml",
        &[(9, "unknown-schema-keyword")],
    ),
    // YAML 1.1 readings: one finding each, saying what YAML 1.1 tools read.
    (
        "broken-yaml-1-1-numbers.session.yaml",
        &[
            (6, "yaml-1-1-number"),
            (7, "yaml-1-1-number"),
            (8, "yaml-1-1-number"),
        ],
    ),
    ("broken-octal-steps.session.yaml", &[(6, "yaml-1-1-octal")]),
];

/// What the run reported for one file: `(line, rule)` of errors and warnings.
fn reported() -> (Vec<(String, usize, String)>, serde_json::Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(["lint", "--format", "json", "fixtures/realistic"])
        .current_dir(workspace())
        .env("NO_COLOR", "1")
        .output()
        .expect("agentspec runs");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let found = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| {
            let file = d["file"].as_str().expect("file");
            let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
            (
                name.to_string(),
                usize::try_from(d["line"].as_u64().expect("line")).expect("line"),
                d["rule"].as_str().expect("rule").to_string(),
            )
        })
        .collect();
    (found, report)
}

#[test]
fn every_spec_reports_exactly_its_expected_findings() {
    let dir = workspace().join("fixtures/realistic");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("fixtures/realistic")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    let listed: BTreeSet<String> = EXPECTED.iter().map(|(f, _)| (*f).to_string()).collect();
    assert_eq!(
        on_disk, listed,
        "every spec of the corpus has a row, and every row a spec"
    );
    assert!(on_disk.len() >= 40, "{} specs", on_disk.len());

    let (found, report) = reported();
    let mut found = found;
    found.sort();
    let mut expected: Vec<(String, usize, String)> = EXPECTED
        .iter()
        .flat_map(|(file, rows)| {
            rows.iter()
                .map(|(line, rule)| ((*file).to_string(), *line, (*rule).to_string()))
        })
        .collect();
    expected.sort();
    assert_eq!(found, expected, "report: {report:#}");
}

#[test]
fn valid_specs_get_only_policy_warnings() {
    let (found, _) = reported();
    let policy: BTreeSet<&str> = agentspec_lint::all_rules()
        .iter()
        .filter(|r| r.meta.policy)
        .map(|r| r.meta.name)
        .collect();
    for (file, line, rule) in &found {
        if !file.starts_with("broken-") {
            assert!(
                policy.contains(rule.as_str()) || file == "docs-request-template.session.json",
                "{file}:{line}: `{rule}` on a valid spec is no policy warning"
            );
        }
    }
}

#[test]
fn misspelt_keys_and_units_say_what_to_write() {
    let (_, report) = reported();
    let help = |file: &str, line: u64| -> String {
        report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .find(|d| d["file"].as_str().is_some_and(|f| f.ends_with(file)) && d["line"] == line)
            .and_then(|d| d["help"].as_str())
            .unwrap_or_else(|| panic!("{file}:{line} has a help"))
            .to_string()
    };
    assert_eq!(
        help("broken-properties-typo.session.yaml", 9),
        "did you mean `properties`?"
    );
    assert_eq!(
        help("broken-environments-typo.session.yaml", 8),
        "did you mean `start_url`?"
    );
    assert_eq!(
        help("broken-width-unit.session.yaml", 9),
        "write the number alone, without a unit: `1280`"
    );
    assert_eq!(
        help("broken-yaml-1-1-numbers.session.yaml", 8),
        "write `90`"
    );
    assert_eq!(
        help("broken-octal-steps.session.yaml", 6),
        "write `10`, or `8` if the octal value was meant"
    );
}
