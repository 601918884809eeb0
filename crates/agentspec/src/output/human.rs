//! The default format: miette's graphical reports, with the source, labels and help.

use std::fmt::Write as _;

use agentspec_lint::{Diagnostic, Severity};
use agentspec_syntax::LineIndex;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, SourceSpan};

use super::excerpt::Excerpt;
use super::Results;

/// The miette renderer every human-readable report uses: unicode, 100 columns, no links,
/// lines wrapped at spaces only (as they are written; finding the Unicode line breaks of every
/// message cost more than the rest of its report, and a rule name or a pointer is not cut at a
/// `-`).
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// Renders every diagnostic as a miette report; `color` picks the themed or plain output.
pub fn render(results: &Results, color: bool) -> String {
    let handler = handler(color);
    let mut out = String::new();
    for file in &results.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.source);
        let name = file.display_name();
        for d in &file.diagnostics {
            let spans: Vec<_> = std::iter::once(d.span)
                .chain(d.related.iter().map(|r| r.span))
                .collect();
            let (excerpt, spans) = Excerpt::new(name.clone(), &index, &spans);
            if color || !super::plain_report::write(&mut out, d, &excerpt, spans[0]) {
                render_report(&handler, &mut out, d, excerpt, &spans);
            }
            out.push('\n');
        }
    }
    out
}

/// Renders `d` through miette, its labels moved to `spans` in `excerpt`.
fn render_report(
    handler: &GraphicalReportHandler,
    out: &mut String,
    d: &Diagnostic,
    excerpt: Excerpt,
    spans: &[SourceSpan],
) {
    let report = WithSource {
        diagnostic: to_miette(d, spans),
        source: excerpt,
    };
    if handler.render_report(out, &report).is_err() {
        let _ = writeln!(
            out,
            "{}: {}[{}] {}",
            report.source.name(),
            d.severity.as_str(),
            d.rule,
            d.message
        );
    }
}

/// What miette writes for `d` without colors (the reference of `plain_report`'s tests).
#[cfg(test)]
pub(crate) fn render_with_miette(
    out: &mut String,
    d: &Diagnostic,
    excerpt: Excerpt,
    spans: &[SourceSpan],
) {
    render_report(&handler(false), out, d, excerpt, spans);
}

/// The miette form of a diagnostic: code = rule name, primary and secondary labels (at
/// `spans`: the primary span, then one per related location, as placed in the excerpt shown),
/// help.
pub fn to_miette(d: &Diagnostic, spans: &[SourceSpan]) -> MietteDiagnostic {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        d.label.clone(),
        spans[0],
    )];
    labels.extend(
        d.related
            .iter()
            .zip(&spans[1..])
            .map(|(r, &span)| LabeledSpan::new_with_span(Some(r.message.clone()), span)),
    );
    let mut diagnostic = MietteDiagnostic::new(d.message.clone())
        .with_code(d.rule)
        .with_severity(severity)
        .with_labels(labels);
    if let Some(help) = &d.help {
        diagnostic = diagnostic.with_help(help.clone());
    }
    diagnostic
}

/// Renders configuration errors as miette reports (with the TOML source when there is one).
pub fn render_config_errors(errors: &[crate::config::ConfigError], color: bool) -> String {
    let handler = handler(color);
    let mut out = String::new();
    for error in errors {
        let name = crate::config::display_path(&error.path);
        let mut diagnostic = MietteDiagnostic::new(format!("{name}: {}", error.message))
            .with_code("config")
            .with_severity(miette::Severity::Error);
        if let Some(help) = &error.help {
            diagnostic = diagnostic.with_help(help.clone());
        }
        let rendered = match (&error.text, error.span.clone()) {
            (Some(text), Some(span)) => {
                let index = agentspec_syntax::LineIndex::new(text);
                let span = agentspec_syntax::Span::new(span.start, span.end);
                let (excerpt, spans) = Excerpt::new(name, &index, &[span]);
                diagnostic =
                    diagnostic.with_label(LabeledSpan::new_primary_with_span(None, spans[0]));
                let report = WithSource {
                    diagnostic,
                    source: excerpt,
                };
                handler.render_report(&mut out, &report)
            }
            _ => handler.render_report(&mut out, &diagnostic),
        };
        if rendered.is_err() {
            let _ = writeln!(out, "error: {}: {}", error.path.display(), error.message);
        }
        out.push('\n');
    }
    out
}

/// A diagnostic with the excerpt it points into, rendered as it is: a `miette::Report` would
/// build a handler of its own for each report (reading the terminal's size and the
/// environment), which costs more than rendering it.
#[derive(Debug)]
struct WithSource {
    diagnostic: MietteDiagnostic,
    source: Excerpt,
}

impl std::fmt::Display for WithSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.diagnostic, f)
    }
}

impl std::error::Error for WithSource {}

impl miette::Diagnostic for WithSource {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.code()
    }

    fn severity(&self) -> Option<miette::Severity> {
        self.diagnostic.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.help()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diagnostic.labels()
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
}
