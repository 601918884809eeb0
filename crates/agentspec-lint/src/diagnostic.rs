//! Diagnostics as values: what a rule found, where, and what to write instead.

use agentspec_syntax::Span;

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
    /// The stable kebab-case name of the rule.
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
}

impl Diagnostic {
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

    /// Adds a secondary location.
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            span,
            message: message.into(),
        });
        self
    }
}
