//! One test per rule fixture and per rule doc example, named after the rule, so that
//! `cargo test -p agentspec-lint --test rules duplicate_environment_kind` runs exactly one rule's.
//!
//! Fixtures: `fixtures/lint/<rule>/bad*` must report the rule and `good*` must not. A `bad*` or
//! `good*` directory is linted as one run, its files forming one catalog (the cross-file rules
//! of the `catalog` group). An `options.json` in the rule's directory holds the policy settings
//! its fixtures are linted with (for rules that report only under a configured ceiling). What
//! each fixture reports is an insta snapshot beside it, in `fixtures/lint/<rule>/snapshots/`:
//! one `file:line:col: severity[rule] message` line per finding, then its label, related
//! places, help and fix.
//!
//! Doc examples: every fenced block under `## Example` in a rule's documentation says in its
//! info string what it is. ```` ```yaml agent ```` or ```` ```json session ```` is a complete
//! spec file of that kind. The complete files of an example are linted as one run, with the
//! cross-file pass and the policy settings of the rule's `options.json`: they must report the
//! rule and no error of another rule (warnings such as `no-messages` may show).
//! ```` ```yaml fragment ```` is a part of one (or, for the `answers` rules, of an answer file)
//! and is only checked to parse.
//!
//! Nothing is skipped silently: a registered rule without a fixture directory fails its
//! `<rule>::fixtures` test, a directory that names no rule fails `fixture_directories`, and the
//! rules that `check-answer` reports (`Run::Answers`) are listed as ignored, with the reason as
//! the test's kind (`tests/check_answer.rs` of the root package covers them; with `--ignored`,
//! each checks that a snapshot of `fixtures/check-answer/` shows its rule).

use std::path::{Path, PathBuf};

use agentspec_lint::{all_rules, Diagnostic, Options, Registered, Run, Severity, SpecKind};
use agentspec_project::FileResult;
use agentspec_syntax::LineIndex;
use libtest_mimic::{Arguments, Failed, Trial};

/// The name of the optional file of policy settings in a rule's fixture directory.
const OPTIONS_FILE: &str = "options.json";
/// The folder of a rule's snapshots, beside its fixtures.
const SNAPSHOTS: &str = "snapshots";

fn main() {
    let args = Arguments::from_args();
    let fixtures = fixtures_root();
    let mut trials = vec![Trial::test("fixture_directories", {
        let fixtures = fixtures.clone();
        move || fixture_directories(&fixtures)
    })];
    for rule in all_rules() {
        trials.extend(rule_trials(rule, &fixtures));
    }
    libtest_mimic::run(&args, trials).exit();
}

fn fixtures_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lint");
    root.canonicalize().unwrap_or(root)
}

/// A rule's name as a test path segment: `duplicate-environment-kind` → `duplicate_environment_kind`.
fn test_name(rule: &str) -> String {
    rule.replace('-', "_")
}

/// The tests of one rule: its fixture directory, each of its fixtures, and its doc example.
fn rule_trials(rule: &'static Registered, fixtures: &Path) -> Vec<Trial> {
    let name = rule.meta.name;
    let prefix = test_name(name);
    let mut trials = vec![Trial::test(format!("{prefix}::example"), move || {
        check_example(rule)
    })];
    if matches!(rule.run, Run::Answers) {
        // Reported on answer files by `check-answer` (the test's kind says so):
        // `tests/check_answer.rs` of the root package runs them on the answers of
        // `fixtures/check-answer/`. Run with `--ignored`, the test checks that one of its
        // snapshots shows the rule.
        let snapshots = fixtures.join("../check-answer/snapshots");
        trials.push(
            Trial::test(format!("{prefix}::fixtures"), move || {
                check_answer_snapshots(name, &snapshots)
            })
            .with_kind("check-answer")
            .with_ignored_flag(true),
        );
        return trials;
    }
    let dir = fixtures.join(name);
    let entries = fixture_entries(&dir);
    trials.push(Trial::test(format!("{prefix}::fixtures"), {
        let dir = dir.clone();
        let entries = entries.clone();
        move || check_directory(&dir, entries)
    }));
    for path in entries.unwrap_or_default() {
        let file = file_name(&path);
        let dir = dir.clone();
        trials.push(Trial::test(format!("{prefix}::{file}"), move || {
            check_fixture(name, &dir, &path)
        }));
    }
    trials
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string()
}

/// The `bad*` and `good*` files and directories of a rule's fixture directory, sorted.
fn fixture_entries(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("no fixture directory {}: {e}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = file_name(p);
            name.starts_with("bad") || name.starts_with("good")
        })
        .collect();
    found.sort();
    Ok(found)
}

/// A rule's directory exists, has at least one `bad*` and one `good*` fixture, and nothing
/// else but its options and snapshots.
fn check_directory(dir: &Path, entries: Result<Vec<PathBuf>, String>) -> Result<(), Failed> {
    let entries = entries?;
    let has = |prefix: &str| entries.iter().any(|p| file_name(p).starts_with(prefix));
    if !has("bad") || !has("good") {
        return Err(format!(
            "{} needs at least one `bad*` and one `good*` fixture",
            dir.display()
        )
        .into());
    }
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let name = file_name(&entry.map_err(|e| e.to_string())?.path());
        let known = [OPTIONS_FILE, SNAPSHOTS].contains(&name.as_str())
            || name.starts_with("bad")
            || name.starts_with("good");
        if !known {
            return Err(format!(
                "{}: `{name}` is neither a `bad*`/`good*` fixture, `{OPTIONS_FILE}` nor `{SNAPSHOTS}/`",
                dir.display()
            )
            .into());
        }
    }
    Ok(())
}

/// Some snapshot of `check-answer`'s tests shows a finding of `rule`.
fn check_answer_snapshots(rule: &str, snapshots: &Path) -> Result<(), Failed> {
    let needle = format!("[{rule}]");
    for entry in std::fs::read_dir(snapshots).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if std::fs::read_to_string(&path).is_ok_and(|text| text.contains(&needle)) {
            return Ok(());
        }
    }
    Err(format!("no snapshot in {} shows `{needle}`", snapshots.display()).into())
}

/// Every directory of `fixtures/lint` is a registered rule's.
fn fixture_directories(fixtures: &Path) -> Result<(), Failed> {
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(fixtures).map_err(|e| e.to_string())? {
        let name = file_name(&entry.map_err(|e| e.to_string())?.path());
        if agentspec_lint::find_rule(&name).is_none() {
            orphans.push(name);
        }
    }
    if orphans.is_empty() {
        Ok(())
    } else {
        Err(format!("fixtures/lint/ has directories of no rule: {orphans:?}").into())
    }
}

/// Lints one fixture, checks that it reports the rule or not as its name says, and compares
/// what it reports with its snapshot.
fn check_fixture(rule: &'static str, dir: &Path, path: &Path) -> Result<(), Failed> {
    let options = options_for(dir)?;
    let files = if path.is_dir() {
        lint_run(dir, path, &options)?
    } else {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let shown = path.strip_prefix(dir).unwrap_or(path);
        vec![agentspec_project::lint_bytes(shown, bytes, None, &options)]
    };
    let reported = files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .any(|d| d.rule == rule);
    let file = file_name(path);
    if file.starts_with("bad") && !reported {
        return Err(format!("{file} does not report `{rule}`:\n{}", render(&files)).into());
    }
    if file.starts_with("good") && reported {
        return Err(format!("{file} reports `{rule}`:\n{}", render(&files)).into());
    }
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir.join(SNAPSHOTS));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_input_file(path);
    settings.bind(|| insta::assert_snapshot!(file, render(&files)));
    Ok(())
}

/// Lints the spec files of a fixture directory as one run (with the cross-file checks), each
/// shown by its path below the rule's directory.
fn lint_run(dir: &Path, run: &Path, options: &Options) -> Result<Vec<FileResult>, Failed> {
    let found = agentspec_project::discover::discover(&[run.to_path_buf()]);
    if !found.errors.is_empty() {
        return Err(format!("{:?}", found.errors).into());
    }
    let (files, errors) = agentspec_project::catalog::lint_files(
        &found.files,
        |p| p.strip_prefix(dir).unwrap_or(p).to_path_buf(),
        None,
        options,
        &agentspec_lint::catalog::CatalogOptions::default(),
    );
    if !errors.is_empty() {
        return Err(format!("{errors:?}").into());
    }
    Ok(files)
}

/// The options a fixture directory is linted with: the defaults, with the policy settings of
/// its `options.json` when it has one.
fn options_for(dir: &Path) -> Result<Options, Failed> {
    let mut options = Options::default();
    let Ok(text) = std::fs::read_to_string(dir.join(OPTIONS_FILE)) else {
        return Ok(options);
    };
    let settings: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{OPTIONS_FILE}: {e}"))?;
    let Some(settings) = settings.as_object() else {
        return Err(format!("{OPTIONS_FILE} is not an object").into());
    };
    let policy = &mut options.policy;
    for (key, value) in settings {
        let count = || -> Result<usize, Failed> {
            let n = value.as_u64().ok_or(format!("`{key}` is not a count"))?;
            Ok(usize::try_from(n).map_err(|e| e.to_string())?)
        };
        match key.as_str() {
            "max_steps_ceiling" => policy.max_steps_ceiling = value.as_u64(),
            "max_time_s_ceiling" => policy.max_time_s_ceiling = value.as_f64(),
            "idle_timeout_s_ceiling" => policy.idle_timeout_s_ceiling = value.as_u64(),
            "max_images_per_message" => policy.max_images_per_message = count()?,
            "max_image_bytes" => policy.max_image_bytes = count()?,
            other => return Err(format!("{OPTIONS_FILE}: unknown policy setting `{other}`").into()),
        }
    }
    Ok(options)
}

/// What a run reports, as the snapshots show it: per finding a concise line
/// (`file:line:col: severity[rule] message`), then its label, related places, help and fix.
fn render(files: &[FileResult]) -> String {
    let mut out = String::new();
    for file in files {
        let index = LineIndex::new(&file.source);
        let at = |offset: usize| {
            let (line, column) = index.line_col(offset);
            format!("{line}:{column}")
        };
        for d in &file.diagnostics {
            render_one(&mut out, &file.display_name(), d, &at);
        }
    }
    if out.is_empty() {
        out.push_str("no findings\n");
    }
    out
}

fn render_one(out: &mut String, file: &str, d: &Diagnostic, at: &dyn Fn(usize) -> String) {
    let severity = d.severity.as_str();
    out.push_str(&format!(
        "{file}:{}: {severity}[{}] {}\n",
        at(d.span.start),
        d.rule,
        d.message
    ));
    if let Some(label) = &d.label {
        out.push_str(&format!("  label: {label}\n"));
    }
    for related in &d.related {
        out.push_str(&format!(
            "  related {}: {}\n",
            at(related.span.start),
            related.message
        ));
    }
    if let Some(help) = &d.help {
        out.push_str(&format!("  help: {help}\n"));
    }
    if let Some(fix) = &d.fix {
        out.push_str(&format!(
            "  fix ({}): {}\n",
            fix.applicability.as_str(),
            fix.message
        ));
    }
}

/// What a doc example's fence info string says it is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Example {
    /// A whole spec file of this kind: it must report the rule and no error of another.
    Complete(SpecKind),
    /// A part of a file: it must parse.
    Fragment,
}

/// The fenced blocks under `## Example` in a rule's documentation: language, marker, text.
fn examples(docs: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut in_section = false;
    let mut block: Option<(String, String, String)> = None;
    for line in docs.lines() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        if let Some((language, marker, text)) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                out.push((language.clone(), marker.clone(), std::mem::take(text)));
                block = None;
            } else {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        if line.starts_with("## ") {
            in_section = line.trim() == "## Example";
        } else if in_section {
            if let Some(info) = line.trim_start().strip_prefix("```") {
                let mut words = info.split_whitespace();
                let language = words.next().unwrap_or_default().to_string();
                let marker = words.collect::<Vec<_>>().join(" ");
                block = Some((language, marker, String::new()));
            }
        }
    }
    out
}

/// Parses each fragment of a rule's documentation, and lints its complete files together as one
/// run, with the cross-file pass (an example of a `catalog` rule shows one fence per file).
fn check_example(rule: &'static Registered) -> Result<(), Failed> {
    let name = rule.meta.name;
    let found = examples(rule.meta.docs);
    if found.is_empty() {
        return Err(format!("`{name}` has no fenced block under `## Example`").into());
    }
    // The policy settings of the rule's fixtures, for the rules that report only under a
    // configured ceiling.
    let options = options_for(&fixtures_root().join(name))?;
    let mut files = Vec::new();
    let mut facts = Vec::new();
    for (number, (language, marker, text)) in found.into_iter().enumerate() {
        let extension = match language.as_str() {
            "yaml" => "yaml",
            "json" => "json",
            other => {
                return Err(
                    format!("example fence language `{other}`: expected `yaml` or `json`").into(),
                )
            }
        };
        let example = match marker.as_str() {
            "agent" => Example::Complete(SpecKind::Agent),
            "session" => Example::Complete(SpecKind::Session),
            "fragment" => Example::Fragment,
            other => {
                return Err(format!(
                    "example fence `{language} {other}`: say `agent`, `session` or `fragment` after the language"
                )
                .into())
            }
        };
        match example {
            Example::Complete(kind) => {
                let path = PathBuf::from(format!(
                    "example-{}.{}.{extension}",
                    number + 1,
                    kind.as_str()
                ));
                let (file, found) =
                    agentspec_project::catalog::lint_text(&path, text, Some(kind), &options);
                files.push(file);
                facts.push(found);
            }
            Example::Fragment => {
                let format = agentspec_lint::format_for_path(Path::new(&format!("x.{extension}")));
                let parsed = agentspec_syntax::parse(&text, format, &options.limits);
                if let Some(problem) = parsed.problems.first() {
                    return Err(format!(
                        "the fragment does not parse: {} (a fragment must parse; mark an example \
                         that shows a syntax problem as a complete `agent` or `session`)",
                        problem.message
                    )
                    .into());
                }
            }
        }
    }
    if files.is_empty() {
        return Ok(());
    }
    agentspec_project::catalog::check(
        &mut files,
        &facts,
        &agentspec_lint::catalog::CatalogOptions::default(),
        &options,
    );
    let found = || files.iter().flat_map(|f| &f.diagnostics);
    let reported = found().any(|d| d.rule == name);
    let other_error = found().any(|d| d.rule != name && d.severity == Severity::Error);
    if reported && !other_error {
        return Ok(());
    }
    let wrong = if reported {
        "reports an error of another rule too (complete the file)"
    } else {
        "does not report the rule"
    };
    Err(format!("the example of `{name}` {wrong}:\n{}", render(&files)).into())
}
