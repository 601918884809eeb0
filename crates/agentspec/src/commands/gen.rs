//! `agentspec gen`: Rust types for the answers of spec files with an `answer_format`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentspec_codegen::{Diagnostic, Generated, Options, Severity};
use anyhow::Context;
use clap::Args;

/// Generate Rust types for the answers of spec files that set an `answer_format`.
///
/// Each such spec gets a root type named after its file (`hn-stories.session.yaml` gives
/// `HnStoriesAnswer`; nested types carry that prefix) with `SCHEMA` (the `answer_format`) and
/// `from_answer`, which validates an answer against the whole schema before deserializing it.
/// The code needs the `serde`, `serde_json` and `agentspec-answer` crates. Rules the types
/// can't express are reported as `info`, constructs read as `serde_json::Value` too; a `$ref`
/// that leaves the schema is an error (nothing is fetched).
///
/// From a `build.rs`, use `agentspec_codegen::Builder` instead.
///
/// Exit status: 0 on success, 1 when a spec has an error or `--check` finds FILE stale, 2 when
/// the tool could not do its job (unreadable path, unwritable FILE).
#[derive(Debug, Args)]
pub struct GenArgs {
    /// Spec files, or directories searched for `*.session.*` and `*.agent.*` files (default: `.`).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Write the code to FILE (only when its content changes) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write nothing; exit 1 when FILE differs from what would be generated.
    #[arg(long, requires = "output")]
    check: bool,
    /// Leave out `info` diagnostics.
    #[arg(short, long)]
    quiet: bool,
    /// Also derive PATH on every generated type (repeatable), e.g. `schemars::JsonSchema`;
    /// every type already derives `Debug, Clone, PartialEq, Serialize, Deserialize`, and `Eq,
    /// Hash` where its fields allow.
    #[arg(long = "derive", value_name = "PATH")]
    derives: Vec<String>,
    /// Also put ATTRIBUTE on every generated type, after its derives (repeatable), e.g.
    /// `'#[non_exhaustive]'`; the `#[` `]` may be left out.
    #[arg(long = "attr", value_name = "ATTRIBUTE")]
    attributes: Vec<String>,
}

/// Runs `agentspec gen`.
pub fn run(args: &GenArgs) -> anyhow::Result<ExitCode> {
    run_code(args).map(ExitCode::from)
}

fn run_code(args: &GenArgs) -> anyhow::Result<u8> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let found = crate::discover::discover(&paths);
    if let Some((path, error)) = found.errors.first() {
        anyhow::bail!("cannot read {}: {error}", path.display());
    }
    let options = Options {
        command: command_line(args),
        display_base: None,
        derives: args.derives.clone(),
        attributes: args.attributes.clone(),
    };
    let generated = agentspec_codegen::generate_specs(&found.files, &options);
    report(&generated.diagnostics, args.quiet);
    if generated.has_errors() {
        return Ok(1);
    }
    match &args.output {
        None => {
            crate::stdout::write(&generated.code)?;
            Ok(0)
        }
        Some(file) if args.check => Ok(check(file, &generated, &options.command)),
        Some(file) => {
            let changed = crate::write::write_if_changed(file, generated.code.as_bytes())
                .with_context(|| format!("cannot write {}", file.display()))?;
            let verb = if changed { "wrote" } else { "unchanged" };
            eprintln!(
                "{verb} {} ({} answer types)",
                file.display(),
                generated.types.len()
            );
            Ok(0)
        }
    }
}

fn check(file: &Path, generated: &Generated, command: &str) -> u8 {
    match std::fs::read_to_string(file) {
        Ok(current) if current == generated.code => 0,
        Ok(_) => {
            eprintln!("{} is stale: run `{command}`", file.display());
            1
        }
        Err(error) => {
            eprintln!(
                "{} can't be read ({error}): run `{command}`",
                file.display()
            );
            1
        }
    }
}

/// The command that regenerates the output, for its header: `agentspec gen specs -o FILE`.
fn command_line(args: &GenArgs) -> String {
    let mut parts = vec!["agentspec gen".to_owned()];
    parts.extend(args.paths.iter().map(|p| p.display().to_string()));
    parts.extend(args.derives.iter().map(|d| format!("--derive {d}")));
    parts.extend(args.attributes.iter().map(|a| format!("--attr '{a}'")));
    if let Some(file) = &args.output {
        parts.push(format!("-o {}", file.display()));
    }
    parts.join(" ")
}

fn report(diagnostics: &[Diagnostic], quiet: bool) {
    let mut sources: Vec<(PathBuf, Option<String>)> = Vec::new();
    for d in diagnostics {
        if quiet && d.severity == Severity::Info {
            continue;
        }
        let source = d.file.as_ref().map(|file| {
            if !sources.iter().any(|(f, _)| f == file) {
                let text = crate::read::read_limited(file, agentspec_codegen::MAX_FILE_SIZE)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok());
                sources.push((file.clone(), text));
            }
            sources
                .iter()
                .find(|(f, _)| f == file)
                .and_then(|(_, s)| s.clone())
        });
        eprintln!("{}", d.to_line(source.flatten().as_deref()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "agent: h/web-surfer-holo3-1-35b\nanswer_format:\n  type: object\n  \
                        properties:\n    city: {type: string}\n  required: [city]\n";

    fn args(paths: &[&Path], output: Option<&Path>, check: bool) -> GenArgs {
        GenArgs {
            paths: paths.iter().map(|p| p.to_path_buf()).collect(),
            output: output.map(Path::to_path_buf),
            check,
            quiet: true,
            derives: Vec::new(),
            attributes: Vec::new(),
        }
    }

    #[test]
    fn check_passes_on_fresh_output_and_fails_on_stale_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let spec = dir.path().join("city.session.yaml");
        std::fs::write(&spec, SPEC).expect("write spec");
        let out = dir.path().join("answers.rs");

        assert_eq!(
            run_code(&args(&[dir.path()], Some(&out), true)).expect("check"),
            1
        );
        assert_eq!(
            run_code(&args(&[dir.path()], Some(&out), false)).expect("gen"),
            0
        );
        let code = std::fs::read_to_string(&out).expect("output");
        assert!(
            code.starts_with("// @generated by `agentspec gen "),
            "{code}"
        );
        assert!(code.contains("pub struct CityAnswer"), "{code}");
        assert_eq!(
            run_code(&args(&[dir.path()], Some(&out), true)).expect("check"),
            0
        );

        std::fs::write(&spec, SPEC.replace("city]", "city, country]")).expect("edit spec");
        assert_eq!(
            run_code(&args(&[dir.path()], Some(&out), true)).expect("check"),
            1
        );
    }

    #[test]
    fn a_remote_reference_is_an_error_and_nothing_is_written() {
        let dir = tempfile::tempdir().expect("tempdir");
        let spec = dir.path().join("remote.agent.json");
        std::fs::write(
            &spec,
            r#"{"answer_format": {"$ref": "https://example.com/a.json"}}"#,
        )
        .expect("write spec");
        let out = dir.path().join("answers.rs");
        assert_eq!(
            run_code(&args(&[&spec], Some(&out), false)).expect("gen"),
            1
        );
        assert!(!out.exists());
    }
}
