//! The pip package: `maturin build` of the repository's `pyproject.toml` gives a wheel;
//! installed into a fresh virtualenv, its `agentspec` lints specs from there, with the same
//! version as this build.
//!
//! maturin builds the release profile, as `pip install` does, in the tests' target directory:
//! incremental after `cargo run --release` (CI runs it first), and never replacing the debug
//! binary that the other tests run.
//! Without maturin, the test fails when `CI` is set and is skipped with a notice otherwise.

mod cli_support;

use std::process::{Command, Output};

use cli_support::{target_dir, workspace};

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("the command runs");
    assert!(
        output.status.success(),
        "{command:?}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

#[test]
fn the_wheel_installs_agentspec_into_a_virtualenv() {
    let maturin = Command::new("python3")
        .args(["-m", "maturin", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !maturin {
        if std::env::var_os("CI").is_some() {
            panic!(
                "maturin is not installed, and CI is set: install it with \
                 `python3 -m pip install maturin` (.ci/run does)"
            );
        }
        eprintln!("notice: skipping the wheel test: maturin is not installed");
        return;
    }
    let scratch = tempfile::tempdir().expect("tempdir");
    let wheels = scratch.path().join("wheels");
    run(Command::new("python3")
        .args(["-m", "maturin", "build", "--release", "--quiet", "--out"])
        .arg(&wheels)
        .current_dir(workspace())
        .env("CARGO_TARGET_DIR", target_dir()));
    let wheel = std::fs::read_dir(&wheels)
        .expect("the wheel directory")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "whl"))
        .expect("maturin wrote a wheel");

    let venv = scratch.path().join("venv");
    run(Command::new("python3").args(["-m", "venv"]).arg(&venv));
    run(Command::new(venv.join("bin/python"))
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-index",
            "--disable-pip-version-check",
        ])
        .arg(&wheel));
    let agentspec = venv.join("bin/agentspec");
    assert!(agentspec.is_file(), "the wheel installs bin/agentspec");

    let specs = workspace().join("specs");
    run(Command::new(&agentspec)
        .args(["lint", "--format", "concise"])
        .arg(&specs)
        .current_dir(scratch.path()));
    let bad = workspace().join("fixtures/config/exit-codes/error.session.yaml");
    let failed = Command::new(&agentspec)
        .args(["lint", "--format", "concise"])
        .arg(&bad)
        .output()
        .expect("agentspec runs");
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&failed.stdout).contains("duplicate-environment-kind"),
        "{}",
        String::from_utf8_lossy(&failed.stdout)
    );
    let version = run(Command::new(&agentspec).arg("--version"));
    let built = run(Command::new(env!("CARGO_BIN_EXE_agentspec")).arg("--version"));
    assert_eq!(
        version.stdout, built.stdout,
        "the same version as this build"
    );
}
