//! `agentspec.toml` and exit codes, as users meet them: each directory of `fixtures/config`
//! is a small repository with an `args` file of command lines, run in that directory; the
//! transcript (exit code, stdout, stderr) of every line is a snapshot in
//! `fixtures/config/snapshots/`.

mod cli_support;

use cli_support::{cases, run_case, snapshots};

#[test]
fn every_config_case_matches_its_snapshot() {
    let cases = cases("config");
    assert!(cases.len() >= 10, "the config cases are found");
    let settings = snapshots("config");
    settings.bind(|| {
        for case in &cases {
            let name = case.file_name().and_then(|n| n.to_str()).expect("name");
            insta::assert_snapshot!(name, run_case(case));
        }
    });
}

#[test]
fn exit_codes_separate_findings_from_failures() {
    let case = cli_support::workspace().join("fixtures/config/exit-codes");
    let transcript = run_case(&case);
    let codes: Vec<&str> = transcript
        .lines()
        .filter_map(|l| l.strip_prefix("exit code: "))
        .collect();
    assert_eq!(codes, ["0", "0", "1", "1", "1", "0", "2", "2", "2", "2"]);
}

#[test]
fn config_errors_exit_2_and_point_into_the_toml() {
    for case in [
        "unknown-key",
        "unknown-rule",
        "bad-severity",
        "bad-toml",
        "extend-cycle",
    ] {
        let dir = cli_support::workspace().join("fixtures/config").join(case);
        let run = cli_support::agentspec(&dir, &["lint", "."]);
        assert_eq!(run.code, 2, "{case}: {}", run.transcript());
        assert_eq!(run.stdout, "", "{case}: nothing is linted");
        assert!(
            run.stderr.contains("agentspec.toml"),
            "{case}: {}",
            run.stderr
        );
        if case != "extend-cycle" {
            assert!(
                run.stderr.contains("╭─[agentspec.toml:"),
                "{case}: the report shows the TOML at the position: {}",
                run.stderr
            );
        }
    }
}

#[test]
fn the_printed_configuration_is_valid_toml_that_means_the_same() {
    let dir = cli_support::workspace().join("fixtures/config/policy");
    let printed = cli_support::agentspec(&dir, &["config", "."]);
    assert_eq!(printed.code, 0, "{}", printed.transcript());
    let scratch = tempfile::tempdir().expect("tempdir");
    std::fs::write(scratch.path().join("agentspec.toml"), &printed.stdout).expect("write");
    let again = cli_support::agentspec(scratch.path(), &["config", "."]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    let body = |text: &str| text.lines().skip(2).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&again.stdout), body(&printed.stdout));
}

#[test]
fn stdin_is_configured_by_its_stdin_filename() {
    let dir = cli_support::workspace().join("fixtures/config/severity");
    let text = std::fs::read_to_string(dir.join("stories.session.yaml")).expect("fixture");
    let run = cli_support::agentspec_with_stdin(
        &dir,
        &[
            "lint",
            "--format",
            "concise",
            "-",
            "--stdin-filename",
            "piped.session.yaml",
        ],
        Some(&text),
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout
            .starts_with("piped.session.yaml:1:1: error[unbounded-run] the run is unbounded"),
        "the directory's agentspec.toml makes it an error: {}",
        run.stdout
    );
}

#[test]
fn a_broken_configuration_is_reported_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("agentspec.toml"), "includ = []\n").expect("write");
    for name in ["a.yaml", "b.yaml", "c.session.yaml"] {
        std::fs::write(dir.path().join(name), "agent: h/x\n").expect("write");
    }
    let run = cli_support::agentspec(dir.path(), &["lint", "."]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.matches("unknown key `includ`").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `include`?"),
        "{}",
        run.stderr
    );
}
