//! Whole-repository checks on `fixtures/repo/`: agents, managers and sessions, valid and broken.
//! The cross-file findings are the same whether the directory is given or its files one by one;
//! the concise output of both forms is a snapshot in `fixtures/repo/snapshots/`.

mod cli_support;

use cli_support::workspace;
use std::process::{Command, Output};

use agentspec_lint::catalog::CatalogOptions;
use agentspec_lint::Options;

fn agentspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(args)
        .current_dir(workspace())
        .env("NO_COLOR", "1")
        .output()
        .expect("agentspec runs")
}

/// The spec files of `fixtures/repo`, relative to the workspace, in path order.
fn repo_files() -> Vec<String> {
    let root = workspace();
    let found = agentspec::discover::discover(&[root.join("fixtures/repo")]);
    assert!(found.errors.is_empty(), "{:?}", found.errors);
    found
        .files
        .iter()
        .map(|p| {
            p.strip_prefix(&root)
                .expect("under the workspace")
                .display()
                .to_string()
        })
        .collect()
}

/// The cross-file findings every run over the whole repository reports: file, line, rule.
const EXPECTED: &[(&str, usize, &str)] = &[
    (
        "agents/flight-finder.agent.yaml",
        1,
        "duplicate-agent-definition",
    ),
    (
        "legacy/flight-finder.agent.yaml",
        2,
        "duplicate-agent-definition",
    ),
    ("managers/concierge.agent.yaml", 5, "subagent-cycle"),
    ("managers/reviewer.agent.yaml", 5, "subagent-cycle"),
    ("managers/travel-desk.agent.yaml", 8, "subagent-cycle"),
    ("managers/trip-planner.agent.yaml", 6, "unresolved-agent"),
    ("sessions/notes.session.json", 2, "unresolved-agent"),
    ("sessions/typo.session.yaml", 1, "unresolved-agent"),
    (
        "sessions/weather-desktop.session.yaml",
        8,
        "override-selector-unmatched-catalog",
    ),
    ("sessions/weekend.session.yaml", 8, "unresolved-agent"),
];

/// `(file, line, rule)` of each line of concise output.
fn findings(concise: &str) -> Vec<(String, usize, String)> {
    concise
        .lines()
        .map(|line| {
            let mut parts = line.splitn(4, ':');
            let file = parts.next().unwrap_or("").to_string();
            let number = parts.next().and_then(|n| n.parse().ok()).unwrap_or(0);
            let rule = line
                .split_once('[')
                .and_then(|(_, rest)| rest.split_once(']'))
                .map_or("", |(rule, _)| rule)
                .to_string();
            (file, number, rule)
        })
        .collect()
}

#[test]
fn the_directory_and_its_files_one_by_one_report_the_same() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace().join("fixtures/repo/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();

    let directory = agentspec(&["lint", "--format", "concise", "fixtures/repo"]);
    let files = repo_files();
    let mut args = vec!["lint", "--format", "concise"];
    args.extend(files.iter().map(String::as_str));
    let one_by_one = agentspec(&args);
    // The order the files are given in does not matter either.
    let mut reversed = vec!["lint", "--format", "concise"];
    reversed.extend(files.iter().rev().map(String::as_str));
    let reversed = agentspec(&reversed);

    let directory_text = String::from_utf8_lossy(&directory.stdout).into_owned();
    let files_text = String::from_utf8_lossy(&one_by_one.stdout).into_owned();
    insta::assert_snapshot!("lint__directory", directory_text);
    insta::assert_snapshot!("lint__files", files_text);
    assert_eq!(directory_text, files_text);
    assert_eq!(directory_text, String::from_utf8_lossy(&reversed.stdout));
    assert_eq!(directory.status.code(), Some(1), "errors fail the run");
    assert_eq!(one_by_one.status.code(), Some(1));

    let found = findings(&directory_text);
    let expected: Vec<(String, usize, String)> = EXPECTED
        .iter()
        .map(|(file, line, rule)| (format!("fixtures/repo/{file}"), *line, rule.to_string()))
        .collect();
    assert_eq!(found, expected, "{directory_text}");
}

fn lint_repo(catalog: &CatalogOptions) -> Vec<(String, &'static str)> {
    let root = workspace();
    let found = agentspec::discover::discover(&[root.join("fixtures/repo")]);
    let (files, errors) = agentspec::catalog::lint_files(
        &found.files,
        |p| p.strip_prefix(&root).unwrap_or(p).to_path_buf(),
        None,
        &Options::default(),
        catalog,
    );
    assert!(errors.is_empty(), "{errors:?}");
    files
        .iter()
        .flat_map(|f| {
            f.diagnostics
                .iter()
                .map(move |d| (f.display_name(), d.rule))
        })
        .collect()
}

#[test]
fn configured_namespaces_replace_the_inferred_ones() {
    let unresolved = |catalog: CatalogOptions| -> Vec<String> {
        lint_repo(&catalog)
            .into_iter()
            .filter(|(_, rule)| *rule == "unresolved-agent")
            .map(|(file, _)| file)
            .collect()
    };
    // Only `globex` is owned: its names must resolve, `acme/...` ones are not checked. Bare
    // names stay checked, as the repository defines one.
    assert_eq!(
        unresolved(CatalogOptions {
            namespaces: Some(vec!["globex".into()]),
        }),
        [
            "fixtures/repo/managers/trip-planner.agent.yaml",
            "fixtures/repo/sessions/notes.session.json",
            "fixtures/repo/sessions/partner.session.yaml",
        ]
    );
    // `h/` names are never checked, even when listed.
    assert_eq!(
        unresolved(CatalogOptions {
            namespaces: Some(vec!["h".into()]),
        }),
        ["fixtures/repo/sessions/notes.session.json"]
    );
}

#[test]
fn a_session_alone_is_judged_against_the_agents_of_its_repository() {
    // `typo.session.yaml` names an agent that no file of `fixtures/repo` defines: given alone,
    // it is reported as in a run of the whole repository, with the closest defined name.
    let alone = agentspec(&[
        "lint",
        "--format",
        "concise",
        "fixtures/repo/sessions/typo.session.yaml",
    ]);
    let text = String::from_utf8_lossy(&alone.stdout).into_owned();
    assert_eq!(alone.status.code(), Some(1), "{text}");
    assert_eq!(
        findings(&text),
        [(
            "fixtures/repo/sessions/typo.session.yaml".to_string(),
            1,
            "unresolved-agent".to_string()
        )],
        "{text}"
    );
    // Where no agent file exists, the session alone names nothing the repository owns.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(
        workspace().join("fixtures/repo/sessions/typo.session.yaml"),
        dir.path().join("typo.session.yaml"),
    )
    .expect("copied");
    let output = Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(["lint", "--format", "concise", "typo.session.yaml"])
        .current_dir(dir.path())
        .output()
        .expect("agentspec runs");
    assert_eq!(output.status.code(), Some(0));
    assert!(
        output.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn the_example_specs_lint_clean() {
    let output = agentspec(&["lint", "--format", "concise", "specs"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn agentspec_toml_sets_the_namespaces() {
    let dir = std::env::temp_dir().join(format!("agentspec-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("agentspec.toml"),
        "[catalog]\nnamespaces = [\"globex\"]\n",
    )
    .expect("config written");
    std::fs::write(
        dir.join("partner.session.yaml"),
        "agent: globex/support-bot\nmessages:\n  - type: user_message\n    message: Hi\nmax_steps: 5\n",
    )
    .expect("spec written");
    let output = Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(["lint", "--format", "concise", "."])
        .current_dir(&dir)
        .output()
        .expect("agentspec runs");
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[unresolved-agent] agent `globex/support-bot`"),
        "{text}"
    );
}
