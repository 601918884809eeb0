//! Rendering lint results: every format reads the same [`Results`].

pub mod concise;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

use std::path::PathBuf;

use agentspec_lint::{Diagnostic, Severity};
use agentspec_syntax::LineIndex;

/// One linted file with its findings.
pub struct FileResult {
    /// The path as the user gave or the walk found it.
    pub path: PathBuf,
    /// The source text (lossily decoded when it was not UTF-8).
    pub source: String,
    /// Findings in position order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileResult {
    /// The name to show for the file, on one line: a line break or a terminal escape in a
    /// file name is written as an escape (`\n`), so no name can forge an output line.
    pub fn display_name(&self) -> String {
        let name = agentspec_lint::printable(&self.path.display().to_string());
        match name.strip_prefix("./") {
            Some(rest) if !rest.is_empty() => rest.to_string(),
            _ => name,
        }
    }
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
    /// Infos.
    pub infos: usize,
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
        line
    }
}

/// The message followed by `help: …` on its own line, for formats with one text field.
pub fn message_with_help(d: &Diagnostic) -> String {
    match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
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
