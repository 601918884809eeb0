//! Fixes as data: the text edits a finding proposes, and applying them so that every byte
//! outside the edits stays as it was.
//!
//! A [`Fix`] is plain data (byte ranges of the source and the text to put there), so the CLI
//! (`lint --fix`, `--diff`), the output formats (JSON `fix`, SARIF `fixes`) and an editor's code
//! actions read the same value. [`fix_source`] lints, applies, re-lints and checks the result
//! until nothing changes.

use std::collections::HashMap;
use std::path::Path;

use agentspec_syntax::{Entry, Format, Key, Node, ScalarStyle, Span};

pub use agentspec_diagnostic::{Applicability, Edit, Fix};

use crate::{Diagnostic, Options, SpecKind};

/// Which fixes a run applies.
#[derive(Debug, Clone, Default)]
pub struct FixSettings {
    /// Apply unsafe fixes too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Rules whose fixes are never applied (`unfixable` in agentspec.toml).
    pub unfixable: Vec<String>,
}

impl FixSettings {
    /// The fix of `diagnostic` that these settings apply, if any.
    pub fn applicable<'d>(&self, diagnostic: &'d Diagnostic) -> Option<&'d Fix> {
        let fix = diagnostic.fix.as_ref()?;
        let allowed = fix.applicability == Applicability::Safe || self.unsafe_fixes;
        (allowed && !self.unfixable.iter().any(|r| r == diagnostic.rule)).then_some(fix)
    }
}

/// Withdraws the fixes that would write different text at the same place: one node reached
/// through two YAML aliases, where each use would need its own change, gets none (the anchor
/// is shared, so no single edit is right for both).
pub fn withdraw_conflicting(diagnostics: &mut [Diagnostic]) {
    let mut by_span: HashMap<Span, (&str, usize)> = HashMap::new();
    let mut conflicting = Vec::new();
    for (i, d) in diagnostics.iter().enumerate() {
        for edit in d.fix.iter().flat_map(|f| &f.edits) {
            match by_span.get(&edit.span) {
                Some((content, first)) if *content != edit.content => {
                    conflicting.push(*first);
                    conflicting.push(i);
                }
                Some(_) => {}
                None => {
                    by_span.insert(edit.span, (&edit.content, i));
                }
            }
        }
    }
    for i in conflicting {
        diagnostics[i].fix = None;
    }
}

/// The result of [`apply`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The new text.
    pub text: String,
    /// The indices (into the fixes given) of the fixes applied.
    pub applied: Vec<usize>,
    /// The edits made, in source order, against the original text.
    pub edits: Vec<Edit>,
}

/// Applies every fix whose edits overlap no edit of an earlier fix (in the order given);
/// an edit identical to one already made (one anchor fixed through two aliases) is made once.
/// Every byte outside the edits is kept.
pub fn apply(source: &str, fixes: &[&Fix]) -> Applied {
    let mut taken: Vec<Edit> = Vec::new();
    let mut applied = Vec::new();
    for (i, fix) in fixes.iter().enumerate() {
        let valid = fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && source.is_char_boundary(e.span.start)
                && source.is_char_boundary(e.span.end)
        });
        if !valid {
            continue;
        }
        let new: Vec<&Edit> = fix.edits.iter().filter(|e| !taken.contains(e)).collect();
        let clash = new.iter().enumerate().any(|(j, e)| {
            taken.iter().any(|t| t.overlaps(e)) || new[j + 1..].iter().any(|o| o.overlaps(e))
        });
        if clash {
            continue;
        }
        taken.extend(new.into_iter().cloned());
        applied.push(i);
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut text = String::with_capacity(source.len());
    let mut at = 0;
    for edit in &taken {
        text.push_str(&source[at..edit.span.start]);
        text.push_str(&edit.content);
        at = edit.span.end;
    }
    text.push_str(&source[at..]);
    Applied {
        text,
        applied,
        edits: taken,
    }
}

/// The source span of a one-line scalar's token (`yes`, `"30"`, `'x'`): the node's span
/// without the anchor written before it. `None` for collections, block scalars, scalars
/// written over several lines, and tagged scalars (whose tag decides their reading, so
/// rewriting the token alone would not do).
pub fn scalar_token(source: &str, node: &Node) -> Option<Span> {
    if node.tag.is_some()
        || !matches!(
            node.style,
            ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
        )
    {
        return None;
    }
    let text = node.span.slice(source)?;
    if text.is_empty() || text.contains(['\n', '\r']) {
        return None;
    }
    let mut start = 0;
    // An anchor ends at whitespace.
    while text[start..].starts_with('&') {
        let end = text[start..].find([' ', '\t']).map(|i| start + i)?;
        start = end + (text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len());
    }
    let rest = &text[start..];
    let len = match node.style {
        ScalarStyle::SingleQuoted => quoted(rest, '\'')?,
        ScalarStyle::DoubleQuoted => quoted(rest, '"')?,
        _ => {
            let plain = rest.trim_end_matches([' ', '\t']);
            (!plain.is_empty() && !plain.starts_with(['"', '\''])).then_some(plain.len())?
        }
    };
    Some(Span::new(
        node.span.start + start,
        node.span.start + start + len,
    ))
}

/// Writes the string `text` in place of the one-line string scalar `node`, in the node's own
/// quotes (a JSON string stays a JSON string). `None` when `text` would need an escape in those
/// quotes, or, unquoted, could read as something other than that string (a number, `null`, a
/// YAML 1.1 boolean, an indicator, a comment).
pub fn replace_string(source: &str, node: &Node, text: &str) -> Option<Edit> {
    let token = scalar_token(source, node)?;
    let printable = !text.is_empty() && !text.chars().any(crate::diagnostic::is_hidden);
    let written = match node.style {
        ScalarStyle::DoubleQuoted if printable && !text.contains(['"', '\\']) => {
            format!("\"{text}\"")
        }
        ScalarStyle::SingleQuoted if printable && !text.contains('\'') => format!("'{text}'"),
        ScalarStyle::Plain if plain_safe(text) => text.to_string(),
        _ => return None,
    };
    Some(Edit::replace(token, written))
}

/// Whether `text`, written unquoted, reads as that string in YAML 1.2 and 1.1, in block and
/// flow context alike.
fn plain_safe(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./:%?=&+~@!$*'()#;".contains(&b) || b >= 0x80)
        && !text.contains(": ")
        && !text.ends_with(':')
        && !text.chars().any(crate::diagnostic::is_hidden)
        && agentspec_syntax::resolve_plain(text).is_none()
        && crate::shared::scalars::yaml_1_1_value(text).is_none()
}

/// Adds the entry `key: value` to the mapping `map`, before its first key and laid out like
/// it: on a line of its own, indented the same, in a block mapping or a mapping whose keys
/// stand on their own lines; followed by `, ` in a flow mapping on one line. The key and value
/// are double-quoted when the first key is (JSON, or YAML written that way); an anchor or tag
/// on the first key stays on it. `None` for an empty mapping, a first key merged in from an
/// anchor, a first key after anything but indentation and `- ` in a block mapping, or tabs in
/// the indentation. `key` and `value` are words that need no quoting.
pub fn insert_entry(source: &str, map: &Node, key: &str, value: &str) -> Option<Edit> {
    let first = map
        .as_map()?
        .iter()
        .map(|e| &e.key)
        .filter(|k| map.span.start <= k.span.start && k.span.end <= map.span.end)
        .min_by_key(|k| k.span.start)?;
    let at = first.span.start;
    let line_start = source[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = source[line_start..at].trim_start_matches('\u{feff}');
    let flow = {
        let text = map.span.slice(source)?;
        let mut rest = text;
        while rest.starts_with(['&', '!']) {
            rest = rest[rest.find(char::is_whitespace)?..].trim_start();
        }
        rest.starts_with('{')
    };
    let own_line = if flow {
        before.trim_start_matches([' ', '\t']).is_empty()
    } else {
        before.bytes().all(|b| b == b' ' || b == b'-')
    };
    let (key, value) = if first.span.slice(source)?.starts_with('"') {
        (format!("\"{key}\""), format!("\"{value}\""))
    } else {
        (key.to_string(), value.to_string())
    };
    let text = if own_line {
        if before.contains('\t') {
            return None;
        }
        let eol = match source[at..].find(['\n', '\r']) {
            Some(i) if source[at + i..].starts_with("\r\n") => "\r\n",
            Some(i) if source[at + i..].starts_with('\r') => "\r",
            _ => "\n",
        };
        let indent = " ".repeat(before.len());
        let comma = if flow { "," } else { "" };
        format!("{key}: {value}{comma}{eol}{indent}")
    } else if flow {
        format!("{key}: {value}, ")
    } else {
        return None;
    };
    Some(Edit::insert(at, text))
}

/// Renames the key of `entry`, one of `map`'s entries, to `name`, keeping its quotes: the
/// suggestion of a misspelt field or keyword. `None` when `map` already has `name`, when the
/// key carries an anchor, a tag or an escape, when it was merged in from another mapping (`<<`,
/// where renaming it would rename it at every use of the anchor), or when `name` is not a word
/// that needs no quoting (letters, digits, `_`, `$`).
pub fn rename_key(source: &str, map: &Node, key: &Key, name: &str) -> Option<Fix> {
    let word = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$');
    let present = map.as_map()?.iter().any(|e: &Entry| e.key.text == name);
    let inside = map.span.start <= key.span.start && key.span.end <= map.span.end;
    if !word || present || !inside || !key.scalar {
        return None;
    }
    let written = key.span.slice(source)?;
    let quote = match written.as_bytes().first()? {
        b'"' => "\"",
        b'\'' => "'",
        _ => "",
    };
    let inner = written.strip_prefix(quote)?.strip_suffix(quote)?;
    if inner != key.text || (quote.is_empty() && written != key.text) {
        return None;
    }
    Some(Fix::unsafe_(
        format!("rename `{}` to `{name}`", key.text),
        vec![Edit::replace(key.span, format!("{quote}{name}{quote}"))],
    ))
}

/// The length of `text` when it is one quoted token (the parser ends a quoted scalar's span at
/// its closing quote).
fn quoted(text: &str, quote: char) -> Option<usize> {
    (text.len() >= 2 && text.starts_with(quote) && text.ends_with(quote)).then_some(text.len())
}

/// Most lint-and-apply passes over one file.
pub const MAX_PASSES: usize = 32;

/// A fix that was not applied because its result was worse than the text before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// The rule of the finding.
    pub rule: &'static str,
    /// The finding's message.
    pub message: String,
    /// Why the result was not kept.
    pub reason: String,
}

/// The result of [`fix_source`].
#[derive(Debug, Clone, Default)]
pub struct FixOutcome {
    /// The fixed text (the source itself when nothing applied).
    pub text: String,
    /// Findings fixed, per rule name.
    pub fixed: Vec<(&'static str, usize)>,
    /// Fixes not applied because the result would not parse or had a new finding.
    pub rejected: Vec<Rejected>,
    /// Whether the passes stopped at [`MAX_PASSES`] with fixes left.
    pub unfinished: bool,
    /// The edits of each pass kept, in source order, each against the text the pass before
    /// it left.
    pub passes: Vec<Vec<Edit>>,
}

impl FixOutcome {
    /// How many findings were fixed.
    pub fn fixed_count(&self) -> usize {
        self.fixed.iter().map(|(_, n)| n).sum()
    }
}

/// Lints `source`, applies the fixes `settings` allow, and repeats on the result until no fix
/// applies (at most [`MAX_PASSES`] times). A pass whose result fails to parse, or has more
/// findings of some rule than the text before it, is not kept: its fixes are then tried one at
/// a time, and those that still break something are reported in [`FixOutcome::rejected`].
pub fn fix_source(
    path: &Path,
    source: &str,
    kind: Option<SpecKind>,
    options: &Options,
    settings: &FixSettings,
) -> FixOutcome {
    let mut text = source.to_string();
    let mut fixed: Vec<(&'static str, usize)> = Vec::new();
    let mut rejected: Vec<Rejected> = Vec::new();
    let mut passes: Vec<Vec<Edit>> = Vec::new();
    let mut report = crate::lint_source(path, &text, kind, options);
    for _ in 0..MAX_PASSES {
        let candidates: Vec<&Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| settings.applicable(d).is_some())
            .filter(|d| {
                !rejected
                    .iter()
                    .any(|r| r.rule == d.rule && r.message == d.message)
            })
            .collect();
        if candidates.is_empty() {
            return FixOutcome {
                text,
                fixed,
                rejected,
                unfinished: false,
                passes,
            };
        }
        let fixes: Vec<&Fix> = candidates.iter().filter_map(|d| d.fix.as_ref()).collect();
        let batch = apply(&text, &fixes);
        let next = match check(path, &text, &batch.text, &report.diagnostics, kind, options) {
            Ok(next) => Some((batch, next)),
            Err(_) if batch.applied.len() > 1 => {
                // Find the first fix that is fine alone; the others wait for the next pass.
                let mut found = None;
                for (i, fix) in fixes.iter().enumerate() {
                    let alone = apply(&text, &[fix]);
                    match check(path, &text, &alone.text, &report.diagnostics, kind, options) {
                        Ok(next) => {
                            found = Some((
                                Applied {
                                    applied: vec![i],
                                    ..alone
                                },
                                next,
                            ));
                            break;
                        }
                        Err(reason) => rejected.push(rejection(candidates[i], reason)),
                    }
                }
                found
            }
            Err(reason) => {
                for &i in &batch.applied {
                    rejected.push(rejection(candidates[i], reason.clone()));
                }
                None
            }
        };
        if let Some((batch, next)) = next {
            for &i in &batch.applied {
                let rule = candidates[i].rule;
                match fixed.iter_mut().find(|(r, _)| *r == rule) {
                    Some((_, n)) => *n += 1,
                    None => fixed.push((rule, 1)),
                }
            }
            text = batch.text;
            passes.push(batch.edits);
            report = next;
        }
    }
    let unfinished = report
        .diagnostics
        .iter()
        .any(|d| settings.applicable(d).is_some());
    FixOutcome {
        text,
        fixed,
        rejected,
        unfinished,
        passes,
    }
}

fn rejection(d: &Diagnostic, reason: String) -> Rejected {
    Rejected {
        rule: d.rule,
        message: d.message.clone(),
        reason,
    }
}

/// Lints the fixed text and accepts it when it parses as well as the text before and has no
/// rule with more findings than before.
fn check(
    path: &Path,
    before_text: &str,
    after_text: &str,
    before: &[Diagnostic],
    kind: Option<SpecKind>,
    options: &Options,
) -> Result<crate::FileReport, String> {
    let format = crate::format_for_path(path);
    let parse = |text: &str| agentspec_syntax::parse(text, format, &options.limits);
    let (old, new) = (parse(before_text), parse(after_text));
    if new.documents.len() != old.documents.len() || new.problems.len() > old.problems.len() {
        let what = match format {
            Format::Json => "JSON",
            Format::Yaml => "YAML",
        };
        return Err(format!("the fixed text would not parse as the same {what}"));
    }
    let report = crate::lint_source(path, after_text, kind, options);
    let mut counts: HashMap<&str, isize> = HashMap::new();
    for d in before {
        *counts.entry(d.rule).or_default() += 1;
    }
    for d in &report.diagnostics {
        *counts.entry(d.rule).or_default() -= 1;
    }
    let mut worse: Vec<&str> = counts
        .into_iter()
        .filter(|(_, n)| *n < 0)
        .map(|(r, _)| r)
        .collect();
    worse.sort_unstable();
    if let Some(rule) = worse.first() {
        return Err(format!("the fixed text would have a new `{rule}` finding"));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fix(edits: &[(usize, usize, &str)]) -> Fix {
        Fix::safe(
            "test",
            edits
                .iter()
                .map(|&(s, e, c)| Edit::replace(Span::new(s, e), c))
                .collect(),
        )
    }

    #[test]
    fn overlapping_fixes_wait_and_identical_edits_apply_once() {
        let source = "abcdef";
        let a = fix(&[(0, 2, "X")]);
        let b = fix(&[(1, 3, "Y")]);
        let c = fix(&[(0, 2, "X"), (4, 4, "+")]);
        let d = fix(&[(5, 6, "")]);
        let out = apply(source, &[&a, &b, &c, &d]);
        assert_eq!(out.text, "Xcd+e");
        assert_eq!(out.applied, vec![0, 2, 3]);
    }

    #[test]
    fn keys_are_renamed_in_their_quotes_unless_anchored_merged_or_taken() {
        let rename = |source: &str, map: &str, key: &str, name: &str| {
            let parsed = agentspec_syntax::parse(source, Format::Yaml, &Default::default());
            let map = parsed.documents[0].root.get(map).expect("map").clone();
            let entry = map.entry(key).expect("key").clone();
            rename_key(source, &map, &entry.key, name).map(|f| apply(source, &[&f]).text)
        };
        let source = "a:\n  'max_step': 1\n  \"hed\": 2\n";
        assert_eq!(
            rename(source, "a", "max_step", "max_steps").as_deref(),
            Some("a:\n  'max_steps': 1\n  \"hed\": 2\n")
        );
        assert_eq!(
            rename(source, "a", "hed", "head").as_deref(),
            Some("a:\n  'max_step': 1\n  \"head\": 2\n")
        );
        assert_eq!(rename(source, "a", "hed", "max_step"), None);
        assert_eq!(rename(source, "a", "hed", "two words"), None);
        assert_eq!(rename("a:\n  &k hed: 1\n", "a", "hed", "head"), None);
        assert_eq!(rename("a:\n  !!str hed: 1\n", "a", "hed", "head"), None);
        let merged = "x: &x {hed: 1}\na:\n  <<: *x\n  b: 2\n";
        assert_eq!(rename(merged, "a", "hed", "head"), None);
        assert!(rename(merged, "x", "hed", "head").is_some());
    }

    #[test]
    fn entries_are_inserted_laid_out_like_the_first_key() {
        let insert = |source: &str, format: Format| {
            let parsed = agentspec_syntax::parse(source, format, &Default::default());
            let root = &parsed.documents[0].root;
            let map = root
                .get("m")
                .and_then(|m| m.as_seq())
                .map_or(root, |s| &s[0]);
            insert_entry(source, map, "id", "browser").map(|e| {
                let fix = Fix::safe("add", vec![e]);
                apply(source, &[&fix]).text
            })
        };
        let yaml = |s: &str| insert(s, Format::Yaml);
        assert_eq!(
            yaml("m:\r\n  - kind: web # c\r\n    x: 1\r\n").as_deref(),
            Some("m:\r\n  - id: browser\r\n    kind: web # c\r\n    x: 1\r\n")
        );
        assert_eq!(
            yaml("m: [{kind: web}]\n").as_deref(),
            Some("m: [{id: browser, kind: web}]\n")
        );
        assert_eq!(
            yaml("m:\n  - {\n    \"kind\": web\n  }\n").as_deref(),
            Some("m:\n  - {\n    \"id\": \"browser\",\n    \"kind\": web\n  }\n")
        );
        // An anchor on the first key stays on it.
        assert_eq!(
            yaml("m:\n  - &a kind: web\n").as_deref(),
            Some("m:\n  - id: browser\n    &a kind: web\n")
        );
        assert_eq!(yaml("m:\n  -\tkind: web\n"), None);
        assert_eq!(yaml("m:\n  - {}\n"), None);
        assert_eq!(
            insert("{\"kind\": \"web\"}", Format::Json).as_deref(),
            Some("{\"id\": \"browser\", \"kind\": \"web\"}")
        );
    }

    #[test]
    fn two_insertions_at_one_place_do_not_both_apply() {
        let a = fix(&[(2, 2, "1")]);
        let b = fix(&[(2, 2, "2")]);
        assert_eq!(apply("abcd", &[&a, &b]).text, "ab1cd");
        let c = fix(&[(1, 3, "")]);
        assert_eq!(apply("abcd", &[&c, &a]).applied, vec![0]);
    }
}
