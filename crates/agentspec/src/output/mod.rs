//! Rendering lint results: every format reads the same [`Results`].

pub mod concise;
pub mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod statistics;

use agentspec_lint::Severity;
use agentspec_syntax::LineIndex;

pub use agentspec_project::FileResult;

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
