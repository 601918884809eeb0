//! What each fuzz target checks, shared with the test that replays
//! `fixtures/fuzz-regressions/` (`tests/fuzz_regressions.rs`), so a minimised
//! crasher is checked the same way on stable, without libFuzzer.
//!
//! Every entry point panics when an invariant breaks: a panic inside the tool, a span outside
//! the source, more findings than the per-file cap, output that does not render, generated
//! code that does not parse or that holds an item or attribute the generator never emits.

use std::path::Path;

use agentspec::output::{self, FileResult, Results};
use agentspec_lint::Options;
use agentspec_syntax::{Format, Limits, ProblemKind};
use proc_macro2::{Delimiter, TokenTree};

/// Lints `data` as a YAML spec file, as `agentspec lint` does, and renders every format.
pub fn lint_yaml(data: &[u8]) {
    lint(data, "fuzz.yaml");
}

/// Lints `data` as a JSON spec file, and checks the JSON parser against `serde_json`.
pub fn lint_json(data: &[u8]) {
    lint(data, "fuzz.json");
    json_agrees_with_serde(data);
}

/// Generates answer types from `data` read as a JSON `answer_format`.
pub fn gen_answer_format(data: &[u8]) {
    let Ok(schema) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let input = agentspec_codegen::AnswerSchema {
        type_name: "FuzzAnswer".into(),
        schema,
        origin: "`fuzz.session.json`".into(),
    };
    let generated = agentspec_codegen::generate_schema(&input);
    for d in &generated.diagnostics {
        assert!(
            !d.message.contains("internal error"),
            "the generator failed: {}",
            d.message
        );
    }
    if !generated.code.is_empty() {
        check_generated(&generated.code);
    }
}

/// Silences the panic hook: the generator catches typify's panics by design, and a panic that
/// escapes the target still aborts the run.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

fn lint(data: &[u8], name: &str) {
    let options = Options::default();
    let path = Path::new(name);
    let file = agentspec::commands::lint::lint_bytes(path, data.to_vec(), None, &options);
    check_file(&file, &options);
    let results = Results { files: vec![file] };
    let _ = output::human::render(&results, false);
    let _ = output::concise::render(&results);
    let json = output::json::render(&results);
    let value: serde_json::Value = serde_json::from_str(&json).expect("--format json is JSON");
    let diagnostics = value["diagnostics"].as_array().expect("diagnostics array");
    for d in diagnostics {
        let line = d["line"].as_u64().expect("line");
        let end_line = d["end_line"].as_u64().expect("end_line");
        assert!(line >= 1 && end_line >= line, "bad position {d}");
    }
}

fn check_file(file: &FileResult, options: &Options) {
    let len = file.source.len();
    assert!(
        file.diagnostics.len() <= options.max_diagnostics + 1,
        "{} findings kept, cap is {}",
        file.diagnostics.len(),
        options.max_diagnostics
    );
    for d in &file.diagnostics {
        assert!(
            d.span.start <= d.span.end && d.span.end <= len,
            "span {:?} outside a {len}-byte source: {}",
            d.span,
            d.message
        );
        for r in &d.related {
            assert!(
                r.span.start <= r.span.end && r.span.end <= len,
                "related span {:?} outside a {len}-byte source",
                r.span
            );
        }
        assert!(
            !(d.span.start == 0 && d.message == "the YAML parser failed on this input"),
            "the parser panicked: {}",
            d.message
        );
    }
}

/// Strict JSON: what `serde_json` reads, agentspec reads to the same value, and the reverse.
fn json_agrees_with_serde(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = agentspec_syntax::parse(text, Format::Json, &Limits::default());
    let plain = text.strip_prefix('\u{feff}').unwrap_or(text);
    let theirs = serde_json::from_str::<serde_json::Value>(plain);
    if parsed.has(ProblemKind::DepthLimit) {
        return;
    }
    if !parsed.has_problems() {
        let ours = parsed.documents[0].root.to_json();
        match theirs {
            Ok(theirs) => assert_eq!(ours, theirs, "the parsers read different values"),
            Err(error) => panic!("agentspec accepts JSON that serde_json rejects: {error}"),
        }
    } else if theirs.is_ok() && !parsed.has(ProblemKind::DuplicateKey) {
        panic!(
            "serde_json accepts JSON that agentspec rejects: {:?}",
            parsed.problems
        );
    }
}

/// Generated code parses as a Rust file and holds only what the generator emits: no inner
/// attributes, no macro definitions, no `extern`, no `unsafe`, no attribute or macro outside a
/// short list (so nothing from a schema can run at build time or be compiled as code).
pub fn check_generated(code: &str) {
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("generated code: {e}\n{code}"));
    assert!(file.attrs.is_empty(), "inner attribute in generated code");
    // Attributes and macro calls anywhere, read from the tokens.
    let tokens: proc_macro2::TokenStream = code.parse().expect("tokens");
    walk(tokens, &mut |tree, next| match (tree, next) {
        (TokenTree::Ident(ident), Some(TokenTree::Punct(p))) if p.as_char() == '!' => {
            let name = ident.to_string();
            assert!(
                MACROS.contains(&name.as_str()),
                "macro `{name}!` in generated code"
            );
        }
        (TokenTree::Ident(ident), _) => {
            let name = ident.to_string();
            assert!(
                !matches!(name.as_str(), "unsafe" | "extern" | "macro_rules"),
                "`{name}` in generated code"
            );
        }
        (TokenTree::Punct(p), Some(TokenTree::Punct(bang))) if p.as_char() == '#' => {
            assert!(bang.as_char() != '!', "inner attribute in generated code");
        }
        (TokenTree::Punct(p), Some(TokenTree::Group(g)))
            if p.as_char() == '#' && g.delimiter() == Delimiter::Bracket =>
        {
            let name = g.stream().into_iter().next().map(|t| t.to_string());
            assert!(
                name.as_deref().is_some_and(|n| ATTRIBUTES.contains(&n)),
                "attribute `{name:?}` in generated code"
            );
        }
        _ => {}
    });
}

/// Calls `visit` on every token with the token after it at the same level.
fn walk(tokens: proc_macro2::TokenStream, visit: &mut dyn FnMut(&TokenTree, Option<&TokenTree>)) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        visit(tree, trees.get(i + 1));
        if let TokenTree::Group(group) = tree {
            walk(group.stream(), visit);
        }
    }
}

/// Attributes the generator emits.
const ATTRIBUTES: &[&str] = &[
    "doc", "derive", "serde", "allow", "default", "repr", "must_use",
];

/// Macros the generator calls.
const MACROS: &[&str] = &[
    "vec",
    "format",
    "write",
    "matches",
    "panic",
    "unreachable",
    "concat",
];
