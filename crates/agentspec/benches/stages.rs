//! Micro-benchmarks of the lint pipeline's stages on a realistic 4 KB session spec:
//! `cargo bench -p agentspec --bench stages`.
//!
//! `parse_*` is the floor (loading the spanned tree); `lint_*` is everything a clean file costs
//! (parse, structure pass, every rule); full lint should cost at most about twice its parse.

use std::path::Path;

use agentspec::output::{concise, github, human, json, junit, sarif, FileResult, Results};
use agentspec_lint::Options;
use agentspec_syntax::{Format, Limits};

/// The binary's allocator, so the stages allocate as `agentspec` does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        let cx =
            agentspec_lint::Context::new(JSON, agentspec_lint::SpecKind::Session, root, &options);
        agentspec_lint::schema_walk::check_document(&cx);
        cx.finish().len()
    });
}

#[divan::bench]
fn rules_without_structure_json(bencher: divan::Bencher) {
    let parsed = agentspec_syntax::parse(JSON, Format::Json, &Limits::default());
    let root = &parsed.documents[0].root;
    let options = Options::default();
    bencher.bench(|| {
        let cx =
            agentspec_lint::Context::new(JSON, agentspec_lint::SpecKind::Session, root, &options);
        for rule in agentspec_lint::all_rules() {
            if let agentspec_lint::Run::Document(check) = rule.run {
                check(&cx);
            }
        }
        cx.finish().len()
    });
}

/// Session files that each hold three mistakes, 1,000 of them: 3,000 findings, the run whose
/// output the `output_*` benchmarks render.
fn findings_corpus() -> Vec<(String, String)> {
    (0..1000)
        .map(|i| {
            let text = format!(
                "agent: h/web-surfer-holo3-1-35b\nmessages:\n  - type: user_message\n    \
                 message: Find hotel number {i} near the station\nmax_steps: \"30\"\n\
                 max_time_s: 600\ndelete_after_min: yes\nmesage: typo {i}\n"
            );
            (format!("spec-{i:04}.session.yaml"), text)
        })
        .collect()
}

fn lint_corpus(corpus: &[(String, String)], options: &Options) -> Results {
    Results {
        files: corpus
            .iter()
            .map(|(name, text)| {
                let report = agentspec_lint::lint_source(Path::new(name), text, None, options);
                FileResult {
                    path: name.into(),
                    source: text.clone(),
                    diagnostics: report.diagnostics,
                }
            })
            .collect(),
    }
}

/// Linting the 1,000 files of the output benchmarks (parse, every rule), without output: what
/// `output_render` adds to.
#[divan::bench(sample_count = 20)]
fn output_lint_3000_findings(bencher: divan::Bencher) {
    let corpus = findings_corpus();
    let options = Options::default();
    bencher.bench(|| lint_corpus(divan::black_box(&corpus), &options).files.len());
}

/// Rendering the 3,000 findings of `output_lint_3000_findings` in each format.
#[divan::bench(sample_count = 20, args = ["human", "concise", "json", "sarif", "github", "junit"])]
fn output_render_3000_findings(bencher: divan::Bencher, format: &str) {
    let corpus = findings_corpus();
    let results = lint_corpus(&corpus, &Options::default());
    let findings: usize = results.files.iter().map(|f| f.diagnostics.len()).sum();
    assert!(findings >= 3000, "only {findings} findings");
    bencher.bench(|| {
        let results = divan::black_box(&results);
        match format {
            "human" => human::render(results, false).len(),
            "concise" => concise::render(results).len(),
            "json" => json::render(results).len(),
            "sarif" => sarif::render(results).len(),
            "github" => github::render(results).len(),
            _ => junit::render(results, false).len(),
        }
    });
}

/// A language server on its own thread, driven over an in-memory connection.
struct Editor {
    connection: lsp_server::Connection,
    server: Option<std::thread::JoinHandle<()>>,
}

impl Editor {
    fn start(root: Option<&Path>) -> Editor {
        use lsp_server::{Message, Request, RequestId};
        let (server, connection) = lsp_server::Connection::memory();
        let handle = std::thread::spawn(move || {
            agentspec_server::run(server).expect("the server runs");
        });
        let folders = root.map(|r| {
            let uri = agentspec_server::uri_of(r).expect("uri");
            serde_json::json!([{"uri": uri.as_str(), "name": "bench"}])
        });
        let params = serde_json::json!({"capabilities": {}, "workspaceFolders": folders});
        let request = Request::new(RequestId::from(1), "initialize".to_string(), params);
        connection
            .sender
            .send(Message::Request(request))
            .expect("send");
        loop {
            if let Message::Response(_) = connection.receiver.recv().expect("answer") {
                break;
            }
        }
        let editor = Editor {
            connection,
            server: Some(handle),
        };
        editor.notify("initialized", serde_json::json!({}));
        editor
    }

    fn notify(&self, method: &str, params: serde_json::Value) {
        let message = lsp_server::Notification::new(method.to_string(), params);
        self.connection
            .sender
            .send(lsp_server::Message::Notification(message))
            .expect("send");
    }

    /// Waits for `count` diagnostics notifications.
    fn published(&self, count: usize) {
        let mut seen = 0;
        while seen < count {
            if let lsp_server::Message::Notification(n) =
                self.connection.receiver.recv().expect("a message")
            {
                seen += usize::from(n.method == "textDocument/publishDiagnostics");
            }
        }
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        use lsp_server::{Message, Request, RequestId};
        let request = Request::new(RequestId::from(2), "shutdown".to_string(), ());
        let _ = self.connection.sender.send(Message::Request(request));
        self.notify("exit", serde_json::Value::Null);
        if let Some(handle) = self.server.take() {
            let _ = handle.join();
        }
    }
}

/// What an editor waits for after each keystroke in the 4 KB spec: the change applied, the
/// document linted and its diagnostics published, measured from the change sent to the
/// diagnostics received.
#[divan::bench]
fn server_relint_yaml(bencher: divan::Bencher) {
    let editor = Editor::start(None);
    let uri = "file:///bench/sample.session.yaml";
    editor.notify(
        "textDocument/didOpen",
        serde_json::json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": YAML}}),
    );
    editor.published(1);
    let mut version = 1;
    bencher.bench_local(|| {
        version += 1;
        // Retype the first character of the document.
        let change = serde_json::json!({
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}},
                "text": &YAML[..1],
            }],
        });
        editor.notify("textDocument/didChange", change);
        editor.published(1);
    });
}

/// Starting the server on a workspace of 2,000 spec files until every file's findings are
/// published (each file has one).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn server_index_2000_files(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().expect("tempdir");
    for i in 0..2000 {
        let text = format!(
            "agent: acme/agent-{}\nmessages: Find hotel number {i}\n",
            i % 50
        );
        let sub = dir.path().join(format!("d{}", i % 20));
        std::fs::create_dir_all(&sub).expect("mkdir");
        std::fs::write(sub.join(format!("s{i}.session.yaml")), text).expect("write");
    }
    bencher.bench_local(|| {
        let editor = Editor::start(Some(dir.path()));
        editor.published(2000);
    });
}
