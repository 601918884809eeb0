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
            let line = format!("{}\n", super::concise::line(file, d, at));
            if fails(d.severity) {
                failing.push_str(&line);
            } else {
                other.push_str(&line);
            }
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
                "      <failure message=\"{message}\" type=\"agentspec\">{}</failure>",
                escape(&failing)
            );
        }
        if !other.is_empty() {
            let _ = writeln!(out, "      <system-out>{}</system-out>", escape(&other));
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
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
