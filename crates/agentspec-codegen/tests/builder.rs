//! `Builder`, as a `build.rs` uses it.

use agentspec_codegen::{BuildError, Builder, Severity};

const SPEC: &str = "agent: h/web-surfer-holo3-1-35b\nanswer_format:\n  type: object\n  \
                    properties:\n    city: {type: string, maxLength: 40}\n  required: [city]\n";

#[test]
fn writes_once_and_only_when_the_content_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(specs.join("nested")).expect("specs dir");
    std::fs::write(specs.join("city.session.yaml"), SPEC).expect("spec");
    std::fs::write(
        specs.join("nested/no-format.agent.json"),
        r#"{"name": "a"}"#,
    )
    .expect("spec");
    std::fs::write(specs.join("notes.yaml"), "not: a spec").expect("other file");
    let out = dir.path().join("out/answers.rs");

    let build = || {
        Builder::new()
            .spec_dir(&specs)
            .cargo_instructions(false)
            .generate(&out)
    };
    let first = build().expect("first build");
    assert!(first.written);
    assert_eq!(first.types, ["CityAnswer"]);
    assert!(first
        .diagnostics
        .iter()
        .all(|d| d.severity == Severity::Info));
    let code = std::fs::read_to_string(&out).expect("output");
    assert!(
        code.contains("// - `CityAnswer` from `specs/city.session.yaml`"),
        "{code}"
    );
    assert!(code.contains("pub struct CityAnswer"), "{code}");

    let second = build().expect("second build");
    assert!(!second.written, "unchanged content must not be rewritten");

    std::fs::write(
        specs.join("city.session.yaml"),
        SPEC.replace("[city]", "[]"),
    )
    .expect("edit");
    assert!(build().expect("third build").written);
}

#[test]
fn spec_errors_fail_the_build_with_their_location() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("both.session.yaml");
    std::fs::write(
        &spec,
        "agent:\n  name: a\n  answer_format: {type: object}\nanswer_format: {type: object}\n",
    )
    .expect("spec");
    let error = Builder::new()
        .spec_file(&spec)
        .cargo_instructions(false)
        .generate(dir.path().join("answers.rs"))
        .unwrap_err();
    let BuildError::Specs { diagnostics } = &error else {
        panic!("{error}")
    };
    assert!(diagnostics
        .iter()
        .any(|d| d.pointer == "/agent/answer_format"));
    let text = error.to_string();
    assert!(text.contains("both.session.yaml:3:3: error:"), "{text}");
    assert!(!dir.path().join("answers.rs").exists());
}

#[test]
fn extra_derives_and_attributes_go_on_every_type() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("pet.session.yaml");
    std::fs::write(
        &spec,
        "agent: h/web-surfer-holo3-1-35b\nanswer_format:\n  type: object\n  properties:\n    \
         kind: {enum: [cat, dog]}\n    owner:\n      type: object\n      properties:\n        \
         name: {type: string}\n  required: [kind]\n",
    )
    .expect("spec");
    let out = dir.path().join("answers.rs");
    Builder::new()
        .spec_file(&spec)
        .derive("PartialOrd")
        .attribute("#[non_exhaustive]")
        .attribute("cfg_attr(feature = \"schema\", derive(schemars::JsonSchema))")
        .cargo_instructions(false)
        .generate(&out)
        .expect("generate");
    let code = std::fs::read_to_string(&out).expect("output");
    let types = code.matches("\npub struct ").count() + code.matches("\npub enum ").count();
    assert_eq!(types, 3, "{code}");
    assert_eq!(code.matches("#[non_exhaustive]\n").count(), types, "{code}");
    assert_eq!(
        code.matches("#[cfg_attr(feature = \"schema\", derive(schemars::JsonSchema))]\n")
            .count(),
        types,
        "{code}"
    );
    assert_eq!(code.matches("PartialOrd").count(), types, "{code}");

    for bad in ["#[a] #[b]", "#[doc = \"x\"]", "not an attribute ]"] {
        let error = Builder::new()
            .spec_file(&spec)
            .attribute(bad)
            .cargo_instructions(false)
            .generate(dir.path().join("bad.rs"))
            .unwrap_err();
        assert!(
            error.to_string().contains("is not one outer attribute"),
            "{bad}: {error}"
        );
    }
}
