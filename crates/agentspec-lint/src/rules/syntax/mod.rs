//! Findings of the loader: syntax errors, duplicate keys, input limits, document count, kind.

pub mod duplicate_key;
pub mod input_limit;
pub mod multiple_documents;
pub mod syntax_error;
pub mod unknown_spec_kind;

use agentspec_syntax::{Node, Parsed, ProblemKind, Span};

use crate::{Diagnostic, Options, RuleMeta};

/// A diagnostic of a loader rule, or `None` when the rule is off.
pub(crate) fn new_diagnostic(
    rule: &'static RuleMeta,
    options: &Options,
    span: Span,
    message: String,
) -> Option<Diagnostic> {
    Some(Diagnostic::new(
        rule,
        options.severity(rule)?,
        span,
        "",
        message,
    ))
}

/// Turns the parser's problems into diagnostics.
pub fn problems(parsed: &Parsed, source: &str, options: &Options) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for problem in &parsed.problems {
        let found = match problem.kind {
            ProblemKind::Syntax | ProblemKind::Encoding => {
                syntax_error::diagnostic(problem, source, options)
            }
            ProblemKind::DuplicateKey => duplicate_key::diagnostic(problem, source, options),
            ProblemKind::DepthLimit | ProblemKind::AliasLimit | ProblemKind::NodeLimit => {
                input_limit::diagnostic(problem, options)
            }
        };
        out.extend(found);
    }
    if parsed.documents.is_empty() && parsed.problems.is_empty() {
        out.extend(syntax_error::empty(source, options));
    }
    out
}

/// Reports documents after the first: a spec file holds one request body or agent.
pub fn extra_documents(parsed: &Parsed, options: &Options, out: &mut Vec<Diagnostic>) {
    out.extend(multiple_documents::diagnostic(parsed, options));
}

/// Reports a document whose kind can't be told.
pub fn unknown_kind(root: &Node, options: &Options) -> Option<Diagnostic> {
    unknown_spec_kind::diagnostic(root, options)
}

use crate::{Registered, Run};

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::by(&syntax_error::SYNTAX_ERROR, Run::Loader),
    Registered::by(&duplicate_key::DUPLICATE_KEY, Run::Loader),
    Registered::by(&input_limit::INPUT_LIMIT, Run::Loader),
    Registered::by(&multiple_documents::MULTIPLE_DOCUMENTS, Run::Loader),
    Registered::by(&unknown_spec_kind::UNKNOWN_SPEC_KIND, Run::Loader),
];
