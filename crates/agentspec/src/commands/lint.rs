//! `agentspec lint`: check spec files and report every problem.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentspec_lint::{Diagnostic, Options, Severity, SpecKind};
use clap::{Args, ValueEnum};
use rayon::prelude::*;

use crate::discover::discover;
use crate::output::{self, FileResult, Results};

/// Check spec files and report every problem with its rule, position and fix.
///
/// PATHS are files or directories (default: the current directory). Directories are walked
/// for `*.session.{yaml,yml,json}` and `*.agent.{yaml,yml,json}` files, honouring
/// `.gitignore`. `-` reads one file from stdin (name it with `--stdin-filename`).
///
/// Exit status: 0 when no error was found, 1 when errors were found, 2 when the tool could not
/// do its job (bad arguments, unreadable path).
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
    /// When to use colors in human output (also honours `NO_COLOR`).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// The file name to report, and to tell the format and kind by, for input read from `-`.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KindArg {
    /// A session request.
    Session,
    /// An agent definition.
    Agent,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Reports with the source and labels (miette).
    Human,
    /// `file:line:col: severity[rule] message`, one per line.
    Concise,
    /// One JSON object: `{version, diagnostics, summary}`.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Color {
    /// Colors on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Runs `agentspec lint`.
pub fn run(args: &LintArgs) -> anyhow::Result<ExitCode> {
    let options = Options::default();
    let kind = args.kind.map(|k| match k {
        KindArg::Session => SpecKind::Session,
        KindArg::Agent => SpecKind::Agent,
    });
    let mut failed = false;
    let mut files = Vec::new();
    let stdin = args.paths.iter().any(|p| p.as_os_str() == "-");
    if stdin {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes)?;
        files.push(lint_bytes(&name, bytes, kind, &options));
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
    let found = discover(&paths);
    for (path, error) in &found.errors {
        eprintln!("error: {}: {error}", path.display());
        failed = true;
    }
    let linted: Vec<Result<FileResult, String>> = found
        .files
        .par_iter()
        .map(|path| match std::fs::read(path) {
            Ok(bytes) => Ok(lint_bytes(path, bytes, kind, &options)),
            Err(error) => Err(format!("{}: {error}", path.display())),
        })
        .collect();
    for result in linted {
        match result {
            Ok(file) => files.push(file),
            Err(error) => {
                eprintln!("error: {error}");
                failed = true;
            }
        }
    }
    let results = Results { files };
    let summary = results.summary();
    let text = match args.format {
        Format::Human => output::human::render(&results, use_color(args.color)),
        Format::Concise => output::concise::render(&results),
        Format::Json => output::json::render(&results),
    };
    print!("{text}");
    if args.format == Format::Human {
        eprintln!("{}", summary.line());
    }
    Ok(if failed {
        ExitCode::from(crate::EXIT_FAILURE)
    } else if summary.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Lints one file's bytes; text that is not UTF-8 is reported, not lost.
pub fn lint_bytes(
    path: &Path,
    bytes: Vec<u8>,
    kind: Option<SpecKind>,
    options: &Options,
) -> FileResult {
    match String::from_utf8(bytes) {
        Ok(source) => {
            let report = agentspec_lint::lint_source(path, &source, kind, options);
            FileResult {
                path: path.to_path_buf(),
                source,
                diagnostics: report.diagnostics,
            }
        }
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let source = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let span = agentspec_syntax::Span {
                start: at.min(source.len()),
                end: (at + 1).min(source.len()),
            };
            let diagnostic = Diagnostic {
                rule: agentspec_lint::rules::syntax::syntax_error::SYNTAX_ERROR.name,
                severity: Severity::Error,
                message: format!("the file is not valid UTF-8 (first invalid byte at offset {at})"),
                span,
                label: Some("invalid byte".into()),
                related: Vec::new(),
                help: Some("save the file as UTF-8".into()),
                pointer: String::new(),
            };
            FileResult {
                path: path.to_path_buf(),
                source,
                diagnostics: vec![diagnostic],
            }
        }
    }
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}
