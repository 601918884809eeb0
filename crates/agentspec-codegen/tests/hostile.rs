//! Hostile answer formats (`fixtures/hostile/gen/*.json`): property names, titles, enum values
//! and descriptions that are keywords, Rust punctuation, code, code fences, control characters,
//! very long, or that collide once made identifiers; `x-rust-type` extensions; a pattern that
//! backtracks catastrophically. The generated code must compile, accept and reject the sample
//! answers as the schema does, run no doctest, and hold nothing from the schema outside string
//! literals and doc comments but identifiers.

mod support;

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use agentspec_codegen::{generate_schema, AnswerSchema, Severity};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use serde_json::Value;

struct Fixture {
    stem: String,
    schema: Value,
    valid: Vec<Value>,
    invalid: Vec<Value>,
}

fn fixtures() -> Vec<Fixture> {
    let dir = support::workspace().join("fixtures/hostile/gen");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no fixtures in {}", dir.display());
    paths
        .iter()
        .map(|path| {
            let v: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read"))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let list = |k: &str| v[k].as_array().cloned().unwrap_or_default();
            Fixture {
                stem: path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .expect("stem")
                    .to_owned(),
                schema: v["schema"].clone(),
                valid: list("valid"),
                invalid: list("invalid"),
            }
        })
        .collect()
}

/// Every string a schema holds (keys and values), to look for outside literals.
fn schema_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|i| schema_strings(i, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                schema_strings(v, out);
            }
        }
        _ => {}
    }
}

/// Attributes the generated code may carry, and macros it may call.
const ATTRIBUTES: &[&str] = &["doc", "derive", "serde", "allow", "default", "repr"];
const MACROS: &[&str] = &["vec", "format", "write", "matches", "panic", "unreachable"];

/// Checks the tokens of `code`: only allowed attributes and macros, no inner attribute, no
/// `unsafe`/`extern`, and no token outside a literal that carries punctuation from `strings`.
fn assert_inert(stem: &str, code: &str, strings: &[String]) {
    let tokens: TokenStream = code
        .parse()
        .unwrap_or_else(|e| panic!("{stem}: the code does not lex: {e}"));
    let mut idents = Vec::new();
    walk(tokens, &mut |tree, next| match (tree, next) {
        (TokenTree::Ident(ident), Some(TokenTree::Punct(p))) if p.as_char() == '!' => {
            let name = ident.to_string();
            assert!(MACROS.contains(&name.as_str()), "{stem}: macro `{name}!`");
        }
        (TokenTree::Ident(ident), _) => {
            let name = ident.to_string();
            assert!(
                !matches!(name.as_str(), "unsafe" | "extern" | "macro_rules" | "mod"),
                "{stem}: `{name}` in generated code"
            );
            idents.push(name);
        }
        (TokenTree::Punct(p), Some(TokenTree::Punct(bang))) if p.as_char() == '#' => {
            assert_ne!(bang.as_char(), '!', "{stem}: inner attribute");
        }
        (TokenTree::Punct(p), Some(TokenTree::Group(g)))
            if p.as_char() == '#' && g.delimiter() == Delimiter::Bracket =>
        {
            let name = g.stream().into_iter().next().map(|t| t.to_string());
            assert!(
                name.as_deref().is_some_and(|n| ATTRIBUTES.contains(&n)),
                "{stem}: attribute {name:?}"
            );
        }
        _ => {}
    });
    // What a schema string could smuggle in is punctuation: an identifier is inert. So every
    // schema string with code-like punctuation must not appear in the code outside literals.
    let outside: String = strip_literals_and_comments(code);
    for s in strings {
        let trimmed = s.trim();
        if trimmed.len() < 4 || !trimmed.contains(['(', ')', '{', '}', '[', ']', ';', '!', '"']) {
            continue;
        }
        assert!(
            !outside.contains(trimmed),
            "{stem}: `{trimmed}` from the schema appears outside a string literal"
        );
    }
    for ident in idents {
        assert!(
            !ident.contains("evil_") && !ident.contains("indented_") && !ident.contains("tilde_"),
            "{stem}: identifier `{ident}` comes from a description"
        );
    }
}

/// `code` with string and character literals and comments blanked out.
fn strip_literals_and_comments(code: &str) -> String {
    let tokens: TokenStream = code.parse().expect("lex");
    let mut out = String::new();
    fn push(stream: TokenStream, out: &mut String) {
        for tree in stream {
            match tree {
                TokenTree::Literal(_) => out.push_str(" \"\" "),
                TokenTree::Group(g) => {
                    let (open, close) = match g.delimiter() {
                        Delimiter::Parenthesis => ("(", ")"),
                        Delimiter::Brace => ("{", "}"),
                        Delimiter::Bracket => ("[", "]"),
                        Delimiter::None => ("", ""),
                    };
                    out.push_str(open);
                    push(g.stream(), out);
                    out.push_str(close);
                }
                other => {
                    out.push_str(&other.to_string());
                    out.push(' ');
                }
            }
        }
    }
    // Doc comments lex as `#[doc = "..."]`, so their text is a literal too.
    push(tokens, &mut out);
    out
}

fn walk(tokens: TokenStream, visit: &mut dyn FnMut(&TokenTree, Option<&TokenTree>)) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        visit(tree, trees.get(i + 1));
        if let TokenTree::Group(group) = tree {
            walk(group.stream(), visit);
        }
    }
}

/// The text of every doc comment must hold no code block rustdoc would run: fences are
/// ```` ```text ```` (or longer) and nothing outside a fence is indented.
fn assert_no_doctest(stem: &str, code: &str) {
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("{stem}: {e}"));
    let mut docs: Vec<String> = Vec::new();
    let mut collect = |attrs: &[syn::Attribute]| {
        let text: Vec<String> = attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .filter_map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => match &nv.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(s.value()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        if !text.is_empty() {
            docs.push(text.join("\n"));
        }
    };
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => {
                collect(&s.attrs);
                for f in &s.fields {
                    collect(&f.attrs);
                }
            }
            syn::Item::Enum(e) => {
                collect(&e.attrs);
                for v in &e.variants {
                    collect(&v.attrs);
                }
            }
            syn::Item::Type(t) => collect(&t.attrs),
            syn::Item::Impl(i) => {
                collect(&i.attrs);
                for item in &i.items {
                    match item {
                        syn::ImplItem::Fn(f) => collect(&f.attrs),
                        syn::ImplItem::Const(c) => collect(&c.attrs),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    for doc in docs {
        let mut fence: Option<String> = None;
        for line in doc.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            match &fence {
                Some(open) => {
                    if line.trim_end() == open {
                        fence = None;
                    }
                }
                None => {
                    let marker: String = line
                        .chars()
                        .take_while(|c| *c == '`' || *c == '~')
                        .collect();
                    if marker.len() >= 3 {
                        let info = line[marker.len()..].trim();
                        assert_eq!(
                            info, "text",
                            "{stem}: a code block rustdoc would run:\n{doc}"
                        );
                        fence = Some(marker);
                    } else {
                        assert!(
                            !line.starts_with("    ") && !line.starts_with('\t'),
                            "{stem}: an indented code block rustdoc would run:\n{doc}"
                        );
                    }
                }
            }
        }
        assert!(fence.is_none(), "{stem}: an unclosed fence:\n{doc}");
    }
}

#[test]
fn hostile_schemas_generate_inert_code_that_compiles_and_validates() {
    let fixtures = fixtures();
    let mut cases = Vec::new();
    let mut answers = Vec::new();
    let mut expected = Vec::new();
    for f in &fixtures {
        let start = Instant::now();
        let type_name = agentspec_codegen::type_name_for(&f.stem);
        let generated = generate_schema(&AnswerSchema {
            type_name: type_name.clone(),
            schema: f.schema.clone(),
            origin: format!("`fixtures/hostile/gen/{}.json`", f.stem),
        });
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{}: generation hung",
            f.stem
        );
        let errors: Vec<_> = generated
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.stem);
        assert!(!generated.code.is_empty(), "{}: no code", f.stem);
        let mut strings = Vec::new();
        schema_strings(&f.schema, &mut strings);
        assert_inert(&f.stem, &generated.code, &strings);
        assert_no_doctest(&f.stem, &generated.code);
        let module = format!("h_{}", f.stem.replace('-', "_"));
        for (answer, ok) in f
            .valid
            .iter()
            .map(|a| (a, true))
            .chain(f.invalid.iter().map(|a| (a, false)))
        {
            answers.push((module.clone(), answer.clone()));
            expected.push((f.stem.clone(), answer.clone(), ok));
        }
        cases.push(support::Case {
            module,
            type_name,
            code: generated.code,
        });
    }
    // `x-rust-type` never names a type: outside the SCHEMA string, no such path appears.
    for case in &cases {
        let outside = strip_literals_and_comments(&case.code);
        for path in ["process :: Command", "evil :: Payload", "process :: Child"] {
            assert!(
                !outside.contains(path),
                "{}: `{path}` from an `x-rust-type` reached the code",
                case.module
            );
        }
    }

    let start = Instant::now();
    let outcome = support::compile_and_run("hostile", &cases, &answers);
    assert!(
        outcome.failed.is_empty(),
        "generated code does not compile: {:#?}",
        outcome.failed
    );
    for ((stem, answer, ok), verdict) in expected.iter().zip(&outcome.verdicts) {
        assert_eq!(
            verdict.is_ok(),
            *ok,
            "{stem}: {answer} was {}: {verdict:?}",
            if verdict.is_ok() {
                "accepted"
            } else {
                "rejected"
            }
        );
    }
    // A hang guard for the catastrophic patterns, not a performance assertion.
    assert!(start.elapsed() < Duration::from_secs(600));

    doc_tests_run_none(&cases);
}

/// Builds the generated modules as a library and runs `cargo test --doc`: no doctest runs.
fn doc_tests_run_none(cases: &[support::Case]) {
    let root = support::workspace();
    let (scratch, dir) = support::scratch_crate(&root, "hostile-doc");
    let src = dir.join("src");
    let mut lib = String::from("#![allow(warnings)]\n");
    for case in cases {
        lib.push_str(&format!("pub mod {};\n", case.module));
        support::write_scratch(&src.join(format!("{}.rs", case.module)), &case.code);
    }
    support::write_scratch(&src.join("lib.rs"), &lib);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .current_dir(&dir)
        .args(["test", "--doc", "--quiet"])
        .arg("--target-dir")
        .arg(scratch.join("target"))
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("cargo test --doc");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo test --doc failed:\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("running 0 tests"),
        "doctests ran from generated docs:\n{stdout}"
    );
}
