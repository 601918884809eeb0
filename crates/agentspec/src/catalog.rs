//! The cross-file pass of a lint run: every file's catalog facts, checked together.
//!
//! [`lint_bytes`] lints one file as `commands::lint::lint_bytes` does and also keeps the facts
//! its parse produced; [`check`] then adds the findings of the `catalog` rules (unresolved
//! agents, subagent cycles, duplicate definitions, selectors of catalog agents) to the files
//! they belong to. The files of one run form one catalog, so linting a directory and linting
//! the same files one by one report the same.

use std::path::{Path, PathBuf};

use agentspec_lint::catalog::{self, CatalogOptions, Facts, FileFacts};
use agentspec_lint::{Options, SpecKind};

use crate::output::FileResult;

/// Lints one file's bytes, keeping the facts the cross-file pass needs.
pub fn lint_bytes(
    path: &Path,
    bytes: Vec<u8>,
    kind: Option<SpecKind>,
    options: &Options,
) -> (FileResult, Facts) {
    match String::from_utf8(bytes) {
        Ok(source) => {
            let report = agentspec_lint::lint_source(path, &source, kind, options);
            let file = FileResult {
                path: path.to_path_buf(),
                source,
                diagnostics: report.diagnostics,
            };
            (file, report.facts)
        }
        Err(error) => (
            crate::commands::lint::lint_bytes(path, error.into_bytes(), kind, options),
            Facts::default(),
        ),
    }
}

/// Adds the findings of the catalog rules to `files`; `facts[i]` belongs to `files[i]`.
pub fn check(
    files: &mut [FileResult],
    facts: &[Facts],
    catalog_options: &CatalogOptions,
    options: &Options,
) {
    check_files(files, facts, catalog_options, |_| options.clone());
}

/// Adds the findings of the catalog rules to `files`, each at the severity the options of the
/// file it lands in give its rule (`options_for` is asked only for files with findings).
pub fn check_files(
    files: &mut [FileResult],
    facts: &[Facts],
    catalog_options: &CatalogOptions,
    options_for: impl Fn(&Path) -> Options,
) {
    let run: Vec<FileFacts<'_>> = files
        .iter()
        .zip(facts)
        .map(|(file, facts)| FileFacts {
            path: &file.path,
            facts,
        })
        .collect();
    let found = catalog::check(&run, catalog_options, &Options::default());
    if found.is_empty() {
        return;
    }
    let mut touched: Vec<usize> = Vec::new();
    let mut options: Option<(usize, Options)> = None;
    for (index, mut diagnostic) in found {
        let Some(file) = files.get_mut(index) else {
            continue;
        };
        if options.as_ref().is_none_or(|(at, _)| *at != index) {
            options = Some((index, options_for(&file.path)));
        }
        let severity = options
            .as_ref()
            .zip(agentspec_lint::find_rule(diagnostic.rule))
            .and_then(|((_, o), rule)| o.severity(rule));
        if let Some(severity) = severity {
            diagnostic.severity = severity;
            file.diagnostics.push(diagnostic);
            touched.push(index);
        }
    }
    touched.dedup();
    for index in touched {
        files[index].diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule, &a.message).cmp(&(
                b.span.start,
                b.span.end,
                b.rule,
                &b.message,
            ))
        });
    }
}

/// Lints `paths` (files, read as given) as one run: each file, then the cross-file pass.
/// `shown` maps a path to the name to report it under. Unreadable files are returned as errors.
pub fn lint_files(
    paths: &[PathBuf],
    shown: impl Fn(&Path) -> PathBuf,
    kind: Option<SpecKind>,
    options: &Options,
    catalog_options: &CatalogOptions,
) -> (Vec<FileResult>, Vec<String>) {
    let mut files = Vec::new();
    let mut facts = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match std::fs::read(path) {
            Ok(bytes) => {
                let (file, found) = lint_bytes(&shown(path), bytes, kind, options);
                files.push(file);
                facts.push(found);
            }
            Err(error) => errors.push(format!("{}: {error}", path.display())),
        }
    }
    check(&mut files, &facts, catalog_options, options);
    (files, errors)
}
