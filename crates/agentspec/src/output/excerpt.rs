//! The part of a source a human-readable report shows: the lines around its labels, each long
//! line cut to a window around the label (`…` where it is cut), control and bidi characters
//! written as escapes, and every label moved into that text.
//!
//! miette reads the source it is given from its first byte for every label and pads to the
//! label's column with a width argument, which panics past column 65,535: so it only ever sees
//! an excerpt of bounded size, and the excerpt answers with the true line numbers and the true
//! column of each label.

use agentspec_syntax::{LineIndex, Span};
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// Bytes of a long line shown around its label.
const WINDOW: usize = 160;
/// Bytes of a long line shown before its label.
const LEAD: usize = 60;
/// Lines of a multi-line label shown; the label is cut at the end of the last one.
const SPAN_LINES: usize = 20;
/// Lines of context around a label (miette's default).
const CONTEXT: usize = 1;

/// A bounded excerpt of a source, standing in for the whole source in a miette report.
#[derive(Debug)]
pub struct Excerpt {
    name: String,
    text: String,
    /// Per excerpt line: its 0-based line in the source and the last source line of the run of
    /// consecutive source lines it belongs to.
    lines: Vec<(usize, usize)>,
    /// Per label: its offset in the excerpt and its true 0-based line and column.
    anchors: Vec<(usize, usize, usize)>,
}

/// One source line as shown: the window of its text and where it landed in the excerpt.
struct Shown {
    /// Byte offsets of the line's text (without its line break) in the source.
    start: usize,
    end: usize,
    /// Byte offsets of the window in the source.
    window: (usize, usize),
    /// Source offset -> excerpt offset where each run of characters copied as they are starts,
    /// and where each character written otherwise (escaped, or a byte order mark left out)
    /// starts; the end of the window last.
    map: Vec<(usize, usize)>,
    /// Excerpt offsets of the line's first byte and just past its text (before any line break).
    at: (usize, usize),
    /// Excerpt offset of the `…` after the window, if the line is cut there.
    cut_after: Option<usize>,
}

impl Excerpt {
    /// The excerpt of the source indexed by `index` that shows `spans` (the first is the
    /// primary one), and each span moved into it.
    pub fn new(name: String, index: &LineIndex, spans: &[Span]) -> (Self, Vec<SourceSpan>) {
        let text_len = index
            .line_start(index.line_count())
            .zip(index.line_text(index.line_count()))
            .map_or(0, |(start, text)| start + text.len());
        let last_line = index.line_count();
        // Clamp each span into the source and to its first SPAN_LINES lines.
        let spans: Vec<Span> = spans
            .iter()
            .map(|span| {
                let start = span.start.min(text_len);
                let end = span.end.clamp(start, text_len);
                let first = index.line_of(start);
                let last = index.line_of(end.saturating_sub(1).max(start));
                if last >= first + SPAN_LINES {
                    let cut = first + SPAN_LINES - 1;
                    let end = index.line_start(cut).unwrap_or(0)
                        + index.line_text(cut).map_or(0, str::len);
                    Span::new(start, end)
                } else {
                    Span::new(start, end)
                }
            })
            .collect();
        // The runs of consecutive lines to show (labels whose lines meet share one snippet).
        let mut ranges: Vec<(usize, usize)> = spans
            .iter()
            .map(|span| {
                let first = index.line_of(span.start);
                let last = index.line_of(span.end.saturating_sub(1).max(span.start));
                (
                    first.saturating_sub(CONTEXT).max(1),
                    (last + CONTEXT).min(last_line),
                )
            })
            .collect();
        ranges.sort_unstable();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for (first, last) in ranges {
            match runs.last_mut() {
                Some(run) if first <= run.1 + 1 => run.1 = run.1.max(last),
                _ => runs.push((first, last)),
            }
        }

        let primary = spans.first().copied();
        let mut text = String::new();
        let mut lines = Vec::new();
        let mut shown: Vec<Shown> = Vec::new();
        for &(first, last) in &runs {
            for line in first..=last {
                let start = index.line_start(line).unwrap_or(text_len);
                let line_text = index.line_text(line).unwrap_or_default();
                let end = start + line_text.len();
                let anchor = primary
                    .map(|p| p.start)
                    .filter(|&p| start <= p && p <= end)
                    .or_else(|| {
                        spans
                            .iter()
                            .flat_map(|s| [s.start, s.end])
                            .filter(|&p| start <= p && p <= end)
                            .min()
                    })
                    .unwrap_or(start);
                let window = window(line_text, start, anchor);
                let line_at = text.len();
                let mut map = Vec::new();
                if window.0 > start {
                    text.push('…');
                }
                let body = &line_text[window.0 - start..window.1 - start];
                // Runs of characters copied as they are, each one entry of the map.
                let mut copied = 0;
                map.push((window.0, text.len()));
                // Printable ASCII and tabs: nothing to escape (checked a byte at a time).
                let plain = body
                    .bytes()
                    .all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
                for (i, c) in body.char_indices().filter(|_| !plain) {
                    let bom = line == 1 && i == 0 && c == '\u{feff}';
                    if !bom && (c == '\t' || !agentspec_lint::is_hidden(c)) {
                        continue;
                    }
                    text.push_str(&body[copied..i]);
                    map.push((window.0 + i, text.len()));
                    if !bom {
                        text.extend(c.escape_unicode());
                    }
                    copied = i + c.len_utf8();
                    map.push((window.0 + copied, text.len()));
                }
                text.push_str(&body[copied..]);
                map.push((window.1, text.len()));
                let cut_after = (window.1 < end).then(|| {
                    let at = text.len();
                    text.push('…');
                    at
                });
                let text_end = text.len();
                if line < last_line {
                    text.push('\n');
                }
                lines.push((line - 1, last - 1));
                shown.push(Shown {
                    start,
                    end,
                    window,
                    map,
                    at: (line_at, text_end),
                    cut_after,
                });
            }
        }

        let locate = |offset: usize, is_end: bool| -> usize {
            let line = index.line_of(offset);
            let start = index.line_start(line).unwrap_or(text_len);
            let Some(s) = shown.iter().find(|s| s.start == start) else {
                return text.len();
            };
            if offset > s.end {
                // In the line break: one byte of the excerpt's `\n`.
                return (s.at.1 + 1).min(text.len());
            }
            if offset < s.window.0 {
                return s.at.0;
            }
            if offset > s.window.1 {
                let cut = s.cut_after.unwrap_or(s.at.1);
                return if is_end { s.at.1 } else { cut };
            }
            // On the character the offset falls in: where it starts.
            let line_text = index.line_text(line).unwrap_or_default();
            let mut offset = offset;
            while offset > s.start && !line_text.is_char_boundary(offset - s.start) {
                offset -= 1;
            }
            let i = s.map.partition_point(|&(source, _)| source <= offset) - 1;
            let (source, excerpt) = s.map[i];
            // Within a run copied as it is, or at the start of a character written otherwise.
            excerpt + (offset - source)
        };
        let mut anchors = Vec::new();
        let moved = spans
            .iter()
            .map(|span| {
                let start = locate(span.start, false);
                let end = locate(span.end, true).max(start);
                let (line, column) = index.line_col(span.start);
                anchors.push((start, line - 1, column - 1));
                SourceSpan::from((start, end - start))
            })
            .collect();
        (
            Excerpt {
                name,
                text,
                lines,
                anchors,
            },
            moved,
        )
    }
}

impl Excerpt {
    /// The name of the source.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The text shown: the lines of the labels and around them, as cut and escaped.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The 0-based source line of the first line shown.
    pub fn first_line(&self) -> Option<usize> {
        self.lines.first().map(|&(line, _)| line)
    }

    /// The 1-based line and column (in characters) in the source where the primary label
    /// starts.
    pub fn primary_position(&self) -> Option<(usize, usize)> {
        self.anchors
            .first()
            .map(|&(_, line, column)| (line + 1, column + 1))
    }
}

/// The byte range of `line` (starting at source offset `start`) to show around `anchor`.
fn window(line: &str, start: usize, anchor: usize) -> (usize, usize) {
    let end = start + line.len();
    if line.len() <= WINDOW {
        return (start, end);
    }
    let floor = |mut i: usize| {
        while !line.is_char_boundary(i - start) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while !line.is_char_boundary(i - start) {
            i += 1;
        }
        i
    };
    let from = anchor.saturating_sub(LEAD).max(start);
    let to = (from + WINDOW).min(end);
    let from = to.saturating_sub(WINDOW).max(start).min(from);
    (floor(from), ceil(to))
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        let (line, run_end) = self
            .lines
            .get(inner.line())
            .copied()
            .unwrap_or((inner.line(), inner.line()));
        let column = match self.anchors.iter().find(|a| a.0 == span.offset()) {
            Some(&(_, _, column)) if context_lines_before == 0 => column,
            _ => inner.column(),
        };
        // miette joins two snippets when the first one's line plus its line count reaches the
        // second one's line: the count runs to the end of the run of consecutive lines, so only
        // snippets whose lines follow each other in the source are joined.
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            line,
            column,
            run_end.saturating_sub(line),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(source: &str, spans: &[Span]) -> (String, Vec<(usize, usize)>) {
        let index = LineIndex::new(source);
        let (excerpt, moved) = Excerpt::new("f".into(), &index, spans);
        let moved = moved.iter().map(|s| (s.offset(), s.len())).collect();
        (excerpt.text, moved)
    }

    #[test]
    fn short_sources_are_kept_as_they_are() {
        let source = "a: 1\nb: 2\nc: 3\n";
        let (text, moved) = excerpt(source, &[Span::new(8, 9)]);
        assert_eq!(text, source);
        assert_eq!(moved, vec![(8, 1)]);
    }

    #[test]
    fn a_long_line_is_cut_around_its_label() {
        let source = format!("{{\"a\": \"{}\", \"bad\": 1}}", "x".repeat(100_000));
        let at = source.find("\"bad\"").expect("bad");
        let (text, moved) = excerpt(&source, &[Span::new(at, at + 5)]);
        assert!(
            text.starts_with('…') && text.ends_with("\"bad\": 1}"),
            "{text}"
        );
        assert!(text.len() < WINDOW + 10);
        let (offset, len) = moved[0];
        assert_eq!(&text[offset..offset + len], "\"bad\"");
    }

    #[test]
    fn controls_are_escaped_and_labels_follow() {
        let source = "k: \"\u{1b}[2K\u{202e}x\"\n";
        let at = source.find('x').expect("x");
        let (text, moved) = excerpt(source, &[Span::new(at, at + 1)]);
        assert_eq!(text, "k: \"\\u{1b}[2K\\u{202e}x\"\n");
        assert_eq!(&text[moved[0].0..moved[0].0 + moved[0].1], "x");
    }

    #[test]
    fn far_lines_are_left_out() {
        let source: String = (0..1000).map(|i| format!("k{i}: v\n")).collect();
        let late = source.find("k900:").expect("k900");
        let (text, _) = excerpt(&source, &[Span::new(0, 2), Span::new(late, late + 4)]);
        assert_eq!(text, "k0: v\nk1: v\nk899: v\nk900: v\nk901: v\n");
    }
}
