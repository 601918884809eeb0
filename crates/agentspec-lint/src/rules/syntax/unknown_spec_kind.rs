use agentspec_syntax::{Node, Span};

use crate::shared::new_diagnostic;
use crate::{declare_rule, Diagnostic, Options};

declare_rule! {
    /// ## What it does
    /// Reports a file whose kind can't be told: its name is not `*.session.*` or `*.agent.*`,
    /// no `--kind` was given, and its content has neither `agent` (a session) nor `name` with
    /// `description` (an agent).
    ///
    /// ## Why is this bad?
    /// Without the kind, agentspec can't know which rules apply.
    ///
    /// ## Example
    /// ```yaml fragment
    /// # weather.yaml
    /// messages: [Find the weather in Paris]
    /// ```
    pub static UNKNOWN_SPEC_KIND = ("unknown-spec-kind", "syntax", Error);
}

/// The diagnostic for a document of unknown kind.
pub fn diagnostic(root: &Node, options: &Options) -> Option<Diagnostic> {
    let span = Span {
        start: root.span.start,
        end: root.span.start,
    };
    new_diagnostic(
        &UNKNOWN_SPEC_KIND,
        options,
        span,
        "can't tell whether this is a session or an agent spec".into(),
    )
    .map(|d| {
        d.help("name the file `*.session.yaml` or `*.agent.yaml`, or pass `--kind session|agent`")
    })
}
