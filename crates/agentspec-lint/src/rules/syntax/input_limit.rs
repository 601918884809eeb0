use agentspec_syntax::Problem;

use super::new_diagnostic;
use crate::{declare_rule, Diagnostic, Options};

declare_rule! {
    /// ## What it does
    /// Reports input beyond the loader's limits: nesting deeper than the maximum depth, or YAML
    /// aliases that would expand to more nodes than the alias budget (the "billion laughs").
    ///
    /// ## Why is this bad?
    /// Such input is almost always hostile or broken; expanding it would take unbounded time
    /// and memory. The file is not checked further.
    ///
    /// ## Example
    /// ```yaml
    /// a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    /// b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    /// c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]   # … and so on
    /// ```
    pub static INPUT_LIMIT = ("input-limit", "syntax", Error);
}

/// The diagnostic for a limit hit.
pub fn diagnostic(problem: &Problem, options: &Options) -> Option<Diagnostic> {
    new_diagnostic(&INPUT_LIMIT, options, problem.span, problem.message.clone()).map(|d| {
        d.label("limit reached here")
            .help("simplify the document; the limits are configurable")
    })
}
