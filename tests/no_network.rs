//! No network, no surprise file reads: every command run on a spec whose schemas point at
//! URLs and local files (`$schema`, `$ref`, `$id`, a YAML `!include` tag) runs under
//! `strace -f`, and the trace must hold no socket call and no open of a referenced path.
//!
//! `strace` is required when `CI` is set (`.ci/run` installs it); elsewhere the test says it
//! was skipped.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const SPEC: &str = r##"agent: h/web-surfer-holo3-1-35b
messages:
  - type: user_message
    message: Find the weather in Paris
max_steps: 10
x-include: !include /etc/passwd
answer_format:
  $schema: http://127.0.0.1:9/schema
  $id: https://127.0.0.1:9/root.json
  type: object
  properties:
    a: {$ref: "https://127.0.0.1:9/a.json"}
    b: {$ref: "file:///etc/passwd"}
    c: {$ref: "other.json#/x"}
    d: {$ref: "//127.0.0.1:9/d.json"}
    e: {$ref: "#/$defs/E"}
  $defs:
    E: {$ref: "http://127.0.0.1:9/e.json"}
"##;

/// The same schema in JSON, with a remote `$schema` and `$dynamicRef`.
const SPEC_JSON: &str = r##"{
  "agent": "h/web-surfer-holo3-1-35b",
  "messages": [{"type": "user_message", "message": "hi"}],
  "max_steps": 10,
  "answer_format": {
    "$schema": "https://127.0.0.1:9/draft/2020-12/schema",
    "type": "object",
    "properties": {
      "a": {"$ref": "http://127.0.0.1:9/a.json"},
      "b": {"$dynamicRef": "file:///etc/passwd#meta"},
      "c": {"$ref": "/etc/hostname"}
    }
  }
}"##;

/// Syscalls that open or use a socket.
const NETWORK: &[&str] = &[
    "socket(",
    "socketpair(",
    "connect(",
    "bind(",
    "sendto(",
    "sendmsg(",
    "sendmmsg(",
];

/// Paths the specs name, none of which may be opened.
const NAMED_PATHS: &[&str] = &["/etc/passwd", "/etc/hostname", "other.json", "d.json"];

fn strace() -> bool {
    let found = Command::new("strace")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "strace is required in CI (.ci/run installs it)"
        );
        eprintln!("skipped: strace is not installed");
    }
    found
}

/// Runs `agentspec ARGS` under `strace -f` in `dir`; returns the exit code and the trace.
fn traced(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let trace = dir.join(format!("trace-{}.txt", args[0]));
    let mut child = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=network,%file", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_agentspec"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run strace");
    let start = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("`agentspec {}` hung under strace", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let text = std::fs::read_to_string(&trace).expect("trace");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), text, stderr)
}

fn assert_inert(args: &[&str], trace: &str) {
    assert!(
        trace.contains("execve("),
        "the trace is empty: is ptrace allowed?\n{trace}"
    );
    for line in trace.lines() {
        for call in NETWORK {
            assert!(
                !line.contains(call),
                "`agentspec {}` used the network: {line}",
                args.join(" ")
            );
        }
        for path in NAMED_PATHS {
            assert!(
                !line.contains(&format!("{path}\"")),
                "`agentspec {}` touched a path a spec names: {line}",
                args.join(" ")
            );
        }
    }
}

#[test]
fn no_command_opens_a_socket_or_a_referenced_file() {
    if !strace() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("remote.session.yaml"), SPEC).expect("write");
    std::fs::write(dir.path().join("remote.session.json"), SPEC_JSON).expect("write");
    std::fs::write(dir.path().join("answer.json"), r#"{"a": 1, "b": 2}"#).expect("write");

    let args = [
        "lint",
        "--format",
        "concise",
        "remote.session.yaml",
        "remote.session.json",
    ];
    let (code, trace, _) = traced(dir.path(), &args);
    assert_inert(&args, &trace);
    assert_eq!(code, 1);

    let lint = Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(args)
        .current_dir(dir.path())
        .output()
        .expect("lint");
    let report = String::from_utf8_lossy(&lint.stdout);
    for reference in [
        "https://127.0.0.1:9/a.json",
        "file:///etc/passwd",
        "other.json#/x",
        "//127.0.0.1:9/d.json",
        "http://127.0.0.1:9/e.json",
        "http://127.0.0.1:9/a.json",
        "/etc/hostname",
    ] {
        assert!(
            report.contains(&format!("error[remote-ref] `$ref` to `{reference}`")),
            "{reference} is not reported:\n{report}"
        );
    }
    assert!(
        report.contains("error[unsupported-schema-dialect] unsupported JSON Schema dialect http://127.0.0.1:9/schema"),
        "{report}"
    );
    assert!(
        report.contains("error[remote-ref] `$dynamicRef` to `file:///etc/passwd#meta`"),
        "{report}"
    );

    for args in [
        &["render", "remote.session.yaml"][..],
        &["check-answer", "remote.session.yaml", "answer.json"][..],
        &["check-answer", "remote.session.json", "answer.json"][..],
        &["gen", "-q", "remote.session.yaml", "remote.session.json"][..],
    ] {
        let (code, trace, stderr) = traced(dir.path(), args);
        assert_inert(args, &trace);
        assert_ne!(
            code,
            0,
            "`agentspec {}` accepted remote references: {stderr}",
            args.join(" ")
        );
    }
    // `--force` prints the body anyway: still nothing is fetched.
    let args = ["render", "--force", "remote.session.yaml"];
    let (code, trace, _) = traced(dir.path(), &args);
    assert_inert(&args, &trace);
    assert_eq!(code, 0);
}

/// `jsonschema` is built without its HTTP and file resolvers: no HTTP client is in the build.
#[test]
fn no_http_client_is_built() {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"))
        .expect("Cargo.lock");
    for client in ["reqwest", "ureq", "hyper", "isahc", "curl", "attohttpc"] {
        assert!(
            !lock.contains(&format!("name = \"{client}\"")),
            "`{client}` is in Cargo.lock: something can reach the network"
        );
    }
}
