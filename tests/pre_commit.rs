//! The pre-commit hooks through the real `pre-commit` (installed from PyPI by `.ci/run`), each in
//! a scratch git repository with an empty `PRE_COMMIT_HOME`:
//!
//! - the `language: rust` hooks with no `agentspec` on PATH: `pre-commit try-repo <a clone of
//!   this repository> agentspec-lint` builds agentspec (`cargo install --path .` at the root),
//!   fails on a bad spec naming the rule and passes on a good one;
//! - the README's `.pre-commit-config.yaml` (pointed at this repository's `HEAD`), with the
//!   `-system` variants, which run the `agentspec` cargo built for these tests: both hooks,
//!   including `agentspec-gen-check` on a generated file that is current, then stale;
//! - installed as the git hook (`-system` variant), a commit of one edited manager passes
//!   although the agent it names is not staged, and a manager naming an agent defined nowhere
//!   fails the commit.
//!
//! The builds go to the tests' target directory (`CARGO_TARGET_DIR`, passed through pre-commit
//! to cargo), where the dependencies are already built in release by `cargo run --release`, and
//! work offline: `cargo install` resolves the dependencies afresh, from what is downloaded.
//! Without `pre-commit`, the tests fail when `CI` is set and are skipped with a notice otherwise.

mod cli_support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use cli_support::{target_dir, workspace};

/// How to run pre-commit: `pre-commit`, or `python3 -m pre_commit`.
fn pre_commit_command() -> Option<Vec<String>> {
    let candidates: [&[&str]; 2] = [&["pre-commit"], &["python3", "-m", "pre_commit"]];
    candidates.iter().find_map(|candidate| {
        let ok = Command::new(candidate[0])
            .args(&candidate[1..])
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| candidate.iter().map(|s| s.to_string()).collect())
    })
}

/// Which `agentspec` the hooks find on PATH.
#[derive(Clone, Copy, PartialEq)]
enum OnPath {
    /// The one cargo built for these tests.
    Built,
    /// None: every PATH directory holding an `agentspec` is left out.
    Nothing,
}

struct Scratch {
    dir: tempfile::TempDir,
    repo: PathBuf,
    home: PathBuf,
    pre_commit: Vec<String>,
    path: String,
}

impl Scratch {
    fn new(pre_commit: Vec<String>, on_path: OnPath) -> Scratch {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = dir.path().join("repo");
        let home = dir.path().join("pre-commit-home");
        std::fs::create_dir_all(&repo).expect("repo dir");
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_agentspec"))
            .parent()
            .expect("binary dir")
            .to_path_buf();
        let mut inherited = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .collect::<Vec<_>>();
        if on_path == OnPath::Nothing {
            // A directory holding an `agentspec` (`~/.cargo/bin` after a `cargo install`) is
            // replaced by links to everything else it holds, `cargo` included.
            let others = dir.path().join("path-without-agentspec");
            std::fs::create_dir_all(&others).expect("path dir");
            for held in inherited.iter_mut() {
                if held.join("agentspec").exists() {
                    for entry in std::fs::read_dir(&*held).expect("PATH directory") {
                        let entry = entry.expect("entry");
                        let link = others.join(entry.file_name());
                        if entry.file_name() != "agentspec" && !link.exists() {
                            std::os::unix::fs::symlink(entry.path(), link).expect("symlink");
                        }
                    }
                    *held = others.clone();
                }
            }
        }
        let first = (on_path == OnPath::Built).then_some(bin_dir);
        let path = std::env::join_paths(first.into_iter().chain(inherited))
            .expect("PATH")
            .into_string()
            .expect("UTF-8 PATH");
        let scratch = Scratch {
            dir,
            repo,
            home,
            pre_commit,
            path,
        };
        scratch.git(&["init", "-q"]);
        scratch.git(&["config", "user.email", "ci@example.com"]);
        scratch.git(&["config", "user.name", "CI"]);
        scratch.git(&["config", "commit.gpgsign", "false"]);
        scratch
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.repo.join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dirs");
        std::fs::write(path, text).expect("write");
    }

    fn git(&self, args: &[&str]) {
        let status = Command::new("git")
            .args(args)
            .current_dir(&self.repo)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    }

    /// Runs `git commit` with the hooks pre-commit installed; returns its exit code and output.
    fn commit(&self, message: &str) -> (i32, String) {
        let output = Command::new("git")
            .args(["commit", "-q", "-m", message])
            .current_dir(&self.repo)
            .env("PRE_COMMIT_HOME", &self.home)
            .env("PATH", &self.path)
            .env("NO_COLOR", "1")
            .env_remove("PRE_COMMIT_COLOR")
            .output()
            .expect("git commit runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.code().unwrap_or(-1), text)
    }

    /// Runs pre-commit; returns its exit code and combined output. The `language: rust` hooks
    /// build in the tests' target directory, offline.
    fn pre_commit(&self, args: &[&str]) -> (i32, String) {
        let output = Command::new(&self.pre_commit[0])
            .args(&self.pre_commit[1..])
            .args(args)
            .current_dir(&self.repo)
            .env("PRE_COMMIT_HOME", &self.home)
            .env("PATH", &self.path)
            .env("CARGO_TARGET_DIR", target_dir())
            .env("CARGO_NET_OFFLINE", "true")
            .env("NO_COLOR", "1")
            .env_remove("PRE_COMMIT_COLOR")
            .output()
            .expect("pre-commit runs");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        (output.status.code().unwrap_or(-1), text)
    }
}

/// pre-commit, or `None` (with a notice) when it is not installed and `CI` is not set.
fn pre_commit_or_skip() -> Option<Vec<String>> {
    let found = pre_commit_command();
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "pre-commit is not installed, and CI is set: install it with \
                 `python3 -m pip install pre-commit` (.ci/run does)"
            );
        }
        eprintln!(
            "notice: skipping a pre-commit integration test: pre-commit is not installed \
             (`python3 -m pip install pre-commit`)"
        );
    }
    found
}

/// The README's hook configuration with only `agentspec-lint-system`, pointed at this
/// repository's `HEAD`.
fn lint_hook_config() -> String {
    let workspace = workspace();
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(&workspace)
        .output()
        .expect("git rev-parse");
    format!(
        "repos:\n  - repo: {}\n    rev: {}\n    hooks:\n      - id: agentspec-lint-system\n",
        workspace.display(),
        String::from_utf8_lossy(&head.stdout).trim()
    )
}

const RESEARCHER: &str = "name: acme/researcher\ndescription: Finds sources on the web\n\
                          environments:\n  - id: browser\n    kind: web\n";

fn manager(description: &str, subagent: &str) -> String {
    format!("name: acme/manager\ndescription: {description}\nsubagents:\n  - {subagent}\n")
}

#[test]
fn a_partial_commit_is_judged_against_the_whole_repository() {
    let Some(pre_commit) = pre_commit_or_skip() else {
        return;
    };
    let scratch = Scratch::new(pre_commit, OnPath::Built);
    scratch.write(".pre-commit-config.yaml", &lint_hook_config());
    scratch.write("specs/researcher.agent.yaml", RESEARCHER);
    scratch.write(
        "specs/manager.agent.yaml",
        &manager("Plans research", "acme/researcher"),
    );
    let (code, output) = scratch.pre_commit(&["install"]);
    assert_eq!(code, 0, "{output}");
    scratch.git(&["add", "."]);
    let (code, output) = scratch.commit("Add the research agents");
    assert_eq!(code, 0, "the first commit passes the hook:\n{output}");

    // One word of the manager changes; only it is staged.
    scratch.write(
        "specs/manager.agent.yaml",
        &manager("Plans the research", "acme/researcher"),
    );
    scratch.git(&["add", "specs/manager.agent.yaml"]);
    let (code, output) = scratch.commit("Reword the manager");
    assert_eq!(
        code, 0,
        "the agent the manager names is defined in the repository, staged or not:\n{output}"
    );
    assert!(
        output.contains("agentspec lint") && output.contains("Passed"),
        "{output}"
    );

    // A name that no file of the repository defines still fails the commit.
    scratch.write(
        "specs/manager.agent.yaml",
        &manager("Plans the research", "acme/reseacher"),
    );
    scratch.git(&["add", "specs/manager.agent.yaml"]);
    let (code, output) = scratch.commit("Break the manager");
    assert_ne!(code, 0, "{output}");
    assert!(
        output.contains("unresolved-agent") && output.contains("acme/researcher"),
        "the unresolved name is reported with the defined one as the suggestion:\n{output}"
    );
}

fn spec(name: &str) -> String {
    let path = workspace().join("fixtures/config/exit-codes").join(name);
    std::fs::read_to_string(path).expect("fixture")
}

/// The `.pre-commit-config.yaml` snippet of the README.
fn readme_config() -> String {
    let readme = std::fs::read_to_string(workspace().join("README.md")).expect("README");
    let section = readme
        .split("\n### pre-commit\n")
        .nth(1)
        .expect("the README has a pre-commit section");
    let block = section
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the pre-commit section has a YAML block");
    assert!(block.contains("repos:"), "{block}");
    block.to_string()
}

/// A clone of this repository's `HEAD` in `dir`, as a user's `repo:` URL would give it.
fn clone_of_head(dir: &Path) -> PathBuf {
    let clone = dir.join("agentspec");
    let status = Command::new("git")
        .args(["clone", "--quiet", "--no-hardlinks"])
        .arg(workspace())
        .arg(&clone)
        .status()
        .expect("git clone runs");
    assert!(status.success(), "git clone of the repository");
    clone
}

#[test]
fn the_rust_hooks_build_agentspec_with_nothing_installed() {
    let Some(pre_commit) = pre_commit_or_skip() else {
        return;
    };
    let started = Instant::now();
    let scratch = Scratch::new(pre_commit, OnPath::Nothing);
    let which = Command::new("sh")
        .args(["-c", "command -v agentspec"])
        .env("PATH", &scratch.path)
        .output()
        .expect("sh runs");
    assert!(
        !which.status.success(),
        "agentspec is not on the hooks' PATH: {}",
        String::from_utf8_lossy(&which.stdout)
    );
    assert!(
        !scratch.home.exists(),
        "pre-commit starts with an empty cache"
    );
    let clone = clone_of_head(scratch.dir.path());
    let clone_arg = clone.to_str().expect("UTF-8 path");
    scratch.write("good.session.yaml", &spec("clean.session.yaml"));
    scratch.write("bad.session.yaml", &spec("error.session.yaml"));
    scratch.git(&["add", "."]);

    // `try-repo` builds the hook in a cache of its own, each time it runs.
    let (code, output) = scratch.pre_commit(&[
        "try-repo",
        clone_arg,
        "agentspec-lint",
        "--files",
        "bad.session.yaml",
    ]);
    assert_ne!(code, 0, "the bad spec fails:\n{output}");
    assert!(output.contains("Failed"), "{output}");
    assert!(
        output.contains("duplicate-environment-kind"),
        "the rule is named:\n{output}"
    );
    let (code, output) = scratch.pre_commit(&[
        "try-repo",
        clone_arg,
        "agentspec-lint",
        "--files",
        "good.session.yaml",
    ]);
    assert_eq!(code, 0, "the good spec passes:\n{output}");
    assert!(
        output.contains("agentspec lint") && output.contains("Passed"),
        "{output}"
    );
    eprintln!(
        "pre-commit try-repo of the language: rust hook, built twice: {:.1}s",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn the_readme_configuration_runs_both_hooks() {
    let Some(pre_commit) = pre_commit_or_skip() else {
        return;
    };
    let workspace = workspace();
    let workspace_arg = workspace.to_str().expect("UTF-8 workspace path");
    let scratch = Scratch::new(pre_commit, OnPath::Built);
    scratch.write("bad.session.yaml", &spec("error.session.yaml"));

    // The README's configuration, pointed at this repository's HEAD, with the `-system`
    // variants of its hooks (the same entries, run from PATH).
    let head = Command::new("git")
        .args(["rev-parse", "HEAD"])
        .current_dir(&workspace)
        .output()
        .expect("git rev-parse");
    let head = String::from_utf8_lossy(&head.stdout).trim().to_string();
    let config = readme_config()
        .replace("<the URL you cloned agentspec from>", workspace_arg)
        .lines()
        .map(|line| {
            if let Some((indent, _)) = line.split_once("rev: ") {
                format!("{indent}rev: {head}")
            } else if let Some((indent, id)) = line.split_once("- id: ") {
                format!("{indent}- id: {id}-system")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    scratch.write(".pre-commit-config.yaml", &config);
    scratch.write(
        "specs/moon.session.yaml",
        "agent: h/web-surfer-holo3-1-35b\nmessages:\n  - type: user_message\n    \
         message: When is the next full moon?\nmax_steps: 10\nanswer_format:\n  type: object\n  \
         properties:\n    date: {type: string}\n  required: [date]\n",
    );
    std::fs::create_dir_all(scratch.repo.join("src")).expect("src dir");
    let generated = Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(["gen", "--output", "src/answers.rs", "specs"])
        .current_dir(&scratch.repo)
        .output()
        .expect("agentspec gen");
    assert!(
        generated.status.success(),
        "{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    scratch.git(&["add", "."]);
    let (code, output) = scratch.pre_commit(&["run", "--files", "specs/moon.session.yaml"]);
    assert_eq!(
        code, 0,
        "both hooks pass on a good, current repository:\n{output}"
    );
    assert!(output.contains("agentspec gen --check"), "{output}");
    let (code, output) = scratch.pre_commit(&[
        "run",
        "agentspec-lint-system",
        "--files",
        "bad.session.yaml",
    ]);
    assert_ne!(code, 0, "{output}");
    assert!(output.contains("duplicate-environment-kind"), "{output}");
    scratch.write(
        "specs/moon.session.yaml",
        "agent: h/web-surfer-holo3-1-35b\nmessages:\n  - type: user_message\n    \
         message: When is the next full moon?\nmax_steps: 10\nanswer_format:\n  type: object\n  \
         properties:\n    date: {type: string}\n    phase: {type: string}\n  required: [date]\n",
    );
    scratch.git(&["add", "."]);
    let (code, output) = scratch.pre_commit(&["run", "agentspec-gen-check-system", "--all-files"]);
    assert_ne!(code, 0, "a stale generated file fails:\n{output}");
}
