//! A strict JSON (RFC 8259) parser that records spans.

use crate::map::{push_truncated, MapBuilder};
use crate::{
    Document, Entry, Key, Limits, Node, Parsed, Problem, ProblemKind, ScalarStyle, Span, Value,
};

type Result<T> = std::result::Result<T, Problem>;

/// Bytes that end the fast scan of a string's content: `"`, `\` and control characters.
static STRING_STOP: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = true;
        i += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

pub(crate) fn parse(src: &str, limits: &Limits) -> Parsed {
    let start = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut parser = Parser {
        src,
        bytes: src.as_bytes(),
        pos: start,
        depth: 0,
        max_depth: limits.max_depth,
        nodes: 0,
        max_nodes: limits.max_nodes,
        problems: Vec::new(),
    };
    parser.skip_ws();
    if parser.pos >= parser.bytes.len() {
        return Parsed {
            documents: Vec::new(),
            problems: vec![Problem::new(
                ProblemKind::Syntax,
                "empty file",
                Span::empty(0),
            )],
        };
    }
    let result = parser.value().and_then(|root| {
        parser.skip_ws();
        if parser.pos < parser.bytes.len() {
            Err(parser.unexpected("end of file after the JSON value"))
        } else {
            Ok(root)
        }
    });
    let mut problems = parser.problems;
    match result {
        Ok(root) => Parsed {
            documents: vec![Document {
                span: root.span,
                root,
            }],
            problems,
        },
        Err(problem) => {
            problems.push(problem);
            Parsed {
                documents: Vec::new(),
                problems,
            }
        }
    }
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    max_depth: usize,
    /// Values and keys read so far.
    nodes: usize,
    max_nodes: usize,
    problems: Vec<Problem>,
}

fn syntax(message: impl Into<String>, span: Span) -> Problem {
    Problem::new(ProblemKind::Syntax, message, span)
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

impl Parser<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes.get(self.pos) {
            self.pos += 1;
        }
    }

    /// Counts one more node (a value or a key) against the limit.
    fn count(&mut self) -> Result<()> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(crate::node_limit(
                self.max_nodes,
                Span::new(self.pos, self.pos + 1),
            ));
        }
        Ok(())
    }

    fn value(&mut self) -> Result<Node> {
        self.count()?;
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let start = self.pos;
                let s = self.string()?;
                Ok(Node::new(
                    Value::String(s),
                    Span::new(start, self.pos),
                    ScalarStyle::DoubleQuoted,
                ))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b) if b.is_ascii_alphabetic() => self.word(),
            Some(b'+') => Err(syntax(
                "a leading `+` is not allowed in JSON numbers",
                Span::new(self.pos, self.pos + 1),
            )),
            Some(b'.') if self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) => {
                Err(syntax(
                    "a JSON number must have a digit before the decimal point",
                    Span::new(self.pos, self.pos + 1),
                ))
            }
            _ => Err(self.unexpected("a value")),
        }
    }

    /// Enters a nested array or object whose opening bracket is at `start`.
    fn enter(&mut self, start: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Problem::new(
                ProblemKind::DepthLimit,
                format!("nesting exceeds the limit of {} levels", self.max_depth),
                Span::new(start, start + 1),
            ));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Node> {
        let start = self.pos;
        self.enter(start)?;
        self.pos += 1;
        self.skip_ws();
        let mut map = MapBuilder::default();
        if self.peek() == Some(b'}') {
            self.pos += 1;
        } else {
            loop {
                if self.peek() != Some(b'"') {
                    return Err(self.unexpected("a double-quoted object key"));
                }
                let key_start = self.pos;
                self.count()?;
                let text = self.string()?;
                let key = Key {
                    text,
                    span: Span::new(key_start, self.pos),
                    scalar: true,
                };
                self.skip_ws();
                if self.peek() != Some(b':') {
                    return Err(self.unexpected("`:` after an object key"));
                }
                self.pos += 1;
                self.skip_ws();
                let value = self.value()?;
                if let Err(problem) = map.insert(Entry { key, value }) {
                    self.problems.push(problem);
                }
                if self.separator(b'}', "`,` or `}` after an object member")? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(Node::new(
            Value::Map(map.entries),
            Span::new(start, self.pos),
            ScalarStyle::NotScalar,
        ))
    }

    /// Reads what follows a member or element: `,` (not before `close`: no trailing commas)
    /// or `close`. Returns whether the container is closed.
    fn separator(&mut self, close: u8, expected: &str) -> Result<bool> {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                let comma = self.pos;
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(close) {
                    return Err(trailing_comma(comma));
                }
                Ok(false)
            }
            Some(found) if found == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.unexpected(expected)),
        }
    }

    fn array(&mut self) -> Result<Node> {
        let start = self.pos;
        self.enter(start)?;
        self.pos += 1;
        self.skip_ws();
        let mut items = Vec::new();
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                items.push(self.value()?);
                if self.separator(b']', "`,` or `]` after an array element")? {
                    break;
                }
            }
        }
        self.depth -= 1;
        Ok(Node::new(
            Value::Seq(items),
            Span::new(start, self.pos),
            ScalarStyle::NotScalar,
        ))
    }

    /// Parses the string whose opening quote is at `self.pos`.
    #[inline]
    fn string(&mut self) -> Result<String> {
        let start = self.pos;
        let bytes = self.bytes;
        let mut i = start + 1;
        while i < bytes.len() && !STRING_STOP[bytes[i] as usize] {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'"') => {
                self.pos = i + 1;
                Ok(self.src[start + 1..i].to_owned())
            }
            _ => self.string_slow(start, i),
        }
    }

    /// Continues a string at `i`, where an escape, a control character or the end was found.
    fn string_slow(&mut self, start: usize, mut i: usize) -> Result<String> {
        let bytes = self.bytes;
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(&self.src[start + 1..i]);
        loop {
            match bytes.get(i) {
                None => {
                    return Err(syntax("unterminated string", Span::new(start, bytes.len())));
                }
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    i = self.escape(i, &mut out)?;
                }
                Some(&b) if b < 0x20 => {
                    let message = if b == b'\n' || b == b'\r' {
                        "unterminated string (a line break inside a JSON string must be written `\\n`)"
                            .to_owned()
                    } else {
                        format!("control character U+{b:04X} must be escaped in a JSON string")
                    };
                    return Err(syntax(message, Span::new(i, i + 1)));
                }
                Some(_) => {
                    let run = i;
                    while i < bytes.len() && !STRING_STOP[bytes[i] as usize] {
                        i += 1;
                    }
                    out.push_str(&self.src[run..i]);
                }
            }
        }
    }

    /// Decodes the escape sequence at `i` (a backslash) into `out`; returns the offset after it.
    fn escape(&self, i: usize, out: &mut String) -> Result<usize> {
        let c = match self.bytes.get(i + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.unicode_escape(i, out),
            None => {
                return Err(syntax("unterminated string", Span::new(i, i + 1)));
            }
            Some(_) => {
                let len = self.src[i + 1..].chars().next().map_or(1, char::len_utf8);
                let mut message = String::from("invalid escape `");
                message.push_str(&self.src[i..i + 1 + len]);
                message.push_str("` in a JSON string");
                return Err(syntax(message, Span::new(i, i + 1 + len)));
            }
        };
        out.push(c);
        Ok(i + 2)
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.bytes.get(at..at + 4)?;
        let mut v = 0u32;
        for &d in digits {
            v = (v << 4) | char::from(d).to_digit(16)?;
        }
        Some(v)
    }

    fn unicode_escape(&self, i: usize, out: &mut String) -> Result<usize> {
        let Some(first) = self.hex4(i + 2) else {
            let end = (i + 2..(i + 6).min(self.bytes.len()))
                .find(|&j| !self.bytes[j].is_ascii_hexdigit())
                .unwrap_or((i + 6).min(self.bytes.len()));
            return Err(syntax(
                "invalid unicode escape: `\\u` must be followed by 4 hex digits",
                Span::new(i, end),
            ));
        };
        let unpaired = |at: usize| {
            syntax(
                format!(
                    "unpaired surrogate `{}` in a JSON string",
                    &self.src[at..at + 6]
                ),
                Span::new(at, at + 6),
            )
        };
        let code = match first {
            0xD800..=0xDBFF => {
                if self.bytes.get(i + 6) != Some(&b'\\') || self.bytes.get(i + 7) != Some(&b'u') {
                    return Err(unpaired(i));
                }
                match self.hex4(i + 8) {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        let code = 0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00);
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        return Ok(i + 12);
                    }
                    _ => return Err(unpaired(i)),
                }
            }
            0xDC00..=0xDFFF => return Err(unpaired(i)),
            code => code,
        };
        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
        Ok(i + 6)
    }

    fn number(&mut self) -> Result<Node> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start;
        let negative = bytes[i] == b'-';
        if negative {
            i += 1;
        }
        let mut mantissa: u64 = 0;
        let mut overflow = false;
        match bytes.get(i) {
            Some(b'0') => {
                i += 1;
                if bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    let mut end = i;
                    while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                        end += 1;
                    }
                    return Err(syntax(
                        "leading zeros are not allowed in JSON numbers",
                        Span::new(start, end),
                    ));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(&d) = bytes.get(i) {
                    if !d.is_ascii_digit() {
                        break;
                    }
                    let digit = u64::from(d - b'0');
                    match mantissa.checked_mul(10).and_then(|m| m.checked_add(digit)) {
                        Some(m) => mantissa = m,
                        None => overflow = true,
                    }
                    i += 1;
                }
            }
            _ => {
                if self.src[i..].starts_with("Infinity") {
                    return Err(syntax(
                        "`-Infinity` is not allowed in JSON",
                        Span::new(start, i + 8),
                    ));
                }
                return Err(syntax("expected a digit after `-`", Span::new(start, i)));
            }
        }
        let mut float = false;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(syntax(
                    "expected a digit after the decimal point",
                    Span::new(start, i),
                ));
            }
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            float = true;
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(syntax(
                    "expected a digit in the exponent",
                    Span::new(start, i),
                ));
            }
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
            float = true;
        }
        self.pos = i;
        let span = Span::new(start, i);
        let number = if !float && !overflow {
            if !negative {
                Some(serde_json::Number::from(mantissa))
            } else if mantissa == 0 {
                serde_json::Number::from_f64(-0.0)
            } else if mantissa <= 1 << 63 {
                #[allow(clippy::cast_possible_wrap)]
                Some(serde_json::Number::from((mantissa as i64).wrapping_neg()))
            } else {
                None
            }
        } else {
            None
        };
        let number = match number {
            Some(n) => n,
            None => {
                let text = &self.src[start..i];
                let f: f64 = text.parse().unwrap_or(f64::INFINITY);
                match serde_json::Number::from_f64(f) {
                    Some(n) if f.is_finite() => n,
                    _ => {
                        let mut message = String::from("number `");
                        push_truncated(&mut message, text, 40);
                        message.push_str("` is out of range");
                        return Err(syntax(message, span));
                    }
                }
            }
        };
        let number = crate::Number::new(number, &self.src[start..i]);
        Ok(Node::new(Value::Number(number), span, ScalarStyle::Plain))
    }

    /// Parses a literal (`true`, `false`, `null`), explaining other bare words.
    fn word(&mut self) -> Result<Node> {
        let start = self.pos;
        let mut end = start;
        while self.bytes.get(end).copied().is_some_and(is_word_byte) {
            end += 1;
        }
        let span = Span::new(start, end);
        let word = &self.src[start..end];
        let value = match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            "NaN" | "Infinity" => {
                return Err(syntax(format!("`{word}` is not allowed in JSON"), span));
            }
            "True" | "TRUE" | "False" | "FALSE" => {
                return Err(syntax(
                    format!("`{word}` is not a JSON value; JSON booleans are `true` and `false`"),
                    span,
                ));
            }
            "Null" | "NULL" | "None" | "nil" | "undefined" => {
                return Err(syntax(
                    format!("`{word}` is not a JSON value; use `null`"),
                    span,
                ));
            }
            _ => {
                let mut message = String::from("expected a value, found `");
                push_truncated(&mut message, word, 40);
                message.push_str("` (JSON strings must be double-quoted)");
                return Err(syntax(message, span));
            }
        };
        self.pos = end;
        Ok(Node::new(value, span, ScalarStyle::Plain))
    }

    /// The problem for an unexpected token at the current position, where `expected` was due.
    fn unexpected(&self, expected: &str) -> Problem {
        let pos = self.pos;
        let bytes = self.bytes;
        let Some(&b) = bytes.get(pos) else {
            return syntax(
                format!("expected {expected}, found end of file"),
                Span::empty(pos),
            );
        };
        match (b, bytes.get(pos + 1)) {
            (b'/', Some(b'/')) => {
                let end = bytes[pos..]
                    .iter()
                    .position(|&c| c == b'\n' || c == b'\r')
                    .map_or(bytes.len(), |n| pos + n);
                return syntax("comments are not allowed in JSON", Span::new(pos, end));
            }
            (b'/', Some(b'*')) => {
                let end = self.src[pos + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| pos + 2 + n + 2);
                return syntax("comments are not allowed in JSON", Span::new(pos, end));
            }
            (b'\'', _) => {
                return syntax(
                    "single quotes are not allowed in JSON; use `\"`",
                    Span::new(pos, pos + 1),
                );
            }
            _ => {}
        }
        let (found, span) = self.describe(pos);
        syntax(format!("expected {expected}, found {found}"), span)
    }

    /// A short description of the token at `pos`, and its span.
    fn describe(&self, pos: usize) -> (String, Span) {
        let bytes = self.bytes;
        let b = bytes[pos];
        if b == b'"' {
            return ("a string".to_owned(), Span::new(pos, pos + 1));
        }
        if b == b'-' || b.is_ascii_digit() {
            let mut end = pos + 1;
            while bytes.get(end).is_some_and(|c| {
                c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-')
            }) {
                end += 1;
            }
            return ("a number".to_owned(), Span::new(pos, end));
        }
        if is_word_byte(b) {
            let mut end = pos + 1;
            while bytes.get(end).copied().is_some_and(is_word_byte) {
                end += 1;
            }
            let mut found = String::from("`");
            push_truncated(&mut found, &self.src[pos..end], 40);
            found.push('`');
            return (found, Span::new(pos, end));
        }
        let c = self.src[pos..].chars().next().unwrap_or('\u{fffd}');
        let found = if c.is_control() || c.is_whitespace() {
            format!("U+{:04X}", u32::from(c))
        } else {
            format!("`{c}`")
        };
        (found, Span::new(pos, pos + c.len_utf8()))
    }
}

fn trailing_comma(comma: usize) -> Problem {
    syntax(
        "trailing comma is not allowed in JSON",
        Span::new(comma, comma + 1),
    )
}
