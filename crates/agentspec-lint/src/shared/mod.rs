//! What several rules share and none of them reports by itself: the items of inline agents,
//! override paths, message images, schema name patterns, how scalars and definitions read, the
//! fast meta-schema check. Rules live in `rules/`; the places of a document they look at are
//! found once in `view.rs`.

pub mod agents;
pub mod definitions;
pub mod image;
pub mod key_patterns;
pub mod override_path;
pub mod plain_schema;
pub mod scalars;

use agentspec_syntax::Span;

use crate::{Diagnostic, Options, RuleMeta};

/// A finding of a rule that runs outside a [`Context`](crate::Context) (the loader, the
/// suppression pass), or `None` when the rule is off.
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
