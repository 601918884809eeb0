//! What a rule sees: the parsed document, a map of its interesting places, and a report sink.

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
