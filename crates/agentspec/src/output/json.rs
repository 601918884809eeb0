//! `--format json`: one JSON object, a stable interface (`version: 1`).

use agentspec_syntax::LineIndex;
use serde_json::{json, Value};

use super::{position, Results};

/// A fix as `{applicability, message, edits: [{line, column, end_line, end_column, content}]}`,
/// positions as in diagnostics (1-based, columns in characters, end exclusive).
fn fix_json(index: &LineIndex, fix: &agentspec_lint::Fix) -> Value {
    let edits: Vec<Value> = fix
        .edits
        .iter()
        .map(|e| {
            let at = position(index, e.span);
            json!({
                "line": at.line,
                "column": at.column,
                "end_line": at.end_line,
                "end_column": at.end_column,
                "content": e.content,
            })
        })
        .collect();
    json!({
        "applicability": fix.applicability.as_str(),
        "message": fix.message,
        "edits": edits,
    })
}

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
                "fix": d.fix.as_ref().map(|fix| fix_json(&index, fix)),
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
