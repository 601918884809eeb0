//! The most common human-readable report, written directly: the same text miette's graphical
//! handler writes for it (see [`super::human::handler`]), without its general layout engine,
//! which costs more per finding than linting the file.
//!
//! "Most common" is a report without colors whose one label sits within one line, on an
//! excerpt of plain ASCII lines (no tab, no carriage return, no line cut with `…`). Any other
//! report goes through miette. `tests::every_fixture_renders_as_miette_renders_it` renders the
//! findings of every fixture both ways and requires the same text, so the two can't drift.

use std::fmt::Write as _;

use agentspec_lint::{Diagnostic, Severity};
use miette::SourceSpan;

use super::excerpt::Excerpt;

/// The columns miette wraps text to: its width (100) less its margin of 2.
const WRAP: usize = 98;

/// Writes `d`'s report (its one label moved to `span` in `excerpt`) into `out` as miette writes
/// it, and returns true; returns false, writing nothing, when the report is not of the kind
/// this module writes.
pub fn write(out: &mut String, d: &Diagnostic, excerpt: &Excerpt, span: SourceSpan) -> bool {
    if !d.related.is_empty() || d.label.as_deref().is_some_and(|l| l.contains('\n')) {
        return false;
    }
    let text = excerpt.text();
    if !text
        .bytes()
        .all(|b| b == b'\n' || (0x20..0x7f).contains(&b))
    {
        return false;
    }
    let (start, len) = (span.offset(), span.len());
    let end = start + len;
    // The excerpt's lines: their byte ranges (text only) and whether a line break follows.
    let mut lines = Vec::with_capacity(3);
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        lines.push((at, at + body.len(), body.len() < line.len()));
        at += line.len();
    }
    let Some(labelled) = lines.iter().position(|&(from, to, broken)| {
        from <= start && end <= to && (len > 0 || start < to + usize::from(broken))
    }) else {
        return false;
    };
    let Some(first_line) = excerpt.first_line() else {
        return false;
    };
    let Some((line, column)) = excerpt.primary_position() else {
        return false;
    };

    let icon = match d.severity {
        Severity::Error => "  × ",
        Severity::Warning => "  ⚠ ",
        Severity::Info => "  ☞ ",
    };
    out.push_str(d.rule);
    out.push_str("\n\n");
    wrap_into(out, &d.message, icon, "  │ ");
    out.push('\n');
    let last = first_line + lines.len();
    let width = digits(last);
    repeat(out, " ", width + 2);
    let _ = writeln!(out, "╭─[{}:{line}:{column}]", excerpt.name());
    for (i, &(from, to, _)) in lines.iter().enumerate() {
        let _ = write!(out, " {:>width$} │ ", first_line + 1 + i);
        out.push_str(&text[from..to]);
        out.push('\n');
        if i != labelled {
            continue;
        }
        // Visual columns are byte offsets on an ASCII line.
        let left = start - from;
        let right = if len == 0 { left + 1 } else { end - from };
        let bar = (left + right) / 2;
        let center = match (len, &d.label) {
            (0, _) => "▲",
            (_, Some(_)) => "┬",
            (_, None) => "─",
        };
        repeat(out, " ", width + 2);
        out.push_str("· ");
        repeat(out, " ", left);
        repeat(out, "─", bar - left);
        out.push_str(center);
        repeat(out, "─", right - bar - 1);
        out.push('\n');
        if let Some(label) = &d.label {
            repeat(out, " ", width + 2);
            out.push_str("· ");
            repeat(out, " ", bar);
            out.push_str("╰── ");
            out.push_str(label);
            out.push('\n');
        }
    }
    repeat(out, " ", width + 2);
    out.push_str("╰────\n");
    if let Some(help) = &d.help {
        wrap_into(out, help, "  help: ", "        ");
        out.push('\n');
    }
    true
}

/// `piece` written `count` times.
fn repeat(out: &mut String, piece: &str, count: usize) {
    for _ in 0..count {
        out.push_str(piece);
    }
}

/// `text` as miette wraps it (textwrap, with the options of [`super::human::handler`]): as it
/// is after `first` when it fits on one line.
fn wrap_into(out: &mut String, text: &str, first: &str, rest: &str) {
    let plain = text.bytes().all(|b| (0x20..0x7f).contains(&b))
        && !text.starts_with(' ')
        && !text.ends_with(' ');
    // Every indent written here is one column per character.
    if plain && first.chars().count() + text.len() <= WRAP {
        out.push_str(first);
        out.push_str(text);
        return;
    }
    let options = textwrap::Options::new(WRAP)
        .initial_indent(first)
        .subsequent_indent(rest)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    out.push_str(&textwrap::fill(text, options));
}

/// How many decimal digits `n` has.
fn digits(n: usize) -> usize {
    n.checked_ilog10().map_or(1, |d| d as usize + 1)
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use agentspec_lint::Options;
    use agentspec_syntax::{LineIndex, Span};

    use super::*;

    /// miette's text for `d` on `source`, and this module's (`None` where it declines).
    fn both(name: &str, source: &str, d: &Diagnostic) -> (String, Option<String>) {
        let index = LineIndex::new(source);
        let spans: Vec<Span> = std::iter::once(d.span)
            .chain(d.related.iter().map(|r| r.span))
            .collect();
        let (excerpt, moved) = Excerpt::new(name.into(), &index, &spans);
        let mut miette = String::new();
        super::super::human::render_with_miette(&mut miette, d, excerpt, &moved);
        let (excerpt, moved) = Excerpt::new(name.into(), &index, &spans);
        let mut direct = String::new();
        let written = write(&mut direct, d, &excerpt, moved[0]);
        (miette, written.then_some(direct))
    }

    fn files(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files(&path, found);
            } else if path
                .extension()
                .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
            {
                found.push(path);
            }
        }
    }

    #[test]
    fn every_fixture_renders_as_miette_renders_it() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut paths = Vec::new();
        for dir in [
            "lint",
            "fix",
            "formats",
            "realistic",
            "suppress",
            "config",
            "repo",
        ] {
            files(&root.join(dir), &mut paths);
        }
        paths.sort();
        let options = Options {
            infos: true,
            ..Options::default()
        };
        let (mut direct, mut total) = (0, 0);
        for path in &paths {
            let Ok(source) = std::fs::read_to_string(path) else {
                continue;
            };
            let report = agentspec_lint::lint_source(path, &source, None, &options);
            for d in &report.diagnostics {
                total += 1;
                let (miette, written) = both("f.yaml", &source, d);
                if let Some(written) = written {
                    direct += 1;
                    assert_eq!(written, miette, "{}: {}", path.display(), d.message);
                }
            }
        }
        // Most findings take the direct path, so the comparison above covers it.
        assert!(total > 300, "{total} findings");
        eprintln!("{direct} of {total} findings written directly");
        assert!(direct * 2 > total, "{direct} of {total} written directly");
    }

    #[test]
    fn edges_render_as_miette_renders_them() {
        let source = "a: 1\nbb: 22\n\nlast: end";
        let long = "word ".repeat(30);
        let cases = [
            (0, 1),
            (3, 4),
            (3, 3),
            (4, 4),
            (5, 7),
            (9, 11),
            (11, 11),
            (12, 12),
            (12, 16),
            (18, 21),
            (20, 21),
        ];
        let mut compared = 0;
        for (start, end) in cases {
            for label in [Some("here"), None] {
                for (message, help) in [
                    ("short", None),
                    (long.trim(), Some("a help that fits")),
                    (&"x".repeat(94)[..], Some(&"y".repeat(90)[..])),
                    (&"x".repeat(95)[..], Some(&"y".repeat(91)[..])),
                    (&format!("{} end", "x".repeat(92))[..], None),
                ] {
                    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
                        let mut d = Diagnostic::new(
                            "some-rule",
                            severity,
                            Span::new(start, end),
                            "",
                            message,
                        );
                        d.label = label.map(str::to_string);
                        d.help = help.map(str::to_string);
                        let (miette, written) = both("f.yaml", source, &d);
                        if let Some(written) = written {
                            compared += 1;
                            assert_eq!(written, miette, "{start}..{end} {label:?} {message}");
                        }
                    }
                }
            }
        }
        assert!(compared > 250, "{compared}");
        // Line numbers of two widths in one excerpt.
        let source: String = (1..=12).map(|i| format!("k{i}: v\n")).collect();
        let at = source.find("k10").expect("k10");
        let mut d = Diagnostic::new("r", Severity::Error, Span::new(at, at + 3), "", "m");
        d.label = Some("l".into());
        let (miette, written) = both("f.yaml", &source, &d);
        assert_eq!(written.as_deref(), Some(&miette[..]));
    }
}
