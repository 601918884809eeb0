//! What a rule sees: the parsed document and a map of its interesting places, read-only, and
//! a sink that takes its findings.
//!
//! Rules get `&Context`: they can read everything and change nothing but the findings. A
//! finding is built by [`Context::report`] and goes into the sink when the [`Finding`] that
//! builds it is dropped, at the end of the statement (`cx.report(...).label(...).help(...);`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use agentspec_syntax::{Node, Span};

use crate::root_cause::ReadAs;
use crate::view::View;
use crate::{Diagnostic, Options, RuleMeta, Severity, SpecKind};

/// The document under check, and where its findings go.
pub struct Context<'a> {
    /// The source text.
    pub source: &'a str,
    /// What the file describes.
    pub kind: SpecKind,
    /// The document's root node.
    pub root: &'a Node,
    /// Agents, environments, messages, schemas and overrides of the document, found once and
    /// shared by every context of the document.
    pub view: Rc<View<'a>>,
    /// Severities and policy.
    pub options: &'a Options,
    findings: Findings,
    /// Misspelt keys the structure pass read as the field they suggest.
    read_as: RefCell<ReadAs>,
}

impl<'a> Context<'a> {
    /// Creates a context for one document.
    pub fn new(source: &'a str, kind: SpecKind, root: &'a Node, options: &'a Options) -> Self {
        Context {
            source,
            kind,
            root,
            view: Rc::new(View::build(kind, root)),
            options,
            findings: Findings::capped(options.max_diagnostics),
            read_as: RefCell::default(),
        }
    }

    /// A context for the same document under other options, sharing this one's view, with
    /// no findings yet.
    pub fn with_options<'b>(&self, options: &'b Options) -> Context<'b>
    where
        'a: 'b,
    {
        Context {
            source: self.source,
            kind: self.kind,
            root: self.root,
            view: Rc::clone(&self.view) as Rc<View<'b>>,
            options,
            findings: Findings::capped(options.max_diagnostics),
            read_as: RefCell::default(),
        }
    }

    /// Whether a rule is on (rules skip work for rules that are off).
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.options.severity(rule).is_some()
    }

    /// Reports a finding of `rule` at `span`; the [`Finding`] takes labels and help, and is
    /// reported when dropped. Nothing is reported when the rule is off.
    pub fn report(
        &self,
        rule: &'static RuleMeta,
        span: Span,
        pointer: &str,
        message: impl Into<String>,
    ) -> Finding<'_> {
        let diagnostic = self
            .options
            .severity(rule)
            .map(|severity| Diagnostic::new(rule, severity, span, pointer, message));
        Finding::new(Some(&self.findings), diagnostic)
    }

    /// Reports a finding built elsewhere (severity is recomputed from the options).
    pub fn push(&self, rule: &'static RuleMeta, mut diagnostic: Diagnostic) {
        if let Some(severity) = self.options.severity(rule) {
            diagnostic.severity = severity;
            self.findings.push(diagnostic);
        }
    }

    /// Whether the findings so far fill the per-file cap, so one more is shown only if a
    /// suppression removes another: rules then skip costly extras such as suggestions.
    pub fn past_cap(&self) -> bool {
        self.findings.len() >= self.options.max_diagnostics
    }

    /// Records that the misspelt key at `key` is read as the field `name` by the rules that run
    /// after the structure pass (see `root_cause`).
    pub fn read_key_as(&self, key: Span, name: &'static str) {
        self.read_as.borrow_mut().insert(key, name);
    }

    /// The keys recorded by [`Context::read_key_as`], leaving none.
    pub fn take_read_as(&self) -> ReadAs {
        self.read_as.take()
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// The findings, consuming the context.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.findings.into_vec()
    }

    /// The findings kept whole, and those only counted past the per-file cap, consuming the
    /// context.
    pub fn finish_counted(self) -> (Vec<Diagnostic>, Vec<Counted>) {
        self.findings.into_parts()
    }
}

/// A finding past the per-file cap: counted (for the last finding's tally and for the
/// suppressions), never built whole.
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    /// The rule's name.
    pub rule: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// Where it is.
    pub span: Span,
}

impl Counted {
    /// The bare finding (no message), for callers that take findings whole.
    fn into_diagnostic(self) -> Diagnostic {
        Diagnostic {
            rule: self.rule,
            severity: self.severity,
            message: String::new(),
            span: self.span,
            label: None,
            related: Vec::new(),
            help: None,
            pointer: String::new(),
            fix: None,
        }
    }
}

/// Where the findings of one file go: rules only ever add to it. Past its cap it keeps whole
/// only the findings first by position (those a report shows) and counts the others, so a file
/// of a million mistakes holds a few hundred findings, not a million.
#[derive(Debug)]
pub struct Findings {
    /// The findings in the order they came, until the cap.
    kept: RefCell<Vec<ByPosition>>,
    /// Past the cap, the findings kept, the last by position on top.
    full: RefCell<Option<std::collections::BinaryHeap<ByPosition>>>,
    counted: RefCell<Vec<Counted>>,
    cap: usize,
}

impl Default for Findings {
    fn default() -> Self {
        Findings::capped(usize::MAX)
    }
}

/// A finding ordered as reports order them ([`crate::sort_diagnostics`]).
#[derive(Debug)]
struct ByPosition(Diagnostic);

impl ByPosition {
    fn key(&self) -> (usize, usize, &str, &str) {
        let d = &self.0;
        (d.span.start, d.span.end, d.rule, &d.message)
    }
}

impl PartialEq for ByPosition {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for ByPosition {}

impl PartialOrd for ByPosition {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ByPosition {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key().cmp(&other.key())
    }
}

impl Findings {
    /// A sink that keeps at most `cap` findings whole.
    pub fn capped(cap: usize) -> Self {
        Findings {
            kept: RefCell::default(),
            full: RefCell::default(),
            counted: RefCell::default(),
            cap,
        }
    }

    /// Adds a finding; past the cap, the last by position of those kept and it is counted.
    pub fn push(&self, diagnostic: Diagnostic) {
        let mut kept = self.kept.borrow_mut();
        let mut full = self.full.borrow_mut();
        if full.is_none() && kept.len() < self.cap {
            kept.push(ByPosition(diagnostic));
            return;
        }
        let full = full.get_or_insert_with(|| std::mem::take(&mut *kept).into_iter().collect());
        let mut diagnostic = ByPosition(diagnostic);
        if let Some(mut last) = full.peek_mut() {
            if diagnostic < *last {
                std::mem::swap(&mut *last, &mut diagnostic);
            }
        }
        let d = diagnostic.0;
        self.counted.borrow_mut().push(Counted {
            rule: d.rule,
            severity: d.severity,
            span: d.span,
        });
    }

    /// How many findings it holds, counted ones included.
    pub fn len(&self) -> usize {
        let full = self.full.borrow().as_ref().map_or(0, |f| f.len());
        self.kept.borrow().len() + full + self.counted.borrow().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The findings kept whole and the ones counted.
    pub fn into_parts(self) -> (Vec<Diagnostic>, Vec<Counted>) {
        let kept = match self.full.into_inner() {
            Some(full) => full.into_sorted_vec(),
            None => self.kept.into_inner(),
        };
        let kept = kept.into_iter().map(|d| d.0).collect();
        (kept, self.counted.into_inner())
    }

    /// Every finding, the counted ones bare (no message).
    pub fn into_vec(self) -> Vec<Diagnostic> {
        let (mut kept, counted) = self.into_parts();
        kept.extend(counted.into_iter().map(Counted::into_diagnostic));
        kept
    }
}

/// A finding being built: labels, help, related places and a fix are added in one expression,
/// and it goes into its sink when dropped. It holds nothing when its rule is off.
#[derive(Debug)]
pub struct Finding<'s> {
    sink: Option<&'s Findings>,
    diagnostic: Option<Diagnostic>,
}

impl<'s> Finding<'s> {
    /// A finding that goes into `sink`; nothing when either is missing.
    pub fn new(sink: Option<&'s Findings>, diagnostic: Option<Diagnostic>) -> Self {
        Finding { sink, diagnostic }
    }

    fn with(mut self, change: impl FnOnce(&mut Diagnostic)) -> Self {
        if let Some(d) = self.diagnostic.as_mut() {
            change(d);
        }
        self
    }

    /// Sets the primary label.
    pub fn label(self, label: impl Into<String>) -> Self {
        self.with(|d| d.label = Some(label.into()))
    }

    /// Sets the help text.
    pub fn help(self, help: impl Into<String>) -> Self {
        self.with(|d| d.help = Some(help.into()))
    }

    /// Sets the help text, when there is one.
    pub fn help_some(self, help: Option<impl Into<String>>) -> Self {
        match help {
            Some(help) => self.help(help),
            None => self,
        }
    }

    /// Adds a secondary location.
    pub fn related(self, span: Span, message: impl Into<String>) -> Self {
        self.with(|d| {
            d.related.push(crate::Related {
                span,
                message: message.into(),
            });
        })
    }

    /// Sets the fix.
    pub fn fix(self, fix: crate::Fix) -> Self {
        self.with(|d| d.fix = Some(fix))
    }

    /// Sets the fix, when there is one.
    pub fn fix_some(self, fix: Option<crate::Fix>) -> Self {
        match fix {
            Some(fix) => self.fix(fix),
            None => self,
        }
    }

    /// Sets the severity, for a rule whose findings differ in gravity (its docs say which).
    pub fn severity(self, severity: Severity) -> Self {
        self.with(|d| d.severity = severity)
    }
}

impl Drop for Finding<'_> {
    fn drop(&mut self) {
        if let (Some(sink), Some(diagnostic)) = (self.sink, self.diagnostic.take()) {
            sink.push(diagnostic);
        }
    }
}

/// A JSON Pointer reference token: a key or an index.
pub trait PointerToken {
    /// Appends the token, escaped (`~0`, `~1`), to `out`.
    fn push_to(&self, out: &mut String);
}

impl PointerToken for str {
    fn push_to(&self, out: &mut String) {
        agentspec_syntax::push_pointer_token(out, self);
    }
}

impl PointerToken for String {
    fn push_to(&self, out: &mut String) {
        self.as_str().push_to(out);
    }
}

impl PointerToken for usize {
    fn push_to(&self, out: &mut String) {
        use std::fmt::Write;
        let _ = write!(out, "{self}");
    }
}

impl<T: PointerToken + ?Sized> PointerToken for &T {
    fn push_to(&self, out: &mut String) {
        (**self).push_to(out);
    }
}

/// Joins a JSON Pointer and a child key or index.
pub fn child(pointer: &str, token: impl PointerToken) -> String {
    let mut out = String::with_capacity(pointer.len() + 16);
    out.push_str(pointer);
    push_child(&mut out, token);
    out
}

/// Appends `/token` to a pointer kept in a buffer (undo with `truncate`).
pub fn push_child(pointer: &mut String, token: impl PointerToken) {
    pointer.push('/');
    token.push_to(pointer);
}

/// The key span of `key` in a map node, or the node's own span when the key is absent.
pub fn key_span(node: &Node, key: &str) -> Span {
    node.entry(key).map_or(node.span, |e| e.key.span)
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
///
/// The candidate fewest edits away (insertions, deletions, substitutions and swaps of two
/// neighbours, ignoring case: `propertys` is two edits from `properties`, five from
/// `propertyNames`) wins when it is within a typo's reach; ties go to the more similar by
/// Jaro–Winkler. Otherwise the most similar by Jaro–Winkler, at least 0.8 (a shared start:
/// `desc` suggests `description`).
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    closest_prepared(word, &lowered(candidates))
}

/// The candidate a typo of `word` most likely stands for, only when the evidence is strong: the
/// single candidate fewest edits away, within a typo's reach (see [`closest`]). Rules read an
/// unknown key with a confident suggestion as the key it suggests.
pub fn confident<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let word = word.to_lowercase();
    match by_edits(&word, &lowered(candidates)) {
        Some((candidate, false)) => Some(candidate),
        _ => None,
    }
}

/// Most characters deleted from a word to meet a candidate in a [`TypoIndex`].
const TYPO_DELETIONS: usize = 2;

/// Longest word (in characters) a [`TypoIndex`] indexes by its deletions; a longer one is only
/// met by exact (case-insensitive) text.
const TYPO_MAX_CHARS: usize = 64;

/// [`closest`] among many candidates for many words, without comparing every word with every
/// candidate: each candidate is indexed by the strings it gives with up to two characters
/// deleted, and a word is compared only with the candidates that share one of its own (those
/// within about two edits: a typo). Building and each lookup cost the square of the word's
/// length, not the number of candidates.
pub struct TypoIndex<'c> {
    candidates: Vec<(String, &'c str)>,
    by_deletion: HashMap<String, Vec<usize>>,
}

impl<'c> TypoIndex<'c> {
    /// Indexes `candidates`.
    pub fn new(candidates: impl IntoIterator<Item = &'c str>) -> Self {
        let candidates = lowered(candidates);
        let mut by_deletion: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, (lowered, _)) in candidates.iter().enumerate() {
            for variant in deletions(lowered) {
                let list = by_deletion.entry(variant).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        TypoIndex {
            candidates,
            by_deletion,
        }
    }

    /// The candidate closest to `word` by [`closest`]'s measure and threshold, among those
    /// within about two edits of it.
    pub fn closest(&self, word: &str) -> Option<&'c str> {
        let word = word.to_lowercase();
        let mut seen: Vec<usize> = deletions(&word)
            .iter()
            .filter_map(|v| self.by_deletion.get(v))
            .flatten()
            .copied()
            .collect();
        seen.sort_unstable();
        seen.dedup();
        let near: Vec<(&str, &'c str)> = seen
            .into_iter()
            .map(|i| (self.candidates[i].0.as_str(), self.candidates[i].1))
            .collect();
        closest_prepared(&word, &near)
    }
}

/// `word` and every string it gives with up to [`TYPO_DELETIONS`] characters deleted.
fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out = vec![word.to_string()];
    if chars.len() > TYPO_MAX_CHARS {
        return out;
    }
    let mut frontier = vec![chars];
    for _ in 0..TYPO_DELETIONS {
        let mut next = Vec::new();
        for chars in &frontier {
            for i in 0..chars.len() {
                let mut shorter = chars.clone();
                shorter.remove(i);
                next.push(shorter);
            }
        }
        next.sort_unstable();
        next.dedup();
        out.extend(next.iter().map(|c| c.iter().collect::<String>()));
        frontier = next;
    }
    out
}

/// Candidates with their lowercase form, prepared once to suggest for many words.
pub fn lowered<'c>(candidates: impl IntoIterator<Item = &'c str>) -> Vec<(String, &'c str)> {
    candidates
        .into_iter()
        .map(|c| (c.to_lowercase(), c))
        .collect()
}

/// [`closest`] among candidates prepared by [`lowered`] (their lowercase form first).
pub fn closest_prepared<'c, L: AsRef<str>>(
    word: &str,
    candidates: &[(L, &'c str)],
) -> Option<&'c str> {
    let word = word.to_lowercase();
    if let Some((candidate, _)) = by_edits(&word, candidates) {
        return Some(candidate);
    }
    let mut best: Option<(f64, &str)> = None;
    for (lowered, candidate) in candidates {
        let score = strsim::jaro_winkler(&word, lowered.as_ref());
        if score > best.map_or(0.0, |b| b.0) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
}

/// How many edits a typo of a word of `len` characters may have: none below three characters,
/// one in a short word, two from five characters, three from twelve.
fn typo_reach(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=4 => 1,
        5..=11 => 2,
        _ => 3,
    }
}

/// The buckets of the characters of a word.
fn char_mask(word: &str) -> u64 {
    word.chars().fold(0, |mask, c| mask | 1 << (c as u32 % 64))
}

/// A cheap lower bound of the edits between two words: the characters one has more of than
/// the other (counted in buckets, which can only lower it).
fn bag_distance(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 64];
    for c in a.chars() {
        counts[c as usize % 64] += 1;
    }
    for c in b.chars() {
        counts[c as usize % 64] -= 1;
    }
    let (more, fewer) =
        counts.iter().fold(
            (0i32, 0i32),
            |(m, f), &n| {
                if n > 0 {
                    (m + n, f)
                } else {
                    (m, f - n)
                }
            },
        );
    usize::try_from(more.max(fewer)).unwrap_or(0)
}

/// The candidate fewest edits from the lowercased `word` within a typo's reach, and whether
/// another candidate is as few edits away (ties broken by Jaro–Winkler).
fn by_edits<'c, L: AsRef<str>>(word: &str, candidates: &[(L, &'c str)]) -> Option<(&'c str, bool)> {
    let length = word.chars().count();
    let mask = char_mask(word);
    let reach = typo_reach(length);
    let mut best: Option<(usize, f64, &str, bool)> = None;
    for (lowered, name) in candidates {
        let lowered = lowered.as_ref();
        // Cheap bounds first, so that most candidates are ruled out without an edit table (and
        // a long word is never compared cell by cell): lengths further apart than the reach,
        // characters one word has and the other lacks, then the bag distance.
        let other = char_mask(lowered);
        if length.abs_diff(lowered.chars().count()) > reach
            || (mask & !other).count_ones() as usize > reach
            || (other & !mask).count_ones() as usize > reach
            || bag_distance(word, lowered) > reach
        {
            continue;
        }
        let edits = strsim::osa_distance(word, lowered);
        if edits > reach {
            continue;
        }
        let similarity = strsim::jaro_winkler(word, lowered);
        match &mut best {
            Some(b) if edits > b.0 => {}
            Some(b) if edits == b.0 => {
                b.3 = true;
                if similarity > b.1 {
                    (b.1, b.2) = (similarity, name);
                }
            }
            _ => best = Some((edits, similarity, name, false)),
        }
    }
    best.map(|(_, _, candidate, tied)| (candidate, tied))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typo_index_finds_what_closest_finds_for_typos() {
        let names: Vec<String> = (0..500).map(|i| format!("agent-{i}-reader")).collect();
        let mut all: Vec<&str> = names.iter().map(String::as_str).collect();
        all.extend(["weather-agent", "hotel-finder", "Flight-Booker"]);
        let index = TypoIndex::new(all.iter().copied());
        for typo in [
            "wether-agent",
            "weather-agnet",
            "hotel-fnder",
            "flight-booker",
            "agent-17-raeder",
            "agent-4-reader",
        ] {
            assert_eq!(
                index.closest(typo),
                closest(typo, all.iter().copied()),
                "{typo}"
            );
            assert!(index.closest(typo).is_some(), "{typo}");
        }
        assert_eq!(index.closest("something-else-entirely"), None);
    }
}
