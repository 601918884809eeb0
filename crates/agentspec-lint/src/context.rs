//! What a rule sees: the parsed document, a map of its interesting places, and a report sink.

use std::collections::HashMap;

use agentspec_syntax::{Node, Span};

use crate::view::View;
use crate::{Diagnostic, Options, RuleMeta, SpecKind};

/// The document under check and the findings so far.
pub struct Context<'a> {
    /// The source text.
    pub source: &'a str,
    /// What the file describes.
    pub kind: SpecKind,
    /// The document's root node.
    pub root: &'a Node,
    /// Agents, environments, messages and schemas of the document, found once.
    pub view: View<'a>,
    /// Severities and policy.
    pub options: &'a Options,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Context<'a> {
    /// Creates a context for one document.
    pub fn new(source: &'a str, kind: SpecKind, root: &'a Node, options: &'a Options) -> Self {
        Context {
            source,
            kind,
            root,
            view: View::build(kind, root),
            options,
            diagnostics: Vec::new(),
        }
    }

    /// A context for the same document under other options, reusing this one's view, with
    /// no findings yet.
    pub fn with_options<'b>(&self, options: &'b Options) -> Context<'b>
    where
        'a: 'b,
    {
        Context {
            source: self.source,
            kind: self.kind,
            root: self.root,
            view: self.view.clone(),
            options,
            diagnostics: Vec::new(),
        }
    }

    /// Whether a rule is on (rules skip work for rules that are off).
    pub fn enabled(&self, rule: &RuleMeta) -> bool {
        self.options.severity(rule).is_some()
    }

    /// Reports a finding of `rule` at `span`; returns it for labels and help.
    pub fn report(
        &mut self,
        rule: &'static RuleMeta,
        span: Span,
        pointer: &str,
        message: impl Into<String>,
    ) -> Option<&mut Diagnostic> {
        let severity = self.options.severity(rule)?;
        self.diagnostics
            .push(Diagnostic::new(rule, severity, span, pointer, message));
        self.diagnostics.last_mut()
    }

    /// Reports a finding built elsewhere (severity is recomputed from the options).
    pub fn push(&mut self, rule: &'static RuleMeta, mut diagnostic: Diagnostic) {
        if let Some(severity) = self.options.severity(rule) {
            diagnostic.severity = severity;
            self.diagnostics.push(diagnostic);
        }
    }

    /// Whether the findings so far fill the per-file cap, so one more is shown only if a
    /// suppression removes another: rules then skip costly extras such as suggestions.
    pub fn past_cap(&self) -> bool {
        self.diagnostics.len() >= self.options.max_diagnostics
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// The findings, consuming the context.
    pub fn finish(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

/// Extension methods shared by rules for reporting with labels and help in one expression.
pub trait ReportExt {
    /// Sets the primary label.
    fn label(self, label: impl Into<String>) -> Self;
    /// Sets the help text.
    fn help(self, help: impl Into<String>) -> Self;
    /// Adds a secondary location.
    fn related(self, span: Span, message: impl Into<String>) -> Self;
    /// Sets the fix.
    fn fix(self, fix: crate::Fix) -> Self;
    /// Sets the fix, when there is one.
    fn fix_some(self, fix: Option<crate::Fix>) -> Self
    where
        Self: Sized,
    {
        match fix {
            Some(fix) => self.fix(fix),
            None => self,
        }
    }
}

impl ReportExt for Option<&mut Diagnostic> {
    fn label(mut self, label: impl Into<String>) -> Self {
        if let Some(d) = self.as_deref_mut() {
            d.label = Some(label.into());
        }
        self
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        if let Some(d) = self.as_deref_mut() {
            d.help = Some(help.into());
        }
        self
    }

    fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        if let Some(d) = self.as_deref_mut() {
            d.related.push(crate::Related {
                span,
                message: message.into(),
            });
        }
        self
    }

    fn fix(mut self, fix: crate::Fix) -> Self {
        if let Some(d) = self.as_deref_mut() {
            d.fix = Some(fix);
        }
        self
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
pub fn closest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    closest_prepared(word, &lowered(candidates))
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
        let near: Vec<(String, &'c str)> = seen
            .into_iter()
            .map(|i| self.candidates[i].clone())
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

/// [`closest`] among candidates prepared by [`lowered`].
pub fn closest_prepared<'c>(word: &str, candidates: &[(String, &'c str)]) -> Option<&'c str> {
    let word = word.to_lowercase();
    let mut best: Option<(f64, &str)> = None;
    for (lowered, candidate) in candidates {
        let score = strsim::jaro_winkler(&word, lowered);
        if score > best.map_or(0.0, |b| b.0) {
            best = Some((score, candidate));
        }
    }
    best.filter(|(score, _)| *score >= 0.8).map(|(_, c)| c)
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
