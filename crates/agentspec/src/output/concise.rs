//! `--format concise`: `file:line:col: severity[rule] message`, one per line.

use std::fmt::Write;

use agentspec_syntax::LineIndex;

use agentspec_lint::Diagnostic;

use super::{position, FileResult, Position, Results};

/// Renders one line per diagnostic.
pub fn render(results: &Results) -> String {
    let mut out = String::new();
    for file in &results.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let _ = writeln!(out, "{}", line(file, d, position(&index, d.span)));
        }
    }
    out
}

/// One finding as `file:line:col: severity[rule] message` (also used by the JUnit format).
pub fn line(file: &FileResult, d: &Diagnostic, at: Position) -> String {
    file.concise_line(d, at.line, at.column)
}
