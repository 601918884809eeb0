//! `agentspec completions`: print the shell completion script.

use std::process::ExitCode;

use clap::Args;
use clap_complete::Shell;

/// Print the completion script of a shell.
///
/// Load it in the shell's startup file, e.g. for bash
/// `source <(agentspec completions bash)` in `~/.bashrc`, for zsh
/// `agentspec completions zsh > ~/.zfunc/_agentspec` (with `~/.zfunc` in `fpath`), for fish
/// `agentspec completions fish > ~/.config/fish/completions/agentspec.fish`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    shell: Shell,
}

/// Runs `agentspec completions`.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut command = crate::cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "agentspec", &mut script);
    crate::stdout::write(&script)?;
    Ok(ExitCode::SUCCESS)
}
