//! `agentspec render`: the body of every spec in `specs/` equals its hand-written expectation in
//! `fixtures/render/` and is valid against the exported schema; idempotency keys are
//! deterministic and within the API's limit; specs with lint errors are refused.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::workspace;
use std::process::{Command, Output};

use agentspec_lint::SpecKind;
use agentspec_model::limits::IDEMPOTENCY_KEY_MAX_LEN;
use agentspec_model::schema::SchemaKind;

fn agentspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(args)
        .current_dir(workspace())
        .env("NO_COLOR", "1")
        .output()
        .expect("agentspec runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// Every spec of `specs/`, with its kind.
fn specs() -> Vec<(PathBuf, SpecKind)> {
    let mut specs: Vec<(PathBuf, SpecKind)> = std::fs::read_dir(workspace().join("specs"))
        .expect("specs/ exists")
        .filter_map(|e| {
            let path = e.ok()?.path();
            let kind = SpecKind::from_path(&path)?;
            Some((path, kind))
        })
        .collect();
    specs.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(specs.len() >= 5, "specs/ holds the example specs");
    specs
}

/// `specs/hn-stories.session.yaml` → `hn-stories.session`.
fn stem(path: &Path) -> String {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.rsplit_once('.')
        .map_or(name, |(stem, _)| stem)
        .to_string()
}

#[test]
fn render_of_every_spec_equals_its_expectation_and_is_valid() {
    let root = workspace();
    let session = jsonschema::draft202012::new(&SchemaKind::Session.schema()).expect("compiles");
    let agent = jsonschema::draft202012::new(&SchemaKind::Agent.schema()).expect("compiles");
    for (path, kind) in specs() {
        let relative = path.strip_prefix(&root).expect("under the workspace");
        let output = agentspec(&["render", relative.to_str().expect("UTF-8 path")]);
        assert!(
            output.status.success(),
            "{}: {}",
            relative.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        let expected_path = root
            .join("fixtures/render")
            .join(format!("{}.json", stem(&path)));
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
        let rendered = stdout(&output);
        assert_eq!(rendered, expected, "{}", relative.display());
        let body: serde_json::Value = serde_json::from_str(&rendered).expect("render prints JSON");
        let validator = match kind {
            SpecKind::Session => &session,
            SpecKind::Agent => &agent,
        };
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", relative.display());
    }
}

#[test]
fn every_expectation_has_a_spec() {
    let stems: Vec<String> = specs().iter().map(|(p, _)| stem(p)).collect();
    for entry in std::fs::read_dir(workspace().join("fixtures/render")).expect("exists") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "json") {
            assert!(
                stems.contains(&stem(&path)),
                "{} has no spec in specs/",
                path.display()
            );
        }
    }
}

#[test]
fn anchors_merge_keys_and_extensions_are_resolved() {
    let output = agentspec(&["render", "specs/trip-planner.session.yaml", "--compact"]);
    assert!(output.status.success());
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "--compact prints one line");
    assert!(!text.contains("x-text-browser"), "x- keys are dropped");
    let body: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let env = &body["agent"]["subagents"][1]["environments"][0];
    assert_eq!(env["mode"], "text", "merged from the anchor");
    assert_eq!(
        env["start_url"], "https://www.booking.com",
        "written keys win"
    );
    let keys: Vec<&str> = body
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "agent",
            "messages",
            "max_steps",
            "max_time_s",
            "answer_format"
        ],
        "source order is kept"
    );
}

fn key(spec: &str) -> String {
    let output = agentspec(&["render", "--idempotency-key", spec]);
    assert!(output.status.success(), "{spec}");
    let text = stdout(&output);
    text.strip_suffix('\n').expect("one line").to_string()
}

#[test]
fn idempotency_keys_are_deterministic_and_within_the_api_limit() {
    let yaml = key("specs/trip-planner.session.yaml");
    assert_eq!(
        yaml,
        key("specs/trip-planner.session.yaml"),
        "same file, same key"
    );
    // The rendered JSON is the same body written differently: same key.
    assert_eq!(yaml, key("fixtures/render/trip-planner.session.json"));
    assert_ne!(yaml, key("specs/hn-stories.session.yaml"), "another body");
    for (path, _) in specs() {
        let k = key(path.to_str().expect("UTF-8"));
        assert!(k.starts_with("agentspec-"), "{k}");
        assert!((1..=IDEMPOTENCY_KEY_MAX_LEN).contains(&k.len()), "{k}");
        assert!(k.bytes().all(|b| b.is_ascii_graphic()), "{k}");
    }
}

/// The body of a JSON text, as `render` reads it.
fn body_of(json: &str) -> agentspec::commands::render::Body {
    let parsed = agentspec_syntax::parse(
        json,
        agentspec_syntax::Format::Json,
        &agentspec_syntax::Limits::default(),
    );
    let document = parsed.documents.into_iter().next().expect("a document");
    agentspec::commands::render::Body {
        root: document.root,
    }
}

#[test]
fn key_order_does_not_change_the_key() {
    let a = body_of(
        r#"{"agent": "h/x", "max_steps": 3, "messages": [{"type": "user_message", "message": "hi"}]}"#,
    );
    let b = body_of(
        r#"{"messages": [{"message": "hi", "type": "user_message"}], "max_steps": 3, "agent": "h/x"}"#,
    );
    use agentspec::commands::render::{canonical, idempotency_key};
    assert_eq!(canonical(&a), canonical(&b));
    assert_eq!(
        canonical(&a),
        r#"{"agent":"h/x","max_steps":3,"messages":[{"message":"hi","type":"user_message"}]}"#
    );
    assert_eq!(idempotency_key(&a), idempotency_key(&b));
    assert_eq!(
        idempotency_key(&body_of("{}")),
        // SHA-256 of `{}`.
        "agentspec-44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
    );
}

/// `render --compact` of a YAML spec.
fn compact(yaml: &str) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("n.session.yaml");
    std::fs::write(&path, yaml).expect("write");
    // Forced: the unknown field `n` only carries the number.
    let out = agentspec(&[
        "render",
        "--compact",
        "--force",
        path.to_str().expect("UTF-8"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout(&out).trim_end().to_string()
}

#[test]
fn numbers_render_as_written() {
    let head = "agent: h/web-surfer-holo3-1-35b\nmessages: [hi]\nmax_steps: 5\n";
    for (number, json) in [
        ("10", "10"),
        // Beyond what an f64 holds exactly: the digits are kept, not `1e+23`.
        ("99999999999999999999999", "99999999999999999999999"),
        ("300.0", "300.0"),
        ("300.50", "300.50"),
        ("1e3", "1e3"),
        ("-2.5E-3", "-2.5E-3"),
        // YAML forms JSON lacks are written in JSON's syntax, same digits.
        ("+12.5", "12.5"),
        (".5", "0.5"),
        ("7.", "7.0"),
        ("0x1F", "31"),
        ("0o17", "15"),
        ("012", "12"),
        // A float tag makes a float: one value, one text, one idempotency key.
        ("!!float 300", "300.0"),
        ("-0", "-0"),
        ("!!float -0", "-0.0"),
        ("-0.0", "-0.0"),
    ] {
        let body = compact(&format!("{head}n: {number}\n"));
        assert!(
            body.ends_with(&format!(r#""n":{json}}}"#)),
            "{number}: {body}"
        );
    }
    // The same value written twice the same way gets one key.
    let key = |yaml: &str| {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("k.session.yaml");
        std::fs::write(&path, format!("{head}{yaml}\n")).expect("write");
        stdout(&agentspec(&[
            "render",
            "--idempotency-key",
            path.to_str().expect("UTF-8"),
        ]))
    };
    assert_eq!(key("max_time_s: !!float 300"), key("max_time_s: 300.0"));
}

#[test]
fn a_float_tag_on_a_hex_integer_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("h.session.yaml");
    std::fs::write(
        &path,
        "agent: h/web-surfer-holo3-1-35b\nmessages: [hi]\nmax_steps: 5\nmax_time_s: !!float 0x10\n",
    )
    .expect("write");
    let out = agentspec(&["render", path.to_str().expect("UTF-8")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("is not a valid `!!float` value"), "{err}");
}

#[test]
fn specs_with_lint_errors_are_refused_unless_forced() {
    let spec = "fixtures/render/refused/max-step.session.yaml";
    let refused = agentspec(&["render", spec]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(refused.stdout.is_empty(), "nothing is printed on stdout");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("unknown-field"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");

    let forced = agentspec(&["render", "--force", spec]);
    assert_eq!(forced.status.code(), Some(0));
    let body: serde_json::Value = serde_json::from_str(&stdout(&forced)).expect("JSON");
    assert_eq!(body["max_step"], 10, "the body is printed as written");
    assert!(body.get("x-browser").is_none());
    assert_eq!(body["agent"]["environments"][0]["kind"], "web");
}

#[test]
fn an_unreadable_spec_is_a_usage_error() {
    let output = agentspec(&["render", "fixtures/render/missing.session.yaml"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn configuration_and_suppressions_decide_what_is_an_error() {
    let dir = std::env::temp_dir().join(format!("agentspec-render-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec =
        std::fs::read_to_string(workspace().join("fixtures/render/refused/max-step.session.yaml"))
            .expect("fixture");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_agentspec"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("agentspec runs")
    };
    let suppressed = spec.replace(
        "max_step: 10",
        "max_step: 10  # agentspec: ignore[unknown-field] read by our proxy",
    );
    std::fs::write(dir.join("suppressed.session.yaml"), suppressed).expect("written");
    let output = run(&["render", "suppressed.session.yaml"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    std::fs::write(dir.join("plain.session.yaml"), &spec).expect("written");
    assert_eq!(
        run(&["render", "plain.session.yaml"]).status.code(),
        Some(1)
    );
    std::fs::write(
        dir.join("agentspec.toml"),
        "[rules]\nunknown-field = \"off\"\n",
    )
    .expect("written");
    let output = run(&["render", "plain.session.yaml"]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn a_spec_is_read_from_stdin_as_from_a_file() {
    let spec = "specs/trip-planner.session.yaml";
    let text = std::fs::read_to_string(workspace().join(spec)).expect("spec");
    let piped = cli_support::agentspec_with_stdin(
        &workspace(),
        &["render", "-", "--stdin-filename", spec],
        Some(&text),
    );
    assert_eq!(piped.code, 0, "{}", piped.transcript());
    assert_eq!(piped.stdout, stdout(&agentspec(&["render", spec])));
}
