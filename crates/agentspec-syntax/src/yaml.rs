//! Building span-carrying trees from the YAML event stream.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};

use saphyr_parser::{Event, Parser, ScalarStyle as YamlStyle, ScanError, Span as YamlSpan, Tag};

use crate::map::{key_from_owned, MapBuilder};
use crate::{
    scalar, Document, Entry, Limits, Node, Parsed, Problem, ProblemKind, ScalarStyle, Span, Value,
};

type Result<T> = std::result::Result<T, Problem>;

pub(crate) fn parse(src: &str, limits: &Limits) -> Parsed {
    let escapes = surrogate_escapes(src);
    if escapes.is_empty() {
        return parse_masked(src, src, &[], limits).0;
    }
    // The escapes are found without knowing where the double-quoted scalars are; masking one in
    // a comment, a plain or a single-quoted scalar would change its text, so those are parsed
    // again as written. Masking changes no token, so the second parse finds the same scalars.
    let (parsed, claimed) = parse_masked(src, &mask(src, &escapes), &escapes, limits);
    if claimed.len() == escapes.len() {
        return parsed;
    }
    parse_masked(src, &mask(src, &claimed), &claimed, limits).0
}

/// The offsets of the `\` of every `\uD800`–`\uDFFF` escape of `src`, wherever it stands: the
/// halves of JSON's surrogate pairs (`\ud83d\ude00`, as `json.dumps` writes U+1F600), which YAML
/// 1.2 reads as JSON does but the scanner refuses one by one.
fn surrogate_escapes(src: &str) -> Vec<usize> {
    let bytes = src.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'\\') {
        let run = i + at;
        i = run;
        while bytes.get(i) == Some(&b'\\') {
            i += 1;
        }
        // An odd run of backslashes escapes the character after it.
        let surrogate = (i - run) % 2 == 1
            && bytes.get(i) == Some(&b'u')
            && bytes
                .get(i + 1..i + 5)
                .and_then(|h| std::str::from_utf8(h).ok())
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .is_some_and(|code| (0xD800..0xE000).contains(&code));
        if surrogate {
            found.push(i - 1);
        }
    }
    found
}

/// `src` with the hex digits of the escapes at `escapes` replaced by `FFFD`: same length, so
/// every offset the scanner reports holds for `src`.
fn mask(src: &str, escapes: &[usize]) -> String {
    let mut bytes = src.as_bytes().to_vec();
    for &at in escapes {
        bytes[at + 2..at + 6].copy_from_slice(b"FFFD");
    }
    String::from_utf8(bytes).unwrap_or_else(|_| src.to_owned())
}

/// Parses `src` from `text`, which is `src` with the escapes at `escapes` masked; also returns
/// the escapes found inside double-quoted scalars (decoded there from `src`).
fn parse_masked(src: &str, text: &str, escapes: &[usize], limits: &Limits) -> (Parsed, Vec<usize>) {
    let (ascii, encoding) = check_characters(src);
    let mut builder = Builder {
        src,
        text,
        escapes,
        claimed: Vec::new(),
        offsets: Offsets {
            ascii,
            bytes: src.as_bytes(),
            chars: 0,
            byte: 0,
        },
        limits: *limits,
        stack: Vec::new(),
        anchors: Vec::new(),
        alias_nodes: 0,
        alias_bytes: 0,
        nodes: 0,
        documents: Vec::new(),
        problems: Vec::new(),
        doc_start: 0,
        root: None,
    };
    if let Some(problem) = encoding {
        builder.problems.push(problem);
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| builder.run()));
    let claimed = std::mem::take(&mut builder.claimed);
    let parsed = match outcome {
        Ok(Ok(())) => Parsed {
            documents: builder.documents,
            problems: builder.problems,
        },
        Ok(Err(problem)) => {
            let mut problems = builder.problems;
            // The scanner stops at a character YAML does not allow, already reported as such.
            let same_place = problems
                .iter()
                .any(|p| p.kind == ProblemKind::Encoding && p.span.start == problem.span.start);
            if !(same_place && problem.kind == ProblemKind::Syntax) {
                problems.push(problem);
            }
            Parsed {
                documents: Vec::new(),
                problems,
            }
        }
        Err(_) => Parsed {
            documents: Vec::new(),
            problems: vec![Problem::new(
                ProblemKind::Syntax,
                "the YAML parser failed on this input",
                Span::empty(0),
            )],
        },
    };
    (parsed, claimed)
}

/// Whether `src` is ASCII, and the first character YAML does not allow (outside `c-printable`).
fn check_characters(src: &str) -> (bool, Option<Problem>) {
    let bytes = src.as_bytes();
    let mut ascii = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let bad = match b {
            b'\t' | b'\n' | b'\r' | 0x20..=0x7E => false,
            0x00..=0x1F | 0x7F => true,
            _ => {
                ascii = false;
                match b {
                    // C1 controls other than NEL (U+0085).
                    0xC2 => {
                        matches!(bytes.get(i + 1), Some(&c) if (0x80..=0x9F).contains(&c) && c != 0x85)
                    }
                    // U+FFFE and U+FFFF.
                    0xEF => {
                        bytes.get(i + 1) == Some(&0xBF)
                            && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
                    }
                    _ => false,
                }
            }
        };
        if bad {
            let c = src[i..].chars().next().unwrap_or('\u{fffd}');
            let problem = Problem::new(
                ProblemKind::Encoding,
                format!("character U+{:04X} is not allowed in YAML", u32::from(c)),
                Span::new(i, i + c.len_utf8()),
            );
            return (src[i..].is_ascii() && ascii, Some(problem));
        }
        i += 1;
    }
    (ascii, None)
}

/// Converts the parser's char indices to byte offsets.
struct Offsets<'s> {
    ascii: bool,
    bytes: &'s [u8],
    chars: usize,
    byte: usize,
}

impl Offsets<'_> {
    /// The byte offset of char index `target`, walking from the previous lookup.
    #[inline]
    fn byte(&mut self, target: usize) -> usize {
        if self.ascii {
            return target.min(self.bytes.len());
        }
        let bytes = self.bytes;
        while self.chars < target && self.byte < bytes.len() {
            let b = bytes[self.byte];
            self.byte += match b {
                0x00..=0x7F => 1,
                0x80..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            self.chars += 1;
        }
        while self.chars > target && self.byte > 0 {
            self.byte -= 1;
            while self.byte > 0 && (bytes[self.byte] & 0xC0) == 0x80 {
                self.byte -= 1;
            }
            self.chars -= 1;
        }
        self.byte.min(bytes.len())
    }

    fn span(&mut self, span: YamlSpan) -> Span {
        let start = self.byte(span.start.index());
        let end = self.byte(span.end.index()).max(start);
        Span::new(start, end)
    }
}

/// What an explicit tag means for loading.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum TagKind {
    Str,
    Int,
    Float,
    Bool,
    Null,
    Map,
    Seq,
    NonSpecific,
    Other,
}

const CORE_PREFIX: &str = "tag:yaml.org,2002:";

/// The short form of a tag and what it means.
fn tag_info(tag: &Tag) -> (String, TagKind) {
    let mut full = String::with_capacity(tag.handle.len() + tag.suffix.len());
    full.push_str(&tag.handle);
    full.push_str(&tag.suffix);
    if let Some(name) = full.strip_prefix(CORE_PREFIX) {
        let kind = match name {
            "str" => TagKind::Str,
            "int" => TagKind::Int,
            "float" => TagKind::Float,
            "bool" => TagKind::Bool,
            "null" => TagKind::Null,
            "map" => TagKind::Map,
            "seq" => TagKind::Seq,
            _ => TagKind::Other,
        };
        return (format!("!!{name}"), kind);
    }
    let kind = if full == "!" {
        TagKind::NonSpecific
    } else {
        TagKind::Other
    };
    (full, kind)
}

/// A node that an anchor names, with what an alias to it costs.
struct Anchored {
    node: Node,
    /// Number of nodes (keys included) in the tree.
    size: usize,
    /// Nesting depth of collections in the tree.
    height: usize,
    /// Bytes of text (strings and keys) in the tree.
    bytes: usize,
}

/// What an alias to a tree costs: its nodes, its height and its bytes of text.
#[derive(Clone, Copy, Default)]
struct Measure {
    size: usize,
    height: usize,
    bytes: usize,
}

/// The size, height and bytes of text of `node`'s tree.
fn measure(node: &Node) -> Measure {
    let mut total = Measure {
        size: 1,
        ..Measure::default()
    };
    let mut add = |m: Measure| {
        total.size += m.size;
        total.height = total.height.max(m.height + 1);
        total.bytes = total.bytes.saturating_add(m.bytes);
    };
    match &node.value {
        Value::Seq(items) => items.iter().for_each(|item| add(measure(item))),
        Value::Map(entries) => {
            for entry in entries {
                // Keys count as one node each: a collection key is held as text.
                let m = measure(&entry.value);
                add(Measure {
                    size: m.size + 1,
                    bytes: m.bytes.saturating_add(entry.key.text.len()),
                    ..m
                });
            }
            total.height = total.height.max(1);
        }
        Value::String(text) => total.bytes = text.len(),
        _ => {}
    }
    if matches!(node.value, Value::Seq(_)) {
        total.height = total.height.max(1);
    }
    total
}

enum FrameKind {
    Seq(Vec<Node>),
    Map {
        map: MapBuilder,
        key: Option<Node>,
        /// Maps merged with `<<`, each with the number of explicit entries before it.
        merges: Vec<(usize, Vec<Entry>)>,
        /// The span of the first `<<` key.
        merge_key: Option<Span>,
    },
}

/// A sequence or mapping under construction.
struct Frame {
    kind: FrameKind,
    start: usize,
    /// End of the opening event (properties and indicator).
    header_end: usize,
    /// Whether it is a flow collection (`[...]` or `{...}`).
    flow: bool,
    anchor: usize,
    tag: Option<String>,
    tag_kind: Option<TagKind>,
    /// End of the last child's source text.
    last_end: usize,
}

struct Builder<'s> {
    src: &'s str,
    /// What the scanner reads: `src` with the surrogate escapes at `escapes` masked.
    text: &'s str,
    escapes: &'s [usize],
    /// The escapes met inside double-quoted scalars.
    claimed: Vec<usize>,
    offsets: Offsets<'s>,
    limits: Limits,
    stack: Vec<Frame>,
    /// Anchored nodes by the parser's anchor id (`None` while the node is being built).
    anchors: Vec<Option<Anchored>>,
    alias_nodes: usize,
    /// Bytes of text copied by alias expansion so far.
    alias_bytes: usize,
    /// Nodes completed so far, alias copies counted whole.
    nodes: usize,
    documents: Vec<Document>,
    problems: Vec<Problem>,
    doc_start: usize,
    root: Option<Node>,
}

fn syntax(message: impl Into<String>, span: Span) -> Problem {
    Problem::new(ProblemKind::Syntax, message, span)
}

impl Builder<'_> {
    fn run(&mut self) -> Result<()> {
        let mut parser = Parser::new_from_str(self.text);
        while let Some(next) = parser.next_event() {
            let (event, span) = next.map_err(|e| self.scan_error(&e))?;
            match event {
                Event::Nothing | Event::StreamStart | Event::StreamEnd => {}
                Event::DocumentStart(_) => {
                    self.doc_start = self.offsets.byte(span.start.index());
                    self.stack.clear();
                    self.root = None;
                }
                Event::DocumentEnd => self.end_document(span),
                Event::Alias(id) => {
                    let span = self.offsets.span(span);
                    let node = self.alias(id, span)?;
                    self.complete(node, 0, span.end)?;
                }
                Event::Scalar(mut text, style, anchor, tag) => {
                    let span = self.offsets.span(span);
                    if style == YamlStyle::DoubleQuoted {
                        if let Some(decoded) = self.unmask(span)? {
                            text = Cow::Owned(decoded);
                        }
                    }
                    let node = self.scalar(text, style, tag, span);
                    self.complete(node, anchor, span.end)?;
                }
                Event::SequenceStart(anchor, tag) => {
                    self.start_collection(
                        FrameKind::Seq(Vec::new()),
                        anchor,
                        tag.as_deref(),
                        span,
                    )?;
                }
                Event::MappingStart(anchor, tag) => {
                    let kind = FrameKind::Map {
                        map: MapBuilder::default(),
                        key: None,
                        merges: Vec::new(),
                        merge_key: None,
                    };
                    self.start_collection(kind, anchor, tag.as_deref(), span)?;
                }
                Event::SequenceEnd | Event::MappingEnd => self.end_collection(span)?,
            }
        }
        Ok(())
    }

    /// The text of the double-quoted scalar at `span` decoded from the source, when it holds
    /// masked surrogate escapes; an unpaired one is an error.
    fn unmask(&mut self, span: Span) -> Result<Option<String>> {
        let first = self.escapes.partition_point(|&at| at < span.start);
        let inside = self.escapes[first..].partition_point(|&at| at < span.end);
        if inside == 0 {
            return Ok(None);
        }
        self.claimed
            .extend_from_slice(&self.escapes[first..first + inside]);
        let end = quoted_end(&self.src[span.start..span.end]).map_or(span.end, |e| span.start + e);
        match crate::position::decode_quoted(self.src, Span::new(span.start, end)) {
            Ok(text) => Ok(Some(text)),
            Err(crate::position::Undecodable::Unpaired(at)) => Err(syntax(
                format!(
                    "unpaired surrogate `{}`: a `\\uD800`-`\\uDBFF` escape must be followed by a `\\uDC00`-`\\uDFFF` one",
                    &self.src[at.start..at.end]
                ),
                at,
            )),
            Err(crate::position::Undecodable::Other) => Err(syntax(
                "this double-quoted string could not be decoded",
                span,
            )),
        }
    }

    /// The problem for a scanner or parser error.
    fn scan_error(&mut self, error: &ScanError) -> Problem {
        let at = self.offsets.byte(error.marker().index());
        let info = error.info();
        if info == "recursion limit exceeded" {
            // The scanner nests at most 255 flow collections (and scans ahead of the builder).
            return depth_problem(self.limits.max_depth.min(255), Span::empty(at));
        }
        let message = if info == "while parsing node, found unknown anchor" {
            let name = alias_name(&self.src[at..]);
            let span = Span::new(at, at + name.len());
            return syntax(format!("undefined alias `{name}`"), span);
        } else {
            clean_message(info)
        };
        if info == "while scanning a plain scalar, found a tab" {
            // The scanner stops where the scalar ends, on the line before a tab that indents
            // the next one: point at that tab.
            if let Some(tab) = indenting_tab(self.src, at) {
                return syntax(message, Span::new(tab, tab + 1));
            }
        }
        syntax(message, Span::empty(at))
    }

    fn end_document(&mut self, span: YamlSpan) {
        let root = self.root.take().unwrap_or_else(|| {
            Node::new(Value::Null, Span::empty(self.doc_start), ScalarStyle::Plain)
        });
        let marker = self.offsets.span(span);
        let mut end = root.span.end.max(self.doc_start);
        if self.src[marker.start..].starts_with("...") {
            end = end.max(marker.end);
        }
        self.documents.push(Document {
            span: Span::new(self.doc_start.min(root.span.start), end),
            root,
        });
    }

    fn start_collection(
        &mut self,
        kind: FrameKind,
        anchor: usize,
        tag: Option<&Tag>,
        span: YamlSpan,
    ) -> Result<()> {
        let span = self.offsets.span(span);
        if self.stack.len() >= self.limits.max_depth {
            return Err(depth_problem(self.limits.max_depth, span));
        }
        if anchor > 0 {
            self.reserve_anchor(anchor);
        }
        let flow = !span.is_empty() && matches!(self.src.as_bytes()[span.end - 1], b'[' | b'{');
        let (tag, tag_kind) = match tag.map(tag_info) {
            Some((t, k)) => (Some(t), Some(k)),
            None => (None, None),
        };
        self.stack.push(Frame {
            kind,
            start: span.start,
            header_end: span.end,
            flow,
            anchor,
            tag,
            tag_kind,
            last_end: span.end,
        });
        Ok(())
    }

    fn end_collection(&mut self, span: YamlSpan) -> Result<()> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        let end = if frame.flow {
            let at = self.offsets.byte(span.start.index());
            if matches!(self.src.as_bytes().get(at), Some(b']' | b'}')) {
                at + 1
            } else {
                self.offsets.byte(span.end.index()).max(frame.last_end)
            }
        } else {
            frame.last_end.max(frame.header_end)
        };
        let span = Span::new(frame.start, end.max(frame.start));
        let value = match frame.kind {
            FrameKind::Seq(items) => {
                if matches!(
                    frame.tag_kind,
                    Some(
                        TagKind::Map
                            | TagKind::Str
                            | TagKind::Int
                            | TagKind::Float
                            | TagKind::Bool
                            | TagKind::Null
                    )
                ) {
                    self.problems
                        .push(tag_mismatch(frame.tag.as_deref(), "a sequence", span));
                }
                Value::Seq(items)
            }
            FrameKind::Map { map, merges, .. } => {
                if matches!(
                    frame.tag_kind,
                    Some(
                        TagKind::Seq
                            | TagKind::Str
                            | TagKind::Int
                            | TagKind::Float
                            | TagKind::Bool
                            | TagKind::Null
                    )
                ) {
                    self.problems
                        .push(tag_mismatch(frame.tag.as_deref(), "a mapping", span));
                }
                Value::Map(apply_merges(map, merges))
            }
        };
        let node = Node {
            value,
            span,
            style: ScalarStyle::NotScalar,
            tag: frame.tag,
        };
        self.complete(node, frame.anchor, end)
    }

    fn reserve_anchor(&mut self, anchor: usize) {
        if self.anchors.len() <= anchor {
            self.anchors.resize_with(anchor + 1, || None);
        }
        self.anchors[anchor] = None;
    }

    fn alias(&mut self, id: usize, span: Span) -> Result<Node> {
        let name = alias_name(&self.src[span.start..]);
        let Some(Some(anchored)) = self.anchors.get(id) else {
            return Err(syntax(
                format!("alias `{name}` refers to a node that contains it"),
                span,
            ));
        };
        if self.stack.len() + anchored.height > self.limits.max_depth {
            return Err(depth_problem(self.limits.max_depth, span));
        }
        self.alias_nodes = self.alias_nodes.saturating_add(anchored.size);
        // The copy counts whole (`complete` counts its root).
        self.nodes = self.nodes.saturating_add(anchored.size - 1);
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(Problem::new(
                ProblemKind::AliasLimit,
                format!(
                    "alias expansion exceeds the limit of {} nodes",
                    self.limits.max_alias_nodes
                ),
                span,
            ));
        }
        self.alias_bytes = self.alias_bytes.saturating_add(anchored.bytes);
        if self.alias_bytes > self.limits.max_alias_bytes {
            return Err(Problem::new(
                ProblemKind::AliasLimit,
                format!(
                    "alias expansion exceeds the limit of {} bytes of text",
                    self.limits.max_alias_bytes
                ),
                span,
            ));
        }
        Ok(anchored.node.clone())
    }

    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        style: YamlStyle,
        tag: Option<Cow<'_, Tag>>,
        mut span: Span,
    ) -> Node {
        let style = match style {
            YamlStyle::Plain => ScalarStyle::Plain,
            YamlStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            YamlStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            YamlStyle::Literal => ScalarStyle::Literal,
            YamlStyle::Folded => ScalarStyle::Folded,
        };
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            // The parser's span runs on over trailing blank lines; stop at the content.
            let trimmed = self.src[span.start..span.end].trim_end_matches([' ', '\t', '\r', '\n']);
            span.end = span.start + trimmed.len();
        }
        if matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted) {
            // The parser's span runs on to the next token (spaces, a comment); stop at the
            // closing quote, so that a comment after the scalar is not taken for its text.
            if let Some(end) = quoted_end(&self.src[span.start..span.end]) {
                span.end = span.start + end;
            }
        }
        let (tag, kind) = match tag {
            Some(tag) => {
                let (t, k) = tag_info(&tag);
                (Some(t), k)
            }
            None => (None, TagKind::Other),
        };
        let untagged = |text: Cow<'_, str>| -> Value {
            if style == ScalarStyle::Plain {
                if let Some(value) = scalar::resolve_plain(&text) {
                    return value;
                }
            }
            Value::String(text.into_owned())
        };
        let value = match kind {
            TagKind::Other => untagged(text),
            TagKind::Str | TagKind::NonSpecific => Value::String(text.into_owned()),
            TagKind::Int => match scalar::int(&text) {
                Some(n) => Value::Number(n),
                None => self.bad_tagged(text, tag.as_deref(), span),
            },
            // The core schema's float forms include decimal integers (`!!float 3` is 3.0)
            // but not `0x`/`0o` ones.
            TagKind::Float => match scalar::float(&text) {
                Some(n) => Value::Number(n),
                None if scalar::non_finite(&text) => Value::String(text.into_owned()),
                None => self.bad_tagged(text, tag.as_deref(), span),
            },
            TagKind::Bool => match scalar::bool(&text) {
                Some(b) => Value::Bool(b),
                None => self.bad_tagged(text, tag.as_deref(), span),
            },
            TagKind::Null => {
                if scalar::null(&text) {
                    Value::Null
                } else {
                    self.bad_tagged(text, tag.as_deref(), span)
                }
            }
            TagKind::Map | TagKind::Seq => {
                let what = if kind == TagKind::Map {
                    "a mapping"
                } else {
                    "a sequence"
                };
                self.problems.push(Problem::new(
                    ProblemKind::Syntax,
                    format!(
                        "tag `{}` needs {what}, but the node is a scalar",
                        tag.as_deref().unwrap_or("")
                    ),
                    span,
                ));
                untagged(text)
            }
        };
        Node {
            value,
            span,
            style,
            tag,
        }
    }

    /// Reports a scalar that does not match its tag and keeps it as a string.
    fn bad_tagged(&mut self, text: Cow<'_, str>, tag: Option<&str>, span: Span) -> Value {
        let mut message = String::from("`");
        crate::map::push_truncated(&mut message, &text, 40);
        message.push_str("` is not a valid `");
        message.push_str(tag.unwrap_or(""));
        message.push_str("` value");
        self.problems.push(syntax(message, span));
        Value::String(text.into_owned())
    }

    /// Hands a finished node to its parent (or makes it the document root).
    fn complete(&mut self, node: Node, anchor: usize, source_end: usize) -> Result<()> {
        self.nodes += 1;
        if self.nodes > self.limits.max_nodes {
            return Err(crate::node_limit(self.limits.max_nodes, node.span));
        }
        if anchor > 0 {
            let Measure {
                size,
                height,
                bytes,
            } = measure(&node);
            if self.anchors.len() <= anchor {
                self.anchors.resize_with(anchor + 1, || None);
            }
            self.anchors[anchor] = Some(Anchored {
                node: node.clone(),
                size,
                height,
                bytes,
            });
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        frame.last_end = frame.last_end.max(source_end);
        match &mut frame.kind {
            FrameKind::Seq(items) => items.push(node),
            FrameKind::Map {
                key: key @ None, ..
            } => *key = Some(node),
            FrameKind::Map {
                map,
                key,
                merges,
                merge_key,
            } => {
                let Some(key) = key.take() else {
                    return Ok(());
                };
                if is_merge_key(&key) {
                    if let Some(first) = *merge_key {
                        let mut problem = crate::map::duplicate(
                            &crate::Key {
                                text: "<<".into(),
                                span: first,
                                scalar: true,
                            },
                            &crate::Key {
                                text: "<<".into(),
                                span: key.span,
                                scalar: true,
                            },
                        );
                        problem.related = Some(first);
                        self.problems.push(problem);
                        return Ok(());
                    }
                    *merge_key = Some(key.span);
                    let position = map.entries.len();
                    let value_span = node.span;
                    match node.value {
                        Value::Map(entries) => merges.push((position, entries)),
                        Value::Seq(items)
                            if items.iter().all(|i| matches!(i.value, Value::Map(_))) =>
                        {
                            for item in items {
                                if let Value::Map(entries) = item.value {
                                    merges.push((position, entries));
                                }
                            }
                        }
                        _ => {
                            let mut problem = syntax(
                                "the value of a merge key `<<` must be a mapping or a sequence of mappings",
                                value_span,
                            );
                            problem.related = Some(key.span);
                            self.problems.push(problem);
                        }
                    }
                    return Ok(());
                }
                let key = key_from_owned(key);
                if let Err(problem) = map.insert(Entry { key, value: node }) {
                    self.problems.push(problem);
                }
            }
        }
        Ok(())
    }
}

/// The length of a quoted scalar's text through its closing quote: past its anchor and tag,
/// then the quoted token.
fn quoted_end(text: &str) -> Option<usize> {
    let start = crate::position::skip_properties(text)?;
    let rest = &text[start..];
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && rest[i + 1..].starts_with('\'') {
                chars.next();
            } else {
                return Some(start + i + 1);
            }
        }
    }
    None
}

/// Whether a key node is the merge key `<<`.
fn is_merge_key(key: &Node) -> bool {
    key.style == ScalarStyle::Plain
        && matches!(&key.value, Value::String(s) if s == "<<")
        && key.tag.as_deref().is_none_or(|t| t == "!!merge")
}

/// The mapping's entries with merged entries inserted where their `<<` stood.
fn apply_merges(map: MapBuilder, merges: Vec<(usize, Vec<Entry>)>) -> Vec<Entry> {
    if merges.is_empty() {
        return map.entries;
    }
    let mut merged = MapBuilder::default();
    let mut positions = Vec::new();
    for (position, entries) in merges {
        for entry in entries {
            if map.find(&entry.key.text).is_some() {
                continue;
            }
            if merged.insert_new(entry) {
                positions.push(position);
            }
        }
    }
    let mut out = Vec::with_capacity(map.entries.len() + merged.entries.len());
    let mut extra = positions.into_iter().zip(merged.entries).peekable();
    for (i, entry) in map.entries.into_iter().enumerate() {
        while let Some((_, e)) = extra.next_if(|(p, _)| *p <= i) {
            out.push(e);
        }
        out.push(entry);
    }
    out.extend(extra.map(|(_, e)| e));
    out
}

fn depth_problem(max_depth: usize, span: Span) -> Problem {
    Problem::new(
        ProblemKind::DepthLimit,
        format!("nesting exceeds the limit of {max_depth} levels"),
        span,
    )
}

fn tag_mismatch(tag: Option<&str>, what: &str, span: Span) -> Problem {
    syntax(
        format!("tag `{}` cannot be applied to {what}", tag.unwrap_or("")),
        span,
    )
}

/// The first tab that indents a line after the line of `at` (only spaces before it on its
/// line), where a plain scalar that starts at `at` met it.
fn indenting_tab(src: &str, at: usize) -> Option<usize> {
    let rest = src.get(at..)?;
    let mut line_start = at + rest.find(['\n', '\r'])? + 1;
    while line_start < src.len() {
        let line = &src[line_start..];
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if line[spaces..].starts_with('\t') {
            return Some(line_start + spaces);
        }
        line_start += line.find(['\n', '\r'])? + 1;
    }
    None
}

/// The `*name` alias at the start of `text`.
fn alias_name(text: &str) -> &str {
    let end = text
        .char_indices()
        .skip(1)
        .find(|&(_, c)| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}'))
        .map_or(text.len(), |(i, _)| i);
    &text[..end]
}

/// Rewrites a parser message in this crate's style.
fn clean_message(info: &str) -> String {
    let mut message = info
        .replace("<document start>", "document start")
        .replace("<document-start>", "document start")
        .replace("<stream-start>", "stream start")
        .replace("unexpected eof", "unexpected end of file")
        .replace("while parsing node, found", "found")
        .replace(
            "simple key expect ':'",
            "expected ':' after an implicit key",
        )
        .replace("simple key expected", "expected an implicit key");
    if let Some(rest) = message.strip_prefix("unexpected character: `") {
        message = format!("unexpected character `{}`", rest.trim_end_matches('\''));
    }
    // 'x' → `x` for quoted single characters.
    let chars: Vec<char> = message.chars().collect();
    let mut out = String::with_capacity(message.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\'' && i + 2 < chars.len() && chars[i + 2] == '\'' {
            out.push('`');
            out.push(chars[i + 1]);
            out.push('`');
            i += 3;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    if out.is_empty() {
        out.push_str("invalid YAML");
    }
    out
}
