//! `agentspec gen`: Rust types for the answers of spec files with an `answer_format`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentspec_codegen::{Generated, Options};
use clap::Args;

use crate::output::{self, Color, Format, Results};

/// Generate Rust types for the answers of spec files that set an `answer_format`.
///
/// Each such spec gets a root type named after its file (`hn-stories.session.yaml` gives
/// `HnStoriesAnswer`; nested types carry that prefix) with `SCHEMA` (the `answer_format`) and
/// `from_answer`, which validates an answer against the whole schema before deserializing it.
/// The code needs the `serde`, `serde_json` and `agentspec-answer` crates. Rules the types
/// can't express are reported as `info`, constructs read as `serde_json::Value` too; a `$ref`
/// that leaves the schema is an error (nothing is fetched).
///
/// Findings are reported in the formats of `agentspec lint`, on standard error when the code
/// goes to standard output (no `--output`), on standard output otherwise.
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
    /// Output format of the findings.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to use colors in human output (also honours `NO_COLOR`).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
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
    let generated = match agentspec_codegen::generate_specs(&found.files, &options) {
        Ok(generated) => generated,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(crate::EXIT_FAILURE);
        }
    };
    report(&generated, args)?;
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
            let changed = agentspec_files::write_if_changed(file, generated.code.as_bytes())?;
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

/// Renders the findings in the chosen format: on standard error when the code goes to standard
/// output, on standard output otherwise. Nothing is printed when there is nothing to report
/// in the human format.
fn report(generated: &Generated, args: &GenArgs) -> anyhow::Result<()> {
    let mut results = Results {
        files: generated.files.clone(),
    };
    for file in &mut results.files {
        // Messages quote the specs, which a pull request controls: one line each.
        file.diagnostics
            .iter_mut()
            .for_each(agentspec_codegen::Diagnostic::make_printable);
    }
    if args.quiet {
        results.hide_infos();
    }
    let to_stdout = args.output.is_some();
    let terminal = if to_stdout {
        std::io::stdout().is_terminal()
    } else {
        std::io::stderr().is_terminal()
    };
    let text = output::render(&results, args.format, args.color.enabled(terminal), false);
    if to_stdout {
        crate::stdout::write(&text)?;
    } else {
        eprint!("{text}");
    }
    Ok(())
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
            format: Format::Human,
            color: Color::Never,
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
