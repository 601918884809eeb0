//! `--format json`: one JSON object, a stable interface (`version: 1`).
//!
//! Written from typed structs that borrow the results, field by field in the documented order
//! (no intermediate `serde_json::Value` tree).

use agentspec_syntax::LineIndex;
use serde::Serialize;

use super::{position, Results};

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    pointer: &'a str,
    fix: Option<Fix<'a>>,
}

/// A fix as `{applicability, message, edits: [{line, column, end_line, end_column, content}]}`,
/// positions as in diagnostics (1-based, columns in characters, end exclusive).
#[derive(Serialize)]
struct Fix<'a> {
    applicability: &'a str,
    message: &'a str,
    edits: Vec<Edit<'a>>,
}

#[derive(Serialize)]
struct Edit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

fn fix<'a>(index: &LineIndex, fix: &'a agentspec_lint::Fix) -> Fix<'a> {
    Fix {
        applicability: fix.applicability.as_str(),
        message: &fix.message,
        edits: fix
            .edits
            .iter()
            .map(|e| {
                let at = position(index, e.span);
                Edit {
                    line: at.line,
                    column: at.column,
                    end_line: at.end_line,
                    end_column: at.end_column,
                    content: &e.content,
                }
            })
            .collect(),
    }
}

/// Renders the results as the documented JSON object.
pub fn render(results: &Results) -> String {
    let shown: Vec<_> = results
        .files
        .iter()
        .filter(|file| !file.diagnostics.is_empty())
        .map(|file| (file, file.display_name()))
        .collect();
    let mut diagnostics = Vec::new();
    for (file, name) in &shown {
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let at = position(&index, d.span);
            diagnostics.push(Entry {
                file: name,
                line: at.line,
                column: at.column,
                end_line: at.end_line,
                end_column: at.end_column,
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                pointer: &d.pointer,
                fix: d.fix.as_ref().map(|f| fix(&index, f)),
            });
        }
    }
    let summary = results.summary();
    let report = Report {
        version: 1,
        diagnostics,
        summary: Summary {
            files: summary.files,
            errors: summary.errors,
            warnings: summary.warnings,
            infos: summary.infos,
        },
    };
    let size = 512 * report.diagnostics.len();
    super::pretty_json(&report, 256, size)
}
