//! `--format concise`: `file:line:col: severity[rule] message`, one per line.

use std::fmt::Write;

use agentspec_syntax::LineIndex;

use super::{position, Results};

/// Renders one line per diagnostic.
pub fn render(results: &Results) -> String {
    let mut out = String::new();
    for file in &results.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let at = position(&index, d.span);
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.display_name(),
                at.line,
                at.column,
                d.severity.as_str(),
                d.rule,
                d.message
            );
        }
    }
    out
}
