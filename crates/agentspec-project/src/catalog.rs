//! The cross-file pass of a lint run: every file's catalog facts, checked together.
//!
//! [`lint_bytes`] lints one file as [`crate::lint_bytes`] does and also keeps the facts its
//! parse produced; [`cross_file`] then adds the findings of the `catalog` rules (unresolved
//! agents, subagent cycles, duplicate definitions, selectors of catalog agents) to the files
//! they belong to, each at the severity and with the suppressions of that file. The files of
//! one run form one catalog.
//!
//! The catalog is the project's, the findings are the run's: [`project_roots`] finds the
//! projects around a run's files, and the agent files there that the run does not hold join
//! the catalog as [`Outside`] facts, never reported in. So linting a directory, its files one
//! by one, or only the files pre-commit staged report the same in those files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use agentspec_lint::catalog::{self, CatalogOptions, Facts, FileFacts};
use agentspec_lint::{Diagnostic, Options, SpecKind};

use crate::config::{self, Config};
use crate::FileResult;

/// An agent file of the project that the run does not check: its facts join the catalog, and
/// nothing is reported in it.
pub struct Outside {
    /// The path to name it by (relative to the current directory when below it).
    pub path: PathBuf,
    /// What it defines and references.
    pub facts: Facts,
    /// The configuration that applies to it (for `[catalog] namespaces`).
    pub config: Arc<Config>,
}

/// The directories whose spec files form the catalog of a run holding `files` (canonical
/// paths). A file's project is the outermost directory holding an `agentspec.toml`, looking up
/// to the git work tree that holds the file, else that work tree; files in neither share the
/// closest directory holding them all (unless that is a filesystem root). A project inside
/// another is dropped.
pub fn project_roots<'a>(files: impl IntoIterator<Item = &'a PathBuf>) -> Vec<PathBuf> {
    let mut by_dir: HashMap<&Path, Option<PathBuf>> = HashMap::new();
    let mut roots: Vec<PathBuf> = Vec::new();
    let mut loose: Option<PathBuf> = None;
    for file in files {
        let Some(dir) = file.parent() else {
            continue;
        };
        match by_dir.entry(dir).or_insert_with(|| project_root(dir)) {
            Some(root) => roots.push(root.clone()),
            None => {
                loose = Some(match loose {
                    None => dir.to_path_buf(),
                    Some(shared) => shared
                        .ancestors()
                        .find(|a| dir.starts_with(a))
                        .unwrap_or(&shared)
                        .to_path_buf(),
                });
            }
        }
    }
    roots.extend(loose.filter(|shared| shared.parent().is_some()));
    roots.sort();
    roots.dedup();
    let mut outermost: Vec<PathBuf> = Vec::new();
    for root in roots {
        if !outermost.iter().any(|outer| root.starts_with(outer)) {
            outermost.push(root);
        }
    }
    outermost
}

/// The project of the files in `dir`, when an `agentspec.toml` or a git work tree says.
fn project_root(dir: &Path) -> Option<PathBuf> {
    let mut configured = None;
    for ancestor in dir.ancestors() {
        if ancestor.join(config::FILE_NAME).is_file() {
            configured = Some(ancestor);
        }
        if ancestor.join(".git").exists() {
            return Some(configured.unwrap_or(ancestor).to_path_buf());
        }
    }
    configured.map(Path::to_path_buf)
}

/// Lints one file's bytes, keeping the facts the cross-file pass needs.
pub fn lint_bytes(
    path: &Path,
    bytes: Vec<u8>,
    kind: Option<SpecKind>,
    options: &Options,
) -> (FileResult, Facts) {
    match String::from_utf8(bytes) {
        Ok(source) => lint_text(path, source, kind, options),
        Err(error) => (
            crate::lint_bytes(path, error.into_bytes(), kind, options),
            Facts::default(),
        ),
    }
}

/// Lints one file's text, keeping the facts the cross-file pass needs.
pub fn lint_text(
    path: &Path,
    source: String,
    kind: Option<SpecKind>,
    options: &Options,
) -> (FileResult, Facts) {
    let report = agentspec_lint::lint_source(path, &source, kind, options);
    let file = FileResult {
        path: path.to_path_buf(),
        source,
        diagnostics: report.diagnostics,
    };
    (file, report.facts)
}

/// Adds the findings of the catalog rules to `files`; `facts[i]` belongs to `files[i]`.
pub fn check(
    files: &mut [FileResult],
    facts: &[Facts],
    catalog_options: &CatalogOptions,
    options: &Options,
) {
    check_files(files, facts, &[], catalog_options, |_| options.clone());
}

/// Adds the findings of the catalog rules to `files`, each at the severity the options of the
/// file it lands in give its rule (`options_for` is asked only for files with findings). The
/// `outside` files complete the catalog; what is found in them is not reported.
pub fn check_files(
    files: &mut [FileResult],
    facts: &[Facts],
    outside: &[Outside],
    catalog_options: &CatalogOptions,
    options_for: impl Fn(&Path) -> Options,
) {
    let found = findings(&run(files, facts, outside), catalog_options, |i| {
        files
            .get(i)
            .map_or_else(Options::default, |f| options_for(&f.path))
    });
    for (index, diagnostics) in found {
        // Indices past the run's files are the outside files.
        let Some(file) = files.get_mut(index) else {
            continue;
        };
        file.diagnostics.extend(diagnostics);
        agentspec_lint::sort_diagnostics(&mut file.diagnostics);
    }
}

/// The files of a run as the catalog rules read them (`facts[i]` belongs to `files[i]`),
/// then the `outside` files that complete the catalog.
pub fn run<'a>(
    files: &'a [FileResult],
    facts: &'a [Facts],
    outside: &'a [Outside],
) -> Vec<FileFacts<'a>> {
    files
        .iter()
        .zip(facts)
        .map(|(file, facts)| FileFacts {
            path: &file.path,
            facts,
        })
        .chain(outside.iter().map(|file| FileFacts {
            path: &file.path,
            facts: &file.facts,
        }))
        .collect()
}

/// The findings of the catalog rules over the files of a run, grouped by file index in index
/// order, each at the severity the options of the file it lands in give its rule
/// (`options_for(index)` is asked only for files with findings). Suppressions are not applied
/// yet: see [`merge`].
pub fn findings(
    run: &[FileFacts<'_>],
    catalog_options: &CatalogOptions,
    options_for: impl Fn(usize) -> Options,
) -> Vec<(usize, Vec<Diagnostic>)> {
    let mut found = catalog::check(run, catalog_options, &Options::default());
    found.sort_by_key(|(index, _)| *index);
    let mut grouped: Vec<(usize, Vec<Diagnostic>)> = Vec::new();
    let mut options: Option<(usize, Options)> = None;
    for (index, mut diagnostic) in found {
        if index >= run.len() {
            continue;
        }
        if options.as_ref().is_none_or(|(at, _)| *at != index) {
            options = Some((index, options_for(index)));
        }
        let severity = options
            .as_ref()
            .zip(agentspec_lint::find_rule(diagnostic.rule))
            .and_then(|((_, o), rule)| o.severity(rule));
        if let Some(severity) = severity {
            diagnostic.severity = severity;
            match grouped.last_mut() {
                Some((at, list)) if *at == index => list.push(diagnostic),
                _ => grouped.push((index, vec![diagnostic])),
            }
        }
    }
    grouped
}

/// Adds one file's catalog findings to its own, in position order, then drops those its
/// suppression comments cover.
pub fn merge(
    path: &Path,
    source: &str,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
    found: Vec<Diagnostic>,
) {
    if found.is_empty() {
        return;
    }
    diagnostics.extend(found);
    agentspec_lint::sort_diagnostics(diagnostics);
    agentspec_lint::suppress::reapply(path, source, options, diagnostics);
}

/// Where a file of a run is and which configuration applies to it.
#[derive(Debug, Clone, Copy)]
pub struct Configured<'a> {
    /// The absolute, normalized path (what configuration globs match).
    pub absolute: &'a Path,
    /// The configuration that applies to the file.
    pub config: &'a Config,
}

/// The options of the catalog rules for a run: the namespaces every configuration of the run
/// names, none when no configuration does.
pub fn catalog_options<'a>(configs: impl IntoIterator<Item = &'a Config>) -> CatalogOptions {
    let mut namespaces: Option<Vec<String>> = None;
    for config in configs {
        if let Some(names) = &config.catalog_namespaces {
            namespaces
                .get_or_insert_with(Vec::new)
                .extend(names.iter().cloned());
        }
    }
    if let Some(names) = namespaces.as_mut() {
        names.sort();
        names.dedup();
    }
    CatalogOptions { namespaces }
}

/// Adds the findings of the cross-file (`catalog`) rules to `files`, each at the severity and
/// with the suppressions of the file it lands in. `configured` maps a file's reported path to
/// its configuration; a file missing from it gets the defaults. The `outside` files complete
/// the catalog; what is found in them is not reported.
pub fn cross_file(
    files: &mut [FileResult],
    facts: &[Facts],
    outside: &[Outside],
    configured: &HashMap<&Path, Configured<'_>>,
) {
    let options_for = |path: &Path| -> Options {
        match configured.get(path) {
            Some(c) => c.config.options_for(c.absolute).into_owned(),
            None => Options::default(),
        }
    };
    let configs = configured.values().map(|c| c.config);
    let catalog_options = catalog_options(configs.chain(outside.iter().map(|o| &*o.config)));
    let found = findings(&run(files, facts, outside), &catalog_options, |i| {
        files
            .get(i)
            .map_or_else(Options::default, |f| options_for(&f.path))
    });
    for (index, diagnostics) in found {
        let Some(file) = files.get_mut(index) else {
            continue;
        };
        let options = options_for(&file.path);
        merge(
            &file.path,
            &file.source,
            &options,
            &mut file.diagnostics,
            diagnostics,
        );
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
