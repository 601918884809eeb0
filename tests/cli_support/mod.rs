//! Running the built `agentspec` binary from integration tests.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .expect("workspace root")
}

/// The peer suites directory: `fixtures/peer-suites`, or `AGENTSPEC_PEER_SUITES` when set.
pub fn peer_suites() -> PathBuf {
    std::env::var_os("AGENTSPEC_PEER_SUITES")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("fixtures/peer-suites"))
}

/// The target directory of the tests: `CARGO_TARGET_DIR`, or the one holding the binary. The
/// tests that build agentspec again (pre-commit's `language: rust`, the wheel) build there, so
/// those builds are incremental.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_BIN_EXE_agentspec"))
                .ancestors()
                .nth(2)
                .expect("target dir")
                .to_path_buf()
        })
}

/// What a run of the binary printed and returned.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr, as one text for a snapshot.
    pub fn transcript(&self) -> String {
        format!(
            "exit code: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `agentspec ARGS` in `dir`, without colors and with nothing on stdin.
pub fn agentspec(dir: &Path, args: &[&str]) -> Run {
    agentspec_with_stdin(dir, args, None)
}

/// Runs `agentspec ARGS` in `dir` with `stdin` as its input.
pub fn agentspec_with_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_agentspec"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("the agentspec binary runs");
    if let Some(text) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().expect("stdin");
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    let output = child
        .wait_with_output()
        .expect("the agentspec binary finishes");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Copies a directory tree (files and directories only).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// insta settings that store snapshots in `fixtures/<area>/snapshots`.
pub fn snapshots(area: &str) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace().join("fixtures").join(area).join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings
}

/// Splits an `args` line like a shell would for simple cases: on spaces, with `"…"` grouping.
pub fn split_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    args.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            c => {
                current.push(c);
                started = true;
            }
        }
    }
    if started {
        args.push(current);
    }
    args
}

/// Runs every command of a case directory's `args` file (one `agentspec` command line per
/// line; `#` starts a comment line) in that directory, and returns the transcript of all.
pub fn run_case(dir: &Path) -> String {
    let script = std::fs::read_to_string(dir.join("args"))
        .unwrap_or_else(|e| panic!("{}/args: {e}", dir.display()));
    let mut transcript = String::new();
    for line in script.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let args = split_args(line);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut run = agentspec(dir, &args);
        if args.first() == Some(&"config") {
            run.stdout = fold_default_rules(&run.stdout);
        }
        transcript.push_str(&format!("$ agentspec {line}\n{}\n", run.transcript()));
    }
    transcript
}

/// The case directories of `fixtures/<area>` (those holding an `args` file), sorted.
pub fn cases(area: &str) -> Vec<PathBuf> {
    let root = workspace().join("fixtures").join(area);
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("args").is_file())
        .collect();
    cases.sort();
    cases
}

/// Replaces the `[rules]` lines of `agentspec config` that show a rule at its default severity
/// by one marker line, so that a new rule does not change every snapshot.
pub fn fold_default_rules(text: &str) -> String {
    let mut out = String::new();
    let mut folded = false;
    for line in text.lines() {
        let default = line.split_once(" = \"").is_some_and(|(name, rest)| {
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && matches!(rest, "error\"" | "warning\"" | "info\"")
        });
        if default {
            if !folded {
                out.push_str("# (rules at their default severity)\n");
                folded = true;
            }
            continue;
        }
        folded = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// A validator for the SARIF 2.1.0 schema of the peer suites (draft-04, formats checked);
/// fails with what to set when the schema is missing.
pub fn sarif_validator() -> jsonschema::Validator {
    let path = peer_suites().join("sarif/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!(
            "the SARIF 2.1.0 schema is not at {} ({error}): it is checked in under \
             `fixtures/peer-suites`, or AGENTSPEC_PEER_SUITES names a directory holding \
             `sarif/sarif-schema-2.1.0.json`",
            path.display()
        )
    });
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the SARIF schema is JSON");
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The errors of a SARIF log against the SARIF 2.1.0 schema.
pub fn sarif_errors(validator: &jsonschema::Validator, log: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}
