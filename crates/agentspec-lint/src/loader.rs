//! The findings of the loader rules (`rules/syntax`): turns the parser's problems into
//! diagnostics, and reports extra documents and a document whose kind can't be told. They run
//! before, and outside, the per-document rules (`Run::Loader`).

use agentspec_syntax::{Node, Parsed, ProblemKind};

use crate::rules::syntax::{
    duplicate_key, input_limit, multiple_documents, syntax_error, unknown_spec_kind,
};
use crate::{Diagnostic, Options};

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
