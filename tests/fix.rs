//! `lint --fix`, `--unsafe-fixes` and `--diff` end to end: every fixing rule's before/after
//! pairs in `fixtures/fix/<rule>/`, diffs that `patch -p0` and `git apply -p0` apply, and the
//! README's example, run as written.

mod cli_support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use cli_support::{agentspec, split_args, workspace};

/// `(rule, case name, before file, after file)` for every pair of `fixtures/fix/`.
fn pairs() -> Vec<(String, String, PathBuf, PathBuf)> {
    let root = workspace().join("fixtures/fix");
    let mut out = Vec::new();
    for rule in fs::read_dir(&root).expect("fixtures/fix") {
        let rule = rule.expect("entry").path();
        let rule_name = rule.file_name().unwrap().to_string_lossy().into_owned();
        for entry in fs::read_dir(&rule).expect("rule dir") {
            let before = entry.expect("entry").path();
            let name = before.file_name().unwrap().to_string_lossy().into_owned();
            let Some((case, rest)) = name.split_once(".before.") else {
                continue;
            };
            let after = rule.join(format!("{case}.after.{rest}"));
            assert!(after.is_file(), "{} has no after file", before.display());
            out.push((rule_name.clone(), format!("{case}.{rest}"), before, after));
        }
    }
    out.sort();
    out
}

fn rules_in_json(stdout: &str) -> Vec<String> {
    let report: serde_json::Value = serde_json::from_str(stdout).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["rule"].as_str().expect("rule").to_string())
        .collect()
}

#[test]
fn every_fixing_rule_has_pairs_and_each_after_is_what_fix_writes() {
    let pairs = pairs();
    for registered in agentspec_lint::all_rules() {
        let meta = registered.meta;
        let has_pair = pairs.iter().any(|(rule, ..)| rule == meta.name);
        assert_eq!(
            meta.fix.is_some(),
            has_pair,
            "`{}`: a rule declares a fix exactly when fixtures/fix has its pairs",
            meta.name
        );
        assert_eq!(
            meta.fix.is_some(),
            meta.docs.contains("## Fix"),
            "`{}`: a fixing rule's docs have a `## Fix` section",
            meta.name
        );
    }
    for (rule, file, before, after) in &pairs {
        let dir = tempfile::tempdir().expect("tempdir");
        fs::copy(before, dir.path().join(file)).expect("copy");
        let found = agentspec(dir.path(), &["lint", "--format", "json", file]);
        assert!(
            rules_in_json(&found.stdout).contains(rule),
            "{}: the before file has no `{rule}` finding",
            before.display()
        );
        let run = agentspec(
            dir.path(),
            &["lint", "--fix", "--unsafe-fixes", "--format", "json", file],
        );
        assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
        let fixed = fs::read(dir.path().join(file)).expect("read");
        let expected = fs::read(after).expect("read after");
        assert!(
            fixed == expected,
            "{}: --fix wrote\n{}\nexpected\n{}",
            before.display(),
            String::from_utf8_lossy(&fixed),
            String::from_utf8_lossy(&expected)
        );
        assert!(
            !rules_in_json(&run.stdout).contains(rule),
            "{}: `{rule}` is still found after the fix:\n{}",
            after.display(),
            run.stdout
        );
        assert!(run.stderr.contains("fixed "), "{}", run.transcript());
    }
}

/// Copies every before file into one directory, under its case name.
fn before_tree(dir: &Path) {
    for (rule, file, before, _) in pairs() {
        fs::copy(before, dir.join(format!("{rule}-{file}"))).expect("copy");
    }
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).expect("read"))
        })
        .filter(|(name, _)| !name.ends_with(".patch"))
        .collect();
    files.sort();
    files
}

#[test]
fn diff_writes_nothing_and_applies_with_patch_and_git_apply() {
    let original = tempfile::tempdir().expect("tempdir");
    before_tree(original.path());
    let untouched = snapshot(original.path());
    let diff = agentspec(original.path(), &["lint", "--diff", "--unsafe-fixes", "."]);
    assert_eq!(diff.code, 1, "{}", diff.transcript());
    assert!(diff.stdout.starts_with("--- "), "{}", diff.stdout);
    assert_eq!(snapshot(original.path()), untouched, "--diff wrote a file");
    // What --fix writes.
    let fixed = tempfile::tempdir().expect("tempdir");
    before_tree(fixed.path());
    let run = agentspec(fixed.path(), &["lint", "--fix", "--unsafe-fixes", "."]);
    assert!(run.code == 0 || run.code == 1, "{}", run.transcript());
    let expected = snapshot(fixed.path());
    assert_ne!(expected, untouched);
    // The same from the diff, with patch and with git apply.
    for tool in [&["patch", "-p0", "-i"][..], &["git", "apply", "-p0"][..]] {
        let dir = tempfile::tempdir().expect("tempdir");
        before_tree(dir.path());
        let patch = dir.path().join("fix.patch");
        fs::write(&patch, &diff.stdout).expect("write patch");
        let status = Command::new(tool[0])
            .args(&tool[1..])
            .arg(&patch)
            .current_dir(dir.path())
            .status()
            .expect("run the patch tool");
        assert!(status.success(), "{tool:?} failed:\n{}", diff.stdout);
        assert_eq!(snapshot(dir.path()), expected, "{tool:?}");
    }
    // Once fixed, there is nothing left to diff.
    let again = agentspec(fixed.path(), &["lint", "--diff", "--unsafe-fixes", "."]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert_eq!(again.stdout, "");
}

#[test]
fn unsafe_fixes_wait_for_the_flag_and_unfixable_rules_are_left() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("a.session.yaml");
    let text = "agent:\n  name: a\n  description: b\n  environments:\n    - id: browser\n      \
                kind: web\n      headless: yes\n      mode: Text\nmessages: [{type: user_message, \
                message: hi}]\nmax_steps: 20\n";
    fs::write(&spec, text).expect("write");
    fs::write(
        dir.path().join("agentspec.toml"),
        "unfixable = [\"invalid-enum-value\"]\n",
    )
    .expect("write config");
    let run = agentspec(dir.path(), &["lint", "--fix", "a.session.yaml"]);
    let fixed = fs::read_to_string(&spec).expect("read");
    assert!(fixed.contains("headless: true"), "{fixed}");
    assert!(fixed.contains("mode: Text"), "{fixed}");
    assert!(
        run.stderr
            .contains("fixed 1 finding in 1 file, 1 remaining"),
        "{}",
        run.transcript()
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
}

/// A fix that `--unsafe-fixes` tried and kept out (its result had a new finding) is reported
/// with the reason, and the summary does not ask for the flag the run already had.
#[test]
fn a_rejected_unsafe_fix_is_reported_and_not_asked_for_again() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "agent: h/web-surfer-holo3-1-35b\n\
                messages: [{type: user_message, message: hi}]\n\
                max_steps: 20   # agentspec: ignore[unbounded-runs] capped\n";
    fs::write(dir.path().join("a.session.yaml"), text).expect("write");
    let run = agentspec(
        dir.path(),
        &["lint", "--fix", "--unsafe-fixes", "a.session.yaml"],
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("a.session.yaml")).expect("read"),
        text
    );
    assert!(
        run.stderr.contains(
            "the fix of `invalid-suppression` (this suppression names an unknown rule \
             `unbounded-runs`) was not applied: the fixed text would have a new \
             `unused-suppression` finding"
        ),
        "{}",
        run.transcript()
    );
    assert!(
        run.stderr
            .contains("fixed 0 findings in 0 files, 1 remaining\n"),
        "{}",
        run.transcript()
    );
}

#[test]
fn sarif_fixes_are_valid_sarif() {
    let dir = tempfile::tempdir().expect("tempdir");
    before_tree(dir.path());
    let run = agentspec(dir.path(), &["lint", "--format", "sarif", "."]);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    let errors = cli_support::sarif_errors(&cli_support::sarif_validator(), &log);
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let with_fixes = results.iter().filter(|r| r.get("fixes").is_some()).count();
    assert!(
        with_fixes >= pairs().len(),
        "{with_fixes} results with fixes"
    );
    let replacement = &results.iter().find_map(|r| r.get("fixes")).expect("a fix")[0]
        ["artifactChanges"][0]["replacements"][0];
    assert!(
        replacement["deletedRegion"]["startLine"].is_u64(),
        "{replacement}"
    );
    assert!(
        replacement["insertedContent"]["text"].is_string(),
        "{replacement}"
    );
}

/// The README's `--fix` example: the file its `cat` shows is written, each `agentspec` line is
/// run in turn, and what it prints (standard output, then standard error) is what the README
/// shows under it.
#[test]
fn the_readme_example_prints_what_it_shows() {
    let readme = fs::read_to_string(workspace().join("README.md")).expect("README");
    let section = readme
        .split("\n### Fixing findings: `--fix`, `--diff`\n")
        .nth(1)
        .expect("the README has its fix section");
    let block = section
        .split("```console\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .map(|block| format!("{block}\n"))
        .expect("the fix section has a console block");
    let dir = tempfile::tempdir().expect("tempdir");
    let mut commands = 0;
    for step in block.split("$ ").filter(|s| !s.is_empty()) {
        let (command, shown) = step.split_once('\n').unwrap_or((step, ""));
        let args = split_args(command);
        match args.first().map(String::as_str) {
            Some("cat") => {
                let path = dir.path().join(&args[1]);
                fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                fs::write(&path, shown).expect("write the spec");
            }
            Some("agentspec") => {
                let args: Vec<&str> = args[1..].iter().map(String::as_str).collect();
                let run = agentspec(dir.path(), &args);
                assert_eq!(
                    format!("{}{}", run.stdout, run.stderr),
                    shown,
                    "`{command}`:\n{}",
                    run.transcript()
                );
                commands += 1;
            }
            _ => panic!("unexpected line in the README example: `{command}`"),
        }
    }
    assert_eq!(commands, 3, "{block}");
}
