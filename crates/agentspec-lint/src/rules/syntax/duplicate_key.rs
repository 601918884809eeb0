use agentspec_syntax::Problem;

use crate::shared::new_diagnostic;
use crate::{declare_rule, Diagnostic, Options};

declare_rule! {
    /// ## What it does
    /// Reports a key written twice in the same mapping or JSON object.
    ///
    /// ## Why is this bad?
    /// YAML 1.2 forbids duplicate keys, and JSON parsers disagree on which value wins: the
    /// API may see the other one than the one you read. agentspec keeps the first.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// max_steps: 10
    /// max_steps: 20     # duplicate key `max_steps`
    /// ```
    pub static DUPLICATE_KEY = ("duplicate-key", "syntax", Error);
}

/// The diagnostic for a duplicate key.
pub fn diagnostic(problem: &Problem, source: &str, options: &Options) -> Option<Diagnostic> {
    let key = source
        .get(problem.span.start..problem.span.end)
        .unwrap_or("");
    let mut found = new_diagnostic(
        &DUPLICATE_KEY,
        options,
        problem.span,
        format!(
            "duplicate key `{}`",
            key.trim_matches(|c| c == '"' || c == '\'')
        ),
    )?
    .label("written again here")
    .help("keep one of the two");
    if let Some(first) = problem.related {
        found = found.related(first, "first written here");
    }
    Some(found)
}
