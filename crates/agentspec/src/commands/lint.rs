//! `agentspec lint`: check spec files and report every problem.

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use agentspec_lint::catalog::Facts;
use agentspec_lint::{FixSettings, Options, SpecKind};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use crate::catalog;
use crate::config::{self, Config, ConfigError, Resolver};
use crate::discover::discover_with;
use crate::fix::FileFix;
use crate::output::{self, report_config_errors, Color, FileResult, Format, Results};
use crate::read::ReadError;

pub use agentspec_project::{lint_bytes, too_large};

/// Check spec files and report every problem with its rule, position and fix.
///
/// PATHS are files or directories (default: the current directory). Directories are walked
/// for `*.session.{yaml,yml,json}` and `*.agent.{yaml,yml,json}` files, honouring
/// `.gitignore`. `-` reads one file from stdin (name it with `--stdin-filename`).
///
/// The closest `agentspec.toml` above each file configures it (`--config` to name one).
///
/// Exit status: 0 when no error was found, 1 when errors were found (or warnings, with
/// `--deny-warnings` or beyond `--max-warnings`), 2 when the tool could not do its job (bad
/// arguments, a bad configuration, an unreadable path, no spec file in the paths given).
#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files or directories to check.
    #[arg(value_name = "PATHS")]
    paths: Vec<PathBuf>,
    /// Check files as this kind when their name does not say (`*.session.*`, `*.agent.*`).
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// When to use colors in human output (also honours `NO_COLOR`).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// The file name to report, and to tell the format, kind and configuration by, for input
    /// read from `-`.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Use this configuration file for every path instead of the closest `agentspec.toml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Run only these rules or rule groups (comma-separated or repeated), instead of the
    /// configuration's `select`.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Run these rules or rule groups too, beside `select` (of the command line or the
    /// configuration).
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    extend_select: Vec<String>,
    /// Never run these rules or rule groups, whatever the configuration says.
    #[arg(long, value_name = "RULES", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Print the findings only: no summary line, no hint, no note on standard error.
    #[arg(long, short = 'q')]
    quiet: bool,
    /// Fail (exit 1) when there is any warning.
    #[arg(long)]
    deny_warnings: bool,
    /// Fail (exit 1) when there are more than N warnings.
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,
    /// Print how many findings each rule produced, on standard error.
    #[arg(long)]
    statistics: bool,
    /// Show `info` findings too, in every format (by default they are only counted in the
    /// summary line; a rule configured to `warning` or `error` is shown as such).
    #[arg(long)]
    show_infos: bool,
    /// Insert a `# agentspec: ignore[rule] REASON` comment above every finding in YAML files,
    /// keeping the rest of each file byte for byte; JSON files are left as they are.
    #[arg(long)]
    add_ignores: bool,
    /// The reason written by `--add-ignores`.
    #[arg(
        long,
        value_name = "REASON",
        requires = "add_ignores",
        default_value = "accepted when agentspec was adopted"
    )]
    reason: String,
    /// Apply the safe fixes findings carry, writing each changed file atomically, then report
    /// what remains. A fix whose result would not parse, or would have a new finding, is not
    /// applied.
    #[arg(long, conflicts_with = "add_ignores")]
    fix: bool,
    /// With `--fix` or `--diff`, apply unsafe fixes too (they may change what the spec does).
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what `--fix` would change (`patch -p0` applies it), write
    /// nothing, and exit 1 when something would change.
    #[arg(long, conflicts_with_all = ["fix", "add_ignores"])]
    diff: bool,
    /// Report files larger than SIZE without reading them (bytes, or with a unit: `512KiB`,
    /// `10MiB`) [default: 10MiB].
    #[arg(long, value_name = "SIZE", value_parser = crate::read::parse_size)]
    max_file_size: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KindArg {
    /// A session request.
    Session,
    /// An agent definition.
    Agent,
}

/// A linted file, its catalog facts, and what fixing did to it.
type Linted = (FileResult, Facts, Option<FileFix>);

/// A file to lint with the configuration that applies to it.
struct Job {
    path: PathBuf,
    absolute: PathBuf,
    config: Arc<Config>,
}

/// Runs `agentspec lint`.
pub fn run(args: &LintArgs) -> anyhow::Result<ExitCode> {
    let failure = || Ok(ExitCode::from(crate::EXIT_FAILURE));
    let selection = match selection(args) {
        Ok(selection) => selection,
        Err(errors) => {
            for error in errors {
                eprintln!("error: {error}");
            }
            return failure();
        }
    };
    let mut resolver = match Resolver::with_selection(args.config.as_deref(), selection) {
        Ok(resolver) => resolver,
        Err(errors) => return report_config_errors(&errors, args.format, args.color),
    };
    let kind = args.kind.map(|k| match k {
        KindArg::Session => SpecKind::Session,
        KindArg::Agent => SpecKind::Agent,
    });
    let mut failed = false;
    let mut files = Vec::new();
    let mut facts = Vec::new();
    // The configuration of the file read from stdin, if any (walked files have a `Job`).
    let mut configs: Vec<(PathBuf, PathBuf, Arc<Config>)> = Vec::new();
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        let absolute = config::absolute(&name);
        let config = match resolver.for_file(&absolute) {
            Ok(config) => config,
            Err(errors) => return report_config_errors(&errors, args.format, args.color),
        };
        let options = config.options_for(&absolute);
        let max = args.max_file_size.unwrap_or(options.max_file_size);
        let read = crate::read::read_stdin_limited(max);
        if !config.excludes(&absolute) {
            let (file, found) = match read {
                Ok(bytes) => catalog::lint_bytes(&name, bytes, kind, &options),
                Err(ReadError::TooLarge(size)) => {
                    (too_large(&name, size, max, &options), Facts::default())
                }
                Err(ReadError::Io(error)) => return Err(error.into()),
            };
            files.push(file);
            facts.push(found);
            configs.push((name, absolute, config));
        }
    }
    let paths: Vec<PathBuf> = match args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect::<Vec<_>>()
    {
        paths if paths.is_empty() && !stdin => vec![PathBuf::from(".")],
        paths => paths,
    };
    let mut config_errors = Vec::new();
    let found = discover_with(&paths, |path| {
        walked(path, &mut resolver, &mut config_errors)
    });
    if !config_errors.is_empty() {
        return report_config_errors(&config_errors, args.format, args.color);
    }
    if !stdin && found.files.is_empty() && found.errors.is_empty() {
        // A run that checks nothing must not pass: a CI job pointed at the wrong directory
        // would stay green forever.
        report_nothing_found(&paths);
        return failure();
    }
    for (path, error) in &found.errors {
        eprintln!("error: {}: {error}", path.display());
        failed = true;
    }
    let mut jobs = Vec::with_capacity(found.files.len());
    for path in found.files {
        let absolute = config::absolute(&path);
        match resolver.for_file(&absolute) {
            Ok(config) if config.excludes(&absolute) => {}
            Ok(config) => jobs.push(Job {
                path,
                absolute,
                config,
            }),
            Err(errors) => return report_config_errors(&errors, args.format, args.color),
        }
    }
    let fixing = args.fix || args.diff;
    if fixing && stdin {
        eprintln!("note: input read from stdin is not fixed");
    }
    let linted: Vec<Result<Linted, String>> = jobs
        .par_iter()
        .map(|job| {
            let options = job.config.options_for(&job.absolute);
            let max = args.max_file_size.unwrap_or(options.max_file_size);
            match crate::read::read_limited(&job.path, max) {
                Ok(bytes) => {
                    let (file, found) = catalog::lint_bytes(&job.path, bytes, kind, &options);
                    if !fixing {
                        return Ok((file, found, None));
                    }
                    Ok(fix_job(args, job, file, found, kind, &options))
                }
                Err(ReadError::TooLarge(size)) => Ok((
                    too_large(&job.path, size, max, &options),
                    Facts::default(),
                    None,
                )),
                Err(error) => Err(format!("{}: {error}", job.path.display())),
            }
        })
        .collect();
    let mut fixes = Vec::new();
    for result in linted {
        match result {
            Ok((file, found, fixed)) => {
                files.push(file);
                facts.push(found);
                fixes.extend(fixed);
            }
            Err(error) => {
                eprintln!("error: {error}");
                failed = true;
            }
        }
    }
    let outside = match outside_agents(&paths, &jobs, &configs, &mut resolver, args) {
        Ok(outside) => outside,
        Err(errors) => return report_config_errors(&errors, args.format, args.color),
    };
    cross_file(&mut files, &facts, &outside, &configs, &jobs);
    if args.add_ignores && !add_ignores(args, &mut files, kind, &jobs) {
        failed = true;
    }
    let mut results = Results { files };
    let hidden_infos = if args.show_infos {
        0
    } else {
        results.hide_infos()
    };
    let mut summary = results.summary();
    summary.infos += hidden_infos;
    summary.hidden_infos = hidden_infos;
    let unfixable = |path: &Path, rule: &str| {
        jobs.iter()
            .find(|j| j.path == path)
            .map(|j| &j.config)
            .or_else(|| configs.iter().find(|c| c.0 == path).map(|c| &c.2))
            .is_some_and(|c| c.unfixable.contains(&rule))
    };
    let fixable = crate::fix::fixable(&results.files, unfixable);
    if args.diff {
        let mut changed = false;
        let mut diffs = String::new();
        for file in &fixes {
            if file.error.is_none() && !file.diff.is_empty() {
                diffs.push_str(&file.diff);
                changed = true;
            }
        }
        crate::stdout::write(&diffs)?;
        let remaining = summary.errors + summary.warnings + summary.infos;
        eprint!(
            "{}",
            crate::fix::summary(&fixes, remaining, fixable, true, args.unsafe_fixes)
        );
        return Ok(if failed || fixes.iter().any(|f| f.error.is_some()) {
            ExitCode::from(crate::EXIT_FAILURE)
        } else if changed {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    }
    if fixes.iter().any(|f| f.error.is_some()) {
        failed = true;
    }
    let color = args.output.is_none() && args.color.enabled(std::io::stdout().is_terminal());
    let text = output::render(&results, args.format, color, args.deny_warnings);
    match &args.output {
        Some(path) => {
            if let Err(error) = agentspec_files::write_if_changed(path, text.as_bytes()) {
                eprintln!("error: {error}");
                return failure();
            }
        }
        None => crate::stdout::write(&text)?,
    }
    if args.format == Format::Human && !args.quiet {
        match crate::fix::hint(fixable, args.unsafe_fixes).filter(|_| !args.fix) {
            Some(hint) => eprintln!("{}; {hint}", summary.line()),
            None => eprintln!("{}", summary.line()),
        }
    }
    if args.fix && !args.quiet {
        let remaining = summary.errors + summary.warnings + summary.infos;
        eprint!(
            "{}",
            crate::fix::summary(&fixes, remaining, fixable, false, args.unsafe_fixes)
        );
    }
    if args.statistics {
        eprint!("{}", output::statistics::render(&results));
    }
    let too_many_warnings = (args.deny_warnings && summary.warnings > 0)
        || args.max_warnings.is_some_and(|max| summary.warnings > max);
    if too_many_warnings && !failed && !args.quiet {
        let warnings = format!(
            "{} warning{}",
            summary.warnings,
            if summary.warnings == 1 { "" } else { "s" }
        );
        match args.max_warnings {
            Some(max) if !args.deny_warnings => {
                eprintln!("failed: {warnings}, more than the {max} allowed by --max-warnings");
            }
            _ => eprintln!("failed: {warnings}, and --deny-warnings fails on any"),
        }
    }
    Ok(if failed {
        ExitCode::from(crate::EXIT_FAILURE)
    } else if summary.errors > 0 || too_many_warnings {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The rules chosen on the command line, or what is wrong with their names.
fn selection(args: &LintArgs) -> Result<config::Selection, Vec<String>> {
    let mut errors = Vec::new();
    let mut expand = |flag: &str, names: &[String]| -> Vec<&'static str> {
        let mut rules = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            match config::Selection::expand(name) {
                Ok(found) => rules.extend(found),
                Err(error) => errors.push(format!("--{flag}: {error}")),
            }
        }
        rules
    };
    let selection = config::Selection {
        select: args.select.as_deref().map(|names| expand("select", names)),
        extend_select: expand("extend-select", &args.extend_select),
        ignore: expand("ignore", &args.ignore),
        // Infos are shown with `--show-infos` and counted in the human summary line; fixing
        // checks that a fix adds no finding, infos included. Otherwise nothing of theirs
        // reaches the user, and the rules that find them are left unrun.
        without_infos: !(args.show_infos || args.fix || args.diff || args.add_ignores)
            && (args.format != Format::Human || args.quiet),
    };
    if errors.is_empty() {
        Ok(selection)
    } else {
        Err(errors)
    }
}

/// Whether a walk takes `path`: spec-named files, and those `include` adds.
fn walked(path: &Path, resolver: &mut Resolver, errors: &mut Vec<ConfigError>) -> bool {
    if SpecKind::from_path(path).is_some() {
        return true;
    }
    if !crate::discover::is_data_file(path) {
        return false;
    }
    let absolute = config::absolute(path);
    match resolver.for_file(&absolute) {
        Ok(config) => config.includes(&absolute),
        Err(found) => {
            errors.extend(found);
            false
        }
    }
}

/// The agent files of the projects around the run's files that the run does not check, with
/// their facts (one more walk, and a parse of agent files only): the catalog rules read every
/// definition of a project, so a run of some files (those pre-commit staged) judges names as a
/// run of the whole repository does. Files `exclude` leaves out, files too large or not UTF-8,
/// and directories that can't be read are left out of the catalog too.
fn outside_agents(
    paths: &[PathBuf],
    jobs: &[Job],
    stdin: &[(PathBuf, PathBuf, Arc<Config>)],
    resolver: &mut Resolver,
    args: &LintArgs,
) -> Result<Vec<catalog::Outside>, Vec<ConfigError>> {
    let canonical = |path: &PathBuf| std::fs::canonicalize(path).ok();
    // A directory the run walked already holds every spec file below it.
    let walked_dirs: Vec<PathBuf> = paths
        .iter()
        .filter(|path| path.is_dir())
        .filter_map(canonical)
        .collect();
    // The projects of the run's files, from their absolute paths: a handful of directories,
    // each made canonical to compare with the walked ones (the files themselves only when some
    // project reaches beyond what was walked, since that costs a system call per file).
    let absolute: Vec<PathBuf> = jobs
        .iter()
        .map(|job| job.absolute.clone())
        .chain(stdin.iter().map(|(_, absolute, _)| absolute.clone()))
        .collect();
    let roots: Vec<PathBuf> = catalog::project_roots(&absolute)
        .iter()
        .filter_map(canonical)
        .filter(|root| !walked_dirs.iter().any(|dir| root.starts_with(dir)))
        .collect();
    if roots.is_empty() {
        return Ok(Vec::new());
    }
    let run: HashSet<PathBuf> = jobs
        .iter()
        .map(|job| &job.path)
        .chain(stdin.iter().map(|(name, _, _)| name))
        .filter_map(canonical)
        .collect();
    let mut errors = Vec::new();
    let found = discover_with(&roots, |path| {
        SpecKind::from_path(path) != Some(SpecKind::Session) && walked(path, resolver, &mut errors)
    });
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut candidates = Vec::new();
    for path in found.files {
        if run.contains(&path) {
            continue;
        }
        let config = resolver.for_file(&path)?;
        if !config.excludes(&path) {
            candidates.push((path, config));
        }
    }
    let cwd = std::env::current_dir()
        .ok()
        .and_then(|dir| dir.canonicalize().ok());
    Ok(candidates
        .into_par_iter()
        .filter_map(|(path, config)| {
            let options = config.options_for(&path);
            let max = args.max_file_size.unwrap_or(options.max_file_size);
            let source = String::from_utf8(crate::read::read_limited(&path, max).ok()?).ok()?;
            let facts = agentspec_lint::catalog_facts(&path, &source, None, &options);
            let shown = cwd
                .as_deref()
                .and_then(|cwd| path.strip_prefix(cwd).ok())
                .map_or_else(|| path.clone(), Path::to_path_buf);
            drop(options);
            Some(catalog::Outside {
                path: shown,
                facts,
                config,
            })
        })
        .collect())
}

/// Applies the fixes of one linted file (`--fix`) or computes its diff (`--diff`), and lints
/// the fixed text.
fn fix_job(
    args: &LintArgs,
    job: &Job,
    file: FileResult,
    facts: Facts,
    kind: Option<SpecKind>,
    options: &Options,
) -> Linted {
    let settings = FixSettings {
        unsafe_fixes: args.unsafe_fixes,
        unfixable: job.config.unfixable.iter().map(|r| r.to_string()).collect(),
    };
    // Only text read exactly as it is on disk is rewritten: not a file that was not UTF-8.
    let readable = !file
        .diagnostics
        .iter()
        .any(|d| d.rule == agentspec_lint::SYNTAX_ERROR.name);
    if !readable
        || !file
            .diagnostics
            .iter()
            .any(|d| settings.applicable(d).is_some())
    {
        return (file, facts, None);
    }
    let name = file.display_name();
    let (text, record) = crate::fix::fix_file(
        &job.path,
        &name,
        &file.source,
        kind,
        options,
        &settings,
        args.fix,
    );
    if text == file.source {
        return (file, facts, Some(record));
    }
    let (file, facts) = catalog::lint_bytes(&job.path, text.into_bytes(), kind, options);
    (file, facts, Some(record))
}

/// Adds the findings of the cross-file (`catalog`) rules, each at the severity and with the
/// suppressions of the file it lands in; `outside` completes the catalog.
fn cross_file(
    files: &mut [FileResult],
    facts: &[Facts],
    outside: &[catalog::Outside],
    stdin: &[(PathBuf, PathBuf, Arc<Config>)],
    jobs: &[Job],
) {
    let mut configured: HashMap<&Path, catalog::Configured<'_>> = HashMap::new();
    for (path, absolute, config) in stdin {
        configured.insert(path, catalog::Configured { absolute, config });
    }
    for job in jobs {
        let (absolute, config) = (&job.absolute, &job.config);
        configured.insert(&job.path, catalog::Configured { absolute, config });
    }
    catalog::cross_file(files, facts, outside, &configured);
}

/// Inserts suppressions for the findings of each YAML file, writes the files that changed,
/// and replaces their results by a fresh lint of the new text. Returns false on a write error.
fn add_ignores(
    args: &LintArgs,
    files: &mut [FileResult],
    kind: Option<SpecKind>,
    jobs: &[Job],
) -> bool {
    if args.reason.trim().is_empty() || args.reason.contains(['\n', '\r']) {
        eprintln!("error: --reason must be one non-empty line");
        return false;
    }
    let jobs: HashMap<&Path, &Job> = jobs.iter().map(|j| (j.path.as_path(), j)).collect();
    let mut ok = true;
    let (mut added, mut changed) = (0, 0);
    for file in files.iter_mut() {
        let Some(job) = jobs.get(file.path.as_path()) else {
            if !file.diagnostics.is_empty() {
                eprintln!(
                    "note: {}: input read from stdin is not rewritten",
                    file.display_name()
                );
            }
            continue;
        };
        if file.diagnostics.is_empty() {
            continue;
        }
        if agentspec_lint::format_for_path(&file.path) != agentspec_syntax::Format::Yaml {
            eprintln!(
                "note: {}: JSON has no comments; use `per-file-ignores` in agentspec.toml",
                file.display_name()
            );
            continue;
        }
        let options = job.config.options_for(&job.absolute);
        let parsed = agentspec_syntax::parse(
            &file.source,
            agentspec_syntax::Format::Yaml,
            &options.limits,
        );
        let inserted = agentspec_lint::suppress::insert(
            &file.source,
            &parsed,
            &file.diagnostics,
            args.reason.trim(),
        );
        for (line, why) in &inserted.skipped {
            eprintln!(
                "note: {}:{line}: not suppressed: {why}",
                file.display_name()
            );
        }
        if inserted.added == 0 {
            continue;
        }
        // Only text read exactly as it is on disk is rewritten: not a file that was not UTF-8
        // (its text was decoded lossily), too large to read, or changed since.
        let on_disk = crate::read::read_limited(&file.path, file.source.len() as u64);
        if !on_disk.is_ok_and(|bytes| bytes == file.source.as_bytes()) {
            eprintln!(
                "note: {}: not rewritten: the file is not UTF-8 text, too large, or changed \
                 while it was checked",
                file.display_name()
            );
            continue;
        }
        if let Err(error) = agentspec_files::write_if_changed(&file.path, inserted.text.as_bytes())
        {
            eprintln!("error: {}: {error:#}", file.display_name());
            ok = false;
            continue;
        }
        added += inserted.added;
        changed += 1;
        *file = lint_bytes(&file.path, inserted.text.into_bytes(), kind, &options);
    }
    eprintln!(
        "added {added} suppression{} in {changed} file{}",
        if added == 1 { "" } else { "s" },
        if changed == 1 { "" } else { "s" }
    );
    ok
}

/// Says that `paths` hold no spec file, how spec files are recognised, and how to check others.
fn report_nothing_found(paths: &[PathBuf]) {
    let paths: Vec<String> = paths
        .iter()
        .map(|p| format!("`{}`", agentspec_lint::printable(&p.display().to_string())))
        .collect();
    eprintln!(
        "error: no spec file found in {}\n  \
         spec files are found by name: `*.session.{{yaml,yml,json}}` (a session request) and \
         `*.agent.{{yaml,yml,json}}` (an agent definition), plus the files `include` adds in \
         agentspec.toml\n  \
         hint: name another file on the command line to check it, with `--kind session` or \
         `--kind agent` when its shape does not say which it is",
        paths.join(", ")
    );
}
