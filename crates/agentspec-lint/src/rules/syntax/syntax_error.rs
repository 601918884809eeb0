use agentspec_syntax::{Problem, Span};

use crate::shared::new_diagnostic;
use crate::{declare_rule, Diagnostic, Options};

declare_rule! {
    /// ## What it does
    /// Reports text that is not valid YAML 1.2 (in `.yaml`/`.yml` files) or strict JSON (in
    /// `.json` files), at the position where parsing failed. An empty file is reported too.
    ///
    /// ## Why is this bad?
    /// Nothing else can be checked, and the API would answer 422. JSON files are parsed as JSON:
    /// a trailing comma or a comment, which some tools tolerate, is an error here as it is for
    /// the API.
    ///
    /// ## Example
    /// ```json agent
    /// {"agent": "h/web-surfer-holo3-1-35b",}
    /// ```
    pub static SYNTAX_ERROR = ("syntax-error", "syntax", Error);
}

/// The diagnostic for a parser error.
pub fn diagnostic(problem: &Problem, _source: &str, options: &Options) -> Option<Diagnostic> {
    new_diagnostic(
        &SYNTAX_ERROR,
        options,
        problem.span,
        problem.message.clone(),
    )
    .map(|d| d.label("here"))
}

/// The diagnostic for a file with no document.
pub fn empty(source: &str, options: &Options) -> Option<Diagnostic> {
    let span = Span {
        start: 0,
        end: source.len().min(1),
    };
    new_diagnostic(
        &SYNTAX_ERROR,
        options,
        span,
        "the file is empty: expected a session request or an agent".into(),
    )
    .map(|d| d.help("write the request body (`agent: …`) or the agent definition (`name: …`)"))
}
