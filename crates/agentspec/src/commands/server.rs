//! `agentspec server`: the language server, for editors.

use std::process::ExitCode;

use clap::Args;

/// Run the language server: findings as you type, field docs on hover, completion, quick
/// fixes and go to definition in any editor with a Language Server Protocol client.
///
/// The server speaks the protocol over standard input and output; the editor starts it. It
/// lints every spec file of the workspace the editor opens, with the same rules, the same
/// `agentspec.toml` and the same findings as `agentspec lint`.
#[derive(Debug, Args)]
pub struct ServerArgs {
    /// Use standard input and output (the only transport; accepted because some clients
    /// pass it).
    #[arg(long)]
    stdio: bool,
}

/// Runs `agentspec server` until the client exits.
pub fn run(_args: &ServerArgs) -> anyhow::Result<ExitCode> {
    agentspec_server::run_stdio().map_err(|error| anyhow::anyhow!(error))?;
    Ok(ExitCode::SUCCESS)
}
