//! Diagnostics as values: what a rule or a command found, where, and what to write instead.

use std::fmt;
use std::path::PathBuf;

use agentspec_syntax::Span;

use crate::fix::Fix;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; never fails a run.
    Info,
    /// Likely a mistake; fails a run only when warnings are denied.
    Warning,
    /// The API would reject the spec, or the project's policy forbids it.
    Error,
}

impl Severity {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What names the rule (or check) that reports a diagnostic: its stable kebab-case name, or a
/// value that knows it (the lint crate's rule metadata).
pub trait RuleName {
    /// The stable kebab-case name.
    fn rule_name(&self) -> &'static str;
}

impl RuleName for &'static str {
    fn rule_name(&self) -> &'static str {
        self
    }
}

/// A secondary location of a diagnostic, such as the first of two duplicates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// Where.
    pub span: Span,
    /// What is there.
    pub message: String,
}

/// One finding of one rule in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The stable kebab-case name of the rule or check that reported it (`config` for an
    /// `agentspec.toml` problem).
    pub rule: &'static str,
    /// Effective severity (after configuration).
    pub severity: Severity,
    /// One sentence saying what is wrong, quoting the offending value.
    pub message: String,
    /// The primary location: the exact token at fault.
    pub span: Span,
    /// Short text for the primary label.
    pub label: Option<String>,
    /// Other locations that explain the finding.
    pub related: Vec<Related>,
    /// What to write instead.
    pub help: Option<String>,
    /// JSON Pointer of the node at fault.
    pub pointer: String,
    /// The edits that would fix it, when the rule knows them.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A finding of `rule` at `span`, without labels or help yet.
    pub fn new(
        rule: impl RuleName,
        severity: Severity,
        span: Span,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.rule_name(),
            severity,
            message: message.into(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
            pointer: pointer.into(),
            fix: None,
        }
    }

    /// Sets the fix.
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    /// Sets the primary label.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Sets the help text.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Escapes, in every text of the finding, the characters that could break an output line
    /// or disguise text (see [`printable`]): messages quote spec content, which a pull request
    /// controls, and a line break in it could forge a finding or a CI command
    /// (`::error::…`).
    pub fn make_printable(&mut self) {
        for text in [
            Some(&mut self.message),
            self.label.as_mut(),
            self.help.as_mut(),
            self.fix.as_mut().map(|f| &mut f.message),
        ]
        .into_iter()
        .flatten()
        {
            if needs_escape(text) {
                *text = printable(text);
            }
        }
        for related in &mut self.related {
            if needs_escape(&related.message) {
                related.message = printable(&related.message);
            }
        }
    }

    /// The message followed by `help: …` on its own line, for outputs with one text field.
    pub fn message_with_help(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\nhelp: {help}", self.message),
            None => self.message.clone(),
        }
    }

    /// Adds a secondary location.
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}

/// The diagnostics of one file, with the text their spans point into: what every output
/// format renders.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as the user gave or the walk found it.
    pub path: PathBuf,
    /// The source text (lossily decoded when it was not UTF-8; empty when it was not read).
    pub source: String,
    /// Findings in position order.
    pub diagnostics: Vec<Diagnostic>,
}

impl FileResult {
    /// The name to show for the file, on one line: a line break or a terminal escape in a
    /// file name is written as an escape (`\n`), so no name can forge an output line.
    pub fn display_name(&self) -> String {
        let name = printable(&self.path.display().to_string());
        match name.strip_prefix("./") {
            Some(rest) if !rest.is_empty() => rest.to_string(),
            _ => name,
        }
    }

    /// `file:line:col: severity[rule] message`, the one-line form of `d` (the concise format,
    /// JUnit's failure text and a build script's `cargo:warning` lines), with `line` and
    /// `column` 1-based (columns in characters).
    pub fn concise_line(&self, d: &Diagnostic, line: usize, column: usize) -> String {
        format!(
            "{}:{line}:{column}: {}[{}] {}",
            self.display_name(),
            d.severity.as_str(),
            d.rule,
            d.message
        )
    }
}

/// Whether `c` is written as an escape when quoted: a control character (line breaks, tabs,
/// terminal escapes, C1 controls), a line or paragraph separator, or a bidi control.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

fn needs_escape(text: &str) -> bool {
    text.chars().any(is_hidden)
}

/// `text` with control characters (line breaks, tabs, terminal escapes), line separators and
/// bidi controls written as escapes (`\n`, `\t`, `\u{1b}`), so it prints as one line that
/// reads as it is.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden(c) => out.extend(c.escape_unicode()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_prints_on_one_line() {
        assert_eq!(
            printable("a\n::error::x\r\t\u{1b}[31m\u{202e}"),
            "a\\n::error::x\\r\\t\\u{1b}[31m\\u{202e}"
        );
        assert_eq!(printable("plain `text` é"), "plain `text` é");
    }
}
