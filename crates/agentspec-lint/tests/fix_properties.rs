//! Applying every fix (`--fix --unsafe-fixes`) to every `bad*` fixture and to every valid
//! document of the YAML Test Suite (read as a spec file): the result parses as well as the
//! input, has no rule with more findings, is stable (a second run changes nothing), and differs
//! from the input only inside the edits' ranges.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use agentspec_lint::fix::{fix_source, FixSettings};
use agentspec_lint::{format_for_path, lint_source, Edit, Options, SpecKind};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn peer_suites() -> PathBuf {
    std::env::var_os("AGENTSPEC_PEER_SUITES")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("fixtures/peer-suites"))
}

/// Every `bad*` file of `fixtures/lint/`, the files of every `bad*` directory, and every
/// `before` file of `fixtures/fix/`.
fn bad_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for rule in fs::read_dir(workspace().join("fixtures/fix")).expect("fixtures/fix") {
        for entry in fs::read_dir(rule.expect("entry").path()).expect("rule dir") {
            let path = entry.expect("entry").path();
            if path.to_string_lossy().contains(".before.") {
                out.push(path);
            }
        }
    }
    let root = workspace().join("fixtures/lint");
    for rule in fs::read_dir(&root).expect("fixtures/lint") {
        let rule = rule.expect("entry").path();
        if !rule.is_dir() {
            continue;
        }
        for entry in fs::read_dir(&rule).expect("rule dir") {
            let path = entry.expect("entry").path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.starts_with("bad") {
                continue;
            }
            if path.is_dir() {
                let mut stack = vec![path];
                while let Some(dir) = stack.pop() {
                    for entry in fs::read_dir(&dir).expect("dir") {
                        let p = entry.expect("entry").path();
                        if p.is_dir() {
                            stack.push(p);
                        } else if SpecKind::from_path(&p).is_some() {
                            out.push(p);
                        }
                    }
                }
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The `in.yaml` of every YAML Test Suite case that is not an error case.
fn suite_documents() -> Vec<PathBuf> {
    let data = peer_suites().join("yaml-test-suite/data");
    let mut out = Vec::new();
    let mut stack = vec![data.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let p = entry.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            }
        }
        if dir.join("in.yaml").is_file() && !dir.join("error").exists() {
            out.push(dir.join("in.yaml"));
        }
    }
    assert!(
        out.len() > 200,
        "the YAML Test Suite was not found under {}",
        data.display()
    );
    out.sort();
    out
}

fn counts(path: &Path, text: &str, options: &Options) -> HashMap<&'static str, usize> {
    let mut counts = HashMap::new();
    for d in lint_source(path, text, None, options).diagnostics {
        *counts.entry(d.rule).or_default() += 1;
    }
    counts
}

/// Checks that `after` is `before` with `edits` made and nothing else changed, walking the gaps
/// between the edits.
fn only_edits_changed(before: &str, after: &str, edits: &[Edit]) -> Result<(), String> {
    let (mut old, mut new) = (0usize, 0usize);
    for edit in edits {
        let gap = edit
            .span
            .start
            .checked_sub(old)
            .ok_or("edits overlap or are out of order")?;
        if before.get(old..edit.span.start) != after.get(new..new + gap) {
            return Err(format!("bytes {old}..{} changed", edit.span.start));
        }
        new += gap;
        if after.get(new..new + edit.content.len()) != Some(edit.content.as_str()) {
            return Err(format!("edit at {} not written as given", edit.span.start));
        }
        new += edit.content.len();
        old = edit.span.end;
    }
    if before.get(old..) != after.get(new..) {
        return Err(format!("bytes after {old} changed"));
    }
    Ok(())
}

/// Checks the properties for one file; returns how many findings were fixed.
fn check(path: &Path, source: &str) -> Result<usize, String> {
    let options = Options::default();
    let settings = FixSettings {
        unsafe_fixes: true,
        unfixable: Vec::new(),
    };
    let outcome = fix_source(path, source, None, &options, &settings);
    // Nothing outside the edits' ranges changes, pass by pass.
    let mut text = source.to_string();
    for edits in &outcome.passes {
        let mut next = String::new();
        let mut at = 0;
        for edit in edits {
            next.push_str(&text[at..edit.span.start]);
            next.push_str(&edit.content);
            at = edit.span.end;
        }
        next.push_str(&text[at..]);
        only_edits_changed(&text, &next, edits)?;
        text = next;
    }
    if text != outcome.text {
        return Err("the passes' edits do not give the fixed text".into());
    }
    // The result parses as well as the input.
    let format = format_for_path(path);
    let before = agentspec_syntax::parse(source, format, &options.limits);
    let after = agentspec_syntax::parse(&outcome.text, format, &options.limits);
    if after.documents.len() != before.documents.len()
        || after.problems.len() > before.problems.len()
    {
        return Err(format!("the fixed text parses worse: {:?}", after.problems));
    }
    // No rule has more findings than before.
    let (old, new) = (
        counts(path, source, &options),
        counts(path, &outcome.text, &options),
    );
    for (rule, n) in &new {
        if *n > old.get(rule).copied().unwrap_or(0) {
            return Err(format!("a new `{rule}` finding:\n{}", outcome.text));
        }
    }
    // A second run changes nothing.
    let again = fix_source(path, &outcome.text, None, &options, &settings);
    if again.text != outcome.text {
        return Err(format!(
            "a second run changed the text:\n{}\n---\n{}",
            outcome.text, again.text
        ));
    }
    Ok(outcome.fixed_count())
}

#[test]
fn fixing_bad_fixtures_keeps_every_property() {
    let mut failures = Vec::new();
    let mut fixed = 0;
    for path in bad_fixtures() {
        let Ok(source) = fs::read_to_string(&path) else {
            continue;
        };
        match check(&path, &source) {
            Ok(n) => fixed += n,
            Err(why) => failures.push(format!("{}: {why}", path.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(fixed >= 10, "only {fixed} findings were fixed");
}

#[test]
fn fixing_yaml_test_suite_documents_keeps_every_property() {
    let mut failures = Vec::new();
    for path in suite_documents() {
        let Ok(source) = fs::read_to_string(&path) else {
            continue;
        };
        for name in ["doc.session.yaml", "doc.agent.yaml"] {
            if let Err(why) = check(Path::new(name), &source) {
                failures.push(format!("{} as {name}: {why}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
