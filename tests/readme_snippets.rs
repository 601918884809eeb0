//! The README's integration snippets do what they say: the `agentspec lint` lines of the
//! GitHub Actions and GitLab CI snippets are run on a copy of `fixtures/formats/specs`, and what
//! they write is checked as its consumer reads it; the install lines name this repository and
//! no package (the repository has one binary); the hook ids exist; the example `agentspec.toml`
//! is a valid configuration. (The pre-commit snippet is run through pre-commit by
//! `pre_commit.rs`.)

mod cli_support;

use std::path::Path;

use cli_support::{agentspec, copy_tree, sarif_errors, sarif_validator, split_args, workspace};

fn readme() -> String {
    std::fs::read_to_string(workspace().join("README.md")).expect("README")
}

/// The first fenced block of `language` after the heading `heading`.
fn block(heading: &str, language: &str) -> String {
    let readme = readme();
    let section = readme
        .split(&format!("\n{heading}\n"))
        .nth(1)
        .unwrap_or_else(|| panic!("the README has a `{heading}` section"));
    section
        .split(&format!("```{language}\n"))
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .unwrap_or_else(|| panic!("`{heading}` has a {language} block"))
        .to_string()
}

/// The `agentspec lint …` command lines of a CI snippet (after `run:` or `- `).
fn lint_commands(snippet: &str) -> Vec<Vec<String>> {
    snippet
        .lines()
        .filter_map(|line| {
            let command = line
                .trim()
                .trim_start_matches("- ")
                .trim_start_matches("run: ");
            command.strip_prefix("agentspec ").map(split_args)
        })
        .filter(|args| args.first().is_some_and(|a| a == "lint"))
        .collect()
}

fn value_after<'a>(snippet: &'a str, key: &str) -> &'a str {
    snippet
        .lines()
        .find_map(|line| line.trim().strip_prefix(key))
        .unwrap_or_else(|| panic!("the snippet sets `{key}`"))
        .trim()
}

/// A scratch repository holding the format fixtures' specs.
fn scratch_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_tree(
        &workspace().join("fixtures/formats/specs"),
        &dir.path().join("specs"),
    );
    dir
}

fn run(dir: &Path, args: &[String]) -> cli_support::Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    agentspec(dir, &args)
}

#[test]
fn the_github_actions_snippet_annotates_and_writes_valid_sarif() {
    let snippet = block("### GitHub Actions", "yaml");
    let commands = lint_commands(&snippet);
    assert_eq!(commands.len(), 2, "{snippet}");
    let repo = scratch_repo();

    let annotations = run(repo.path(), &commands[0]);
    assert_eq!(annotations.code, 1, "{}", annotations.transcript());
    assert!(!annotations.stdout.is_empty());
    for line in annotations.stdout.lines() {
        assert!(
            ["::error file=", "::warning file=", "::notice file="]
                .iter()
                .any(|p| line.starts_with(p)),
            "{line}"
        );
    }

    let sarif = run(repo.path(), &commands[1]);
    assert_eq!(sarif.code, 1, "{}", sarif.transcript());
    let uploaded = value_after(&snippet, "sarif_file:");
    let text = std::fs::read_to_string(repo.path().join(uploaded))
        .expect("the file the upload step reads is written");
    let log: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let errors = sarif_errors(&sarif_validator(), &log);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert!(
        snippet.contains("if: always()"),
        "the upload runs after a failing lint"
    );
}

#[test]
fn the_gitlab_snippet_writes_the_junit_report_it_declares() {
    let snippet = block("### GitLab CI", "yaml");
    let commands = lint_commands(&snippet);
    assert_eq!(commands.len(), 1, "{snippet}");
    let repo = scratch_repo();
    let junit = run(repo.path(), &commands[0]);
    assert_eq!(junit.code, 1, "{}", junit.transcript());
    let report = value_after(&snippet, "junit:");
    let text =
        std::fs::read_to_string(repo.path().join(report)).expect("the declared report is written");
    let document = roxmltree::Document::parse(&text).expect("XML");
    let cases = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .count();
    assert_eq!(cases, 6, "one test case per spec file");
}

/// agentspec has no public home: the snippets name none, and say where the URL comes from.
/// They name no package either: `cargo install --git` installs the repository's one package
/// with binaries (`pre_commit.rs` runs such an install).
#[test]
fn install_lines_name_no_invented_home_and_no_package() {
    let readme = readme();
    assert!(!readme.contains("github.com/agentspec"));
    for (heading, variable) in [
        ("### GitHub Actions", "\"${{ vars.AGENTSPEC_GIT }}\""),
        ("### GitLab CI", "\"$AGENTSPEC_GIT\""),
    ] {
        let snippet = block(heading, "yaml");
        assert!(
            snippet.contains(&format!("cargo install --locked --git {variable}\n")),
            "{snippet}"
        );
        assert!(
            snippet.contains("AGENTSPEC_GIT: a ")
                && snippet.contains("holding the URL you cloned agentspec from"),
            "{snippet}"
        );
    }
    let pre_commit = block("### pre-commit", "yaml");
    assert!(pre_commit.contains("repo: <the URL you cloned agentspec from>"));
    let hooks = std::fs::read_to_string(workspace().join(".pre-commit-hooks.yaml"))
        .expect(".pre-commit-hooks.yaml");
    for line in pre_commit.lines() {
        if let Some(id) = line.trim().strip_prefix("- id: ") {
            assert!(hooks.contains(&format!("- id: {id}\n")), "hook {id} exists");
        }
    }
}

#[test]
fn the_example_configuration_is_valid() {
    let example = block("### Configuration: `agentspec.toml`", "toml");
    let dir = tempfile::tempdir().expect("tempdir");
    let project = dir.path().join("project");
    std::fs::create_dir_all(&project).expect("dir");
    // The example extends its parent directory's configuration.
    std::fs::write(dir.path().join("agentspec.toml"), "").expect("parent config");
    std::fs::write(project.join("agentspec.toml"), &example).expect("config");
    let printed = agentspec(&project, &["config", "."]);
    assert_eq!(printed.code, 0, "{}", printed.transcript());
    assert!(
        printed.stdout.contains("unbounded-run = \"error\""),
        "{}",
        printed.stdout
    );
    assert!(printed.stdout.contains("max_steps_ceiling = 200"));
}
