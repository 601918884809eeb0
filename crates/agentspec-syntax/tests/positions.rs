//! Pointers and value spans: the one place every command asks where something is.

use agentspec_syntax::{
    key_span, parse, pointer_escape, pointer_unescape, value_span, Format, Limits, LineIndex, Node,
};

fn root(src: &str, format: Format) -> Node {
    let parsed = parse(src, format, &Limits::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    parsed.documents[0].root.clone()
}

/// The source text that `value_span` gives for the bytes of `part` in the value at `pointer`.
fn spanned<'s>(src: &'s str, format: Format, pointer: &str, part: &str) -> &'s str {
    let root = root(src, format);
    let node = root.at_pointer(pointer).expect("pointer resolves");
    let value = node.as_str().expect("a string");
    let start = value.find(part).expect("part of the value");
    let span = value_span(src, node, start..start + part.len());
    &src[span.start..span.end]
}

#[test]
fn escape_and_unescape_are_inverse() {
    for token in ["a/b~c", "~01", "plain", "", "~", "/", "é/~"] {
        assert_eq!(pointer_unescape(&pointer_escape(token)), token);
    }
    assert_eq!(pointer_escape("a/b~c"), "a~1b~0c");
    // Each escape is read once, left to right.
    assert_eq!(pointer_unescape("~01"), "~1");
    assert_eq!(pointer_unescape("~10"), "/0");
}

#[test]
fn at_pointer_walks_maps_and_sequences() {
    let src = "a/b:\n  - x\n  - {'~k': 1}\n";
    let root = root(src, Format::Yaml);
    assert_eq!(root.at_pointer("").map(Node::type_name), Some("object"));
    assert_eq!(root.at_pointer("/a~1b/0").and_then(Node::as_str), Some("x"));
    assert_eq!(
        root.at_pointer("/a~1b/1/~0k").and_then(Node::as_i64),
        Some(1)
    );
    let (_, key) = root.at_pointer_keyed("/a~1b/1/~0k").expect("found");
    assert_eq!(key.map(|k| &src[k.span.start..k.span.end]), Some("'~k'"));
    for missing in [
        "/a~1b/2",
        "/a~1b/01",
        "/a~1b/-",
        "/nope",
        "a~1b",
        "/a~1b/0/x",
    ] {
        assert!(root.at_pointer(missing).is_none(), "{missing}");
    }
}

#[test]
fn value_spans_in_every_scalar_style() {
    let yaml = "plain: go to café now\nsingle: 'it''s café now'\ndouble: \"tab\\there \\u00e9 café now\"\n";
    assert_eq!(spanned(yaml, Format::Yaml, "/plain", "café"), "café");
    assert_eq!(
        spanned(yaml, Format::Yaml, "/single", "'s café"),
        "''s café"
    );
    assert_eq!(spanned(yaml, Format::Yaml, "/double", "\t"), "\\t");
    assert_eq!(
        spanned(yaml, Format::Yaml, "/double", "é café"),
        "\\u00e9 café"
    );
    let json = r#"{"s": "a\"b \ud83d\ude00 c\/d", "t": "plain"}"#;
    assert_eq!(spanned(json, Format::Json, "/s", "\"b"), "\\\"b");
    assert_eq!(spanned(json, Format::Json, "/s", "😀"), "\\ud83d\\ude00");
    assert_eq!(spanned(json, Format::Json, "/s", "c/d"), "c\\/d");
    assert_eq!(spanned(json, Format::Json, "/t", "lai"), "lai");
}

#[test]
fn value_spans_fall_back_to_the_node() {
    let src = "folded: >\n  one\n  two\nanchored: &a [x]\nnum: 12\n";
    let root = root(src, Format::Yaml);
    for pointer in ["/folded", "/anchored", "/num"] {
        let node = root.at_pointer(pointer).expect("found");
        assert_eq!(value_span(src, node, 0..1), node.span, "{pointer}");
    }
    let node = root.at_pointer("/folded").expect("found");
    assert_eq!(value_span(src, node, 0..100), node.span);
}

#[test]
fn key_spans_inside_plain_and_quoted_keys() {
    let src = "\"a\\u00e9.b[k=v]\": 1\n'x''y.z': 2\nplain.key: 3\n";
    let root = root(src, Format::Yaml);
    let keys: Vec<_> = root.as_map().expect("map").iter().map(|e| &e.key).collect();
    let at = |i: usize, part: &str| {
        let start = keys[i].text.find(part).expect("part");
        let span = key_span(src, keys[i], start..start + part.len());
        &src[span.start..span.end]
    };
    assert_eq!(at(0, "é.b"), "\\u00e9.b");
    assert_eq!(at(1, "'y"), "''y");
    assert_eq!(at(2, "key"), "key");
}

#[test]
fn columns_count_characters() {
    let src = "name: \"é → x\" # ok\n";
    let index = LineIndex::new(src);
    let x = src.find('x').expect("x");
    assert_eq!(index.line_col(x), (1, 12));
}
