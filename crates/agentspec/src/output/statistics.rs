//! `--statistics`: how many findings each rule produced, most first, errors before warnings.

use std::collections::BTreeMap;
use std::fmt::Write;

use agentspec_lint::Severity;

use super::Results;

/// One line per rule and severity: count, severity, rule name.
pub fn render(results: &Results) -> String {
    let mut counts: BTreeMap<(&'static str, Severity), usize> = BTreeMap::new();
    for d in results.files.iter().flat_map(|f| &f.diagnostics) {
        *counts.entry((d.rule, d.severity)).or_default() += 1;
    }
    let mut rows: Vec<((&str, Severity), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| (b.1, b.0 .1).cmp(&(a.1, a.0 .1)).then(a.0 .0.cmp(b.0 .0)));
    let width = rows
        .iter()
        .map(|r| r.1.to_string().len())
        .max()
        .unwrap_or(1);
    let mut out = String::new();
    for ((rule, severity), count) in rows {
        let _ = writeln!(out, "{count:>width$}  {:<7}  {rule}", severity.as_str());
    }
    out
}
