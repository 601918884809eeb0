//! Hostile inputs: each must give a clear finding or a clean skip, with the right exit code,
//! in bounded time, never a panic, and the other files of the run must still be checked.
//!
//! Every run of the binary has a generous wall-clock guard (a hang fails the test); the guard
//! is no performance assertion.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Longest a run may take before it counts as a hang.
const GUARD: Duration = Duration::from_secs(20);

const GOOD: &str = "agent: h/web-surfer-holo3-1-35b\nmessages:\n  - type: user_message\n    \
                    message: Find the weather in Paris\nmax_steps: 10\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The `--format json` report.
    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    /// The findings of `--format json` as `(file, rule, message)`.
    fn findings(&self) -> Vec<(String, String, String)> {
        self.json()["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .map(|d| {
                (
                    d["file"].as_str().unwrap_or_default().to_owned(),
                    d["rule"].as_str().unwrap_or_default().to_owned(),
                    d["message"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    fn files_checked(&self) -> u64 {
        self.json()["summary"]["files"].as_u64().expect("files")
    }

    fn assert_no_panic(&self) {
        for text in [&self.stdout, &self.stderr] {
            assert!(
                !text.contains("panicked") && !text.contains("RUST_BACKTRACE"),
                "panic:\n{text}"
            );
        }
    }
}

/// Runs the binary in `dir` with `stdin` as standard input, failing the test on a hang.
fn run_in(dir: &Path, args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run agentspec");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = wait_guarded(child, args);
    let _ = feeder.join();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    run.assert_no_panic();
    run
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, b"")
}

/// Waits for `child`, killing it and failing after [`GUARD`].
fn wait_guarded(mut child: std::process::Child, args: &[&str]) -> Output {
    let start = Instant::now();
    // Drain the pipes on threads so a large report can't block the child.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stdout, &mut buf);
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stderr, &mut buf);
        buf
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return Output {
                status,
                stdout: out_thread.join().expect("stdout"),
                stderr: err_thread.join().expect("stderr"),
            };
        }
        if start.elapsed() > GUARD {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`agentspec {}` hung for more than {GUARD:?}",
                args.join(" ")
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(&path, content).expect("write");
    path
}

/// The "billion laughs": nine levels of nine aliases each.
fn billion_laughs() -> String {
    let mut text = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        text.push_str(&format!("{}: &{} [{refs}]\n", pair[1], pair[1]));
    }
    text
}

fn lint_json(dir: &Path, paths: &[&str]) -> Run {
    let mut args = vec!["lint", "--format", "json"];
    args.extend_from_slice(paths);
    run(dir, &args)
}

#[test]
fn billion_laughs_fails_fast_naming_the_alias_limit() {
    let dir = tempdir();
    write(dir.path(), "lol.session.yaml", billion_laughs());
    write(dir.path(), "good.session.yaml", GOOD);
    let start = Instant::now();
    let out = lint_json(dir.path(), &["lol.session.yaml", "good.session.yaml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();
    assert!(
        findings
            .iter()
            .any(|(file, rule, message)| file == "lol.session.yaml"
                && rule == "input-limit"
                && message.contains("alias expansion exceeds the limit of 100000 nodes")),
        "{findings:?}"
    );
    assert_eq!(out.files_checked(), 2);
    assert!(start.elapsed() < GUARD);
}

#[test]
fn deep_nesting_is_refused_naming_the_depth_limit() {
    let dir = tempdir();
    let depth = 100_000;
    write(
        dir.path(),
        "flow.session.yaml",
        "[".repeat(depth) + &"]".repeat(depth),
    );
    write(
        dir.path(),
        "deep.session.json",
        "[".repeat(depth) + &"]".repeat(depth),
    );
    let block: String = (0..2_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    write(dir.path(), "block.session.yaml", block);
    let out = lint_json(
        dir.path(),
        &[
            "flow.session.yaml",
            "deep.session.json",
            "block.session.yaml",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();
    for file in [
        "flow.session.yaml",
        "deep.session.json",
        "block.session.yaml",
    ] {
        assert!(
            findings.iter().any(|(f, rule, message)| f == file
                && rule == "input-limit"
                && message.contains("nesting exceeds the limit of 128 levels")),
            "{file}: {findings:?}"
        );
    }
}

#[test]
fn a_file_over_the_size_limit_is_reported_without_being_read() {
    let dir = tempdir();
    // Sparse: 11 MiB long, nothing written.
    let big = std::fs::File::create(dir.path().join("big.session.yaml")).expect("create");
    big.set_len(11 << 20).expect("set_len");
    write(dir.path(), "good.session.yaml", GOOD);
    let out = lint_json(dir.path(), &["big.session.yaml", "good.session.yaml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let (file, rule, message) = &findings[0];
    assert_eq!(
        (file.as_str(), rule.as_str()),
        ("big.session.yaml", "input-limit")
    );
    assert!(
        message.contains("11 MiB (11534336 bytes), over the limit of 10 MiB per file"),
        "{message}"
    );
    assert_eq!(out.files_checked(), 2);

    // The limit is configurable, for files and for stdin.
    write(
        dir.path(),
        "padded.session.yaml",
        format!("{GOOD}{}", "#\n".repeat(1024)),
    );
    let out = run(
        dir.path(),
        &[
            "lint",
            "--format",
            "concise",
            "--max-file-size",
            "1KiB",
            "padded.session.yaml",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("over the limit of 1 KiB per file"),
        "{}",
        out.stdout
    );
    let padded = std::fs::read(dir.path().join("padded.session.yaml")).expect("read");
    let out = run_in(
        dir.path(),
        &[
            "lint",
            "--format",
            "concise",
            "--max-file-size",
            "1KiB",
            "-",
            "--stdin-filename",
            "s.session.yaml",
        ],
        &padded,
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("holds more than the limit of 1 KiB per file"),
        "{}",
        out.stdout
    );
    let out = run(
        dir.path(),
        &["lint", "--max-file-size", "ten", "good.session.yaml"],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn an_endless_device_is_refused_not_read_forever() {
    let dir = tempdir();
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.session.yaml")).expect("link");
    let out = lint_json(dir.path(), &["zero.session.yaml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();
    assert!(
        findings[0].2.contains("more than the limit of 10 MiB"),
        "{findings:?}"
    );
}

#[test]
fn findings_beyond_the_cap_are_counted_in_one_finding() {
    let dir = tempdir();
    let mut text = String::from(GOOD);
    for i in 0..300 {
        text.push_str(&format!("unknown_{i}: 1\n"));
    }
    write(dir.path(), "many.session.yaml", text);
    let out = lint_json(dir.path(), &["many.session.yaml"]);
    assert_eq!(out.code, 1);
    let findings = out.findings();
    assert_eq!(
        findings.len(),
        201,
        "200 kept and one saying how many were not"
    );
    let (_, rule, message) = findings.last().expect("last");
    assert_eq!(rule, "input-limit");
    assert_eq!(
        message,
        "100 more findings are not shown (100 errors): at most 200 findings are reported per file"
    );
}

#[test]
fn text_that_is_not_utf8_is_reported_and_the_rest_still_checked() {
    let dir = tempdir();
    write(dir.path(), "latin1.session.yaml", b"agent: caf\xe9\n");
    write(dir.path(), "utf16.session.json", b"\xff\xfe{\x00}\x00");
    write(dir.path(), "good.session.yaml", GOOD);
    let out = lint_json(dir.path(), &["."]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();
    assert!(findings.contains(&(
        "latin1.session.yaml".into(),
        "syntax-error".into(),
        "the file is not valid UTF-8 (first invalid byte at offset 10)".into()
    )));
    assert!(findings.contains(&(
        "utf16.session.json".into(),
        "syntax-error".into(),
        "the file is not valid UTF-8 (first invalid byte at offset 0)".into()
    )));
    assert_eq!(out.files_checked(), 3);
    assert!(!findings.iter().any(|(f, _, _)| f == "good.session.yaml"));
}

#[test]
fn a_byte_order_mark_and_crlf_line_ends_are_read_as_usual() {
    let dir = tempdir();
    write(dir.path(), "bom.session.yaml", format!("\u{feff}{GOOD}"));
    write(
        dir.path(),
        "bom.session.json",
        "\u{feff}{\"agent\": \"h/web-surfer-holo3-1-35b\", \"max_steps\": 10, \"messages\": \
         [{\"type\": \"user_message\", \"message\": \"hi\"}]}",
    );
    write(dir.path(), "crlf.session.yaml", GOOD.replace('\n', "\r\n"));
    let out = lint_json(dir.path(), &["."]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert_eq!(out.findings(), vec![]);

    // Positions: the mark is no column; a CRLF is one line end.
    write(
        dir.path(),
        "bad-bom.session.yaml",
        format!("\u{feff}{}", GOOD.replace("max_steps: 10", "max_steps: x")),
    );
    write(
        dir.path(),
        "bad-crlf.session.yaml",
        GOOD.replace("max_steps: 10", "max_steps: x")
            .replace('\n', "\r\n"),
    );
    let out = run(
        dir.path(),
        &[
            "lint",
            "--format",
            "concise",
            "bad-bom.session.yaml",
            "bad-crlf.session.yaml",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("bad-bom.session.yaml:5:12: error[wrong-type]"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("bad-crlf.session.yaml:5:12: error[wrong-type]"),
        "{}",
        out.stdout
    );
}

#[test]
fn nul_bytes_are_reported() {
    let dir = tempdir();
    write(
        dir.path(),
        "nul.session.yaml",
        b"agent: h/web\x00surfer\nmax_steps: 1\n",
    );
    write(
        dir.path(),
        "nul.session.json",
        b"{\"agent\": \"h/web\x00\"}",
    );
    write(dir.path(), "only-nul.session.yaml", b"\x00\x00\x00");
    let out = lint_json(dir.path(), &["."]);
    assert_eq!(out.code, 1);
    let findings = out.findings();
    assert!(
        findings.contains(&(
            "nul.session.yaml".into(),
            "syntax-error".into(),
            "character U+0000 is not allowed in YAML".into()
        )),
        "{findings:?}"
    );
    assert!(
        findings.contains(&(
            "nul.session.json".into(),
            "syntax-error".into(),
            "control character U+0000 must be escaped in a JSON string".into()
        )),
        "{findings:?}"
    );
    assert!(findings
        .iter()
        .any(|(f, r, _)| f == "only-nul.session.yaml" && r == "syntax-error"));
}

#[test]
fn an_empty_file_is_reported() {
    let dir = tempdir();
    write(dir.path(), "empty.session.yaml", "");
    write(dir.path(), "blank.agent.yaml", "\n  \n# only a comment\n");
    write(dir.path(), "empty.session.json", "");
    let out = lint_json(dir.path(), &["."]);
    assert_eq!(out.code, 1);
    let findings = out.findings();
    assert_eq!(findings.len(), 3, "{findings:?}");
    assert!(findings
        .iter()
        .all(|(_, rule, message)| rule == "syntax-error" && message.contains("empty")));
}

#[cfg(unix)]
#[test]
fn a_directory_symlink_loop_is_not_followed() {
    let dir = tempdir();
    write(dir.path(), "specs/good.session.yaml", GOOD);
    write(dir.path(), "specs/nested/other.session.yaml", GOOD);
    std::os::unix::fs::symlink("..", dir.path().join("specs/nested/up")).expect("link");
    std::os::unix::fs::symlink(".", dir.path().join("specs/self")).expect("link");
    let out = lint_json(dir.path(), &["specs"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.files_checked(), 2);
    // Named through the loop, the same file is still checked once per name given.
    let out = lint_json(dir.path(), &["specs/self/self/self/good.session.yaml"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.files_checked(), 1);
}

#[cfg(unix)]
#[test]
fn a_path_that_cannot_be_read_is_skipped_with_exit_code_2() {
    let dir = tempdir();
    write(dir.path(), "good.session.yaml", GOOD);
    std::os::unix::fs::symlink("b.session.yaml", dir.path().join("a.session.yaml")).expect("link");
    std::os::unix::fs::symlink("a.session.yaml", dir.path().join("b.session.yaml")).expect("link");
    std::os::unix::fs::symlink("gone.yaml", dir.path().join("dangling.session.yaml"))
        .expect("link");
    let out = lint_json(
        dir.path(),
        &[
            "a.session.yaml",
            "dangling.session.yaml",
            "missing.session.yaml",
            "good.session.yaml",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("a.session.yaml: Too many levels of symbolic links"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("dangling.session.yaml: No such file"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("missing.session.yaml: No such file"),
        "{}",
        out.stderr
    );
    assert_eq!(out.files_checked(), 1, "the readable file is still checked");

    // A file without read permission (root reads it anyway, so only checked when that fails).
    use std::os::unix::fs::PermissionsExt;
    let locked = write(dir.path(), "locked.session.yaml", GOOD);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&locked).is_err() {
        let out = lint_json(dir.path(), &["locked.session.yaml", "good.session.yaml"]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr
                .contains("locked.session.yaml: Permission denied"),
            "{}",
            out.stderr
        );
        assert_eq!(out.files_checked(), 1);
    }
    let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644));
}

#[test]
fn a_catastrophic_pattern_is_validated_in_bounded_time() {
    let dir = tempdir();
    let spec = format!(
        "{GOOD}answer_format:\n  type: object\n  properties:\n    \
         code: {{type: string, pattern: \"^(a+)+$\"}}\n    \
         back: {{type: string, pattern: \"^(a+)+\\\\1$\"}}\n    \
         words: {{type: string, pattern: \"^(\\\\w+\\\\s?)*$\"}}\n  required: [code]\n"
    );
    write(dir.path(), "re.session.yaml", spec);
    let a = "a".repeat(5_000);
    let answer = serde_json::json!({
        "code": format!("{a}!"),
        "back": format!("{a}!"),
        "words": format!("{} !", "word ".repeat(2_000)),
    });
    write(dir.path(), "answer.json", answer.to_string());
    let out = run(
        dir.path(),
        &[
            "check-answer",
            "--format",
            "concise",
            "re.session.yaml",
            "answer.json",
        ],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    for field in ["code", "words"] {
        assert!(
            out.stdout.contains(&format!("`/{field}`")),
            "{}",
            out.stdout
        );
    }

    // The run-time validation of generated code uses the same engine.
    let schema = r#"{"type": "string", "pattern": "^(a+)+$"}"#;
    let start = Instant::now();
    let valid = agentspec_answer::is_valid(schema, &Value::String(format!("{a}!")));
    assert_eq!(valid.ok(), Some(false));
    assert!(start.elapsed() < GUARD);
}

#[test]
fn add_ignores_never_rewrites_text_it_could_not_read_exactly() {
    let dir = tempdir();
    let latin1 = b"agent: caf\xe9\nmax_steps: x\n".to_vec();
    write(dir.path(), "latin1.session.yaml", &latin1);
    let big = std::fs::File::create(dir.path().join("big.session.yaml")).expect("create");
    big.set_len(11 << 20).expect("set_len");
    drop(big);
    let out = run(
        dir.path(),
        &[
            "lint",
            "--format",
            "concise",
            "--add-ignores",
            "latin1.session.yaml",
            "big.session.yaml",
        ],
    );
    assert!(
        out.stderr.contains("latin1.session.yaml: not rewritten"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read(dir.path().join("latin1.session.yaml")).expect("read"),
        latin1
    );
    let meta = std::fs::metadata(dir.path().join("big.session.yaml")).expect("meta");
    assert_eq!(meta.len(), 11 << 20);
}

#[test]
fn gen_output_is_untouched_when_unchanged_and_on_error() {
    let dir = tempdir();
    write(
        dir.path(),
        "city.session.yaml",
        format!(
            "{GOOD}answer_format:\n  type: object\n  properties:\n    city: {{type: string}}\n"
        ),
    );
    let out = run(
        dir.path(),
        &["gen", "-q", "city.session.yaml", "-o", "answers.rs"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let path = dir.path().join("answers.rs");
    let first = std::fs::read(&path).expect("answers.rs");
    let mtime = std::fs::metadata(&path)
        .expect("meta")
        .modified()
        .expect("mtime");
    std::thread::sleep(Duration::from_millis(20));
    let out = run(
        dir.path(),
        &["gen", "-q", "city.session.yaml", "-o", "answers.rs"],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("unchanged"), "{}", out.stderr);
    assert_eq!(
        std::fs::metadata(&path)
            .expect("meta")
            .modified()
            .expect("mtime"),
        mtime
    );

    // A spec with an error: nothing is written, the previous output stays.
    write(
        dir.path(),
        "city.session.yaml",
        format!("{GOOD}answer_format:\n  $ref: https://example.com/answer.json\n"),
    );
    let out = run(
        dir.path(),
        &["gen", "-q", "city.session.yaml", "-o", "answers.rs"],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(std::fs::read(&path).expect("answers.rs"), first);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn gen_refuses_an_oversized_or_endless_spec() {
    let dir = tempdir();
    let big = std::fs::File::create(dir.path().join("big.session.yaml")).expect("create");
    big.set_len(11 << 20).expect("set_len");
    drop(big);
    let mut args = vec!["gen", "-q", "big.session.yaml"];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.session.yaml"))
            .expect("link");
        args.push("zero.session.yaml");
    }
    let out = run(dir.path(), &args);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "big.session.yaml: error: can't read the file: the file is over the limit of 10 MiB"
        ),
        "{}",
        out.stderr
    );
}

/// A spec file's name is quoted in the generated header and doc comment: a name holding line
/// breaks, a code fence or backticks must stay inside the comment, and open no doctest.
#[cfg(unix)]
#[test]
fn gen_quotes_a_hostile_file_name_inertly() {
    let dir = tempdir();
    let spec =
        format!("{GOOD}answer_format:\n  type: object\n  properties:\n    a: {{type: string}}\n");
    let names = [
        "x\n```\nfn main() { std::process::exit(1) }\n```\n.session.yaml",
        "y\nconst _: () = panic!();\n.session.yaml",
        "z`<img src=x onerror=alert(1)>`\r\u{202e}.session.yaml",
    ];
    for name in names {
        write(dir.path(), name, &spec);
    }
    let out = run(dir.path(), &["gen", "-q", "."]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let code = &out.stdout;
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("{e}:\n{code}"));
    assert_eq!(
        file.items.len(),
        9,
        "three types, each with an impl and a TypedAnswer impl"
    );
    for line in code.lines() {
        let trimmed = line.trim_start();
        assert!(
            !trimmed.starts_with("fn main") && !trimmed.starts_with("const _"),
            "code from a file name: {line}"
        );
        if let Some(doc) = trimmed.strip_prefix("///") {
            let doc = doc.trim_start();
            assert!(
                !doc.starts_with("```") || doc.starts_with("```text") || doc == "```",
                "a code block in a doc comment: {line}"
            );
        }
    }
}

/// Spec content and file names quoted in findings stay on their line: a line break in a key,
/// a value or a file name can't forge a finding or a CI workflow command (`::error::…`).
#[cfg(unix)]
#[test]
fn quoted_text_and_file_names_cannot_forge_output_lines() {
    let dir = tempdir();
    write(
        dir.path(),
        "keys.session.yaml",
        format!(
            "{GOOD}\"k\\n::warning::forged\\r\\u001b[2K\": 1\nmax_time_s: \"a\\n::error::forged\"\n"
        ),
    );
    write(
        dir.path(),
        "x\n::error file=a::forged\n.session.yaml",
        "agent: 1\n",
    );
    for format in ["concise", "human", "github", "json", "sarif", "junit"] {
        let out = run(
            dir.path(),
            &["lint", "--format", format, "--color", "never", "."],
        );
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        for line in out.stdout.lines().chain(out.stderr.lines()) {
            assert!(
                !line.contains("::warning::forged") || !line.trim_start().starts_with("::warning"),
                "{format}: forged line {line:?}"
            );
            assert!(
                !line.trim_start().starts_with("::error::forged")
                    && !line.trim_start().starts_with("::error file=a::forged"),
                "{format}: forged line {line:?}"
            );
            assert!(
                !line.contains('\u{1b}'),
                "{format}: terminal escape in {line:?}"
            );
        }
    }
}

/// Thousands of agent files delegating in one loop: the cross-file pass stays linear and each
/// finding names a bounded part of the loop, so the report grows with the files, not their
/// square.
#[test]
fn a_loop_through_thousands_of_agents_is_reported_in_bounded_size() {
    let dir = tempdir();
    let n = 3_000;
    for i in 0..n {
        let subagents: String = (1..=3)
            .map(|k| format!("  - acme/a{}\n", (i + k) % n))
            .collect();
        write(
            dir.path(),
            &format!("agents/a{i}.agent.yaml"),
            format!("name: acme/a{i}\ndescription: d\nsubagents:\n{subagents}"),
        );
    }
    let out = lint_json(dir.path(), &["agents"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.files_checked(), n as u64);
    let findings = out.findings();
    assert_eq!(findings.len(), n, "one subagent-cycle finding per file");
    let (_, rule, message) = &findings[0];
    assert_eq!(rule, "subagent-cycle");
    assert!(
        message.ends_with("→ … → `acme/a0` (1000 agents)"),
        "{message}"
    );
    assert!(
        out.stdout.len() < 4 * n * 1024,
        "{} bytes of report for {n} files",
        out.stdout.len()
    );
}
