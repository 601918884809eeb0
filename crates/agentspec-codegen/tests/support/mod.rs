//! Compiling many generated files at once and running answers through them.
//!
//! Every generated file becomes one module of a single scratch binary crate under
//! `target/agentspec-scratch/<name>` (or `$CARGO_TARGET_DIR/agentspec-scratch/<name>`), built with a target directory shared by all scratch
//! crates (so dependencies are compiled once and later runs are incremental). A module that
//! fails to compile is recorded with its first error and left out of the next build. The
//! binary then reads `{"case": N, "data": …}` lines and prints, for each, whether
//! `from_answer` accepted it.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// One generated file to compile.
pub struct Case {
    /// Module name (a Rust identifier, unique).
    pub module: String,
    /// The root type inside the module.
    pub type_name: String,
    /// The generated items.
    pub code: String,
}

/// What happened to a set of cases.
pub struct Outcome {
    /// Modules that did not compile, with the first error message.
    pub failed: BTreeMap<String, String>,
    /// For each `(module, answer)` run: `Ok(())` when `from_answer` accepted it, else its error.
    pub verdicts: Vec<Result<(), String>>,
    /// For each accepted answer, whether serializing the typed value gives the answer back
    /// (numbers compared by value: `27` read as an `f64` comes back as `27.0`).
    pub round_trips: Vec<Option<bool>>,
    /// For each accepted answer, the typed value serialized back.
    pub backs: Vec<Option<Value>>,
}

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// Creates (or reuses) the scratch crate `name` beside the workspace's own builds
/// (`$CARGO_TARGET_DIR` when absolute, else `target/`): its manifest depends on
/// `agentspec-answer`, serde and serde_json, and starts from the workspace's `Cargo.lock`.
/// Returns the scratch root and the crate's directory.
pub fn scratch_crate(root: &Path, name: &str) -> (PathBuf, PathBuf) {
    // Beside the workspace's own builds: `$CARGO_TARGET_DIR` when set, else `target/`.
    let target_root = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .unwrap_or_else(|| root.join("target"));
    let scratch = target_root.join("agentspec-scratch");
    let dir = scratch.join(name);
    std::fs::create_dir_all(dir.join("src")).expect("create scratch crate");
    let manifest = format!(
        r#"[package]
name = "agentspec-scratch-{name}"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
agentspec-answer = {{ path = {answer:?} }}
serde = {{ version = "1", features = ["derive"] }}
serde_json = {{ version = "1", features = ["preserve_order"] }}

[profile.dev]
debug = false
"#,
        answer = root.join("crates/agentspec-answer").display().to_string(),
    );
    write_scratch(&dir.join("Cargo.toml"), &manifest);
    if let Ok(lock) = std::fs::read(root.join("Cargo.lock")) {
        if !dir.join("Cargo.lock").exists() {
            std::fs::write(dir.join("Cargo.lock"), lock).expect("write Cargo.lock");
        }
    }
    (scratch, dir)
}

/// Compiles `cases` into the scratch crate `name`, then runs every `(module, answer)` of
/// `answers` through the module's `from_answer`.
pub fn compile_and_run(name: &str, cases: &[Case], answers: &[(String, Value)]) -> Outcome {
    let root = workspace();
    let (scratch, dir) = scratch_crate(&root, name);
    let src = dir.join("src");
    let by_module: BTreeMap<&str, &Case> = cases.iter().map(|c| (c.module.as_str(), c)).collect();
    let wanted: BTreeSet<&str> = by_module.keys().copied().collect();
    for case in cases {
        write_scratch(&src.join(format!("{}.rs", case.module)), &case.code);
    }
    remove_stale_modules(&src, &wanted);

    let mut failed: BTreeMap<String, String> = BTreeMap::new();
    let target = scratch.join("target");
    let binary = target
        .join("debug")
        .join(format!("agentspec-scratch-{name}"));
    for round in 0.. {
        let included: Vec<&Case> = cases
            .iter()
            .filter(|c| !failed.contains_key(&c.module))
            .collect();
        write_scratch(&src.join("main.rs"), &main_rs(&included));
        let errors = build(&dir, &target, &wanted);
        if errors.is_empty() {
            break;
        }
        let mut newly = 0;
        for (module, message) in errors {
            match module {
                Some(m) if by_module.contains_key(m.as_str()) => {
                    if failed.insert(m, message).is_none() {
                        newly += 1;
                    }
                }
                _ => panic!("the scratch crate failed outside any generated module:\n{message}"),
            }
        }
        assert!(
            newly > 0 && round < 20,
            "the scratch crate keeps failing to build"
        );
    }

    let mut input = String::new();
    for (module, data) in answers {
        input.push_str(&json!({ "module": module, "data": data }).to_string());
        input.push('\n');
    }
    let mut child = Command::new(&binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {}: {e}", binary.display()));
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("scratch binary output");
    writer
        .join()
        .expect("writer thread")
        .expect("write answers");
    assert!(
        output.status.success(),
        "the scratch binary failed: {output:?}"
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("verdict line"))
        .collect();
    let verdicts: Vec<Result<(), String>> = lines
        .iter()
        .map(|v| match v["error"].as_str() {
            None => Ok(()),
            Some(e) => Err(e.to_owned()),
        })
        .collect();
    let round_trips = lines.iter().map(|v| v["round_trip"].as_bool()).collect();
    let backs = lines.iter().map(|v| v.get("back").cloned()).collect();
    assert_eq!(verdicts.len(), answers.len(), "one verdict per answer");
    Outcome {
        failed,
        verdicts,
        round_trips,
        backs,
    }
}

fn main_rs(cases: &[&Case]) -> String {
    let mut out = String::from(
        "// The harness reads answers through the types; it uses none of their fields.\n\
         #![allow(dead_code)]\n\
         use std::io::BufRead;\n\n",
    );
    for case in cases {
        out.push_str(&format!("mod {};\n", case.module));
    }
    out.push_str(
        "\nfn verdict(module: &str, data: &serde_json::Value) -> Result<serde_json::Value, String> {\n    \
         match module {\n",
    );
    for case in cases {
        out.push_str(&format!(
            "        {m:?} => {m}::{t}::from_answer(data).map(|t| serde_json::to_value(&t).expect(\"serialize\")).map_err(|e| e.to_string()),\n",
            m = case.module,
            t = case.type_name
        ));
    }
    out.push_str(
        "        _ => Err(\"not compiled\".to_owned()),\n    }\n}\n\n\
         /// Equal as JSON, numbers by value.\n\
         fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {\n    \
         use serde_json::Value::*;\n    \
         match (a, b) {\n        \
         (Number(x), Number(y)) => x == y || x.as_f64() == y.as_f64(),\n        \
         (Array(x), Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y)),\n        \
         (Object(x), Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),\n        \
         _ => a == b,\n    \
         }\n}\n\n\
         fn main() {\n    \
         for line in std::io::stdin().lock().lines() {\n        \
         let line = line.expect(\"stdin\");\n        \
         let input: serde_json::Value = serde_json::from_str(&line).expect(\"json line\");\n        \
         let module = input[\"module\"].as_str().unwrap_or_default();\n        \
         let data = &input[\"data\"];\n        \
         let out = match verdict(module, data) {\n            \
         Ok(back) => {\n                \
         let decoded = match data {\n                    \
         serde_json::Value::String(s) if !back.is_string() => serde_json::from_str(s).unwrap_or(serde_json::Value::Null),\n                    \
         other => other.clone(),\n                \
         };\n                \
         serde_json::json!({\"ok\": true, \"round_trip\": same(&back, &decoded), \"back\": back})\n            \
         }\n            \
         Err(e) => serde_json::json!({\"ok\": false, \"error\": e}),\n        \
         };\n        \
         println!(\"{out}\");\n    \
         }\n}\n",
    );
    out
}

/// Runs `cargo clippy` with `-D warnings` over the scratch crate `name` (after
/// [`compile_and_run`] built it): returns the rendered warnings and errors, one per entry.
pub fn clippy(name: &str) -> Vec<String> {
    let root = workspace();
    let (scratch, dir) = scratch_crate(&root, name);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(&dir)
        .args(["clippy", "--quiet", "--message-format=json"])
        .arg("--target-dir")
        .arg(scratch.join("target"))
        .args(["--", "-D", "warnings"])
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stderr(Stdio::piped())
        .output()
        .expect("run cargo clippy");
    let mut found = Vec::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if v["reason"] != "compiler-message" {
            continue;
        }
        let rendered = v["message"]["rendered"].as_str().unwrap_or_default();
        if !rendered.starts_with("error: aborting") && !rendered.contains("warnings emitted") {
            found.push(rendered.to_owned());
        }
    }
    if found.is_empty() && !output.status.success() {
        found.push(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    found
}

/// Builds the crate; returns `(module, first message)` for each error (module `None` when
/// the error can't be traced to a generated module).
fn build(dir: &Path, target: &Path, modules: &BTreeSet<&str>) -> Vec<(Option<String>, String)> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(dir)
        .args(["build", "--quiet", "--message-format=json"])
        .arg("--target-dir")
        .arg(target)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .stderr(Stdio::piped())
        .output()
        .expect("run cargo build");
    let mut errors: Vec<(Option<String>, String)> = Vec::new();
    let mut seen = BTreeSet::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if v["reason"] != "compiler-message" || v["message"]["level"] != "error" {
            continue;
        }
        let message = v["message"]["rendered"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let module = v["message"]["spans"].as_array().and_then(|spans| {
            spans.iter().find_map(|span| {
                let file = span["file_name"].as_str()?;
                let stem = Path::new(file).file_stem()?.to_str()?;
                if stem != "main" && file.starts_with("src/") {
                    return Some(stem.to_owned());
                }
                let text = span["text"][0]["text"].as_str()?;
                text.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .find(|w| modules.contains(w))
                    .map(str::to_owned)
            })
        });
        if module.is_none() && message.starts_with("error: aborting") {
            continue;
        }
        if seen.insert((module.clone(), message.clone())) {
            errors.push((module, message));
        }
    }
    if errors.is_empty() && !output.status.success() {
        errors.push((None, String::from_utf8_lossy(&output.stderr).into_owned()));
    }
    errors
}

fn remove_stale_modules(src: &Path, wanted: &BTreeSet<&str>) {
    let Ok(entries) = std::fs::read_dir(src) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if stem != "main" && !wanted.contains(stem) {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// Writes a file of the scratch crate only when its content changes, so Cargo rebuilds only
/// what changed (through the project's own writer).
pub fn write_scratch(path: &Path, content: &str) {
    agentspec_files::write_if_changed(path, content.as_bytes())
        .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
}
