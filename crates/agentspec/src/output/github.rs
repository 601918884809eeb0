//! `--format github`: GitHub Actions workflow commands, one annotation per finding.
//!
//! `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=T::message` (`warning` and
//! `notice` for warnings and infos). GitHub accepts `col` and `endColumn` only on a one-line
//! range, so a finding spanning lines carries `line` and `endLine` alone. Values are escaped
//! as `@actions/core` escapes them.

use std::fmt::Write;

use agentspec_lint::Severity;
use agentspec_syntax::LineIndex;

use super::{position, Results};

/// Renders one workflow command per diagnostic.
pub fn render(results: &Results) -> String {
    let mut out = String::new();
    for file in &results.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.source);
        let name = escape_property(file.display_name().trim_start_matches("./"));
        for d in &file.diagnostics {
            let at = position(&index, d.span);
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let message = d.message_with_help();
            let _ = write!(out, "::{command} file={name},line={}", at.line);
            if at.line == at.end_line {
                let _ = write!(
                    out,
                    ",col={},endLine={},endColumn={}",
                    at.column, at.end_line, at.end_column
                );
            } else {
                let _ = write!(out, ",endLine={}", at.end_line);
            }
            let _ = writeln!(
                out,
                ",title={}::{}",
                escape_property(&format!("agentspec ({})", d.rule)),
                escape_data(&message)
            );
        }
    }
    out
}

/// Escapes a command's message.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}
