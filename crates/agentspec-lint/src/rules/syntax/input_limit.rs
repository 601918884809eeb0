use agentspec_syntax::Problem;

use crate::shared::new_diagnostic;
use crate::{declare_rule, Diagnostic, Options, Severity};

declare_rule! {
    /// ## What it does
    /// Reports input beyond the loader's limits: nesting deeper than the maximum depth (128), a
    /// document of more than a million nodes, or YAML aliases that would expand to more nodes
    /// than the alias budget (100,000: the "billion laughs") or copy more than 100 MiB of text
    /// (a long string aliased many times).
    /// A file over the maximum size (10 MiB unless `--max-file-size` says otherwise) is
    /// reported without being read. A file with more findings than the per-file cap ends with
    /// one finding that counts those not shown, as severe as the worst of them.
    ///
    /// ## Why is this bad?
    /// Such input is almost always hostile or broken; expanding it would take unbounded time
    /// and memory. The file is not checked further.
    ///
    /// ## Example
    /// ```yaml fragment
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
            .help("simplify the document: these limits protect against hostile input")
    })
}

/// The finding that stands for those dropped beyond `Options::max_diagnostics`: at the first
/// dropped one, as severe as the worst of them (so dropping never changes the exit status).
/// Shown even when the rule is off, as findings are never dropped silently. `counts` holds the
/// number dropped per severity (indexed by `Severity as usize`).
pub fn dropped(counts: [usize; 3], at: agentspec_syntax::Span, options: &Options) -> Diagnostic {
    let severity = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .find(|&s| counts[s as usize] > 0)
        .unwrap_or(Severity::Info);
    let mut parts = Vec::new();
    for (severity, name) in [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ] {
        let n = counts[severity as usize];
        if n > 0 {
            parts.push(format!("{n} {name}{}", if n == 1 { "" } else { "s" }));
        }
    }
    let total: usize = counts.iter().sum();
    Diagnostic {
        rule: INPUT_LIMIT.name,
        severity,
        message: format!(
            "{total} more finding{} not shown ({}): at most {} findings are reported per file",
            if total == 1 { " is" } else { "s are" },
            parts.join(", "),
            options.max_diagnostics
        ),
        span: agentspec_syntax::Span::empty(at.start),
        label: Some("findings from here on are not shown".into()),
        related: Vec::new(),
        help: Some("fix the findings shown, then run again to see the rest".into()),
        pointer: String::new(),
        fix: None,
    }
}

/// The finding for a file over `limit` bytes, which is not read: `size` is its size when known
/// (a device or a pipe has none). Shown even when the rule is off, as the file is not checked.
pub fn file_too_large(size: Option<u64>, limit: u64, options: &Options) -> Diagnostic {
    let what = match size {
        Some(size) => format!("the file is {} ({size} bytes), over", human_size(size)),
        None => "the file holds more than".to_string(),
    };
    Diagnostic {
        rule: INPUT_LIMIT.name,
        severity: options.severity(&INPUT_LIMIT).unwrap_or(Severity::Error),
        message: format!(
            "{what} the limit of {} per file; it was not read",
            human_size(limit)
        ),
        span: agentspec_syntax::Span::empty(0),
        label: None,
        related: Vec::new(),
        help: Some(
            "a spec file is one request body or agent definition: keep it small, or raise the \
             limit with `--max-file-size`"
                .into(),
        ),
        pointer: String::new(),
        fix: None,
    }
}

/// A size for people: `10 MiB`, `1.5 KiB`, `12 bytes`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} byte{}", if bytes == 1 { "" } else { "s" });
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let shown = format!("{value:.1}");
    let shown = shown.strip_suffix(".0").unwrap_or(&shown);
    format!("{shown} {}", UNITS[unit])
}
