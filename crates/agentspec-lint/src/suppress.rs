//! Inline suppressions in YAML files: `# agentspec: ignore[rule, …] reason`.
//!
//! A suppression is a YAML comment. It covers its own line when it follows code on that line,
//! and otherwise the next line that is not itself a comment. It silences the named rules'
//! findings whose primary location starts on the covered line. The reason is required.
//!
//! Comments are found by scanning lines: a `#` at the start of a line or after whitespace
//! starts one, unless it lies inside a scalar of the parsed document (a quoted, plain or block
//! scalar, or a key). When the file does not parse, that last check can't be made and a `#`
//! inside a multi-line quoted string may be taken for a comment; the file's syntax error is
//! reported either way. JSON has no comments: its suppressions live in the configuration
//! (`per-file-ignores`).
//!
//! [`apply`] removes suppressed findings and reports unused and invalid suppressions;
//! [`insert`] writes suppressions for existing findings (adoption on an existing repository).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use agentspec_syntax::{Format, LineIndex, Node, Parsed, ProblemKind, ScalarStyle, Span, Value};

use crate::rules::suppressions::{invalid_suppression, unused_suppression};
use crate::shared::new_diagnostic;
use crate::{Diagnostic, Edit, Fix, Options};

/// The marker every suppression comment starts with, after `#`.
pub const MARKER: &str = "agentspec:";

/// A suppression comment as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The comment, from `#` to the end of its line.
    pub comment: Span,
    /// 1-based line of the comment.
    pub line: usize,
    /// 1-based line whose findings it covers.
    pub target: usize,
    /// The rule names, each with its span.
    pub rules: Vec<(String, Span)>,
    /// The text after the rule list (empty when there is none).
    pub reason: String,
    /// Why the suppression can't be applied; it suppresses nothing when this is not empty.
    pub problems: Vec<Problem>,
}

/// What is wrong with a suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// Short text for the label.
    pub label: &'static str,
    /// What to write instead.
    pub help: String,
    /// The text to write at `span` when one is obvious (the known rule a misspelt name is
    /// close to).
    pub fix: Option<String>,
}

impl Suppression {
    /// Whether the suppression can be applied.
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Finds the suppression comments of a YAML file.
pub fn find(source: &str, parsed: &Parsed) -> Vec<Suppression> {
    if !source.contains(MARKER) {
        return Vec::new();
    }
    let index = LineIndex::new(source);
    let mut scalars = None;
    let mut found = Vec::new();
    // The code line after the last own-line comment: the same for a block of comment lines.
    let mut next_code = 0;
    for line in 1..=index.line_count() {
        let Some(text) = index.line_text(line) else {
            continue;
        };
        if !text.contains(MARKER) {
            continue;
        }
        let start = index.line_start(line).unwrap_or(0);
        let scalars = scalars.get_or_insert_with(|| scalar_extents(source, parsed));
        for hash in comment_starts(text) {
            let offset = start + hash;
            if scalars.covers(offset) {
                continue;
            }
            // The first real comment on a line runs to its end.
            if let Some(mut suppression) = parse_comment(source, offset, start + text.len()) {
                suppression.line = line;
                let code = text[..hash].trim_start_matches('\u{feff}');
                suppression.target = if code.trim().is_empty() {
                    if next_code <= line {
                        next_code = next_code_line(&index, line);
                    }
                    next_code
                } else {
                    line
                };
                found.push(suppression);
            }
            break;
        }
    }
    found
}

/// Removes the findings that valid suppressions cover, then reports invalid suppressions and
/// unused rule names. Does nothing for JSON files.
pub fn apply(
    path: &Path,
    source: &str,
    parsed: &Parsed,
    options: &Options,
    diagnostics: &mut Vec<Diagnostic>,
    counted: &mut Vec<crate::context::Counted>,
) {
    if crate::format_for_path(path) != Format::Yaml {
        return;
    }
    let suppressions = find(source, parsed);
    if suppressions.is_empty() {
        return;
    }
    let index = LineIndex::new(source);
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.rules.len()])
        .collect();
    let by_target = by_target(&suppressions);
    // Findings counted past the cap are suppressed as those kept whole.
    let mut suppressed = |rule: &str, span: Span| {
        if is_suppression_rule(rule) {
            return false;
        }
        let line = index.line_of(span.start);
        let mut found = false;
        for &i in by_target.get(&line).into_iter().flatten() {
            let s = &suppressions[i];
            if let Some(j) = s.rules.iter().position(|(name, _)| name == rule) {
                used[i][j] = true;
                found = true;
            }
        }
        found
    };
    diagnostics.retain(|d| !suppressed(d.rule, d.span));
    counted.retain(|c| !suppressed(c.rule, c.span));
    let parsed_fully = !parsed.documents.is_empty() && !parsed.has(ProblemKind::Syntax);
    let mut blocks = None;
    for (s, used) in suppressions.iter().zip(&used) {
        for problem in &s.problems {
            diagnostics.extend(
                new_diagnostic(
                    &invalid_suppression::INVALID_SUPPRESSION,
                    options,
                    problem.span,
                    problem.message.clone(),
                )
                .map(|d| {
                    let d = d.label(problem.label).help(problem.help.clone());
                    match &problem.fix {
                        Some(name) => d.fix(Fix::unsafe_(
                            format!("write `{name}`"),
                            vec![Edit::replace(problem.span, name.clone())],
                        )),
                        None => d,
                    }
                }),
            );
        }
        if !s.is_valid() || !parsed_fully || used.iter().all(|u| *u) {
            continue;
        }
        // Whether a cross-file rule finds something depends on the other files of the run (a
        // pre-commit hook gives only the changed ones): never call it unused.
        let unused: Vec<bool> = s
            .rules
            .iter()
            .zip(used)
            .map(|((name, _), used)| {
                !used
                    && crate::find_rule(name).is_some_and(|m| {
                        options.severity(m).is_some() && m.group != CROSS_FILE_GROUP
                    })
            })
            .collect();
        let whole = unused.iter().all(|u| *u);
        for (j, (name, span)) in s.rules.iter().enumerate() {
            if !unused[j] {
                continue;
            }
            let Some(d) = new_diagnostic(
                &unused_suppression::UNUSED_SUPPRESSION,
                options,
                *span,
                format!(
                    "the suppression of `{name}` is unused: `{name}` found nothing on line {}",
                    s.target
                ),
            ) else {
                continue;
            };
            let help = if s.rules.len() > 1 {
                format!("remove `{name}` from the list")
            } else {
                "remove the comment".to_string()
            };
            let target = index.line_start(s.target).map(|at| {
                let end = index
                    .line_text(s.target)
                    .map_or(at, |t| at + t.trim_end().len());
                Span::new(at, end)
            });
            let mut d = d.label("suppresses nothing").help(help);
            if let Some(target) = target.filter(|t| s.target != s.line && !t.is_empty()) {
                d = d.related(target, "the line it covers");
            }
            let removal = if whole {
                remove_comment(source, &index, s, || {
                    blocks.get_or_insert_with(|| block_scalar_extents(source, parsed))
                })
                .map(|edit| Fix::safe("remove the comment", vec![edit]))
            } else {
                // The name with the comma after it, or, for the last, the comma before it.
                let (start, end) = match s.rules.get(j + 1) {
                    Some((_, next)) => (span.start, next.start),
                    None if j > 0 => (s.rules[j - 1].1.end, span.end),
                    None => (span.start, span.end),
                };
                Some(Fix::safe(
                    format!("remove `{name}` from the list"),
                    vec![Edit::delete(Span::new(start, end))],
                ))
            };
            if let Some(fix) = removal {
                d = d.fix(fix);
            }
            diagnostics.push(d);
        }
    }
}

/// Most lines [`remove_comment`] reads above a comment line, so that removing many stacked
/// comments stays linear.
const MAX_LOOK_BACK: usize = 64;

/// The edit that removes suppression `s` and keeps the rest of its line: a comment after code
/// goes with the spaces before it; a comment on a line of its own goes with its line. `None`
/// when removing the line would change a value: a blank line after it would join the trailing
/// lines of a block scalar above it (`|+` keeps them).
fn remove_comment<'e>(
    source: &str,
    index: &LineIndex,
    s: &Suppression,
    blocks: impl FnOnce() -> &'e Extents,
) -> Option<Edit> {
    let start = index.line_start(s.line)?;
    let text = index.line_text(s.line)?;
    let before = source.get(start..s.comment.start)?;
    if s.target == s.line {
        let code = before.trim_end_matches([' ', '\t']);
        return Some(Edit::delete(Span::new(start + code.len(), s.comment.end)));
    }
    let bom = if start == 0 && text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let end = index.line_start(s.line + 1).unwrap_or(source.len());
    let next_blank = index
        .line_text(s.line + 1)
        .is_some_and(|t| t.trim().is_empty());
    if next_blank {
        // The lines above, back to one that is neither blank nor a comment: none may hold a
        // block scalar, whose kept trailing blank lines (`|+`) the blank line below would join.
        let blocks = blocks();
        let mut line = s.line;
        loop {
            let at = index.line_start(line)?;
            let text = index.line_text(line)?;
            if blocks.overlaps(Span::new(at, at + text.len())) {
                return None;
            }
            let body = text.trim_start_matches(['\u{feff}', ' ', '\t']);
            if !(line == s.line || body.is_empty() || body.starts_with('#')) || line == 1 {
                break;
            }
            if s.line - line >= MAX_LOOK_BACK {
                return None;
            }
            line -= 1;
        }
    }
    Some(Edit::delete(Span::new(start + bom, end)))
}

/// Removes findings added after [`apply`] (by the cross-file pass) that a valid suppression
/// covers, with the `unused-suppression` finding that rule name had. Does nothing for JSON
/// files, or when the text has no suppression.
pub fn reapply(path: &Path, source: &str, options: &Options, diagnostics: &mut Vec<Diagnostic>) {
    if crate::format_for_path(path) != Format::Yaml || !source.contains(MARKER) {
        return;
    }
    let parsed = agentspec_syntax::parse(source, Format::Yaml, &options.limits);
    let suppressions = find(source, &parsed);
    let index = LineIndex::new(source);
    let by_target = by_target(&suppressions);
    let mut used_names: HashSet<Span> = HashSet::new();
    diagnostics.retain(|d| {
        if is_suppression_rule(d.rule) {
            return true;
        }
        let line = index.line_of(d.span.start);
        let covering = by_target
            .get(&line)
            .into_iter()
            .flatten()
            .map(|&i| &suppressions[i])
            .flat_map(|s| &s.rules)
            .find(|(name, _)| name == d.rule);
        match covering {
            Some((_, span)) => {
                used_names.insert(*span);
                false
            }
            None => true,
        }
    });
    diagnostics.retain(|d| {
        d.rule != unused_suppression::UNUSED_SUPPRESSION.name || !used_names.contains(&d.span)
    });
}

/// The valid suppressions by the line they cover, as indices into `suppressions`.
fn by_target(suppressions: &[Suppression]) -> HashMap<usize, Vec<usize>> {
    let mut by_target: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, s) in suppressions.iter().enumerate() {
        if s.is_valid() {
            by_target.entry(s.target).or_default().push(i);
        }
    }
    by_target
}

/// The group whose rules read every file of a run together.
const CROSS_FILE_GROUP: &str = "catalog";

/// The result of [`insert`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inserted {
    /// The new text (the input unchanged where nothing was inserted).
    pub text: String,
    /// Rule names written, counted once per comment and rule.
    pub added: usize,
    /// Lines whose findings could not be suppressed, with the reason.
    pub skipped: Vec<(usize, String)>,
}

/// Inserts a suppression comment with `reason` above each line that has findings, indented
/// like that line, naming every rule found there. The rest of the text is kept byte for byte.
/// Findings of the `suppressions` rules are never suppressed; a line inside a multi-line
/// scalar can't carry a comment above it and is skipped.
pub fn insert(source: &str, parsed: &Parsed, diagnostics: &[Diagnostic], reason: &str) -> Inserted {
    let index = LineIndex::new(source);
    let mut by_line: std::collections::BTreeMap<usize, Vec<&'static str>> = Default::default();
    for d in diagnostics {
        if is_suppression_rule(d.rule) {
            continue;
        }
        by_line
            .entry(index.line_col(d.span.start).0)
            .or_default()
            .push(d.rule);
    }
    let mut inserted = Inserted {
        text: String::new(),
        added: 0,
        skipped: Vec::new(),
    };
    if by_line.is_empty() {
        inserted.text = source.to_string();
        return inserted;
    }
    if parsed.documents.is_empty() || parsed.has(ProblemKind::Syntax) {
        inserted.text = source.to_string();
        inserted.skipped = by_line
            .keys()
            .map(|&line| (line, "the file does not parse".to_string()))
            .collect();
        return inserted;
    }
    let scalars = scalar_extents(source, parsed);
    let default_eol = first_line_break(source);
    let mut text = String::with_capacity(source.len() + by_line.len() * 64);
    let mut copied = 0;
    for (line, mut rules) in by_line {
        let Some(mut at) = index.line_start(line) else {
            continue;
        };
        if scalars.covers(at) && !scalars.starts_at(at) {
            inserted
                .skipped
                .push((line, "the line is inside a multi-line scalar".to_string()));
            continue;
        }
        let line_text = index.line_text(line).unwrap_or("");
        let mut body = line_text;
        if let Some(rest) = body.strip_prefix('\u{feff}') {
            at += '\u{feff}'.len_utf8();
            body = rest;
        }
        let indent: String = body
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        rules.sort_unstable();
        rules.dedup();
        let eol = line_break_after(
            source,
            index.line_start(line).unwrap_or(0) + line_text.len(),
        )
        .unwrap_or(default_eol);
        text.push_str(&source[copied..at]);
        text.push_str(&format!(
            "{indent}# {MARKER} ignore[{}] {reason}{eol}",
            rules.join(", ")
        ));
        copied = at;
        inserted.added += rules.len();
    }
    text.push_str(&source[copied..]);
    inserted.text = text;
    inserted
}

/// Whether a rule belongs to the `suppressions` group (never suppressed inline).
fn is_suppression_rule(name: &str) -> bool {
    name == unused_suppression::UNUSED_SUPPRESSION.name
        || name == invalid_suppression::INVALID_SUPPRESSION.name
}

/// Byte offsets (within `line`) of each `#` that starts a comment by position: at the start of
/// the line (after the byte order mark of the first line) or after a space or tab.
fn comment_starts(line: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = line.as_bytes();
    let start = if line.starts_with('\u{feff}') { 3 } else { 0 };
    bytes
        .iter()
        .enumerate()
        .filter(move |&(i, &b)| {
            b == b'#' && (i == start || (i > start && matches!(bytes[i - 1], b' ' | b'\t')))
        })
        .map(|(i, _)| i)
}

/// Parses the comment at `hash` (a `#`) running to `end`; `None` when it is not a suppression.
fn parse_comment(source: &str, hash: usize, end: usize) -> Option<Suppression> {
    let comment = Span::new(hash, end);
    let after_hash = hash + 1;
    let text = &source[after_hash..end];
    let lead = text.len() - text.trim_start().len();
    let rest = text[lead..].strip_prefix(MARKER)?;
    let lead2 = rest.len() - rest.trim_start().len();
    let rest = &rest[lead2..];
    let after_ignore = rest.strip_prefix("ignore")?;
    if after_ignore
        .chars()
        .next()
        .is_some_and(|c| !(c == '[' || c.is_whitespace()))
    {
        return None;
    }
    let mut suppression = Suppression {
        comment,
        line: 0,
        target: 0,
        rules: Vec::new(),
        reason: String::new(),
        problems: Vec::new(),
    };
    // Offsets from here on are absolute.
    let list_from = end - after_ignore.len();
    let spaces = after_ignore.len() - after_ignore.trim_start().len();
    let open = list_from + spaces;
    if !source[open..end].starts_with('[') {
        suppression.problems.push(Problem {
            span: comment,
            message: "this suppression names no rule".to_string(),
            label: "no `[rule, …]` list",
            help: format!(
                "write `# {MARKER} ignore[rule-name] reason`; a whole file is covered by \
                 `per-file-ignores` in agentspec.toml"
            ),
            fix: None,
        });
        return Some(suppression);
    }
    let Some(close) = source[open..end].find(']').map(|i| open + i) else {
        suppression.problems.push(Problem {
            span: comment,
            message: "the rule list of this suppression has no closing `]`".to_string(),
            label: "unclosed `[`",
            help: format!("write `# {MARKER} ignore[rule-name] reason`"),
            fix: None,
        });
        return Some(suppression);
    };
    let mut item_start = open + 1;
    for item in source[open + 1..close].split(',') {
        let trimmed_start = item_start + (item.len() - item.trim_start().len());
        let name = item.trim();
        let span = Span::new(trimmed_start, trimmed_start + name.len());
        item_start += item.len() + 1;
        if name.is_empty() {
            suppression.problems.push(Problem {
                span: Span::new(open, close + 1),
                message: "this suppression has an empty rule name".to_string(),
                label: "empty name",
                help: "name each rule once, separated by commas: `ignore[rule-a, rule-b]`"
                    .to_string(),
                fix: None,
            });
            continue;
        }
        if crate::find_rule(name).is_none() {
            let names = crate::all_rules().iter().map(|r| r.meta.name);
            let close = crate::context::closest(name, names);
            let help = match close {
                Some(close) => format!("did you mean `{close}`?"),
                None => "run `agentspec rules` for the list of rules".to_string(),
            };
            suppression.problems.push(Problem {
                span,
                message: format!("this suppression names an unknown rule `{name}`"),
                label: "unknown rule",
                help,
                fix: close.map(str::to_string),
            });
            continue;
        }
        if is_suppression_rule(name) {
            suppression.problems.push(Problem {
                span,
                message: format!("`{name}` can't be suppressed inline"),
                label: "not suppressible inline",
                help: format!(
                    "turn `{name}` off for this file with `per-file-ignores` in agentspec.toml"
                ),
                fix: None,
            });
            continue;
        }
        suppression.rules.push((name.to_string(), span));
    }
    let reason = source[close + 1..end]
        .trim_start()
        .trim_start_matches([':', '-', '—'])
        .trim();
    suppression.reason = reason.to_string();
    if reason.is_empty() {
        suppression.problems.push(Problem {
            span: comment,
            message: "this suppression gives no reason".to_string(),
            label: "no reason",
            help: "say why the finding is accepted after the list: \
                   `# agentspec: ignore[rule-name] the reason`"
                .to_string(),
            fix: None,
        });
    }
    Some(suppression)
}

/// The first line after `line` that is not a comment-only line (past the end when none is).
fn next_code_line(index: &LineIndex, line: usize) -> usize {
    let mut next = line + 1;
    while let Some(text) = index.line_text(next) {
        if !text.trim_start().starts_with('#') {
            return next;
        }
        next += 1;
    }
    next
}

/// The extents of every scalar and scalar key of every document, where a `#` is text and
/// not a comment, merged where they overlap and in order. A block scalar's extent starts at its
/// `|` or `>` indicator.
struct Extents(Vec<Span>);

impl Extents {
    /// Whether an extent holds `offset`.
    fn covers(&self, offset: usize) -> bool {
        let i = self.0.partition_point(|s| s.start <= offset);
        i > 0 && offset < self.0[i - 1].end
    }

    /// Whether an extent shares a byte with `span`, or touches its ends.
    fn overlaps(&self, span: Span) -> bool {
        let i = self.0.partition_point(|s| s.start <= span.end);
        i > 0 && self.0[i - 1].end >= span.start
    }

    /// Whether an extent starts at `offset`.
    fn starts_at(&self, offset: usize) -> bool {
        self.0.binary_search_by_key(&offset, |s| s.start).is_ok()
    }
}

fn scalar_extents(source: &str, parsed: &Parsed) -> Extents {
    extents(source, parsed, false)
}

/// The extents of the block scalars (`|`, `>`) alone, as [`scalar_extents`] gives them.
fn block_scalar_extents(source: &str, parsed: &Parsed) -> Extents {
    extents(source, parsed, true)
}

fn extents(source: &str, parsed: &Parsed, blocks_only: bool) -> Extents {
    fn walk(node: &Node, source: &str, blocks_only: bool, out: &mut Vec<Span>) {
        match &node.value {
            Value::Map(entries) => {
                for entry in entries {
                    if entry.key.scalar && !blocks_only {
                        out.push(entry.key.span);
                    }
                    walk(&entry.value, source, blocks_only, out);
                }
            }
            Value::Seq(items) => {
                for item in items {
                    walk(item, source, blocks_only, out);
                }
            }
            _ => {
                let mut span = node.span;
                let block = matches!(node.style, ScalarStyle::Literal | ScalarStyle::Folded);
                if blocks_only && !block {
                    return;
                }
                if block {
                    if let Some(indicator) = source
                        .get(..span.start)
                        .and_then(|before| before.rfind(['|', '>']))
                    {
                        span.start = indicator + 1;
                    }
                }
                out.push(span);
            }
        }
    }
    let mut spans = Vec::new();
    for document in &parsed.documents {
        walk(&document.root, source, blocks_only, &mut spans);
    }
    spans.retain(|s| !s.is_empty() || blocks_only);
    spans.sort_unstable_by_key(|s| (s.start, s.end));
    let mut merged: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.start < last.end => last.end = last.end.max(span.end),
            _ => merged.push(span),
        }
    }
    Extents(merged)
}

/// The line break that ends the line ending at `at`, if any.
fn line_break_after(source: &str, at: usize) -> Option<&'static str> {
    let rest = source.get(at..)?;
    if rest.starts_with("\r\n") {
        Some("\r\n")
    } else if rest.starts_with('\n') {
        Some("\n")
    } else if rest.starts_with('\r') {
        Some("\r")
    } else {
        None
    }
}

/// The first line break of the text, or `\n`.
fn first_line_break(source: &str) -> &'static str {
    source
        .find(['\n', '\r'])
        .and_then(|at| line_break_after(source, at))
        .unwrap_or("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Parsed {
        agentspec_syntax::parse(source, Format::Yaml, &Default::default())
    }

    fn found(source: &str) -> Vec<Suppression> {
        find(source, &parse(source))
    }

    #[test]
    fn finds_own_line_and_trailing_comments() {
        let source = "# agentspec: ignore[unbounded-run] capped upstream\n\
                      # another comment\n\
                      agent: h/x   # agentspec: ignore[unknown-field, wrong-type]: legacy\n";
        let found = found(source);
        assert_eq!(found.len(), 2);
        assert_eq!((found[0].line, found[0].target), (1, 3));
        assert_eq!(found[0].reason, "capped upstream");
        assert_eq!((found[1].line, found[1].target), (3, 3));
        let names: Vec<&str> = found[1].rules.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["unknown-field", "wrong-type"]);
        assert_eq!(found[1].reason, "legacy");
        assert!(found.iter().all(Suppression::is_valid));
        let (_, span) = &found[1].rules[1];
        assert_eq!(span.slice(source), Some("wrong-type"));
    }

    #[test]
    fn a_comment_after_a_quoted_scalar_is_a_suppression() {
        let source = "a: \"20\"   # agentspec: ignore[wrong-type] double\n\
                      b: {c: 'x' }  # agentspec: ignore[wrong-type] single\n";
        let found = found(source);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].reason, "double");
        assert_eq!(found[1].reason, "single");
    }

    #[test]
    fn removing_a_comment_line_never_gives_a_kept_block_scalar_more_lines() {
        let fixed = |source: &str| -> Vec<Option<String>> {
            crate::lint_source(Path::new("a.agent.yaml"), source, None, &Options::default())
                .diagnostics
                .iter()
                .filter(|d| d.rule == unused_suppression::UNUSED_SUPPRESSION.name)
                .map(|d| d.fix.as_ref().map(|f| crate::fix::apply(source, &[f]).text))
                .collect()
        };
        let head = "name: a\ndescription: b\nenvironments: [{id: browser, kind: web}]\n";
        let comment = "# agentspec: ignore[wrong-type] old\n";
        // The blank line after the comment would become the scalar's.
        let kept = format!("{head}instructions: |+\n  text\n\n{comment}\nmodel: holo3-1-35b-a3b\n");
        assert_eq!(fixed(&kept), vec![None]);
        // With code between them, or no blank line after it, the line goes.
        for tail in ["model: holo3-1-35b-a3b\n", "\nmodel: holo3-1-35b-a3b\n"] {
            let source = format!("{head}instructions: |+\n  text\n{comment}{tail}");
            let expected = format!("{head}instructions: |+\n  text\n{tail}");
            if tail.starts_with('\n') {
                assert_eq!(fixed(&source), vec![None], "{source}");
            } else {
                assert_eq!(fixed(&source), vec![Some(expected)], "{source}");
            }
        }
        let after_code = format!("{head}instructions: x\n{comment}\nmodel: holo3-1-35b-a3b\n");
        assert_eq!(
            fixed(&after_code),
            vec![Some(format!(
                "{head}instructions: x\n\nmodel: holo3-1-35b-a3b\n"
            ))]
        );
    }

    #[test]
    fn a_suppression_after_the_byte_order_mark_covers_the_next_line() {
        let found = found("\u{feff}# agentspec: ignore[wrong-type] bom\nmax_steps: \"20\"\n");
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].target), (1, 2));
    }

    #[test]
    fn a_hash_inside_a_scalar_is_not_a_comment() {
        let source = "a: \"x # agentspec: ignore[wrong-type] quoted\"\n\
                      b: |\n  # agentspec: ignore[wrong-type] literal\n  more\n\
                      c: 'it''s # agentspec: ignore[wrong-type] single'\n\
                      d: x#agentspec:ignore[wrong-type]\n";
        assert_eq!(found(source), Vec::new());
    }

    #[test]
    fn invalid_suppressions_are_reported_with_what_to_write() {
        let cases = [
            ("# agentspec: ignore\n", "names no rule"),
            ("# agentspec: ignore[wrong-type\n", "no closing"),
            ("# agentspec: ignore[wrong-type, ] why\n", "empty rule name"),
            (
                "# agentspec: ignore[wrong-typ] why\n",
                "unknown rule `wrong-typ`",
            ),
            (
                "# agentspec: ignore[unused-suppression] why\n",
                "can't be suppressed",
            ),
            ("# agentspec: ignore[wrong-type]\n", "no reason"),
            ("# agentspec: ignore[wrong-type] :  \n", "no reason"),
        ];
        for (source, expected) in cases {
            let found = found(source);
            assert_eq!(found.len(), 1, "{source}");
            assert!(
                found[0]
                    .problems
                    .iter()
                    .any(|p| p.message.contains(expected)),
                "{source}: {:?}",
                found[0].problems
            );
        }
        let unknown = found("# agentspec: ignore[wrong-typ] why\n");
        assert_eq!(unknown[0].problems[0].help, "did you mean `wrong-type`?");
    }

    #[test]
    fn other_comments_are_not_suppressions() {
        for source in [
            "# agentspec: generated by a script\n",
            "# agentspec: ignored[wrong-type] why\n",
            "# see agentspec: ignore[wrong-type] why\n",
        ] {
            assert_eq!(found(source), Vec::new(), "{source}");
        }
    }

    #[test]
    fn insert_keeps_everything_else_byte_for_byte() {
        let source = "agent: h/x\r\nenv:\r\n  - kind: web\r\n    kind2: |\r\n      text\r\n";
        let parsed = parse(source);
        let at = |needle: &str| {
            let start = source.find(needle).expect("needle");
            Span::new(start, start + needle.len())
        };
        let d = |rule: &'static str, span| Diagnostic {
            rule,
            severity: crate::Severity::Error,
            message: String::new(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
            pointer: String::new(),
            fix: None,
        };
        let diagnostics = [
            d("wrong-type", at("kind: web")),
            d("unknown-field", at("kind: web")),
            d("wrong-type", at("text")),
            d("unused-suppression", at("agent")),
        ];
        let inserted = insert(source, &parsed, &diagnostics, "legacy");
        assert_eq!(
            inserted.text,
            "agent: h/x\r\nenv:\r\n  # agentspec: ignore[unknown-field, wrong-type] legacy\r\n  \
             - kind: web\r\n    kind2: |\r\n      text\r\n"
        );
        assert_eq!(inserted.added, 2);
        assert_eq!(inserted.skipped.len(), 1);
        assert_eq!(inserted.skipped[0].0, 5);
        let again = found(&inserted.text);
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].target, 4);
    }
}
