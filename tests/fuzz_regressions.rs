//! Replays every input under `fixtures/fuzz-regressions/<target>/` through the checks of the
//! fuzz target of that name (`.fuzz/src/lib.rs`), so inputs the fuzzers once broke the tool with
//! stay fixed without nightly or libFuzzer.

#[path = "../.fuzz/src/lib.rs"]
#[allow(dead_code)]
mod checks;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/fuzz-regressions")
        .join(target);
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for path in entries {
        let data = std::fs::read(&path).expect("read regression");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails again", path.display());
    }
}

#[test]
fn lint_yaml_regressions() {
    replay("lint_yaml", checks::lint_yaml);
}

#[test]
fn lint_json_regressions() {
    replay("lint_json", checks::lint_json);
}

#[test]
fn gen_answer_format_regressions() {
    replay("gen_answer_format", checks::gen_answer_format);
}
