//! Where a part of a scalar's value stands in the source: the value-span helper every rule,
//! `check-answer` and `gen` use to point inside a string.
//!
//! A scalar's text is decoded again from its source, in the scanner's own way (escapes,
//! surrogate pairs, `''`, line folding, block indentation and chomping), recording where each
//! byte of the value came from. The decoding is trusted only when it gives back the value the
//! parser read; anything else falls back to the whole node. The YAML loader decodes
//! double-quoted scalars that hold JSON's surrogate-pair escapes here too ([`decode_quoted`]).

use std::ops::Range;

use crate::{Key, Node, ScalarStyle, Span};

/// The source span of the bytes `range` of a string node's value.
///
/// Exact for plain, single-quoted and double-quoted scalars (escapes, surrogate pairs, `''` and
/// folded lines included), literal and folded block scalars, and JSON strings; the whole node
/// for anything else (non-strings, a range outside the value). To map many ranges of one
/// value, build a [`ValueMap`] once.
#[must_use]
pub fn value_span(source: &str, node: &Node, range: Range<usize>) -> Span {
    ValueMap::new(source, node)
        .and_then(|map| map.span(range))
        .unwrap_or(node.span)
}

/// The source span of the bytes `range` of a mapping key's text: exact for plain and quoted
/// scalar keys, else the whole key.
#[must_use]
pub fn key_span(source: &str, key: &Key, range: Range<usize>) -> Span {
    ValueMap::of_key(source, key)
        .and_then(|map| map.span(range))
        .unwrap_or(key.span)
}

/// Where each byte of a string scalar's value came from in the source.
#[derive(Debug, Clone)]
pub struct ValueMap {
    /// Runs of the value in order, with a last one at the value's length for its end.
    runs: Vec<Run>,
}

/// Bytes of the value from `decoded` on (up to the next run) that came from `source`: copied
/// byte for byte when `verbatim`, else all produced by the `len` bytes of escape or line break
/// there.
#[derive(Debug, Clone, Copy)]
struct Run {
    decoded: usize,
    source: usize,
    len: usize,
    verbatim: bool,
}

impl ValueMap {
    /// The map of a string node's value, or `None` when the node is no string or its source
    /// does not decode to its value (an alias's copy keeps its anchor's spans, so it still maps).
    #[must_use]
    pub fn new(source: &str, node: &Node) -> Option<Self> {
        Self::decode(source, node.span, node.style, node.as_str()?)
    }

    /// The map of a mapping key's text, or `None` for a collection key or one whose source does
    /// not decode to its text.
    #[must_use]
    pub fn of_key(source: &str, key: &Key) -> Option<Self> {
        let style = match key.span.slice(source)?.chars().last() {
            _ if !key.scalar => return None,
            Some('"') => ScalarStyle::DoubleQuoted,
            Some('\'') => ScalarStyle::SingleQuoted,
            _ => ScalarStyle::Plain,
        };
        Self::decode(source, key.span, style, &key.text)
    }

    fn decode(source: &str, span: Span, style: ScalarStyle, value: &str) -> Option<Self> {
        let decoded = decode(source, span, style, Some(value)).ok()?;
        (decoded.text == value).then_some(decoded.map)
    }

    /// The source span of the value's bytes `range`, or `None` for a range outside the value.
    #[must_use]
    pub fn span(&self, range: Range<usize>) -> Option<Span> {
        let len = self.runs.last()?.decoded;
        if range.start > range.end || range.end > len {
            return None;
        }
        let start = self.source(range.start).start;
        if range.is_empty() {
            return Some(Span::empty(start));
        }
        Some(Span::new(start, self.source(range.end - 1).end))
    }

    /// The source of the value's byte `at`: that byte, or the whole escape or line break that
    /// produced it.
    fn source(&self, at: usize) -> Span {
        let i = self
            .runs
            .partition_point(|r| r.decoded <= at)
            .saturating_sub(1);
        let run = self.runs[i];
        if run.verbatim {
            Span::new(
                run.source + (at - run.decoded),
                run.source + (at - run.decoded) + 1,
            )
        } else {
            Span::new(run.source, run.source + run.len)
        }
    }
}

/// A scalar's value as decoded from its source, with its map.
struct Decoded {
    text: String,
    map: ValueMap,
}

impl Decoded {
    fn new() -> Self {
        Self {
            text: String::new(),
            map: ValueMap { runs: Vec::new() },
        }
    }

    /// Appends `c`, copied from the source at `at`.
    fn verbatim(&mut self, c: char, at: usize) {
        let decoded = self.text.len();
        let extends = self
            .map
            .runs
            .last()
            .is_some_and(|r| r.verbatim && r.source + (decoded - r.decoded) == at);
        if !extends {
            self.map.runs.push(Run {
                decoded,
                source: at,
                len: 0,
                verbatim: true,
            });
        }
        self.text.push(c);
    }

    /// Appends `c`, produced by the `len` bytes of escape or line break at `at`.
    fn produced(&mut self, c: char, at: usize, len: usize) {
        self.map.runs.push(Run {
            decoded: self.text.len(),
            source: at,
            len,
            verbatim: false,
        });
        self.text.push(c);
    }

    /// Appends `c`, produced by the line break at `at` of `source` (or its end).
    fn line_break(&mut self, c: char, source: &str, at: usize) {
        let len = source
            .get(at..)
            .filter(|r| !r.is_empty())
            .map_or(0, break_len);
        self.produced(c, at, len);
    }

    fn finish(mut self, end: usize) -> Self {
        self.map.runs.push(Run {
            decoded: self.text.len(),
            source: end,
            len: 0,
            verbatim: false,
        });
        self
    }
}

/// Why a scalar's source does not decode.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Undecodable {
    /// A `\uD800`–`\uDFFF` escape that is not the high then low half of a pair.
    Unpaired(Span),
    /// Anything else: not a scalar of that style there.
    Other,
}

type Decode<T> = Result<T, Undecodable>;

/// Decodes a double-quoted YAML scalar (or JSON string) at `span` of `source`, joining JSON's
/// surrogate-pair escapes (`\ud83d\ude00`) into one character as YAML 1.2 reads JSON.
pub(crate) fn decode_quoted(source: &str, span: Span) -> Decode<String> {
    decode(source, span, ScalarStyle::DoubleQuoted, None).map(|d| d.text)
}

/// Decodes the scalar of `style` at `span`; `value`, the text the parser read, places the
/// content of a block scalar with an explicit indentation indicator.
fn decode(source: &str, span: Span, style: ScalarStyle, value: Option<&str>) -> Decode<Decoded> {
    let text = span.slice(source).ok_or(Undecodable::Other)?;
    if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
        // The node starts at its properties, at its header when it has no content, else at its
        // content: a content line may look like a header, so both readings are tried.
        let own = skip_properties(text)
            .map(|n| span.start + n)
            .filter(|&at| is_block_header(&source[at..]));
        let mut last = Err(Undecodable::Other);
        for header in [own, block_header(source, span.start)]
            .into_iter()
            .flatten()
        {
            last = block(source, header, value);
            match (&last, value) {
                (Ok(decoded), Some(value)) if decoded.text != value => {}
                _ => return last,
            }
        }
        return last;
    }
    let start = skip_properties(text).ok_or(Undecodable::Other)?;
    let base = span.start + start;
    let token = &text[start..];
    match style {
        ScalarStyle::Plain => Ok(flow(token, base, None)?.finish(span.end)),
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            let quote = if style == ScalarStyle::SingleQuoted {
                '\''
            } else {
                '"'
            };
            let body = token
                .strip_prefix(quote)
                .and_then(|t| t.strip_suffix(quote))
                .ok_or(Undecodable::Other)?;
            Ok(flow(body, base + 1, Some(quote))?.finish(base + 1 + body.len()))
        }
        _ => Err(Undecodable::Other),
    }
}

/// The length of a node's anchor and tag (each ended by white space, comments and line breaks
/// included) before its token.
pub(crate) fn skip_properties(text: &str) -> Option<usize> {
    let mut start = 0;
    while text[start..].starts_with(['&', '!']) {
        // A node with properties alone (`!!str`) is empty.
        start += text[start..]
            .find([' ', '\t', '\r', '\n'])
            .unwrap_or(text.len() - start);
        loop {
            let rest = &text[start..];
            let trimmed = rest.trim_start_matches([' ', '\t', '\r', '\n']);
            start += rest.len() - trimmed.len();
            if !trimmed.starts_with('#') {
                break;
            }
            start += trimmed.find(['\r', '\n'])?;
        }
    }
    Some(start)
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r')
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t')
}

/// The length of the line break at the start of `text` (`\r\n` is one).
fn break_len(text: &str) -> usize {
    if text.starts_with("\r\n") {
        2
    } else {
        1
    }
}

/// Decodes the text of a flow scalar (a plain scalar, or a quoted one's text between its
/// quotes) that starts at `base`, folding its line breaks as the scanner does: a single break
/// becomes a space, each further one a line feed, white space around them dropped; in a
/// double-quoted scalar an escaped break joins the lines.
fn flow(body: &str, base: usize, quote: Option<char>) -> Decode<Decoded> {
    let mut out = Decoded::new();
    let mut i = 0;
    let mut whitespace: Vec<(char, usize)> = Vec::new();
    let mut trailing: Vec<(usize, usize)> = Vec::new();
    while i < body.len() {
        let mut leading_blanks = false;
        while let Some(c) = body[i..]
            .chars()
            .next()
            .filter(|&c| !is_blank(c) && !is_break(c))
        {
            match c {
                '\'' if quote == Some('\'') => {
                    if !body[i + 1..].starts_with('\'') {
                        return Err(Undecodable::Other);
                    }
                    out.produced('\'', base + i, 2);
                    i += 2;
                }
                '\\' if quote == Some('"') => {
                    let next = body[i + 1..].chars().next().ok_or(Undecodable::Other)?;
                    if is_break(next) {
                        i += 1 + break_len(&body[i + 1..]);
                        leading_blanks = true;
                        break;
                    }
                    let (c, len) = escape(body, i, base)?;
                    out.produced(c, base + i, len);
                    i += len;
                }
                _ => {
                    out.verbatim(c, base + i);
                    i += c.len_utf8();
                }
            }
        }
        whitespace.clear();
        trailing.clear();
        let mut leading_break = None;
        while let Some(c) = body[i..]
            .chars()
            .next()
            .filter(|&c| is_blank(c) || is_break(c))
        {
            if is_blank(c) {
                if !leading_blanks {
                    whitespace.push((c, base + i));
                }
                i += 1;
            } else {
                let len = break_len(&body[i..]);
                if leading_blanks {
                    trailing.push((base + i, len));
                } else {
                    whitespace.clear();
                    leading_break = Some((base + i, len));
                    leading_blanks = true;
                }
                i += len;
            }
        }
        if !leading_blanks {
            for &(c, at) in &whitespace {
                out.verbatim(c, at);
            }
        } else if let Some((at, len)) = leading_break.filter(|_| trailing.is_empty()) {
            out.produced(' ', at, len);
        } else {
            for &(at, len) in &trailing {
                out.produced('\n', at, len);
            }
        }
    }
    Ok(out)
}

/// The character of the escape at `body[i..]` (a `\`) and the length of its source, a
/// surrogate pair's two escapes together.
fn escape(body: &str, i: usize, base: usize) -> Decode<(char, usize)> {
    let kind = *body.as_bytes().get(i + 1).ok_or(Undecodable::Other)?;
    let simple = match kind {
        b'0' => Some('\0'),
        b'a' => Some('\x07'),
        b'b' => Some('\x08'),
        b't' | b'\t' => Some('\t'),
        b'n' => Some('\n'),
        b'v' => Some('\x0b'),
        b'f' => Some('\x0c'),
        b'r' => Some('\r'),
        b'e' => Some('\x1b'),
        b' ' => Some(' '),
        b'"' => Some('"'),
        b'/' => Some('/'),
        b'\\' => Some('\\'),
        b'N' => Some('\u{85}'),
        b'_' => Some('\u{a0}'),
        b'L' => Some('\u{2028}'),
        b'P' => Some('\u{2029}'),
        _ => None,
    };
    if let Some(c) = simple {
        return Ok((c, 2));
    }
    let digits = match kind {
        b'x' => 2,
        b'u' => 4,
        b'U' => 8,
        _ => return Err(Undecodable::Other),
    };
    let hex = |at: usize, n: usize| {
        body.get(at..at + n)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let code = hex(i + 2, digits).ok_or(Undecodable::Other)?;
    let len = 2 + digits;
    let unpaired = |at: usize| Undecodable::Unpaired(Span::new(base + at, base + at + 6));
    if kind == b'u' && (0xD800..0xDC00).contains(&code) {
        let low = body[i + len..]
            .strip_prefix("\\u")
            .and(hex(i + len + 2, 4))
            .filter(|low| (0xDC00..0xE000).contains(low))
            .ok_or_else(|| unpaired(i))?;
        let c = char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
            .ok_or(Undecodable::Other)?;
        return Ok((c, len + 6));
    }
    if kind == b'u' && (0xDC00..0xE000).contains(&code) {
        return Err(unpaired(i));
    }
    Ok((char::from_u32(code).ok_or(Undecodable::Other)?, len))
}

/// The offset of the `|` or `>` of the block scalar whose content starts at `at`: on the last
/// line before it that is not blank, the first indicator after white space.
fn block_header(source: &str, at: usize) -> Option<usize> {
    let line_start = |end: usize| source[..end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let mut start = line_start(at);
    let mut end = start;
    while source[start..end].trim_matches([' ', '\t']).is_empty() {
        if start == 0 {
            return None;
        }
        end = source[..start].trim_end_matches(['\n', '\r']).len();
        start = line_start(end);
    }
    let line = &source[start..end];
    line.char_indices()
        .find(|&(i, _)| (i == 0 || line[..i].ends_with([' ', '\t'])) && is_block_header(&line[i..]))
        .map(|(i, _)| start + i)
}

/// Whether `text` starts with a block scalar's header: `|` or `>`, indentation and chomping
/// indicators, then only white space and a comment on its line.
fn is_block_header(text: &str) -> bool {
    let Some(rest) = text.strip_prefix(['|', '>']) else {
        return false;
    };
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
    let line = &rest[..rest.find(['\r', '\n']).unwrap_or(rest.len())];
    let comment = line.trim_start_matches([' ', '\t']);
    comment.is_empty() || (comment.len() < line.len() && comment.starts_with('#'))
}

/// Decodes a literal (`|`) or folded (`>`) block scalar whose indicator is at `at`, as the
/// scanner does: indentation removed, folded lines joined, the end chomped. An explicit
/// indentation indicator counts from the parent's indentation, which the scalar's text does not
/// show: the first content line of `value` tells how many of its spaces are content.
fn block(source: &str, at: usize, value: Option<&str>) -> Decode<Decoded> {
    let rest = source.get(at..).ok_or(Undecodable::Other)?;
    let literal = match rest.chars().next() {
        Some('|') => true,
        Some('>') => false,
        _ => return Err(Undecodable::Other),
    };
    let header_len = rest.find(['\r', '\n']).unwrap_or(rest.len());
    let header = &rest[1..header_len];
    let indicators = header
        .find(|c: char| !(c.is_ascii_digit() || c == '+' || c == '-'))
        .map_or(header, |n| &header[..n]);
    let explicit = indicators.chars().any(|c| c.is_ascii_digit());
    let keep = indicators.contains('+');
    let strip = indicators.contains('-');
    let content =
        at + header_len + usize::from(header_len < rest.len()) * break_len(&rest[header_len..]);
    let lines = || Lines {
        source,
        at: content,
    };
    let spaces = |line: &str| line.len() - line.trim_start_matches(' ').len();
    // The widest blank line before the first content line, or that line's indentation.
    let mut indent = 0;
    for (_, line) in lines() {
        indent = indent.max(spaces(line));
        if spaces(line) < line.len() {
            break;
        }
    }
    if explicit {
        let first = value.ok_or(Undecodable::Other)?.trim_start_matches('\n');
        indent = indent
            .checked_sub(spaces(first))
            .ok_or(Undecodable::Other)?;
    }
    let mut out = Decoded::new();
    let mut end = content;
    let mut leading_break: Option<usize> = None;
    let mut trailing: Vec<usize> = Vec::new();
    let mut leading_blank = false;
    for (start, line) in lines() {
        let blank = spaces(line);
        if blank == line.len() && blank <= indent {
            trailing.push(start + line.len());
            continue;
        }
        let marker = indent == 0
            && (line.starts_with("---") || line.starts_with("..."))
            && line[3..].chars().next().is_none_or(is_blank);
        if blank < indent || marker {
            break;
        }
        let text = &line[indent..];
        let trailing_blank = text.starts_with([' ', '\t']);
        if !literal && leading_break.is_some() && !leading_blank && !trailing_blank {
            if trailing.is_empty() {
                out.line_break(' ', source, leading_break.unwrap_or(start));
            }
        } else if let Some(b) = leading_break {
            out.line_break('\n', source, b);
        }
        for &b in &trailing {
            out.line_break('\n', source, b);
        }
        trailing.clear();
        leading_blank = trailing_blank;
        for (i, c) in text.char_indices() {
            out.verbatim(c, start + indent + i);
        }
        end = start + line.len();
        leading_break = Some(end);
    }
    // Chomping: the last line break unless stripped, the trailing blank lines when kept.
    if let Some(b) = leading_break.filter(|_| !strip) {
        out.line_break('\n', source, b);
    }
    if keep {
        for &b in &trailing {
            out.line_break('\n', source, b);
        }
    }
    Ok(out.finish(end))
}

/// The lines of the source from `at` on, without their line breaks, with their offsets.
struct Lines<'s> {
    source: &'s str,
    at: usize,
}

impl<'s> Iterator for Lines<'s> {
    type Item = (usize, &'s str);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.source.get(self.at..).filter(|r| !r.is_empty())?;
        let start = self.at;
        let len = rest.find(['\r', '\n']).unwrap_or(rest.len());
        self.at = start
            + len
            + if len < rest.len() {
                break_len(&rest[len..])
            } else {
                0
            };
        Some((start, &rest[..len]))
    }
}
