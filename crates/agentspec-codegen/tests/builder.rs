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
    assert!(first.diagnostics().all(|d| d.severity == Severity::Info));
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
    let BuildError::Specs { files } = &error else {
        panic!("{error}")
    };
    assert!(files[0]
        .diagnostics
        .iter()
        .any(|d| d.pointer == "/agent/answer_format"));
    let text = error.to_string();
    assert!(
        text.contains("both.session.yaml:3:3: error[duplicate-answer-format] "),
        "{text}"
    );
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

#[cfg(unix)]
#[test]
fn a_rewrite_keeps_the_output_permissions_and_its_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = dir.path().join("city.session.yaml");
    std::fs::write(&spec, SPEC).expect("spec");
    let real = dir.path().join("real.rs");
    std::fs::write(&real, "// stale\n").expect("old output");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = dir.path().join("answers.rs");
    std::os::unix::fs::symlink("real.rs", &link).expect("symlink");

    let report = Builder::new()
        .spec_file(&spec)
        .cargo_instructions(false)
        .generate(&link)
        .expect("generate");
    assert!(report.written);
    let meta = std::fs::symlink_metadata(&link).expect("link");
    assert!(meta.file_type().is_symlink(), "the link stays a link");
    let code = std::fs::read_to_string(&real).expect("output");
    assert!(code.contains("pub struct CityAnswer"), "{code}");
    let mode = std::fs::metadata(&real).expect("meta").permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
}

#[test]
fn spec_directories_are_walked_as_lint_walks_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    // `.gitignore` is read inside a git work tree, as `agentspec lint` reads it.
    std::fs::create_dir(dir.path().join(".git")).expect(".git");
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(specs.join("drafts")).expect("specs dir");
    std::fs::create_dir_all(specs.join(".hidden")).expect("hidden dir");
    std::fs::write(specs.join("city.session.yaml"), SPEC).expect("spec");
    std::fs::write(dir.path().join(".gitignore"), "drafts/\n").expect(".gitignore");
    // Broken specs where nothing should look: ignored and hidden directories.
    let broken = "answer_format: {$ref: 'https://example.com/a.json'}\nagent: h/x\n";
    std::fs::write(specs.join("drafts/broken.session.yaml"), broken).expect("draft");
    std::fs::write(specs.join(".hidden/broken.session.yaml"), broken).expect("hidden");

    let out = dir.path().join("answers.rs");
    let report = Builder::new()
        .spec_dir(&specs)
        .cargo_instructions(false)
        .generate(&out)
        .unwrap_or_else(|e| panic!("the ignored specs were read: {e}"));
    assert_eq!(report.types, ["CityAnswer"]);
    let read: Vec<_> = report.files.iter().map(|f| f.path.clone()).collect();
    assert_eq!(read, [specs.join("city.session.yaml")]);

    // The walk is the one `agentspec lint` and `gen` use.
    let found = agentspec_codegen::find_spec_files(std::slice::from_ref(&specs));
    assert_eq!(found.files, [specs.join("city.session.yaml")]);
}
