//! `agentspec schema`: print or write the JSON Schemas of the models.

use std::path::PathBuf;
use std::process::ExitCode;

use agentspec_model::schema::SchemaKind;
use anyhow::Context;
use clap::{Args, ValueEnum};

/// Print or write the JSON Schema (draft 2020-12) of spec files and responses.
///
/// With no `--out`, one schema is printed to stdout (`all` prints them as one JSON object keyed by
/// name). With `--out DIR`, each schema is written to `DIR/<name>.schema.json`, and a file is
/// only rewritten when its content changes.
///
/// Point an editor at them, e.g. with yaml-language-server:
/// `# yaml-language-server: $schema=specs/schema/session.schema.json`
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which schema.
    #[arg(value_enum, default_value_t = Which::Session)]
    which: Which,
    /// Write `<name>.schema.json` files into this directory instead of printing.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

/// The schemas to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Which {
    /// A session request (`*.session.*` files, the body of `POST /api/v2/sessions`).
    Session,
    /// An agent definition (`*.agent.*` files).
    Agent,
    /// A session as the API returns it (`GET /api/v2/sessions/{id}`).
    SessionResponse,
    /// All of the above.
    All,
}

impl Which {
    fn kinds(self) -> Vec<SchemaKind> {
        match self {
            Which::Session => vec![SchemaKind::Session],
            Which::Agent => vec![SchemaKind::Agent],
            Which::SessionResponse => vec![SchemaKind::SessionResponse],
            Which::All => SchemaKind::ALL.to_vec(),
        }
    }
}

/// Runs `agentspec schema`.
pub fn run(args: &SchemaArgs) -> anyhow::Result<ExitCode> {
    let kinds = args.which.kinds();
    match &args.out {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for kind in kinds {
                let path = dir.join(kind.file_name());
                let changed =
                    agentspec_files::write_if_changed(&path, kind.to_pretty_string().as_bytes())?;
                let verb = if changed { "wrote" } else { "unchanged" };
                eprintln!("{verb} {}", path.display());
            }
        }
        None if kinds.len() == 1 => crate::stdout::write(kinds[0].to_pretty_string())?,
        None => {
            let all: serde_json::Map<_, _> = kinds
                .iter()
                .map(|k| (k.name().to_string(), k.schema()))
                .collect();
            crate::stdout::write(format!("{}\n", serde_json::to_string_pretty(&all)?))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
