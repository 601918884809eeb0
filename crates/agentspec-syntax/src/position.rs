//! Where a part of a scalar's value stands in the source: the value-span helper every rule,
//! `check-answer` and `gen` use to point inside a string.

use std::ops::Range;

use crate::{Key, Node, ScalarStyle, Span};

/// The source span of the bytes `range` of a string node's value.
///
/// Exact for plain, single-quoted and double-quoted YAML scalars and JSON strings written on
/// one line (escapes, surrogate pairs and `''` included); the whole node for anything else
/// (block scalars, folded lines, non-strings, a range outside the value).
#[must_use]
pub fn value_span(source: &str, node: &Node, range: Range<usize>) -> Span {
    node.as_str()
        .and_then(|value| sub_span(source, node.span, node.style, value, range))
        .unwrap_or(node.span)
}

/// The source span of the bytes `range` of a mapping key's text: exact for plain and quoted
/// scalar keys on one line, else the whole key.
#[must_use]
pub fn key_span(source: &str, key: &Key, range: Range<usize>) -> Span {
    let style = match key.span.slice(source).and_then(|t| t.chars().last()) {
        _ if !key.scalar => return key.span,
        Some('"') => ScalarStyle::DoubleQuoted,
        Some('\'') => ScalarStyle::SingleQuoted,
        _ => ScalarStyle::Plain,
    };
    sub_span(source, key.span, style, &key.text, range).unwrap_or(key.span)
}

fn sub_span(
    source: &str,
    span: Span,
    style: ScalarStyle,
    value: &str,
    range: Range<usize>,
) -> Option<Span> {
    if range.start > range.end || range.end > value.len() {
        return None;
    }
    let map = offsets(source, span, style, value)?;
    Some(Span::new(*map.get(range.start)?, *map.get(range.end)?))
}

/// For each byte offset of the value (and one past its end), the source offset it came from.
fn offsets(source: &str, span: Span, style: ScalarStyle, value: &str) -> Option<Vec<usize>> {
    let text = span.slice(source)?;
    if text.contains(['\n', '\r']) {
        return None;
    }
    let map = match style {
        ScalarStyle::Plain => {
            let start = span.end.checked_sub(value.len())?;
            text.ends_with(value)
                .then(|| (start..=span.end).collect::<Vec<_>>())?
        }
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
            let quote = if style == ScalarStyle::SingleQuoted {
                '\''
            } else {
                '"'
            };
            let open = text.find(quote)?;
            let body = text.get(open + 1..text.len().checked_sub(1)?)?;
            if !text.ends_with(quote) || open + 1 >= text.len() {
                return None;
            }
            let base = span.start + open + 1;
            if quote == '\'' {
                single_quoted(body, base)
            } else {
                double_quoted(body, base)?
            }
        }
        _ => return None,
    };
    (map.len() == value.len() + 1).then_some(map)
}

fn verbatim(map: &mut Vec<usize>, at: usize, c: char) {
    map.extend((0..c.len_utf8()).map(|b| at + b));
}

fn single_quoted(body: &str, base: usize) -> Vec<usize> {
    let mut map = Vec::with_capacity(body.len() + 1);
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
            chars.next();
        }
        verbatim(&mut map, base + i, c);
    }
    map.push(base + body.len());
    map
}

fn double_quoted(body: &str, base: usize) -> Option<Vec<usize>> {
    let bytes = body.as_bytes();
    let mut map = Vec::with_capacity(body.len() + 1);
    let mut i = 0;
    while i < body.len() {
        let start = i;
        let c = body[i..].chars().next()?;
        if c != '\\' {
            i += c.len_utf8();
            verbatim(&mut map, base + start, c);
            continue;
        }
        let kind = *bytes.get(i + 1)?;
        let hex = match kind {
            b'x' => 2,
            b'u' => 4,
            b'U' => 8,
            _ => 0,
        };
        i += 2 + hex;
        let code = if hex > 0 {
            u32::from_str_radix(body.get(start + 2..i)?, 16).ok()?
        } else {
            0
        };
        let produced = if kind == b'u' && (0xD800..0xDC00).contains(&code) {
            // A surrogate pair: `\uD83D\uDE00` is one character.
            let low = body.get(i..i + 6)?.strip_prefix("\\u")?;
            let low = u32::from_str_radix(low, 16).ok()?;
            if !(0xDC00..0xE000).contains(&low) {
                return None;
            }
            i += 6;
            char::from_u32(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))?.len_utf8()
        } else if hex > 0 {
            char::from_u32(code)?.len_utf8()
        } else {
            escaped_len(kind)?
        };
        map.extend(std::iter::repeat_n(base + start, produced));
    }
    map.push(base + body.len());
    Some(map)
}

/// The UTF-8 length of the character a one-letter escape stands for.
fn escaped_len(kind: u8) -> Option<usize> {
    match kind {
        b'N' | b'_' => Some(2), // U+0085, U+00A0
        b'L' | b'P' => Some(3), // U+2028, U+2029
        b'\n' | b'\r' => None,  // line folding: give up
        _ => Some(1),
    }
}
