use std::time::{Duration, Instant};

use agentspec_syntax::{
    parse, Format, Limits, LineIndex, Node, Parsed, ProblemKind, ScalarStyle, Span, Value,
};
use serde_json::json;

fn yaml(src: &str) -> Parsed {
    parse(src, Format::Yaml, &Limits::default())
}

fn root(src: &str) -> Node {
    let parsed = yaml(src);
    assert!(parsed.problems.is_empty(), "{src}: {:?}", parsed.problems);
    assert_eq!(parsed.documents.len(), 1, "{src}");
    parsed.documents.into_iter().next().unwrap().root
}

fn text(src: &str, span: Span) -> &str {
    &src[span.start..span.end]
}

#[test]
fn spans_of_keys_and_values() {
    let src = "name: agent\nsteps:\n  - run: \"echo\"\n    with: [a, b]   # note\n  - 'x'\nlit: |\n  one\n  two\n\nend: 1\n";
    let root = root(src);
    assert_eq!(root.style, ScalarStyle::NotScalar);
    let name = root.entry("name").unwrap();
    assert_eq!(text(src, name.key.span), "name");
    assert_eq!(text(src, name.value.span), "agent");
    let steps = root.get("steps").unwrap();
    assert_eq!(
        text(src, steps.span),
        "- run: \"echo\"\n    with: [a, b]   # note\n  - 'x'"
    );
    let first = &steps.as_seq().unwrap()[0];
    assert_eq!(text(src, first.span), "run: \"echo\"\n    with: [a, b]");
    assert_eq!(text(src, first.get("run").unwrap().span), "\"echo\"");
    assert_eq!(first.get("run").unwrap().style, ScalarStyle::DoubleQuoted);
    assert_eq!(text(src, first.get("with").unwrap().span), "[a, b]");
    let second = &steps.as_seq().unwrap()[1];
    assert_eq!(second.style, ScalarStyle::SingleQuoted);
    let lit = root.get("lit").unwrap();
    assert_eq!(lit.as_str(), Some("one\ntwo\n"));
    assert_eq!(lit.style, ScalarStyle::Literal);
    assert_eq!(text(src, lit.span), "one\n  two");
    assert_eq!(text(src, root.entry("end").unwrap().key.span), "end");
    assert_eq!(text(src, root.span), src.trim_end());
}

#[test]
fn multibyte_spans_and_line_col() {
    let src = "título: café ☕\nnão: [ü, \"日本\"]\n";
    let root = root(src);
    let first = root.entry("título").unwrap();
    assert_eq!(text(src, first.key.span), "título");
    assert_eq!(text(src, first.value.span), "café ☕");
    let second = root.entry("não").unwrap();
    assert_eq!(text(src, second.key.span), "não");
    let items = second.value.as_seq().unwrap();
    assert_eq!(text(src, items[1].span), "\"日本\"");

    let lines = LineIndex::new(src);
    assert_eq!(lines.line_col(first.value.span.start), (1, 9));
    assert_eq!(lines.line_col(second.key.span.start), (2, 1));
    assert_eq!(lines.line_col(items[1].span.start), (2, 10));
    assert_eq!(lines.line_col(src.len()), (3, 1));
    assert_eq!(lines.line_text(2), Some("não: [ü, \"日本\"]"));
}

#[test]
fn line_index_handles_crlf_and_offsets_inside_chars() {
    let src = "a\r\nbé\rc";
    let lines = LineIndex::new(src);
    assert_eq!(lines.line_count(), 3);
    assert_eq!(lines.line_col(3), (2, 1));
    assert_eq!(lines.line_col(5), (2, 2)); // inside `é`
    assert_eq!(lines.line_col(7), (3, 1));
    assert_eq!(lines.line_col(1000), (3, 2));
}

#[test]
fn byte_order_mark_keeps_offsets() {
    let src = "\u{feff}a: é\nb: 2\n";
    let root = root(src);
    let b = root.entry("b").unwrap();
    assert_eq!(text(src, b.key.span), "b");
    assert_eq!(text(src, root.entry("a").unwrap().key.span), "a");
}

#[test]
fn core_schema_scalars() {
    let src = "
null: [null, Null, NULL, ~]
empty:
bool: [true, True, FALSE]
int: [0, -12, +7, 0o17, 0x1f, 0755, 123456789012345678901234]
float: [1.5, -.5, 1e3, 2.]
special: [.inf, -.Inf, .nan]
strings: [yes, no, on, off, y, 1_000, 0x, 12:30, 'true', \"1\"]
";
    let root = root(src);
    assert_eq!(
        root.get("null").unwrap().to_json(),
        json!([null, null, null, null])
    );
    assert!(root.get("empty").unwrap().is_null());
    assert_eq!(
        root.get("bool").unwrap().to_json(),
        json!([true, true, false])
    );
    let ints = root.get("int").unwrap().as_seq().unwrap();
    let got: Vec<_> = ints[..6].iter().map(|n| n.as_i64().unwrap()).collect();
    assert_eq!(got, [0, -12, 7, 15, 31, 755]);
    assert_eq!(ints[6].as_f64(), Some(1.234_567_890_123_456_8e23));
    let floats: Vec<_> = root
        .get("float")
        .unwrap()
        .as_seq()
        .unwrap()
        .iter()
        .map(|n| n.as_f64().unwrap())
        .collect();
    assert_eq!(floats, [1.5, -0.5, 1000.0, 2.0]);
    let special = root.get("special").unwrap().as_seq().unwrap();
    assert_eq!(special[0].value, Value::String(".inf".into()));
    assert_eq!(special[1].value, Value::String("-.Inf".into()));
    assert_eq!(special[2].value, Value::String(".nan".into()));
    assert!(special.iter().all(|n| n.style == ScalarStyle::Plain));
    let strings = root.get("strings").unwrap();
    assert_eq!(
        strings.to_json(),
        json!(["yes", "no", "on", "off", "y", "1_000", "0x", "12:30", "true", "1"])
    );
    assert_eq!(strings.as_seq().unwrap()[0].style, ScalarStyle::Plain);
}

#[test]
fn tags() {
    let src = "
a: !!str 123
b: !!int \"42\"
c: !!float 3
d: !custom 12
e: ! 12
f: !!bool 'true'
g: !<tag:yaml.org,2002:str> 5
h: !!binary aGk=
";
    let root = root(src);
    let a = root.get("a").unwrap();
    assert_eq!(a.as_str(), Some("123"));
    assert_eq!(a.tag.as_deref(), Some("!!str"));
    assert_eq!(text(src, a.span), "!!str 123");
    assert_eq!(root.get("b").unwrap().as_i64(), Some(42));
    assert_eq!(root.get("c").unwrap().as_f64(), Some(3.0));
    let d = root.get("d").unwrap();
    assert_eq!(d.as_i64(), Some(12));
    assert_eq!(d.tag.as_deref(), Some("!custom"));
    let e = root.get("e").unwrap();
    assert_eq!(e.as_str(), Some("12"));
    assert_eq!(e.tag.as_deref(), Some("!"));
    assert_eq!(root.get("f").unwrap().as_bool(), Some(true));
    assert_eq!(root.get("g").unwrap().as_str(), Some("5"));
    assert_eq!(root.get("g").unwrap().tag.as_deref(), Some("!!str"));
    assert_eq!(root.get("h").unwrap().tag.as_deref(), Some("!!binary"));
}

#[test]
fn invalid_tagged_value_is_reported() {
    let parsed = yaml("a: !!int abc\nb: !!map [1]\n");
    assert_eq!(parsed.documents.len(), 1);
    let messages: Vec<_> = parsed
        .problems
        .iter()
        .map(|p| (p.kind, p.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (ProblemKind::Syntax, "`abc` is not a valid `!!int` value"),
            (
                ProblemKind::Syntax,
                "tag `!!map` cannot be applied to a sequence"
            ),
        ]
    );
    assert_eq!(
        parsed.documents[0].root.get("a").unwrap().as_str(),
        Some("abc")
    );
}

#[test]
fn non_string_keys() {
    let src = "1: a\ntrue: b\n~: c\n1.5: d\n[x, y]: e\n{k: v}: f\n? - z\n: g\n";
    let root = root(src);
    let keys: Vec<_> = root
        .as_map()
        .unwrap()
        .iter()
        .map(|e| (e.key.text.as_str(), e.key.scalar))
        .collect();
    assert_eq!(
        keys,
        [
            ("1", true),
            ("true", true),
            ("null", true),
            ("1.5", true),
            ("[\"x\",\"y\"]", false),
            ("{\"k\":\"v\"}", false),
            ("[\"z\"]", false),
        ]
    );
    assert_eq!(
        text(src, root.entry("[\"x\",\"y\"]").unwrap().key.span),
        "[x, y]"
    );
    assert_eq!(root.get("1").unwrap().as_str(), Some("a"));
}

#[test]
fn duplicate_keys() {
    let src = "a: 1\nb: 2\na: 3\n";
    let parsed = yaml(src);
    assert_eq!(parsed.documents.len(), 1);
    let root = &parsed.documents[0].root;
    assert_eq!(root.get("a").unwrap().as_i64(), Some(1));
    assert_eq!(root.as_map().unwrap().len(), 2);
    let p = &parsed.problems[0];
    assert_eq!(p.kind, ProblemKind::DuplicateKey);
    assert_eq!(p.span, Span::new(10, 11));
    assert_eq!(p.related, Some(Span::new(0, 1)));
    // Keys equal as JSON keys collide too.
    let parsed = yaml("1: a\n\"1\": b\n");
    assert_eq!(parsed.problems.len(), 1);
    assert_eq!(parsed.problems[0].kind, ProblemKind::DuplicateKey);
}

#[test]
fn anchors_and_aliases() {
    let src = "base: &b {x: 1, y: [2]}\ncopy: *b\nname: &n hello\nagain: *n\n";
    let root = root(src);
    let base = root.get("base").unwrap();
    let copy = root.get("copy").unwrap();
    assert_eq!(copy.to_json(), json!({"x": 1, "y": [2]}));
    assert_eq!(copy.span, base.span);
    assert_eq!(text(src, base.span), "&b {x: 1, y: [2]}");
    assert_eq!(root.get("again").unwrap().as_str(), Some("hello"));
}

#[test]
fn undefined_alias() {
    let src = "a: *missing\n";
    let parsed = yaml(src);
    assert!(parsed.documents.is_empty());
    let p = &parsed.problems[0];
    assert_eq!(p.kind, ProblemKind::Syntax);
    assert_eq!(p.message, "undefined alias `*missing`");
    assert_eq!(text(src, p.span), "*missing");
}

#[test]
fn merge_keys() {
    let src = "
defaults: &d
  a: 1
  b: 2
other: &o
  b: 20
  c: 30
one:
  <<: *d
  b: 3
two:
  x: 0
  <<: [*o, *d]
  c: 4
inline: {<<: {k: v}, z: 1}
";
    let root = root(src);
    assert_eq!(root.get("one").unwrap().to_json(), json!({"a": 1, "b": 3}));
    let two = root.get("two").unwrap();
    assert_eq!(two.to_json(), json!({"x": 0, "b": 20, "a": 1, "c": 4}));
    let keys: Vec<_> = two
        .as_map()
        .unwrap()
        .iter()
        .map(|e| e.key.text.as_str())
        .collect();
    assert_eq!(keys, ["x", "b", "a", "c"]);
    let merged_b = two.entry("b").unwrap();
    assert_eq!(text(src, merged_b.key.span), "b");
    assert_eq!(text(src, merged_b.value.span), "20");
    assert_eq!(
        root.get("inline").unwrap().to_json(),
        json!({"k": "v", "z": 1})
    );
}

#[test]
fn quoted_merge_key_is_a_plain_key() {
    let root = root("'<<': 1\n");
    assert_eq!(root.to_json(), json!({"<<": 1}));
}

#[test]
fn invalid_merge_value() {
    let src = "a:\n  <<: 5\n  b: 1\n";
    let parsed = yaml(src);
    assert_eq!(parsed.documents.len(), 1);
    let p = &parsed.problems[0];
    assert_eq!(p.kind, ProblemKind::Syntax);
    assert_eq!(
        p.message,
        "the value of a merge key `<<` must be a mapping or a sequence of mappings"
    );
    assert_eq!(text(src, p.span), "5");
    assert_eq!(
        parsed.documents[0].root.get("a").unwrap().to_json(),
        json!({"b": 1})
    );
}

const BILLION_LAUGHS: &str = "
a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
";

#[test]
fn billion_laughs_stops_at_the_alias_limit() {
    let started = Instant::now();
    let parsed = yaml(BILLION_LAUGHS);
    let elapsed = started.elapsed();
    assert!(parsed.documents.is_empty());
    let p = parsed.problems.last().unwrap();
    assert_eq!(p.kind, ProblemKind::AliasLimit);
    assert_eq!(
        p.message,
        "alias expansion exceeds the limit of 100000 nodes"
    );
    assert!(BILLION_LAUGHS[p.span.start..p.span.end].starts_with('*'));
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[test]
fn node_limit_counts_keys_and_alias_copies() {
    let limits = Limits {
        max_nodes: 7,
        ..Limits::default()
    };
    // {a: [1, 2], b: 3}: the map, two keys, the sequence, three scalars.
    assert!(parse("a: [1, 2]\nb: 3\n", Format::Yaml, &limits)
        .problems
        .is_empty());
    let parsed = parse("a: [1, 2, 3]\nb: 3\n", Format::Yaml, &limits);
    assert!(parsed.documents.is_empty());
    assert_eq!(parsed.problems[0].kind, ProblemKind::NodeLimit);
    assert_eq!(
        parsed.problems[0].message,
        "the document holds more than the limit of 7 nodes"
    );
    // An alias copy counts whole: 1 + 2 keys + 3 + 3 copied.
    let parsed = parse("a: &x [1, 2]\nb: *x\n", Format::Yaml, &limits);
    assert_eq!(parsed.problems[0].kind, ProblemKind::NodeLimit);
}

#[test]
fn alias_limit_is_configurable() {
    let limits = Limits {
        max_alias_nodes: 5,
        ..Limits::default()
    };
    let parsed = parse("a: &a [1, 2]\nb: *a\nc: *a\n", Format::Yaml, &limits);
    assert_eq!(parsed.problems[0].kind, ProblemKind::AliasLimit);
    assert!(parse("a: &a [1, 2]\nb: *a\n", Format::Yaml, &limits)
        .problems
        .is_empty());
}

#[test]
fn depth_limit() {
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    assert!(parse("a:\n  b:\n    c: 1\n", Format::Yaml, &limits)
        .problems
        .is_empty());
    let parsed = parse("a:\n  b:\n    c:\n      d: 1\n", Format::Yaml, &limits);
    assert!(parsed.documents.is_empty());
    assert_eq!(parsed.problems[0].kind, ProblemKind::DepthLimit);
    assert_eq!(
        parsed.problems[0].message,
        "nesting exceeds the limit of 3 levels"
    );

    // Aliases cannot build deeper trees than the limit either.
    let parsed = parse("a: &a [[1]]\nb: [*a]\n", Format::Yaml, &limits);
    assert_eq!(parsed.problems[0].kind, ProblemKind::DepthLimit);

    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let parsed = yaml(&deep);
    assert_eq!(parsed.problems[0].kind, ProblemKind::DepthLimit);
}

#[test]
fn multiple_documents() {
    let src = "--- a\n--- [b]\n...\n---\nc: 1\n";
    let parsed = yaml(src);
    assert!(parsed.problems.is_empty());
    let docs: Vec<_> = parsed.documents.iter().map(|d| d.root.to_json()).collect();
    assert_eq!(docs, [json!("a"), json!(["b"]), json!({"c": 1})]);
    assert_eq!(text(src, parsed.documents[1].span), "--- [b]\n...");
    let empty = yaml("--- \n");
    assert_eq!(empty.documents.len(), 1);
    assert!(empty.documents[0].root.is_null());
}

#[test]
fn empty_stream_has_no_documents() {
    for src in ["", "   \n", "# only a comment\n\n"] {
        let parsed = yaml(src);
        assert!(parsed.documents.is_empty(), "{src:?}");
        assert!(parsed.problems.is_empty(), "{src:?}");
    }
}

#[test]
fn syntax_errors_drop_documents() {
    let src = "--- ok\n---\na: 1\n b: 2\n";
    let parsed = yaml(src);
    assert!(parsed.documents.is_empty());
    assert_eq!(parsed.problems.len(), 1);
    let p = &parsed.problems[0];
    assert_eq!(p.kind, ProblemKind::Syntax);
    assert_eq!(p.message, "mapping values are not allowed in this context");
    assert_eq!(LineIndex::new(src).line_col(p.span.start), (4, 3));

    let parsed = yaml("key: [a, b\n");
    assert_eq!(parsed.problems[0].kind, ProblemKind::Syntax);
    assert!(parsed.problems[0].span.end <= 11);
}

#[test]
fn disallowed_characters_are_reported() {
    let src = "a: b\u{7}c\n";
    let parsed = yaml(src);
    let p = &parsed.problems[0];
    assert_eq!(p.kind, ProblemKind::Encoding);
    assert_eq!(p.message, "character U+0007 is not allowed in YAML");
    assert_eq!(p.span, Span::new(4, 5));

    // Where the scanner stops at it, the character is reported once.
    let parsed = yaml("a: b\0c\n");
    assert_eq!(parsed.problems.len(), 1, "{:?}", parsed.problems);
    assert_eq!(
        parsed.problems[0].message,
        "character U+0000 is not allowed in YAML"
    );
    assert!(parsed.documents.is_empty());
}

#[test]
fn to_json_keeps_order() {
    let root = root("z: 1\na: 2\nm: {y: 1, b: 2}\n");
    assert_eq!(
        serde_json::to_string(&root.to_json()).unwrap(),
        r#"{"z":1,"a":2,"m":{"y":1,"b":2}}"#
    );
}

#[test]
fn accessors() {
    let root = root("s: x\nn: 3\nf: 0.5\nb: false\nl: [1]\nm: {}\n");
    assert_eq!(root.get("s").unwrap().as_str(), Some("x"));
    assert_eq!(root.get("n").unwrap().as_i64(), Some(3));
    assert_eq!(root.get("n").unwrap().as_f64(), Some(3.0));
    assert_eq!(root.get("f").unwrap().as_i64(), None);
    assert_eq!(root.get("b").unwrap().as_bool(), Some(false));
    assert_eq!(root.get("l").unwrap().as_seq().unwrap().len(), 1);
    assert!(root.get("m").unwrap().as_map().unwrap().is_empty());
    assert!(root.get("missing").is_none());
    assert!(root.get("s").unwrap().get("x").is_none());
    let names: Vec<_> = root
        .as_map()
        .unwrap()
        .iter()
        .map(|e| e.value.type_name())
        .collect();
    assert_eq!(
        names,
        ["string", "integer", "number", "boolean", "array", "object"]
    );
}

#[test]
fn pointer_escape() {
    assert_eq!(agentspec_syntax::pointer_escape("a/b~c"), "a~1b~0c");
    assert_eq!(agentspec_syntax::pointer_escape("plain"), "plain");
}

/// Every one-line plain or double-quoted string spans exactly its source text.
fn assert_string_spans(node: &Node, src: &str) {
    if let Some(s) = node.as_str() {
        let covered = text(src, node.span);
        match node.style {
            ScalarStyle::Plain => assert_eq!(covered, s),
            ScalarStyle::DoubleQuoted => assert_eq!(covered, format!("\"{s}\"")),
            ScalarStyle::SingleQuoted => assert_eq!(covered, format!("'{s}'")),
            _ => {}
        }
    }
    for item in node.as_seq().unwrap_or_default() {
        assert_string_spans(item, src);
    }
    for entry in node.as_map().unwrap_or_default() {
        assert_eq!(text(src, entry.key.span), entry.key.text);
        assert_string_spans(&entry.value, src);
    }
}

#[test]
fn spans_stay_on_bytes_through_multibyte_text() {
    let words = ["ä", "日本語", "😀x", "a\u{301}", "ß", "plain", "Ωμέγα", "𝄞"];
    let mut src = String::new();
    for (i, w) in words.iter().cycle().take(200).enumerate() {
        match i % 4 {
            0 => src.push_str(&format!("k{i}{w}: {w}v{i}\n")),
            1 => src.push_str(&format!("k{i}{w}: \"{w}\"\n")),
            2 => src.push_str(&format!("k{i}{w}: [{w}, '{w}{w}', {{{w}: {w}}}]\n")),
            _ => src.push_str(&format!("k{i}{w}:\n  - {w} {w}\n  - x{w}\n")),
        }
    }
    let root = root(&src);
    assert_eq!(root.as_map().unwrap().len(), 200);
    assert_string_spans(&root, &src);
    // Walking backwards (an error after the content) must still land on char boundaries.
    let broken = format!("{src}bad: [\n");
    let parsed = yaml(&broken);
    let p = &parsed.problems[0];
    assert!(broken.is_char_boundary(p.span.start) && p.span.end <= broken.len());
}

/// A tab that indents a line is reported at the tab (line and column as ruamel.yaml and PyYAML
/// give them), not where the scalar before it ends.
#[test]
fn a_tab_used_as_indentation_is_reported_at_the_tab() {
    for (source, line, column) in [
        ("a:\n  b: 1\n\tc: 2\n", 3, 1),
        ("a: 1\n\tb: 2\n", 2, 1),
        ("k:\n  - 1\n  \t- 2\n", 3, 3),
    ] {
        let parsed = yaml(source);
        let problem = &parsed.problems[0];
        let index = LineIndex::new(source);
        assert_eq!(
            index.line_col(problem.span.start),
            (line, column),
            "{source:?}: {problem:?}"
        );
    }
}

#[test]
fn json_surrogate_pairs_read_as_one_character() {
    // `json.dumps` writes U+1F600 as a surrogate pair; YAML 1.2 reads JSON.
    let src = "a: \"\\ud83d\\ude00 x \\uD83D\\uDE00\"\nb: '\\ud83d'\nc: \\ud83d plain\n\
               d: \"\\\\ud83d\"\ne: |\n  \\ud83d\n# \\ud83d\nf: \"two\n  \\ud83d\\ude00\"\n";
    let parsed = parse(src, Format::Yaml, &Limits::default());
    assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    let root = &parsed.documents[0].root;
    let text = |p: &str| {
        root.at_pointer(p)
            .and_then(|n| n.as_str())
            .unwrap_or_default()
    };
    assert_eq!(text("/a"), "😀 x 😀");
    assert_eq!(text("/b"), "\\ud83d");
    assert_eq!(text("/c"), "\\ud83d plain");
    assert_eq!(text("/d"), "\\ud83d");
    assert_eq!(text("/e"), "\\ud83d\n");
    assert_eq!(text("/f"), "two 😀");
    assert_eq!(root.at_pointer("/f").expect("f").span.end, src.len() - 1);
}

#[test]
fn a_lone_surrogate_is_an_error_at_its_escape() {
    for (src, at) in [
        ("a: \"x \\ud83d y\"\n", 6),
        ("a: \"\\ude00\"\n", 4),
        ("a: \"\\ud83d\\u0041\"\n", 4),
        ("a: [\"ok\", \"\\uD800\"]\n", 11),
    ] {
        let parsed = parse(src, Format::Yaml, &Limits::default());
        assert!(parsed.documents.is_empty(), "{src}");
        let problem = &parsed.problems[0];
        assert_eq!(problem.kind, ProblemKind::Syntax, "{src}");
        assert_eq!(problem.span.start, at, "{src}: {problem:?}");
        assert_eq!(problem.span.end, at + 6, "{src}");
        assert!(
            problem
                .message
                .starts_with(&format!("unpaired surrogate `{}`", &src[at..at + 6])),
            "{}",
            problem.message
        );
    }
}
