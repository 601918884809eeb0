//! Every rule has fixtures: files named `bad*` must trigger it and files named `good*` must not.
//! The rendered output of every fixture is an insta snapshot in `fixtures/lint/snapshots/`, so a
//! reviewer reads what users see. A rule that reports only under configured policy (a ceiling)
//! has an `options.json` in its directory with the policy settings its fixtures are linted with.
//! A `bad*` or `good*` directory is linted as one run, its files forming one catalog: the
//! fixtures of the rules that compare files (the `catalog` group).

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::workspace;

use agentspec::output::{human, FileResult, Results};
use agentspec_lint::{all_rules, Options};

/// The name of the optional file of policy settings in a rule's fixture directory.
const OPTIONS_FILE: &str = "options.json";

/// The options a fixture directory is linted with: the defaults, with the policy settings of
/// its `options.json` when it has one.
fn options_for(dir: &Path) -> Options {
    let mut options = Options::default();
    let Ok(text) = std::fs::read_to_string(dir.join(OPTIONS_FILE)) else {
        return options;
    };
    let settings: serde_json::Value = serde_json::from_str(&text).expect("options.json is JSON");
    let policy = &mut options.policy;
    for (key, value) in settings.as_object().expect("options.json is an object") {
        let unsigned = value.as_u64();
        match key.as_str() {
            "max_steps_ceiling" => policy.max_steps_ceiling = unsigned,
            "max_time_s_ceiling" => policy.max_time_s_ceiling = value.as_f64(),
            "idle_timeout_s_ceiling" => policy.idle_timeout_s_ceiling = unsigned,
            "max_images_per_message" => {
                policy.max_images_per_message = unsigned.expect("a count") as usize
            }
            "max_image_bytes" => policy.max_image_bytes = unsigned.expect("a size") as usize,
            other => panic!("{}: unknown policy setting `{other}`", dir.display()),
        }
    }
    options
}

/// Lints one fixture and renders it as the human format without colors.
fn render(root: &Path, path: &Path, options: &Options) -> (Vec<&'static str>, String) {
    if path.is_dir() {
        return render_run(root, path, options);
    }
    let relative = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = std::fs::read(path).expect("fixture is readable");
    let file = agentspec::commands::lint::lint_bytes(&relative, bytes, None, options);
    let rules = file.diagnostics.iter().map(|d| d.rule).collect();
    let results = Results {
        files: vec![FileResult {
            path: relative,
            ..file
        }],
    };
    let mut text = agentspec::output::concise::render(&results);
    text.push('\n');
    text.push_str(&human::render(&results, false));
    (rules, text)
}

/// Lints the spec files of a fixture directory as one run (with the cross-file checks).
fn render_run(root: &Path, dir: &Path, options: &Options) -> (Vec<&'static str>, String) {
    let found = agentspec::discover::discover(&[dir.to_path_buf()]);
    let (files, errors) = agentspec::catalog::lint_files(
        &found.files,
        |p| p.strip_prefix(root).unwrap_or(p).to_path_buf(),
        None,
        options,
        &agentspec_lint::catalog::CatalogOptions::default(),
    );
    assert!(errors.is_empty(), "{errors:?}");
    let rules = files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(|d| d.rule))
        .collect();
    let results = Results { files };
    let mut text = agentspec::output::concise::render(&results);
    text.push('\n');
    text.push_str(&human::render(&results, false));
    (rules, text)
}

#[test]
fn every_rule_has_fixtures_that_trigger_it_and_not() {
    let root = workspace();
    let fixtures = root.join("fixtures/lint");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(fixtures.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    let _guard = settings.bind_to_scope();

    let mut problems = Vec::new();
    for rule in all_rules() {
        if matches!(rule.run, agentspec_lint::Run::Answers) {
            // Reported on answer files by `check-answer`: `check_answer.rs` runs them on the
            // answers of `fixtures/check-answer/`.
            continue;
        }
        let name = rule.meta.name;
        let dir = fixtures.join(name);
        let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| (p.is_file() && !p.ends_with(OPTIONS_FILE)) || p.is_dir())
                .collect(),
            Err(_) => {
                problems.push(format!("{name}: no fixtures directory {}", dir.display()));
                continue;
            }
        };
        files.sort();
        let options = options_for(&dir);
        let stem = |p: &PathBuf| {
            p.file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("")
                .to_string()
        };
        let bad: Vec<&PathBuf> = files
            .iter()
            .filter(|p| stem(p).starts_with("bad"))
            .collect();
        let good: Vec<&PathBuf> = files
            .iter()
            .filter(|p| stem(p).starts_with("good"))
            .collect();
        if bad.is_empty() || good.is_empty() {
            problems.push(format!(
                "{name}: needs at least one `bad*` and one `good*` fixture"
            ));
        }
        for path in files.iter() {
            let (rules, text) = render(&root, path, &options);
            let file = stem(path);
            if file.starts_with("bad") && !rules.contains(&name) {
                problems.push(format!(
                    "{name}: {file} does not trigger the rule (got {rules:?})"
                ));
            }
            if file.starts_with("good") && rules.contains(&name) {
                problems.push(format!("{name}: {file} triggers the rule"));
            }
            insta::assert_snapshot!(format!("{name}__{file}"), text);
        }
    }
    assert!(
        problems.is_empty(),
        "rule fixtures are incomplete:\n  {}",
        problems.join("\n  ")
    );
}
