//! `lint --fix`, `--unsafe-fixes` and `--diff`: applying the fixes findings carry to files on
//! disk, or printing what would change as a unified diff.

use std::path::Path;

use agentspec_lint::fix::{fix_source, FixOutcome, FixSettings};
use agentspec_lint::{Applicability, Options, SpecKind};

use crate::output::FileResult;

/// What fixing did to one file.
#[derive(Debug, Default)]
pub struct FileFix {
    /// The file's name as reported.
    pub name: String,
    /// What the fix passes did.
    pub outcome: FixOutcome,
    /// The unified diff of the change (`--diff`), empty when nothing changed.
    pub diff: String,
    /// Whether the file was written.
    pub written: bool,
    /// A write error.
    pub error: Option<String>,
}

/// Fixes one file's text: with `write`, writes the result atomically when it differs and the
/// file on disk still holds `source`; otherwise computes the diff. Returns the new text.
pub fn fix_file(
    path: &Path,
    name: &str,
    source: &str,
    kind: Option<SpecKind>,
    options: &Options,
    settings: &FixSettings,
    write: bool,
) -> (String, FileFix) {
    let outcome = fix_source(path, source, kind, options, settings);
    let mut record = FileFix {
        name: name.to_string(),
        ..FileFix::default()
    };
    if outcome.text == source {
        record.outcome = outcome;
        return (source.to_string(), record);
    }
    let text = outcome.text.clone();
    if write {
        match agentspec_files::write_if_changed(path, text.as_bytes()) {
            Ok(written) => record.written = written,
            Err(error) => {
                record.error = Some(format!("{error:#}"));
                record.outcome = outcome;
                return (source.to_string(), record);
            }
        }
    } else {
        record.diff = unified_diff(name, source, &text);
    }
    record.outcome = outcome;
    (text, record)
}

/// A unified diff of `old` to `new` naming `path` on both sides, which `patch -p0` and
/// `git apply -p0` apply from the directory the path is relative to.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(path, path)
        .to_string()
}

/// Counts of the fixes a set of results carries, for the summary.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fixable {
    /// Findings whose fix `--fix` applies.
    pub safe: usize,
    /// Findings whose fix only `--unsafe-fixes` applies.
    pub unsafe_: usize,
}

/// Counts the findings of `files` with a fix the settings would apply, and those with an
/// unsafe fix the settings leave out.
pub fn fixable(files: &[FileResult], unfixable: impl Fn(&Path, &str) -> bool) -> Fixable {
    let mut counts = Fixable::default();
    for file in files {
        for d in &file.diagnostics {
            let Some(fix) = &d.fix else { continue };
            if unfixable(&file.path, d.rule) {
                continue;
            }
            match fix.applicability {
                Applicability::Safe => counts.safe += 1,
                Applicability::Unsafe => counts.unsafe_ += 1,
            }
        }
    }
    counts
}

/// The summary lines of a fixing run, on standard error. `unsafe_fixes` says whether the run
/// applied unsafe fixes (then an unsafe fix left is one that was not applied, not one waiting
/// for the flag).
pub fn summary(
    fixes: &[FileFix],
    remaining: usize,
    fixable: Fixable,
    diff: bool,
    unsafe_fixes: bool,
) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut out = String::new();
    for file in fixes {
        for rejected in &file.outcome.rejected {
            out.push_str(&format!(
                "note: {}: the fix of `{}` ({}) was not applied: {}\n",
                file.name, rejected.rule, rejected.message, rejected.reason
            ));
        }
        if file.outcome.unfinished {
            out.push_str(&format!(
                "note: {}: fixes still apply after {} passes; run again\n",
                file.name,
                agentspec_lint::fix::MAX_PASSES
            ));
        }
        if let Some(error) = &file.error {
            out.push_str(&format!("error: {}: {error}\n", file.name));
        }
    }
    let fixed: usize = fixes
        .iter()
        .filter(|f| f.error.is_none())
        .map(|f| f.outcome.fixed_count())
        .sum();
    let changed = fixes
        .iter()
        .filter(|f| f.error.is_none() && f.outcome.fixed_count() > 0)
        .count();
    let verb = if diff { "would fix" } else { "fixed" };
    out.push_str(&format!(
        "{verb} {} in {}, {} remaining",
        plural(fixed, "finding"),
        plural(changed, "file"),
        remaining
    ));
    if fixable.unsafe_ > 0 && !unsafe_fixes {
        out.push_str(&format!(
            " ({} with an unsafe fix: add --unsafe-fixes)",
            fixable.unsafe_
        ));
    }
    out.push('\n');
    out
}

/// The hint after a run without `--fix`: how many findings `--fix` would fix.
pub fn hint(fixable: Fixable, unsafe_fixes: bool) -> Option<String> {
    let (now, hidden) = if unsafe_fixes {
        (fixable.safe + fixable.unsafe_, 0)
    } else {
        (fixable.safe, fixable.unsafe_)
    };
    let flag = if unsafe_fixes {
        "--fix --unsafe-fixes"
    } else {
        "--fix"
    };
    match (now, hidden) {
        (0, 0) => None,
        (0, hidden) => Some(format!("{hidden} fixable with --fix --unsafe-fixes")),
        (now, 0) => Some(format!("{now} fixable with {flag}")),
        (now, hidden) => Some(format!(
            "{now} fixable with {flag} ({hidden} more with --unsafe-fixes)"
        )),
    }
}
