//! Runs at the edges of everyday use: a reader that closes the pipe before the output is
//! written (`agentspec … | head -1`), and paths that hold nothing to check.

mod cli_support;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};

use cli_support::{agentspec, workspace};

/// Runs `agentspec ARGS` in `dir`, reads `keep` bytes of its output, then closes the pipe (at
/// once when `keep` is 0, before the command has written anything). Returns the exit code and
/// standard error.
fn with_reader_closing_after(dir: &Path, args: &[&str], keep: usize) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the agentspec binary runs");
    let mut stdout = child.stdout.take().expect("stdout");
    if keep > 0 {
        let mut read = vec![0; keep];
        stdout.read_exact(&mut read).expect("the first bytes");
    }
    drop(stdout);
    let output = child.wait_with_output().expect("agentspec ends");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A scratch directory with `count` session files of 150 findings each (unknown fields).
fn many_findings(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut spec = String::from(
        "agent: h/web-surfer-holo3-1-35b\nmax_steps: 5\nmessages:\n  \
         - type: user_message\n    message: Hi\n",
    );
    for i in 0..150 {
        spec.push_str(&format!("extra_field_{i}: {i}\n"));
    }
    for i in 0..count {
        std::fs::write(dir.path().join(format!("s{i:02}.session.yaml")), &spec).expect("write");
    }
    dir
}

/// Every command that writes to standard output, with arguments that give it output, and the
/// bytes to read before closing the pipe.
fn commands(big: &Path) -> Vec<(Vec<String>, usize)> {
    let big = big.display().to_string();
    let specs: &[&[&str]] = &[
        &["rules"],
        &["rules", "unbounded-run"],
        &["schema", "all"],
        &["schema", "session"],
        &["gen", "specs"],
        &["render", "specs/trip-planner.session.yaml"],
        &[
            "render",
            "--idempotency-key",
            "specs/trip-planner.session.yaml",
        ],
        &["config", "specs"],
        &["completions", "bash"],
        &[
            "check-answer",
            "specs/hn-stories.session.yaml",
            "fixtures/check-answer/stories-bad.json",
        ],
    ];
    let mut commands: Vec<(Vec<String>, usize)> = specs
        .iter()
        .map(|args| (args.iter().map(|a| a.to_string()).collect(), 0))
        .collect();
    for format in ["human", "concise", "json", "sarif", "github", "junit"] {
        let args = vec!["lint".into(), "--format".into(), format.into(), big.clone()];
        // Closed at once, and after the first line, as `| head -1` does.
        commands.push((args.clone(), 0));
        commands.push((args, 64));
    }
    commands
}

#[test]
fn a_closed_pipe_ends_every_command_quietly_with_its_own_exit_status() {
    let big = many_findings(20);
    let root = workspace();
    for (args, keep) in commands(big.path()) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let whole = agentspec(&root, &args);
        assert!(
            !whole.stdout.is_empty() && whole.code != 2,
            "{args:?} writes output:\n{}",
            whole.transcript()
        );
        if args[0] == "lint" {
            assert!(
                whole.stdout.len() > 1 << 17,
                "{args:?}: more than a pipe holds"
            );
        }
        let (code, stderr) = with_reader_closing_after(&root, &args, keep);
        assert_eq!(
            code,
            Some(whole.code),
            "{args:?} (closed after {keep} bytes) exits as it does when read whole:\n{stderr}"
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?} (closed after {keep} bytes) ends quietly:\n{stderr}"
        );
    }
}

#[test]
fn a_directory_without_spec_files_is_not_a_pass() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).expect("dir");
    std::fs::write(docs.join("notes.yaml"), "agent: h/web-surfer-holo3-1-35b\n").expect("write");
    std::fs::write(docs.join("README.md"), "# notes\n").expect("write");
    let run = agentspec(dir.path(), &["lint", "docs"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(run.stdout, "", "{}", run.transcript());
    for expected in [
        "error: no spec file found in `docs`",
        "`*.session.{yaml,yml,json}`",
        "`*.agent.{yaml,yml,json}`",
        "`include`",
        "`--kind session`",
    ] {
        assert!(run.stderr.contains(expected), "{expected}:\n{}", run.stderr);
    }
    // Named on the command line, the same file is checked (its shape says it is a session).
    let named = agentspec(
        dir.path(),
        &["lint", "--format", "concise", "docs/notes.yaml"],
    );
    assert_ne!(named.code, 2, "{}", named.transcript());
}

#[test]
fn spec_files_left_out_by_exclude_are_not_missing() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("agentspec.toml"),
        "exclude = [\"drafts/\"]\n",
    )
    .expect("write");
    std::fs::create_dir_all(dir.path().join("drafts")).expect("dir");
    let bad =
        std::fs::read_to_string(workspace().join("fixtures/config/exit-codes/error.session.yaml"))
            .expect("fixture");
    std::fs::write(dir.path().join("drafts/wip.session.yaml"), bad).expect("write");
    let run = agentspec(dir.path(), &["lint", "."]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stderr.contains("0 files checked"), "{}", run.stderr);
}
