use agentspec_syntax::{
    parse, Format, Limits, Node, Parsed, ProblemKind, ScalarStyle, Span, Value,
};

fn json(src: &str) -> Parsed {
    parse(src, Format::Json, &Limits::default())
}

fn root(src: &str) -> Node {
    let parsed = json(src);
    assert!(parsed.problems.is_empty(), "{src}: {:?}", parsed.problems);
    assert_eq!(parsed.documents.len(), 1);
    parsed.documents.into_iter().next().unwrap().root
}

/// The single problem of a rejected text: (message, covered text).
fn error(src: &str) -> (String, String) {
    let parsed = json(src);
    assert!(
        parsed.documents.is_empty(),
        "{src}: a document was returned"
    );
    assert_eq!(parsed.problems.len(), 1, "{src}: {:?}", parsed.problems);
    let p = &parsed.problems[0];
    assert_eq!(p.kind, ProblemKind::Syntax, "{src}");
    (p.message.clone(), src[p.span.start..p.span.end].to_owned())
}

#[test]
fn loads_values_with_spans() {
    let src = r#"{"name": "x", "n": [1, -2, 3.5, true, null], "o": {}}"#;
    let root = root(src);
    assert_eq!(root.span, Span::new(0, src.len()));
    assert_eq!(root.style, ScalarStyle::NotScalar);
    let name = root.entry("name").unwrap();
    assert_eq!(&src[name.key.span.start..name.key.span.end], r#""name""#);
    assert_eq!(&src[name.value.span.start..name.value.span.end], r#""x""#);
    assert_eq!(name.value.style, ScalarStyle::DoubleQuoted);
    let n = root.get("n").unwrap();
    assert_eq!(&src[n.span.start..n.span.end], "[1, -2, 3.5, true, null]");
    let items = n.as_seq().unwrap();
    assert_eq!(items[0].as_i64(), Some(1));
    assert_eq!(items[1].as_i64(), Some(-2));
    assert_eq!(items[2].as_f64(), Some(3.5));
    assert_eq!(items[3].as_bool(), Some(true));
    assert!(items[4].is_null());
    assert!(items.iter().all(|i| i.style == ScalarStyle::Plain));
    assert_eq!(&src[items[2].span.start..items[2].span.end], "3.5");
    assert_eq!(root.get("o").unwrap().as_map().unwrap().len(), 0);
    assert_eq!(
        root.to_json(),
        serde_json::from_str::<serde_json::Value>(src).unwrap()
    );
}

#[test]
fn keeps_key_order() {
    let src = r#"{"z": 1, "a": 2, "m": 3}"#;
    let keys: Vec<_> = root(src)
        .to_json()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, ["z", "a", "m"]);
}

#[test]
fn type_names() {
    let root = root(r#"[null, true, 1, -1, 1.5, 2.0, "s", [], {}]"#);
    let names: Vec<_> = root.as_seq().unwrap().iter().map(Node::type_name).collect();
    assert_eq!(
        names,
        [
            "null", "boolean", "integer", "integer", "number", "integer", "string", "array",
            "object"
        ]
    );
}

#[test]
fn numbers() {
    let root =
        root("[18446744073709551615, -9223372036854775808, 18446744073709551616, 1e2, -0, 0.5e-3]");
    let items = root.as_seq().unwrap();
    assert_eq!(
        items[0].to_json(),
        serde_json::json!(18_446_744_073_709_551_615_u64)
    );
    assert_eq!(items[1].as_i64(), Some(i64::MIN));
    assert_eq!(items[2].as_f64(), Some(18_446_744_073_709_551_616.0));
    assert_eq!(items[2].as_i64(), None);
    assert_eq!(items[3].as_f64(), Some(100.0));
    assert_eq!(items[4].as_f64(), Some(0.0));
    assert_eq!(items[5].as_f64(), Some(0.0005));
}

#[test]
fn strings_and_escapes() {
    let root = root(r#"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\ud83d\ude00", "héllo", ""]"#);
    let items = root.as_seq().unwrap();
    assert_eq!(items[0].as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\t"));
    assert_eq!(items[1].as_str(), Some("é😀"));
    assert_eq!(items[2].as_str(), Some("héllo"));
    assert_eq!(items[3].as_str(), Some(""));
}

#[test]
fn duplicate_keys_keep_the_first() {
    let src = r#"{"a": 1, "b": 2, "a": 3}"#;
    let parsed = json(src);
    assert_eq!(parsed.documents.len(), 1);
    let root = &parsed.documents[0].root;
    assert_eq!(root.as_map().unwrap().len(), 2);
    assert_eq!(root.get("a").unwrap().as_i64(), Some(1));
    assert_eq!(parsed.problems.len(), 1);
    let p = &parsed.problems[0];
    assert_eq!(p.kind, ProblemKind::DuplicateKey);
    assert_eq!(p.message, "duplicate key `a`");
    assert_eq!(p.span, Span::new(17, 20));
    assert_eq!(p.related, Some(Span::new(1, 4)));
}

#[test]
fn duplicate_keys_in_large_objects() {
    let mut src = String::from("{");
    for i in 0..100 {
        src.push_str(&format!("\"k{i}\": {i}, "));
    }
    src.push_str("\"k7\": 0, \"k99\": 0, \"new\": 1}");
    let parsed = json(&src);
    let dups: Vec<_> = parsed.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(dups, ["duplicate key `k7`", "duplicate key `k99`"]);
    let root = &parsed.documents[0].root;
    assert_eq!(root.as_map().unwrap().len(), 101);
    assert_eq!(root.get("k7").unwrap().as_i64(), Some(7));
}

#[test]
fn trailing_commas() {
    let (msg, at) = error("[1, 2,]");
    assert_eq!(msg, "trailing comma is not allowed in JSON");
    assert_eq!(at, ",");
    let (msg, _) = error("{\"a\": 1,\n}");
    assert_eq!(msg, "trailing comma is not allowed in JSON");
}

#[test]
fn comments() {
    let (msg, at) = error("{\"a\": 1 // note\n}");
    assert_eq!(msg, "comments are not allowed in JSON");
    assert_eq!(at, "// note");
    let (msg, at) = error("/* head */ {}");
    assert_eq!(msg, "comments are not allowed in JSON");
    assert_eq!(at, "/* head */");
}

#[test]
fn syntax_error_messages() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{"a": 1]"#,
            "expected `,` or `}` after an object member, found `]`",
            "]",
        ),
        (
            r#"[1 2]"#,
            "expected `,` or `]` after an array element, found a number",
            "2",
        ),
        (
            r#"{"a" 1}"#,
            "expected `:` after an object key, found a number",
            "1",
        ),
        (
            r#"{a: 1}"#,
            "expected a double-quoted object key, found `a`",
            "a",
        ),
        (
            r#"{'a': 1}"#,
            "single quotes are not allowed in JSON; use `\"`",
            "'",
        ),
        ("[NaN]", "`NaN` is not allowed in JSON", "NaN"),
        (
            "-Infinity",
            "`-Infinity` is not allowed in JSON",
            "-Infinity",
        ),
        (
            "True",
            "`True` is not a JSON value; JSON booleans are `true` and `false`",
            "True",
        ),
        (
            "[01]",
            "leading zeros are not allowed in JSON numbers",
            "01",
        ),
        ("[1.]", "expected a digit after the decimal point", "1."),
        ("[1e+]", "expected a digit in the exponent", "1e+"),
        ("+1", "a leading `+` is not allowed in JSON numbers", "+"),
        ("1e400", "number `1e400` is out of range", "1e400"),
        (r#""\x""#, "invalid escape `\\x` in a JSON string", "\\x"),
        (
            r#""\u12""#,
            "invalid unicode escape: `\\u` must be followed by 4 hex digits",
            "\\u12",
        ),
        (
            r#""\ud800x""#,
            "unpaired surrogate `\\ud800` in a JSON string",
            "\\ud800",
        ),
        (
            r#""\udc00""#,
            "unpaired surrogate `\\udc00` in a JSON string",
            "\\udc00",
        ),
        (
            "\"a\tb\"",
            "control character U+0009 must be escaped in a JSON string",
            "\t",
        ),
        ("\"abc", "unterminated string", "\"abc"),
        (
            "[1, 2",
            "expected `,` or `]` after an array element, found end of file",
            "",
        ),
        (
            "{} {}",
            "expected end of file after the JSON value, found `{`",
            "{",
        ),
        ("[}", "expected a value, found `}`", "}"),
        (
            "[hello]",
            "expected a value, found `hello` (JSON strings must be double-quoted)",
            "hello",
        ),
    ];
    for (src, message, at) in cases {
        let (m, a) = error(src);
        assert_eq!((m.as_str(), a.as_str()), (*message, *at), "{src}");
    }
}

#[test]
fn empty_input() {
    for src in ["", "  \n\t "] {
        let (msg, _) = error(src);
        assert_eq!(msg, "empty file");
    }
}

#[test]
fn error_drops_documents_but_keeps_earlier_duplicates() {
    let parsed = json(r#"{"a": 1, "a": 2, }"#);
    assert!(parsed.documents.is_empty());
    let kinds: Vec<_> = parsed.problems.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [ProblemKind::DuplicateKey, ProblemKind::Syntax]);
}

#[test]
fn node_limit_counts_keys() {
    let limits = Limits {
        max_nodes: 6,
        ..Limits::default()
    };
    assert!(parse(r#"{"a": [1], "b": 2}"#, Format::Json, &limits)
        .problems
        .is_empty());
    let parsed = parse(r#"{"a": [1, 2], "b": 2}"#, Format::Json, &limits);
    assert!(parsed.documents.is_empty());
    assert_eq!(parsed.problems[0].kind, ProblemKind::NodeLimit);
}

#[test]
fn depth_limit() {
    let limits = Limits {
        max_depth: 4,
        ..Limits::default()
    };
    assert!(parse("[[[[1]]]]", Format::Json, &limits)
        .problems
        .is_empty());
    let parsed = parse("[[[[[1]]]]]", Format::Json, &limits);
    assert!(parsed.documents.is_empty());
    assert_eq!(parsed.problems[0].kind, ProblemKind::DepthLimit);
    assert_eq!(parsed.problems[0].span, Span::new(4, 5));

    let deep = "[".repeat(100_000);
    let parsed = json(&deep);
    assert_eq!(parsed.problems[0].kind, ProblemKind::DepthLimit);
}

#[test]
fn byte_order_mark_is_skipped() {
    let src = "\u{feff}{\"a\": 1}";
    let root = root(src);
    assert_eq!(root.span, Span::new(3, src.len()));
    assert_eq!(root.entry("a").unwrap().key.span, Span::new(4, 7));
}

#[test]
fn multibyte_spans_are_bytes() {
    let src = r#"{"é": "ü", "k": 1}"#;
    let root = root(src);
    let k = root.entry("k").unwrap();
    assert_eq!(&src[k.key.span.start..k.key.span.end], "\"k\"");
    assert!(matches!(root.get("é").unwrap().value, Value::String(ref s) if s == "ü"));
}

#[test]
fn matches_serde_json_on_a_mixed_document() {
    let src = r#"
    {
      "version": 1,
      "agents": [
        {"id": "a\u0041", "weight": 0.25, "tags": ["x", "y"], "enabled": false, "meta": null},
        {"id": "b", "weight": 1e-7, "limits": {"depth": 12, "neg": -3}}
      ]
    }"#;
    let expected: serde_json::Value = serde_json::from_str(src).unwrap();
    assert_eq!(root(src).to_json(), expected);
}
