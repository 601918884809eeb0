//! `--format junit`: a JUnit XML report with one test case per file, for CI test reports
//! (GitLab, Jenkins, Azure Pipelines).
//!
//! A file fails when it has an error (or a warning, when warnings are denied); the failure's
//! text lists every finding in the concise format. Findings that do not fail the file are in
//! the test case's `system-out`.

use std::fmt::Write;

use agentspec_lint::Severity;
use agentspec_syntax::LineIndex;

use super::{position, Results};

/// Renders the results; `deny_warnings` makes warnings fail their file.
pub fn render(results: &Results, deny_warnings: bool) -> String {
    let fails = |s: Severity| s == Severity::Error || (deny_warnings && s == Severity::Warning);
    let tests = results.files.len();
    let failures = results
        .files
        .iter()
        .filter(|f| f.diagnostics.iter().any(|d| fails(d.severity)))
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"agentspec\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"agentspec lint\" tests=\"{tests}\" failures=\"{failures}\" \
         errors=\"0\" skipped=\"0\">"
    );
    for file in &results.files {
        let name = escape(&file.display_name());
        let _ = write!(
            out,
            "    <testcase name=\"{name}\" classname=\"agentspec.lint\" file=\"{name}\""
        );
        if file.diagnostics.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        let index = LineIndex::new(&file.source);
        // Both already escaped.
        let mut failing = String::new();
        let mut other = String::new();
        let (mut errors, mut warnings) = (0, 0);
        for d in &file.diagnostics {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => {}
            }
            let at = position(&index, d.span);
            let into = if fails(d.severity) {
                &mut failing
            } else {
                &mut other
            };
            escape_into(into, &super::concise::line(file, d, at));
            into.push('\n');
        }
        if !failing.is_empty() {
            let message = format!(
                "{} {}, {} {}",
                errors,
                if errors == 1 { "error" } else { "errors" },
                warnings,
                if warnings == 1 { "warning" } else { "warnings" }
            );
            let _ = writeln!(
                out,
                "      <failure message=\"{message}\" type=\"agentspec\">{failing}</failure>"
            );
        }
        if !other.is_empty() {
            let _ = writeln!(out, "      <system-out>{other}</system-out>");
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escapes text for XML content and attribute values; characters XML 1.0 can't hold (control
/// characters other than tab and line breaks) become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// [`escape`], appending to `out` (the text between the characters replaced is copied whole).
fn escape_into(out: &mut String, text: &str) {
    let mut copied = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&apos;",
            '\t' | '\n' | '\r' => continue,
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => "\u{fffd}",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(replacement);
        copied = i + c.len_utf8();
    }
    out.push_str(&text[copied..]);
}
