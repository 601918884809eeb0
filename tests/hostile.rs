//! Hostile inputs: each must give a clear finding or a clean skip, with the right exit code,
//! in bounded time, never a panic, and the other files of the run must still be checked.
//!
//! Every run of the binary has a generous wall-clock guard (a hang fails the test); the guard
//! is no performance assertion. The inputs of the issues found by adversarial review are run at
//! full size and [`Run::assert_bounded`] checks the CPU time and peak memory the run took, from
//! the child's resource usage: generous bounds that only a quadratic or unbounded step breaks.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Longest a run may take before it counts as a hang.
const GUARD: Duration = Duration::from_secs(20);

const GOOD: &str = "agent: h/web-surfer-holo3-1-35b\nmessages:\n  - type: user_message\n    \
                    message: Find the weather in Paris\nmax_steps: 10\n";

/// CPU time a hostile input within the limits may take.
const MAX_CPU: Duration = Duration::from_secs(2);
/// Peak memory a hostile input within the limits may take.
const MAX_RSS: u64 = 300 << 20;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    /// User and system CPU time of the run.
    cpu: Duration,
    /// Peak resident memory of the run, in bytes (0 where unknown).
    max_rss: u64,
}

impl Run {
    /// Asserts that the run took less than [`MAX_CPU`] of CPU and [`MAX_RSS`] of memory.
    fn assert_bounded(&self, what: &str) {
        self.assert_bounded_by(what, MAX_CPU);
    }

    /// Asserts that the run took less than `cpu` of CPU and [`MAX_RSS`] of memory.
    fn assert_bounded_by(&self, what: &str, cpu: Duration) {
        assert!(
            self.cpu < cpu,
            "{what}: {:?} of CPU time (stderr: {})",
            self.cpu,
            self.stderr
        );
        assert!(
            self.max_rss < MAX_RSS,
            "{what}: {} MiB of memory",
            self.max_rss >> 20
        );
    }

    /// Asserts a bounded `check-answer` run that could not check the answer (exit 2, no
    /// mismatch reported) and says so on stderr with `says`.
    fn assert_unchecked(&self, what: &str, says: &str) {
        self.assert_bounded(what);
        assert_eq!(self.code, 2, "{}{}", self.stdout, self.stderr);
        assert!(!self.stdout.contains("answer-mismatch"), "{}", self.stdout);
        assert!(self.stderr.contains(says), "{what}: {}", self.stderr);
    }

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
        // One worker thread: the CPU time measured is the work done, not the time idle rayon
        // workers spend spinning while tests run side by side on a busy machine.
        .env("RAYON_NUM_THREADS", "1")
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
    let (out, cpu, max_rss) = wait_guarded(child, args);
    let _ = feeder.join();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        cpu,
        max_rss,
    };
    run.assert_no_panic();
    run
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_in(dir, args, b"")
}

/// `agentspec check-answer --format concise SPEC answer.json` in `dir`.
fn check_answer(dir: &Path, spec: &str) -> Run {
    run(
        dir,
        &["check-answer", "--format", "concise", spec, "answer.json"],
    )
}

/// Waits for `child`, killing it and failing after [`GUARD`]; returns its output, CPU time and
/// peak memory.
fn wait_guarded(mut child: std::process::Child, args: &[&str]) -> (Output, Duration, u64) {
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
        if let Some((status, cpu, max_rss)) = try_wait(&mut child) {
            let output = Output {
                status,
                stdout: out_thread.join().expect("stdout"),
                stderr: err_thread.join().expect("stderr"),
            };
            return (output, cpu, max_rss);
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

/// The exit status, CPU time and peak memory of `child` once it has exited.
#[cfg(unix)]
fn try_wait(child: &mut std::process::Child) -> Option<(std::process::ExitStatus, Duration, u64)> {
    use std::os::unix::process::ExitStatusExt;
    let pid = libc::pid_t::try_from(child.id()).expect("pid");
    let mut status = 0;
    // SAFETY: `status` and `usage` are valid for writes; `pid` is our unreaped child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
    if reaped != pid {
        return None;
    }
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    // Linux reports the peak in KiB.
    let max_rss = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
    Some((
        std::process::ExitStatus::from_raw(status),
        time(usage.ru_utime) + time(usage.ru_stime),
        max_rss,
    ))
}

#[cfg(not(unix))]
fn try_wait(child: &mut std::process::Child) -> Option<(std::process::ExitStatus, Duration, u64)> {
    child
        .try_wait()
        .expect("wait")
        .map(|status| (status, Duration::ZERO, 0))
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
    let mut args = vec!["gen", "-q", "--format", "concise", "big.session.yaml"];
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
            "big.session.yaml:1:1: error[unreadable-file] can't read the file: the file is over \
             the limit of 10 MiB"
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

/// A minified JSON session of about `size` bytes: a long `x-pad` string, then `tail`.
fn minified(size: usize, tail: &str) -> String {
    format!(
        "{{\"agent\":\"h/web-surfer-holo3-1-35b\",\"max_steps\":10,\"messages\":[{{\"type\":\
         \"user_message\",\"message\":\"hi\"}}],\"metadata\":{{\"pad\":\"{}\"}}{tail}}}",
        "p".repeat(size)
    )
}

/// A finding past column 65,535 of a line: the human format shows a window of the line around
/// it (miette alone panics padding to such a column), and the other files are still reported.
#[test]
fn a_finding_past_column_65535_is_shown_in_a_window_of_its_line() {
    let dir = tempdir();
    write(
        dir.path(),
        "wide.session.json",
        minified(95_000, ",\"unknown_field\":1"),
    );
    write(dir.path(), "other.session.yaml", "agent: 1\n");
    let out = run(
        dir.path(),
        &[
            "lint",
            "--color",
            "never",
            "wide.session.json",
            "other.session.yaml",
        ],
    );
    out.assert_bounded("a wide line");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("[wide.session.json:1:95"),
        "the true column: {}",
        out.stdout
    );
    assert!(out.stdout.contains("…pppp"), "{}", out.stdout);
    assert!(
        out.stdout.contains("\"unknown_field\":1}"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("other.session.yaml"), "{}", out.stdout);
    assert!(out.stdout.len() < 8_000, "{}", out.stdout);

    // check-answer on a minified answer.
    write(
        dir.path(),
        "answer.session.yaml",
        format!("{GOOD}answer_format:\n  type: object\n  properties:\n    n: {{type: integer}}\n"),
    );
    write(
        dir.path(),
        "answer.json",
        format!("{{\"pad\":\"{}\",\"n\":\"x\"}}", "p".repeat(81_000)),
    );
    let out = run(
        dir.path(),
        &[
            "check-answer",
            "--color",
            "never",
            "answer.session.yaml",
            "answer.json",
        ],
    );
    out.assert_bounded("a wide answer");
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("\"n\":\"x\"}"), "{}", out.stdout);

    // A configuration error inside a 70,000-character string, in every format.
    let conf = tempdir();
    write(
        conf.path(),
        "agentspec.toml",
        format!("[lint]\nselect = [\"{}\"]\n", "s".repeat(70_000)),
    );
    write(conf.path(), "a.session.yaml", GOOD);
    for format in ["human", "concise", "json", "sarif", "github", "junit"] {
        let out = run(conf.path(), &["lint", "--format", format, "."]);
        out.assert_bounded("a long configuration string");
        assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
        // The human report goes to standard error, the others to standard output.
        let report = if format == "human" {
            &out.stderr
        } else {
            &out.stdout
        };
        assert!(report.contains("agentspec.toml"), "{format}: {report}");
        // SARIF carries every rule's documentation besides the finding.
        let bound = if format == "sarif" { 400_000 } else { 8_000 };
        assert!(report.len() < bound, "{format}: {} bytes", report.len());
    }
}

/// The human format never repeats a long line whole: a 375 KB line with hundreds of findings,
/// and a 5 MB line with 446,000 unknown keys, give a report of bounded size.
#[test]
fn findings_on_a_long_line_print_a_bounded_report() {
    let dir = tempdir();
    let keys: String = (0..8_000)
        .map(|i| format!(",\"unknown_{i:05}\":1"))
        .collect();
    let text = minified(200_000, &keys);
    write(dir.path(), "many.session.json", &text);
    let out = run(
        dir.path(),
        &["lint", "--color", "never", "many.session.json"],
    );
    out.assert_bounded("a long line with many findings");
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout.matches("unknown-field").count(), 200);
    assert!(
        out.stdout.len() < 600_000,
        "{} bytes of report for a {} byte line",
        out.stdout.len(),
        text.len()
    );

    // 446,000 unknown keys on a 5 MB line: past the cap, findings are counted, not built.
    let keys: String = (0..446_000).map(|i| format!(",\"k{i:06}\":1")).collect();
    let text = minified(10, &keys);
    assert!(text.len() > 5_000_000, "{} bytes", text.len());
    write(dir.path(), "huge.session.json", &text);
    let out = run(
        dir.path(),
        &["lint", "--color", "never", "huge.session.json"],
    );
    out.assert_bounded("446,000 unknown keys on one line");
    assert_eq!(out.code, 1);
    assert!(out.stdout.len() < 600_000, "{} bytes", out.stdout.len());
    assert_eq!(out.stdout.matches("unknown-field").count(), 200);
    // Every unknown key (`metadata` too) is counted: 200 shown, the rest in the last finding.
    let tally = "445801 more findings are not shown (445801 errors)";
    assert!(
        out.stdout.contains(tally),
        "{}",
        out.stdout.lines().last().unwrap_or("")
    );
}

/// Control characters and bidi controls in the source are escaped in the human snippet, as in
/// messages: the snippet can't move the cursor, clear a line or reorder what the reader sees.
#[test]
fn snippets_escape_control_and_bidi_characters() {
    let dir = tempdir();
    write(
        dir.path(),
        "c1.session.yaml",
        "agent: h/web-surfer-holo3-1-35b\nmessages:\n  - type: user_message\n    \
         message: \"a\u{9b}2K\u{202e}b\u{1b}[31m\"\nmax_steps: 10\nx_bad: 1\n\
         x_other: \"\u{2067}c\u{85}\"\n",
    );
    let out = run(dir.path(), &["lint", "--color", "never", "c1.session.yaml"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    for c in ['\u{9b}', '\u{202e}', '\u{1b}', '\u{2067}', '\u{85}'] {
        assert!(!out.stdout.contains(c), "{c:?} in:\n{}", out.stdout);
    }
    assert!(out.stdout.contains("\\u{202e}"), "{}", out.stdout);
}

/// Aliases of one long string cost little in nodes and much in memory: expansion is bounded in
/// bytes of text too.
#[test]
fn aliases_of_a_long_string_stop_at_the_alias_byte_limit() {
    let dir = tempdir();
    let refs = vec!["*s"; 20_000].join(",");
    write(
        dir.path(),
        "strings.session.yaml",
        format!("{GOOD}x-s: &s {}\nx-b: [{refs}]\n", "a".repeat(100_000)),
    );
    let refs = vec!["*s"; 10_000].join(",");
    write(
        dir.path(),
        "mega.session.yaml",
        format!("{GOOD}x-s: &s {}\nx-b: [{refs}]\n", "a".repeat(1 << 20)),
    );
    for file in ["strings.session.yaml", "mega.session.yaml"] {
        let out = lint_json(dir.path(), &[file]);
        out.assert_bounded(file);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let findings = out.findings();
        assert!(
            findings
                .iter()
                .any(|(_, rule, message)| rule == "input-limit"
                    && message == "alias expansion exceeds the limit of 104857600 bytes of text"),
            "{file}: {findings:?}"
        );
    }
}

/// A FIFO named on the command line with nothing writing to it is refused, not waited on.
#[cfg(unix)]
#[test]
fn a_named_pipe_without_a_writer_is_refused() {
    let dir = tempdir();
    let status = Command::new("mkfifo")
        .arg(dir.path().join("pipe.session.yaml"))
        .status()
        .expect("mkfifo");
    assert!(status.success());
    write(dir.path(), "good.session.yaml", GOOD);
    write(
        dir.path(),
        "answer.session.yaml",
        format!("{GOOD}answer_format:\n  type: object\n"),
    );
    let out = lint_json(dir.path(), &["pipe.session.yaml", "good.session.yaml"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("pipe.session.yaml: a named pipe with nothing writing to it"),
        "{}",
        out.stderr
    );
    assert_eq!(out.files_checked(), 1);
    let out = run(dir.path(), &["render", "pipe.session.yaml"]);
    assert_ne!(out.code, 0);
    assert!(out.stderr.contains("nothing writing"), "{}", out.stderr);
    let out = run(
        dir.path(),
        &["check-answer", "answer.session.yaml", "pipe.session.yaml"],
    );
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nothing writing"), "{}", out.stderr);
}

/// `--add-ignores` writes one comment per line with findings: tens of thousands of trailing
/// and own-line suppressions are matched to their findings in linear time.
#[test]
fn many_suppressions_are_applied_in_linear_time() {
    let dir = tempdir();
    let trailing: String = (0..40_000)
        .map(|i| format!("x_{i}: 1  # agentspec: ignore[unknown-field] kept\n"))
        .collect();
    write(
        dir.path(),
        "trailing.session.yaml",
        format!("{GOOD}{trailing}"),
    );
    let own_line: String = (0..100_000)
        .map(|i| format!("# agentspec: ignore[unknown-field] kept\nx_{i}: 1\n"))
        .collect();
    write(dir.path(), "own.session.yaml", format!("{GOOD}{own_line}"));
    let stacked = format!(
        "{GOOD}{}x_last: 1\n",
        "# agentspec: ignore[unknown-field] kept\n".repeat(100_000)
    );
    write(dir.path(), "stacked.session.yaml", stacked);
    for file in ["trailing.session.yaml", "own.session.yaml"] {
        let out = lint_json(dir.path(), &[file]);
        // 100,000 suppressed unknown fields take about 2 s of CPU in a test build (each finding
        // is built with its suggestion and fix before its suppression drops it): twice the
        // common bound, still far below the 41 s the quadratic matching took.
        out.assert_bounded_by(file, 2 * MAX_CPU);
        assert_eq!(out.code, 0, "{file}: {}", out.stdout);
    }
    let out = lint_json(dir.path(), &["stacked.session.yaml"]);
    out.assert_bounded("stacked suppressions");
}

/// The fast meta-schema check reads a `required` of 100,000 names in linear time.
#[test]
fn a_huge_required_list_is_checked_in_linear_time() {
    let dir = tempdir();
    let names: String = (0..100_000).map(|i| format!("    - n{i}\n")).collect();
    write(
        dir.path(),
        "required.session.yaml",
        format!("{GOOD}answer_format:\n  type: object\n  required:\n{names}"),
    );
    let out = lint_json(dir.path(), &["required.session.yaml"]);
    out.assert_bounded("100,000 required names");
}

/// 130,000 failing items of an answer: check-answer builds findings only for those it shows
/// and counts the rest, like lint.
#[test]
fn check_answer_caps_its_findings_while_collecting_them() {
    let dir = tempdir();
    write(
        dir.path(),
        "list.session.yaml",
        format!(
            "{GOOD}answer_format:\n  type: object\n  properties:\n    \
             items: {{type: array, items: {{type: integer}}}}\n    \
             named: {{type: object, additionalProperties: {{type: integer}}}}\n"
        ),
    );
    let items = vec!["\"x\""; 130_000].join(",");
    let named: String = (0..50_000)
        .map(|i| format!("\"k{i}\":\"x\""))
        .collect::<Vec<_>>()
        .join(",");
    write(
        dir.path(),
        "answer.json",
        format!("{{\"items\":[{items}],\"named\":{{{named}}}}}"),
    );
    let out = run(
        dir.path(),
        &[
            "check-answer",
            "--format",
            "json",
            "list.session.yaml",
            "answer.json",
        ],
    );
    out.assert_bounded("180,000 failing values");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();
    assert_eq!(findings.len(), 201, "200 kept and one counting the rest");
    let (_, rule, message) = findings.last().expect("last");
    assert_eq!(rule, "input-limit");
    assert_eq!(
        message,
        "179800 more findings are not shown (179800 errors): at most 200 findings are reported \
         per file"
    );
    let out = run(
        dir.path(),
        &[
            "check-answer",
            "--color",
            "never",
            "list.session.yaml",
            "answer.json",
        ],
    );
    out.assert_bounded("180,000 failing values, human");
    assert!(out.stdout.len() < 400_000, "{} bytes", out.stdout.len());
}

/// Patterns the validator's engine can't compile are `invalid-schema` findings at the pattern,
/// in lint as in gen and render (which lint first), never a surprise at run time.
#[test]
fn patterns_the_validator_cannot_compile_are_reported_at_lint_time() {
    let dir = tempdir();
    write(
        dir.path(),
        "re.session.yaml",
        format!(
            "{GOOD}answer_format:\n  type: object\n  properties:\n    \
             a: {{type: string, pattern: \"(\"}}\n    \
             b: {{type: string, pattern: \"[a-\"}}\n    \
             c: {{type: string, pattern: \"\\\\p{{Nope}}\"}}\n    \
             ok: {{type: string, pattern: \"^[a-z]+$\"}}\n  \
             patternProperties:\n    \"(x\": {{type: string}}\n"
        ),
    );
    let out = run(
        dir.path(),
        &["lint", "--format", "concise", "re.session.yaml"],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    let reported: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("invalid-schema") && l.contains("can't compile"))
        .collect();
    for at in [
        "re.session.yaml:9:32",
        "re.session.yaml:10:32",
        "re.session.yaml:11:32",
        "re.session.yaml:14:5",
    ] {
        assert!(
            reported.iter().any(|l| l.starts_with(at)),
            "{at}:\n{}",
            out.stdout
        );
    }
    assert_eq!(reported.len(), 4, "{}", out.stdout);
}

/// The engine's backtracking limit at run time means the answer can't be checked: exit 2 with
/// the reason, never a mismatch.
#[test]
fn the_backtracking_limit_is_cannot_check_not_a_mismatch() {
    let dir = tempdir();
    write(
        dir.path(),
        "bt.session.yaml",
        format!(
            "{GOOD}answer_format:\n  type: object\n  properties:\n    \
             s: {{type: string, pattern: \"^(?:(a|a)*b\\\\1|a*)$\"}}\n"
        ),
    );
    write(
        dir.path(),
        "answer.json",
        format!("{{\"s\": \"{}\"}}", "a".repeat(20)),
    );
    let out = check_answer(dir.path(), "bt.session.yaml");
    out.assert_unchecked(
        "a pattern past the backtracking limit",
        "answer.json: the answer can't be checked",
    );

    let schema = r#"{"type": "string", "pattern": "^(?:(a|a)*b\\1|a*)$"}"#;
    let error =
        agentspec_answer::validate(schema, &Value::String("a".repeat(20))).expect_err("undecided");
    assert!(
        matches!(error, agentspec_answer::AnswerError::Limit { .. }),
        "{error:?}"
    );
}

/// A closed `answer_format` with `properties` names and `required` names, in block style.
fn wide_schema(
    properties: impl Iterator<Item = String>,
    required: impl Iterator<Item = String>,
) -> String {
    let mut spec = format!(
        "{GOOD}answer_format:\n  type: object\n  additionalProperties: false\n  properties:\n"
    );
    for name in properties {
        spec.push_str("    ");
        spec.push_str(&name);
        spec.push_str(": {type: string}\n");
    }
    spec.push_str("  required:\n");
    for name in required {
        spec.push_str("    - ");
        spec.push_str(&name);
        spec.push('\n');
    }
    spec
}

#[test]
fn thousands_of_required_names_missing_from_thousands_of_properties_are_checked_fast() {
    let dir = tempdir();
    let n = 10_000;
    let spec = wide_schema(
        (0..n).map(|i| format!("property_{i:05}")),
        (0..n).map(|i| format!("missing_{i:05}")),
    );
    write(dir.path(), "wide.session.yaml", spec);
    let out = lint_json(dir.path(), &["wide.session.yaml"]);
    out.assert_bounded("10k required names missing from 10k properties");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let findings = out.findings();
    let shown = findings
        .iter()
        .filter(|(_, rule, _)| rule == "required-not-in-properties")
        .count();
    assert_eq!(shown, agentspec_lint::DEFAULT_MAX_DIAGNOSTICS);
    let (_, rule, message) = findings.last().expect("the cap's finding");
    assert_eq!(rule, "input-limit", "{message}");
}

#[test]
fn tens_of_thousands_of_required_names_all_defined_are_checked_fast() {
    let dir = tempdir();
    let n = 50_000;
    let spec = wide_schema(
        (0..n).map(|i| format!("field_{i:05}")),
        (0..n).rev().map(|i| format!("field_{i:05}")),
    );
    assert!(spec.len() > 2_000_000, "{} bytes", spec.len());
    write(dir.path(), "defined.session.yaml", spec);
    let out = lint_json(dir.path(), &["defined.session.yaml"]);
    out.assert_bounded("50k required names, all defined");
    let findings = out.findings();
    assert!(
        findings
            .iter()
            .all(|(_, rule, _)| rule != "required-not-in-properties"),
        "{findings:?}"
    );
}

/// Item 7: each match is bounded by the compiled size and the backtracking limit, but an answer
/// of 300 strings of 30 KB against `^(a{1,50}){1,50}b` (about 0.3 s each, optimized: a minute and
/// a half in all) can't be checked within the time one answer's check may take, which
/// `check-answer` says, exiting 2, without waiting for the matches to end.
#[test]
fn many_slow_matches_in_one_answer_stop_at_the_time_budget() {
    let dir = tempdir();
    write(
        dir.path(),
        "slow.session.yaml",
        format!(
            "{GOOD}answer_format:\n  type: array\n  \
             items: {{type: string, pattern: \"^(a{{1,50}}){{1,50}}b\"}}\n"
        ),
    );
    write(
        dir.path(),
        "answer.json",
        serde_json::json!(vec!["a".repeat(30_000); 300]).to_string(),
    );
    let out = check_answer(dir.path(), "slow.session.yaml");
    out.assert_unchecked(
        "300 slow matches in one answer",
        "after 1 s, the time one answer's check may take",
    );
}

#[test]
fn nested_counted_repetitions_are_refused_not_matched_for_seconds() {
    let dir = tempdir();
    let pattern = "^((a{1,30}){1,30}){1,30}b";
    write(
        dir.path(),
        "counted.session.yaml",
        format!(
            "{GOOD}answer_format:\n  type: object\n  properties:\n    \
             s: {{type: string, pattern: \"{pattern}\"}}\n"
        ),
    );
    write(
        dir.path(),
        "answer.json",
        serde_json::json!({ "s": "a".repeat(30_000) }).to_string(),
    );
    let out = check_answer(dir.path(), "counted.session.yaml");
    out.assert_unchecked(
        "nested counted repetitions on a 30 KB string",
        "can't be compiled",
    );

    // The linter says so at the pattern, with the validator's own engine and limits.
    let lint = lint_json(dir.path(), &["counted.session.yaml"]);
    lint.assert_bounded("linting nested counted repetitions");
    let findings = lint.findings();
    assert!(
        findings
            .iter()
            .any(|(_, rule, message)| rule == "invalid-schema"
                && message.contains("the size limit of pattern matching")),
        "{findings:?}"
    );

    // A pattern within the size limit is matched against the same text in bounded time.
    let schema = r#"{"type": "string", "pattern": "^((a{1,10}){1,10}){1,10}b"}"#;
    let start = Instant::now();
    let valid = agentspec_answer::is_valid(schema, &Value::String("a".repeat(30_000)));
    assert_eq!(valid.ok(), Some(false));
    assert!(start.elapsed() < MAX_CPU, "{:?}", start.elapsed());
    let refused = r#"{"type": "string", "pattern": "^((a{1,30}){1,30}){1,30}b"}"#;
    assert!(matches!(
        agentspec_answer::validate(refused, &Value::String("a".repeat(30_000))),
        Err(agentspec_answer::AnswerError::Schema { .. })
    ));
}
