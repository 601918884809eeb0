//! Inline suppressions end to end: applied, unused, turned off by configuration, and written
//! by `--add-ignores`. Each directory of `fixtures/suppress` with an `args` file is a case whose
//! transcript is a snapshot in `fixtures/suppress/snapshots/`; `fixtures/suppress/add-ignores`
//! is the repository `--add-ignores` is run on (in a copy).

mod cli_support;

use std::path::Path;

use cli_support::{agentspec, cases, copy_tree, run_case, snapshots, workspace};
use std::path::PathBuf;

#[test]
fn every_suppress_case_matches_its_snapshot() {
    let cases = cases("suppress");
    assert!(cases.len() >= 3, "the suppress cases are found");
    snapshots("suppress").bind(|| {
        for case in &cases {
            let name = case.file_name().and_then(|n| n.to_str()).expect("name");
            insta::assert_snapshot!(name, run_case(case));
        }
    });
}

/// Removes the suppression comments of a YAML text: whole comment lines, and trailing ones
/// (a `# agentspec:` inside a quoted string ends with its quote and is kept).
fn strip_suppressions(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with("# agentspec:") {
            continue;
        }
        match line.find(" # agentspec: ignore[") {
            Some(at) if !line.trim_end().ends_with('"') => {
                out.push_str(line[..at].trim_end());
                out.push('\n');
            }
            _ => out.push_str(line),
        }
    }
    out
}

#[test]
fn the_applied_suppressions_hide_real_findings() {
    let source = workspace().join("fixtures/suppress/applied/desk.session.yaml");
    let text = std::fs::read_to_string(&source).expect("fixture");
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("desk.session.yaml"),
        strip_suppressions(&text),
    )
    .expect("write");
    let run = agentspec(dir.path(), &["lint", "--format", "concise", "."]);
    let rules: Vec<&str> = run
        .stdout
        .lines()
        .filter_map(|l| l.split_once('[')?.1.split_once(']').map(|(r, _)| r))
        .collect();
    assert_eq!(
        rules,
        [
            "unbounded-run",
            "unknown-model",
            "duplicate-environment-kind"
        ],
        "without its comments the file has the findings they suppress:\n{}",
        run.stdout
    );
}

/// The YAML files of a directory, sorted, with their text.
fn yaml_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .expect("name")
                .to_string();
            (name, std::fs::read_to_string(&p).expect("read"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn add_ignores_suppresses_every_finding_and_keeps_the_rest_byte_for_byte() {
    let fixture = workspace().join("fixtures/suppress/add-ignores");
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(&fixture, dir.path());
    // A file with CRLF line breaks keeps them, in the inserted lines too.
    let crlf = "agent: h/web-surfer-holo3-1-35b\r\nmessages:\r\n  - type: user_message\r\n    \
                message: Top 3 stories on Hacker News?\r\n";
    std::fs::write(dir.path().join("crlf.session.yaml"), crlf).expect("write");
    let before = yaml_files(dir.path());
    let json_before = std::fs::read(dir.path().join("order.agent.json")).expect("json");

    let run = agentspec(
        dir.path(),
        &[
            "lint",
            "--format",
            "concise",
            "--add-ignores",
            "--reason",
            "accepted in the 2026 migration",
            ".",
        ],
    );
    let after = yaml_files(dir.path());
    let mut shown = run.transcript();
    for (name, text) in &after {
        shown.push_str(&format!("===== {name} =====\n{}", text.replace('\r', "␍")));
    }
    snapshots("suppress").bind(|| insta::assert_snapshot!("add-ignores", shown));

    // Only the JSON finding and the stale suppression remain; the JSON file is untouched.
    assert_eq!(run.code, 0, "{}", run.transcript());
    let remaining: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(remaining.len(), 2, "{}", run.stdout);
    assert!(remaining[0].starts_with("order.agent.json:5:12: warning[unknown-model]"));
    assert!(remaining[1].starts_with("stale.agent.yaml:3:21: warning[unused-suppression]"));
    assert_eq!(
        std::fs::read(dir.path().join("order.agent.json")).expect("json"),
        json_before
    );
    assert!(
        run.stderr.contains("JSON has no comments"),
        "{}",
        run.stderr
    );

    // Every inserted line is a suppression with the reason; without them, each file is
    // exactly what it was.
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        let mut removed = String::new();
        for line in new.split_inclusive('\n') {
            let inserted = line.trim_start().starts_with("# agentspec: ignore[")
                && line
                    .trim_end()
                    .ends_with("] accepted in the 2026 migration")
                && !old.contains(line);
            if !inserted {
                removed.push_str(line);
            }
        }
        assert_eq!(&removed, old, "{name} is kept byte for byte");
    }
    let crlf_after = &after
        .iter()
        .find(|(n, _)| n == "crlf.session.yaml")
        .expect("crlf")
        .1;
    assert!(crlf_after.starts_with(
        "# agentspec: ignore[unbounded-run] accepted in the 2026 migration\r\nagent:"
    ));
    let clean = &before
        .iter()
        .find(|(n, _)| n == "clean.session.yaml")
        .expect("clean");
    assert_eq!(
        &after
            .iter()
            .find(|(n, _)| n == "clean.session.yaml")
            .expect("clean")
            .1,
        &clean.1
    );

    // A second run finds nothing more to add.
    let again = agentspec(
        dir.path(),
        &["lint", "--format", "concise", "--add-ignores", "."],
    );
    assert!(
        again.stderr.contains("added 0 suppressions in 0 files"),
        "{}",
        again.stderr
    );
    assert_eq!(yaml_files(dir.path()), after);
}

#[test]
fn cross_file_findings_are_suppressed_too() {
    let case = workspace().join("fixtures/suppress/cross-file");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&case)
        .expect("case")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        let name = path.file_name().expect("name");
        std::fs::write(dir.path().join(name), strip_suppressions(&text)).expect("write");
    }
    let run = agentspec(dir.path(), &["lint", "--format", "concise", "."]);
    assert_eq!(
        run.stdout.matches("error[unresolved-agent]").count(),
        2,
        "without their comments the files have the findings they suppress:\n{}",
        run.stdout
    );
    let suppressed = agentspec(&case, &["lint", "--format", "concise", "."]);
    assert_eq!(suppressed.code, 0, "{}", suppressed.transcript());
    assert_eq!(suppressed.stdout, "");
}
