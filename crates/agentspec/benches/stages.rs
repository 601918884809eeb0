//! Micro-benchmarks of the lint pipeline's stages on a realistic 4 KB session spec:
//! `cargo bench -p agentspec --bench stages`.
//!
//! `parse_*` is the floor (loading the spanned tree); `lint_*` is everything a clean file costs
//! (parse, structure pass, every rule); full lint should cost at most about twice its parse.

use std::path::Path;

use agentspec::output::{human, FileResult, Results};
use agentspec_lint::Options;
use agentspec_syntax::{Format, Limits};

fn main() {
    divan::main();
}

const YAML: &str = include_str!("../../../fixtures/bench/sample.session.yaml");
const JSON: &str = include_str!("../../../fixtures/bench/sample.session.json");
const BROKEN: &str = include_str!("../../../fixtures/bench/broken.session.yaml");

#[divan::bench]
fn parse_yaml() -> usize {
    agentspec_syntax::parse(divan::black_box(YAML), Format::Yaml, &Limits::default())
        .documents
        .len()
}

#[divan::bench]
fn parse_json() -> usize {
    agentspec_syntax::parse(divan::black_box(JSON), Format::Json, &Limits::default())
        .documents
        .len()
}

#[divan::bench]
fn lint_yaml() -> usize {
    let options = Options::default();
    agentspec_lint::lint_source(
        Path::new("sample.session.yaml"),
        divan::black_box(YAML),
        None,
        &options,
    )
    .diagnostics
    .len()
}

#[divan::bench]
fn lint_json() -> usize {
    let options = Options::default();
    agentspec_lint::lint_source(
        Path::new("sample.session.json"),
        divan::black_box(JSON),
        None,
        &options,
    )
    .diagnostics
    .len()
}

#[divan::bench]
fn answer_format_meta_validation(bencher: divan::Bencher) {
    let parsed = agentspec_syntax::parse(YAML, Format::Yaml, &Limits::default());
    let schema = parsed.documents[0]
        .root
        .get("answer_format")
        .map(|n| n.to_json())
        .unwrap_or_default();
    let validator = jsonschema::meta::validator_for(&schema).expect("meta-schema");
    bencher.bench(|| validator.is_valid(divan::black_box(&schema)));
}

#[divan::bench]
fn render_human_diagnostics(bencher: divan::Bencher) {
    let options = Options::default();
    let report =
        agentspec_lint::lint_source(Path::new("broken.session.yaml"), BROKEN, None, &options);
    let results = Results {
        files: vec![FileResult {
            path: "broken.session.yaml".into(),
            source: BROKEN.to_string(),
            diagnostics: report.diagnostics,
        }],
    };
    bencher.bench(|| human::render(divan::black_box(&results), false).len());
}

#[divan::bench]
fn structure_pass_json(bencher: divan::Bencher) {
    let parsed = agentspec_syntax::parse(JSON, Format::Json, &Limits::default());
    let root = &parsed.documents[0].root;
    let options = Options::default();
    bencher.bench(|| {
        let mut cx =
            agentspec_lint::Context::new(JSON, agentspec_lint::SpecKind::Session, root, &options);
        agentspec_lint::schema_walk::check_document(&mut cx);
        cx.finish().len()
    });
}

#[divan::bench]
fn rules_without_structure_json(bencher: divan::Bencher) {
    let parsed = agentspec_syntax::parse(JSON, Format::Json, &Limits::default());
    let root = &parsed.documents[0].root;
    let options = Options::default();
    bencher.bench(|| {
        let mut cx =
            agentspec_lint::Context::new(JSON, agentspec_lint::SpecKind::Session, root, &options);
        for rule in agentspec_lint::all_rules() {
            if let Some(check) = rule.check {
                check(&mut cx);
            }
        }
        cx.finish().len()
    });
}
