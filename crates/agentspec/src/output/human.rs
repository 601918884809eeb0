//! The default format: miette's graphical reports, with the source, labels and help.

use agentspec_lint::{Diagnostic, Severity};
use agentspec_syntax::LineIndex;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError,
    MietteSpanContents, NamedSource, Report, SourceCode, SourceSpan, SpanContents,
};

use super::Results;

/// The miette renderer every human-readable report uses: unicode, 100 columns, no links.
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
}

/// Renders every diagnostic as a miette report; `color` picks the themed or plain output.
pub fn render(results: &Results, color: bool) -> String {
    let handler = handler(color);
    let mut out = String::new();
    for file in &results.files {
        for d in &file.diagnostics {
            let report = Report::new(to_miette(d)).with_source_code(source(
                file.display_name(),
                file.source.clone(),
                "yaml",
            ));
            if handler.render_report(&mut out, report.as_ref()).is_err() {
                out.push_str(&format!(
                    "{}: {}[{}] {}\n",
                    file.display_name(),
                    d.severity.as_str(),
                    d.rule,
                    d.message
                ));
            }
            out.push('\n');
        }
    }
    out
}

/// The miette form of a diagnostic: code = rule name, primary and secondary labels, help.
pub fn to_miette(d: &Diagnostic) -> MietteDiagnostic {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let mut labels = vec![LabeledSpan::new_primary_with_span(
        d.label.clone(),
        (d.span.start, d.span.end.saturating_sub(d.span.start)),
    )];
    labels.extend(d.related.iter().map(|r| {
        LabeledSpan::new_with_span(
            Some(r.message.clone()),
            (r.span.start, r.span.end.saturating_sub(r.span.start)),
        )
    }));
    let mut diagnostic = MietteDiagnostic::new(d.message.clone())
        .with_code(d.rule)
        .with_severity(severity)
        .with_labels(labels);
    if let Some(help) = &d.help {
        diagnostic = diagnostic.with_help(help.clone());
    }
    diagnostic
}

/// A named source for miette whose columns are counted in characters by [`LineIndex`], as in
/// every other output format (miette itself counts bytes).
pub fn source(name: String, text: String, language: &str) -> NamedSource<CharColumns> {
    NamedSource::new(name, CharColumns::new(text)).with_language(language)
}

/// Source text that reports its positions in characters.
pub struct CharColumns {
    text: String,
    index: LineIndex,
}

impl CharColumns {
    /// Indexes `text`.
    pub fn new(text: String) -> Self {
        let index = LineIndex::new(&text);
        CharColumns { text, index }
    }
}

impl SourceCode for CharColumns {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner = self
            .text
            .read_span(span, context_lines_before, context_lines_after)?;
        let start = inner.span().offset();
        let column = if inner.column() == 0 {
            0
        } else {
            self.index.line_col(start).1 - 1
        };
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            *inner.span(),
            inner.line(),
            column,
            inner.line_count(),
        )))
    }
}
