//! Rendering results: every command that reports diagnostics (`lint`, `check-answer`, `gen`,
//! and any of them meeting a broken `agentspec.toml`) builds the same [`Results`] and renders
//! them with [`render`] in the format `--format` names.

pub mod concise;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
mod plain_report;
pub mod sarif;
pub mod statistics;

use std::io::IsTerminal;
use std::process::ExitCode;

use agentspec_lint::{Diagnostic, Severity};
use agentspec_syntax::{LineIndex, Span};
use clap::ValueEnum;

use crate::config::ConfigError;

pub use agentspec_project::FileResult;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Reports with the source and labels (miette).
    Human,
    /// `file:line:col: severity[rule] message`, one per line.
    Concise,
    /// One JSON object: `{version, diagnostics, summary}`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions annotations (`::error file=…,line=…::message`).
    Github,
    /// JUnit XML, one test case per file.
    Junit,
}

/// When to use colors in human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colors on a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Color {
    /// Whether to color output going to a stream that is (or is not) a terminal.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && terminal,
        }
    }
}

/// Renders `results` in `format`; `color` is for the human format, `deny_warnings` makes
/// warnings fail their file in JUnit.
pub fn render(results: &Results, format: Format, color: bool, deny_warnings: bool) -> String {
    match format {
        Format::Human => human::render(results, color),
        Format::Concise => concise::render(results),
        Format::Json => json::render(results),
        Format::Sarif => sarif::render(results),
        Format::Github => github::render(results),
        Format::Junit => junit::render(results, deny_warnings),
    }
}

/// The rule name an `agentspec.toml` problem carries in every format.
pub const CONFIG_RULE: &str = "config";

/// Configuration errors as results: one file per configuration file at fault (its text, when
/// it could be read), each error once (several files of a directory meet the same broken
/// configuration), of rule [`CONFIG_RULE`].
pub fn config_results(errors: &[ConfigError]) -> Results {
    let mut files: Vec<FileResult> = Vec::new();
    for error in errors {
        let span = error
            .span
            .clone()
            .map_or(Span::empty(0), |s| Span::new(s.start, s.end));
        let mut diagnostic = Diagnostic::new(
            CONFIG_RULE,
            Severity::Error,
            span,
            "",
            error.message.clone(),
        );
        diagnostic.help = error.help.clone();
        diagnostic.make_printable();
        // Shown relative to the working directory, as the human format shows it.
        let path = std::path::PathBuf::from(crate::config::display_path(&error.path));
        let file = match files.iter_mut().position(|f| f.path == path) {
            Some(i) => &mut files[i],
            None => {
                files.push(FileResult {
                    path,
                    source: String::new(),
                    diagnostics: Vec::new(),
                });
                files.last_mut().expect("just pushed")
            }
        };
        if file.source.is_empty() {
            if let Some(text) = &error.text {
                file.source = text.clone();
            }
        }
        if !file.diagnostics.contains(&diagnostic) {
            file.diagnostics.push(diagnostic);
        }
    }
    for file in &mut files {
        file.diagnostics.sort_by_key(|d| d.span.start);
    }
    Results { files }
}

/// Reports configuration errors in `format`: the human format on standard error (with the
/// TOML source when there is one), the others on standard output as any finding is. The
/// command could not do its job: exit status 2.
pub fn report_config_errors(
    errors: &[ConfigError],
    format: Format,
    color: Color,
) -> anyhow::Result<ExitCode> {
    if format == Format::Human {
        let mut unique: Vec<ConfigError> = Vec::new();
        for error in errors {
            let seen = unique.iter().any(|u| {
                u.path == error.path && u.message == error.message && u.span == error.span
            });
            if !seen {
                unique.push(error.clone());
            }
        }
        let color = color.enabled(std::io::stderr().is_terminal());
        eprint!("{}", human::render_config_errors(&unique, color));
    } else {
        let results = config_results(errors);
        crate::stdout::write(render(&results, format, false, false))?;
    }
    Ok(ExitCode::from(crate::EXIT_FAILURE))
}

/// The results of one run, in path order.
pub struct Results {
    /// Every linted file.
    pub files: Vec<FileResult>,
}

/// Totals per severity.
#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos, shown or not.
    pub infos: usize,
    /// Infos left out of the report (`lint` shows them with `--show-infos`).
    pub hidden_infos: usize,
}

impl Results {
    /// Totals per severity.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            files: self.files.len(),
            ..Summary::default()
        };
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => summary.errors += 1,
                Severity::Warning => summary.warnings += 1,
                Severity::Info => summary.infos += 1,
            }
        }
        summary
    }

    /// Leaves the `info` findings out of the report; returns how many there were.
    pub fn hide_infos(&mut self) -> usize {
        let mut hidden = 0;
        for file in &mut self.files {
            let before = file.diagnostics.len();
            file.diagnostics.retain(|d| d.severity != Severity::Info);
            hidden += before - file.diagnostics.len();
        }
        hidden
    }
}

impl Summary {
    /// `3 files checked: 1 error, 2 warnings`.
    pub fn line(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut line = format!(
            "{} checked: {}, {}",
            plural(self.files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning")
        );
        if self.infos > 0 {
            line.push_str(&format!(", {}", plural(self.infos, "info")));
        }
        if self.hidden_infos > 0 {
            let shown = if self.hidden_infos == self.infos {
                String::new()
            } else {
                format!("{} ", self.hidden_infos)
            };
            line.push_str(&format!(" ({shown}not shown: --show-infos shows them)"));
        }
        line
    }
}

/// A 1-based line/column range of a diagnostic; the end column is exclusive.
#[derive(Debug, Clone, Copy)]
pub struct Position {
    /// First line.
    pub line: usize,
    /// First column (characters).
    pub column: usize,
    /// Last line.
    pub end_line: usize,
    /// Column just past the end.
    pub end_column: usize,
}

/// `value` as indented JSON text ending in a line break (as `serde_json::to_string_pretty`
/// writes it), written into a buffer of `fixed` plus `per_finding` bytes (about what it takes).
fn pretty_json(value: &impl serde::Serialize, fixed: usize, per_finding: usize) -> String {
    let mut text = Vec::with_capacity(fixed + per_finding);
    let mut serializer = serde_json::Serializer::with_formatter(&mut text, Indented::default());
    if value.serialize(&mut serializer).is_err() {
        return String::new();
    }
    text.push(b'\n');
    // serde_json writes UTF-8.
    String::from_utf8(text).unwrap_or_default()
}

/// serde_json's pretty formatter (two spaces per level), writing each line break and its
/// indentation in one piece rather than one write per level.
#[derive(Default)]
struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    /// A line break and the indentation of the current level, after a comma when `comma`.
    fn new_line<W: ?Sized + std::io::Write>(
        &self,
        writer: &mut W,
        comma: bool,
    ) -> std::io::Result<()> {
        const LINE: &[u8] = b",\n                                                                ";
        let from = usize::from(!comma);
        let width = 2 * self.level;
        if 2 + width <= LINE.len() {
            writer.write_all(&LINE[from..2 + width])
        } else {
            writer.write_all(&LINE[from..2])?;
            (0..self.level).try_for_each(|_| writer.write_all(b"  "))
        }
    }
}

impl Indented {
    /// An array or object opens: one level deeper, nothing in it yet.
    fn open<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// An array or object closes, on a line of its own when it holds anything.
    fn close<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        bracket: &[u8],
    ) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.new_line(writer, false)?;
        }
        writer.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.new_line(writer, !first)
    }

    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.new_line(writer, !first)
    }

    fn begin_object_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
    ) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Computes the positions of a span.
pub fn position(index: &LineIndex, span: agentspec_syntax::Span) -> Position {
    let (line, column) = index.line_col(span.start);
    let (end_line, end_column) = index.line_col(span.end.max(span.start));
    Position {
        line,
        column,
        end_line,
        end_column,
    }
}
