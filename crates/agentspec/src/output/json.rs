//! `--format json`: one JSON object, a stable interface (`version: 1`).

use agentspec_syntax::LineIndex;
use serde_json::{json, Value};

use super::{position, Results};

/// Renders the results as the documented JSON object.
pub fn render(results: &Results) -> String {
    let mut diagnostics = Vec::new();
    for file in &results.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let at = position(&index, d.span);
            diagnostics.push(json!({
                "file": file.display_name(),
                "line": at.line,
                "column": at.column,
                "end_line": at.end_line,
                "end_column": at.end_column,
                "rule": d.rule,
                "severity": d.severity.as_str(),
                "message": d.message,
                "help": d.help,
                "pointer": d.pointer,
            }));
        }
    }
    let summary = results.summary();
    let value: Value = json!({
        "version": 1,
        "diagnostics": diagnostics,
        "summary": {
            "files": summary.files,
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
        },
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
