use agentspec_syntax::Parsed;

use crate::shared::new_diagnostic;
use crate::{declare_rule, Diagnostic, Options};

declare_rule! {
    /// ## What it does
    /// Reports a YAML stream with more than one document (`---`) in a spec file. Only the first
    /// document is checked.
    ///
    /// ## Why is this bad?
    /// A spec file is one request body or one agent definition; the others would never be sent.
    /// Put each in its own file.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// ---
    /// agent: h/web-surfer-pro      # a second document
    /// ```
    pub static MULTIPLE_DOCUMENTS = ("multiple-documents", "syntax", Error);
}

/// The diagnostic for the second document, if any.
pub fn diagnostic(parsed: &Parsed, options: &Options) -> Option<Diagnostic> {
    let second = parsed.documents.get(1)?;
    let count = parsed.documents.len();
    let span = agentspec_syntax::Span {
        start: second.root.span.start,
        end: second
            .root
            .span
            .start
            .max(second.root.span.end.min(second.root.span.start + 1)),
    };
    new_diagnostic(
        &MULTIPLE_DOCUMENTS,
        options,
        span,
        format!("the file holds {count} YAML documents; a spec file holds one"),
    )
    .map(|d| {
        d.label("second document starts here")
            .help("move each document to its own file")
    })
}
