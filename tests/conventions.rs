//! What a command line comes with: `agentspec completions` (the bash script, loaded into a real
//! bash, completes `agentspec li` to `lint`; every other shell's script names the subcommands),
//! and one version: `--version` names the commit of the checkout the binary was built from,
//! SARIF logs carry the same, generated code the package version; and one binary: the root
//! package is the repository's only package with binaries, so `cargo install --git <url>`
//! needs no package name.

mod cli_support;

use std::process::Command;

use cli_support::{agentspec, workspace};

/// What the bash completion of `line` (the cursor at its end) offers.
fn bash_completions(line: &str) -> Vec<String> {
    let script = agentspec(&workspace(), &["completions", "bash"]);
    assert_eq!(script.code, 0, "{}", script.transcript());
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("agentspec.bash");
    std::fs::write(&path, &script.stdout).expect("write script");
    // What bash sets before it calls the function `complete -F` registered for `agentspec`.
    let driver = r#"
source "$1"
read -r -a COMP_WORDS <<< "$2"
[[ "$2" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$2"
COMP_POINT=${#COMP_LINE}
function=$(complete -p agentspec | sed -E 's/.*-F ([^ ]+).*/\1/')
"$function" agentspec "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let output = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", driver, "bash"])
        .arg(&path)
        .arg(line)
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_subcommands_and_their_options() {
    assert_eq!(bash_completions("agentspec li"), ["lint"]);
    assert_eq!(bash_completions("agentspec check"), ["check-answer"]);
    let options = bash_completions("agentspec lint --form");
    assert_eq!(options, ["--format"]);
}

#[test]
fn every_shell_gets_a_script_naming_the_subcommands() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = agentspec(&workspace(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.transcript());
        for subcommand in ["lint", "check-answer", "completions"] {
            assert!(
                run.stdout.contains(subcommand),
                "{shell} script names `{subcommand}`"
            );
        }
    }
    let unknown = agentspec(&workspace(), &["completions", "tcsh"]);
    assert_eq!(unknown.code, 2, "{}", unknown.transcript());
    assert!(
        unknown.stderr.contains("possible values"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn one_version_in_version_sarif_and_generated_code() {
    let run = agentspec(&workspace(), &["--version"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let head = Command::new("git")
        .args(["log", "-1", "--format=%h %cs"])
        .current_dir(workspace())
        .output()
        .expect("git runs");
    let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    let version = env!("CARGO_PKG_VERSION");
    let expected = if head.is_empty() {
        // A source archive: no commit to name.
        format!("agentspec {version}\n")
    } else {
        format!("agentspec {version} ({head})\n")
    };
    assert_eq!(run.stdout, expected);

    let sarif = agentspec(
        &workspace(),
        &[
            "lint",
            "--format",
            "sarif",
            "specs/weather-agent.agent.yaml",
        ],
    );
    assert_eq!(sarif.code, 0, "{}", sarif.transcript());
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("JSON");
    let driver = &log["runs"][0]["tool"]["driver"];
    let printed = expected
        .trim_end()
        .strip_prefix("agentspec ")
        .expect("name");
    assert_eq!(driver["version"], printed);
    assert_eq!(driver["semanticVersion"], version);

    let generated = agentspec(&workspace(), &["gen", "specs"]);
    assert_eq!(generated.code, 0, "{}", generated.transcript());
    let header = generated.stdout.lines().next().unwrap_or_default();
    assert!(
        header.contains(&format!("(agentspec {version})")),
        "{header}"
    );
}

/// The manifests `cargo install --git` reads: every `Cargo.toml` of the repository outside
/// dot-directories and `target` (the directories cargo's walk skips).
fn manifests(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                manifests(&path, found);
            }
        } else if name == "Cargo.toml" {
            found.push(path);
        }
    }
}

/// `cargo install --git <url>` installs the repository's one package with binaries and refuses
/// a repository with several: only the root package may have one (xtask is an example, the
/// fuzz targets live in `.fuzz/`). `pre_commit.rs` builds that package as pre-commit does.
#[test]
fn the_root_package_is_the_only_one_with_binaries() {
    let mut found = Vec::new();
    manifests(&workspace(), &mut found);
    let mut with_binaries = std::collections::BTreeSet::new();
    for manifest in found {
        let output = Command::new(env!("CARGO"))
            .args([
                "metadata",
                "--no-deps",
                "--offline",
                "--format-version",
                "1",
            ])
            .arg("--manifest-path")
            .arg(&manifest)
            .output()
            .expect("cargo metadata runs");
        assert!(
            output.status.success(),
            "{}: {}",
            manifest.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let metadata: serde_json::Value =
            serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
        for package in metadata["packages"].as_array().expect("packages") {
            let bin = package["targets"]
                .as_array()
                .expect("targets")
                .iter()
                .any(|t| {
                    t["kind"]
                        .as_array()
                        .is_some_and(|k| k.contains(&"bin".into()))
                });
            if bin {
                with_binaries.insert(package["name"].as_str().expect("name").to_string());
            }
        }
    }
    assert_eq!(
        with_binaries.into_iter().collect::<Vec<_>>(),
        ["agentspec-cli"],
        "packages with binaries"
    );
}
