//! Span-preserving parsing of YAML 1.2 and strict JSON source text.
//!
//! [`parse`] turns a source string into a tree of [`Node`]s in which every node and every
//! mapping key carries the byte [`Span`] it came from. Problems (syntax errors, duplicate keys,
//! resource limits) are reported as [`Problem`] values; parsing never panics.
//!
//! Representation choices callers rely on:
//!
//! * Mapping keys keep source order. On a duplicate key the first entry is kept and a
//!   [`ProblemKind::DuplicateKey`] problem points at the second key (with the first in
//!   [`Problem::related`]).
//! * YAML plain scalars resolve with the YAML 1.2 core schema. `.inf`, `-.inf`, `.nan` (and
//!   floats too large for an `f64`) cannot be held by a JSON number, so they stay
//!   [`Value::String`] holding the source text, with [`ScalarStyle::Plain`].
//! * A number keeps the JSON text that writes it as the spec gave it ([`Number::json`]): the
//!   JSON text itself, or for YAML the same digits in JSON's syntax (`+1` is `1`, `.5` is `0.5`,
//!   `0x1F` is `31`, `!!float 3` is `3.0`). Its value for comparisons is a `serde_json::Number`;
//!   integers that fit neither `i64` nor `u64` have an `f64` value but keep their digits.
//! * An alias yields a copy of the anchored node, spans included (they point at the anchor's
//!   definition, not at the alias).
//! * Merge keys (`<<`) are applied: merged entries are placed where the `<<` key stood, and keys
//!   written explicitly in the mapping win over merged ones.
//! * [`Node::tag`] holds an explicit tag as written in short form: `!!str` for core tags
//!   (`tag:yaml.org,2002:str`), `!local` for local tags, `!` for the non-specific tag, and the
//!   full URI for other verbatim tags.
//! * Fatal problems (syntax errors from the scanner or JSON parser, [`ProblemKind::DepthLimit`],
//!   [`ProblemKind::AliasLimit`], [`ProblemKind::NodeLimit`]) leave [`Parsed::documents`] empty. Other problems (duplicate
//!   keys, a bad `<<` value, a scalar that does not match its `!!int`/`!!bool`/... tag, characters
//!   YAML does not allow) keep the tree.

#![warn(missing_docs)]

mod encoding;
mod json;
mod map;
mod pointer;
mod position;
mod scalar;
mod yaml;

pub use pointer::{pointer_escape, pointer_tokens, pointer_unescape, push_pointer_token};
pub use position::{key_span, value_span, ValueMap};
pub use scalar::resolve_plain;

use std::fmt;

pub use encoding::Encoding;

/// A half-open range of byte offsets into the parsed source.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, PartialOrd, Ord)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// A span covering `start..end`.
    #[must_use]
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset`.
    #[must_use]
    pub const fn empty(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    /// Number of bytes covered.
    #[must_use]
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers no byte.
    #[must_use]
    pub const fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// Whether `offset` lies within the span (an empty span contains its own position).
    #[must_use]
    pub const fn contains(&self, offset: usize) -> bool {
        (self.start <= offset && offset < self.end) || (self.start == offset && self.end == offset)
    }

    /// The source text covered by the span, if the span is valid for `source`.
    #[must_use]
    pub fn slice<'a>(&self, source: &'a str) -> Option<&'a str> {
        source.get(self.start..self.end)
    }
}

/// The value of a node.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null` (YAML `null`, `~`, or an empty node).
    Null,
    /// A boolean.
    Bool(bool),
    /// A finite number.
    Number(Number),
    /// A string.
    String(String),
    /// A sequence (JSON array).
    Seq(Vec<Node>),
    /// A mapping (JSON object) in source order, without duplicate keys.
    Map(Vec<Entry>),
}

/// A finite number: its value, and the JSON text that writes it exactly as the spec gave it.
///
/// It dereferences to its `serde_json::Number` value; it displays as its JSON text.
#[derive(Clone, Debug, PartialEq)]
pub struct Number {
    value: serde_json::Number,
    json: Box<str>,
}

impl Number {
    /// A number with its JSON text (which must be a valid JSON number standing for `value`).
    pub(crate) fn new(value: serde_json::Number, json: impl Into<Box<str>>) -> Self {
        Number {
            value,
            json: json.into(),
        }
    }

    /// The value (an `f64` for integers that fit neither `i64` nor `u64`).
    #[must_use]
    pub fn value(&self) -> &serde_json::Number {
        &self.value
    }

    /// The JSON text that writes the number exactly as the spec gave it.
    #[must_use]
    pub fn json(&self) -> &str {
        &self.json
    }

    /// Whether the number was written as an integer (no fraction, no exponent).
    #[must_use]
    pub fn written_as_integer(&self) -> bool {
        !self.json.contains(['.', 'e', 'E'])
    }
}

impl std::ops::Deref for Number {
    type Target = serde_json::Number;

    fn deref(&self) -> &serde_json::Number {
        &self.value
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.json)
    }
}

impl From<u64> for Number {
    fn from(v: u64) -> Self {
        Number::new(v.into(), v.to_string())
    }
}

impl From<i64> for Number {
    fn from(v: i64) -> Self {
        Number::new(v.into(), v.to_string())
    }
}

/// How a scalar was written in the source.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ScalarStyle {
    /// The node is a sequence or a mapping.
    NotScalar,
    /// An unquoted scalar (also every JSON number, boolean and `null`).
    Plain,
    /// A `'single-quoted'` YAML scalar.
    SingleQuoted,
    /// A `"double-quoted"` scalar (also every JSON string).
    DoubleQuoted,
    /// A `|` literal block scalar.
    Literal,
    /// A `>` folded block scalar.
    Folded,
}

/// A value with its source span, scalar style and explicit tag.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where the node was written (including its YAML anchor and tag, if any).
    pub span: Span,
    /// How the scalar was written; [`ScalarStyle::NotScalar`] for collections.
    pub style: ScalarStyle,
    /// The explicit YAML tag, in short form (`!!str`, `!local`, `!`).
    pub tag: Option<String>,
}

/// One key/value pair of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key.
    pub key: Key,
    /// The value.
    pub value: Node,
}

/// A mapping key as a JSON object key, with its source span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// The key as a JSON object key: a scalar's string form, or compact JSON for a collection.
    pub text: String,
    /// Where the key was written.
    pub span: Span,
    /// Whether the key was a scalar (as opposed to a sequence or mapping).
    pub scalar: bool,
}

/// One document of a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// The document's root node.
    pub root: Node,
    /// The extent of the document, including `---` / `...` markers when present.
    pub span: Span,
}

/// The syntax of the source text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Format {
    /// YAML 1.2 (a stream of zero or more documents).
    Yaml,
    /// Strict JSON (RFC 8259), exactly one value.
    Json,
}

/// Resource limits that bound the work done for hostile input.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Limits {
    /// Deepest allowed nesting of sequences and mappings (a top-level collection is level 1).
    ///
    /// Parsing and tree walks recurse once per level, so this also bounds stack use; YAML flow
    /// collections never nest deeper than 255 whatever the limit.
    pub max_depth: usize,
    /// Most nodes that YAML alias expansion may produce in one parse.
    pub max_alias_nodes: usize,
    /// Most bytes of text (strings and keys) that YAML alias expansion may copy in one parse:
    /// few aliases of one long string cost little in nodes and much in memory.
    pub max_alias_bytes: usize,
    /// Most nodes (mapping keys and alias copies included) in one parse, which bounds the
    /// memory a tree takes whatever the file's size.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 128,
            max_alias_nodes: 100_000,
            max_alias_bytes: 100 << 20,
            max_nodes: 1_000_000,
        }
    }
}

/// The result of parsing: the documents and every problem found.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Parsed {
    /// The documents, in order (none after a fatal problem).
    pub documents: Vec<Document>,
    /// Problems in the order they were found.
    pub problems: Vec<Problem>,
}

impl Parsed {
    /// Whether any problem was found.
    #[must_use]
    pub fn has_problems(&self) -> bool {
        !self.problems.is_empty()
    }

    /// Whether a problem of `kind` was found.
    #[must_use]
    pub fn has(&self, kind: ProblemKind) -> bool {
        self.problems.iter().any(|p| p.kind == kind)
    }
}

/// A problem found in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The category of the problem.
    pub kind: ProblemKind,
    /// A one-line, human-readable description.
    pub message: String,
    /// Where the problem is (possibly empty: a position).
    pub span: Span,
    /// A second location that explains the problem (e.g. a key's first definition).
    pub related: Option<Span>,
}

/// The fatal problem for a tree over [`Limits::max_nodes`].
pub(crate) fn node_limit(max_nodes: usize, span: Span) -> Problem {
    Problem::new(
        ProblemKind::NodeLimit,
        format!("the document holds more than the limit of {max_nodes} nodes"),
        span,
    )
}

impl Problem {
    pub(crate) fn new(kind: ProblemKind, message: impl Into<String>, span: Span) -> Self {
        Problem {
            kind,
            message: message.into(),
            span,
            related: None,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

/// The category of a [`Problem`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ProblemKind {
    /// The text is not well-formed (or a YAML construct cannot be loaded); fatal ones leave no documents.
    Syntax,
    /// A mapping repeats a key; the first entry is kept.
    DuplicateKey,
    /// Nesting exceeds [`Limits::max_depth`]; fatal.
    DepthLimit,
    /// Alias expansion exceeds [`Limits::max_alias_nodes`] or [`Limits::max_alias_bytes`];
    /// fatal.
    AliasLimit,
    /// The tree holds more nodes than [`Limits::max_nodes`]; fatal.
    NodeLimit,
    /// The text holds characters that the format does not allow.
    Encoding,
}

/// Parses `source` as `format`, returning the documents and the problems found.
#[must_use]
pub fn parse(source: &str, format: Format, limits: &Limits) -> Parsed {
    match format {
        Format::Json => json::parse(source, limits),
        Format::Yaml => yaml::parse(source, limits),
    }
}

impl Node {
    /// A node with no tag.
    #[must_use]
    pub fn new(value: Value, span: Span, style: ScalarStyle) -> Self {
        Node {
            value,
            span,
            style,
            tag: None,
        }
    }

    /// The value of `key` if this is a mapping that has it.
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The entry for `key` if this is a mapping that has it.
    #[must_use]
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key.text == key)
    }

    /// The string, if this is a string.
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The entries, if this is a mapping.
    #[must_use]
    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items, if this is a sequence.
    #[must_use]
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is a boolean.
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The number as an `f64`, if this is a number.
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    /// The number as an `i64`, if this is an integer that fits.
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        match &self.value {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// Whether this is `null`.
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// Whether this is a scalar (not a sequence or mapping).
    #[must_use]
    pub fn is_scalar(&self) -> bool {
        !matches!(self.value, Value::Seq(_) | Value::Map(_))
    }

    /// The value as JSON, keeping key order.
    #[must_use]
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.value().clone()),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Seq(items) => {
                serde_json::Value::Array(items.iter().map(Node::to_json).collect())
            }
            Value::Map(entries) => {
                let mut map = serde_json::Map::with_capacity(entries.len());
                for e in entries {
                    map.insert(e.key.text.clone(), e.value.to_json());
                }
                serde_json::Value::Object(map)
            }
        }
    }

    /// The JSON Schema type name: `null`, `boolean`, `integer`, `number`, `string`, `array` or `object`.
    ///
    /// A number is an `integer` when it has no fractional part (so `1.0` is an integer, as in JSON Schema).
    #[must_use]
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) => {
                if n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0) {
                    "integer"
                } else {
                    "number"
                }
            }
            Value::String(_) => "string",
            Value::Seq(_) => "array",
            Value::Map(_) => "object",
        }
    }
}

/// Maps byte offsets to 1-based line and column numbers.
#[derive(Clone, Debug)]
pub struct LineIndex {
    text: Box<str>,
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the lines of `src` (line breaks: `\n`, `\r\n`, and a lone `\r`).
    #[must_use]
    pub fn new(src: &str) -> Self {
        let bytes = src.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    line_starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            text: src.into(),
            line_starts,
        }
    }

    /// The 1-based line and 1-based column (counted in chars) of byte `offset`.
    ///
    /// Offsets past the end map to the end; offsets inside a multi-byte char map to that char.
    #[must_use]
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let mut col = self.text[start..offset].chars().count() + 1;
        // A byte order mark is no column of its own.
        if start == 0 && offset >= 3 && self.text.starts_with('\u{feff}') {
            col -= 1;
        }
        (line + 1, col)
    }

    /// The 1-based line of byte `offset` (offsets past the end are on the last line), without
    /// counting columns.
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset)
    }

    /// Number of lines (a text ending in a line break has an empty last line).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where the 1-based `line` starts, if it exists.
    #[must_use]
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The text of the 1-based `line`, without its line break.
    #[must_use]
    pub fn line_text(&self, line: usize) -> Option<&str> {
        let start = self.line_start(line)?;
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }
}
