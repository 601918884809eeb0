//! The `agentspec` command line: its arguments and the dispatch to each subcommand. The
//! `agentspec` binary (the repository root's package, which `cargo install`, pre-commit and pip
//! build) calls [`main`].

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

use crate::{commands, EXIT_FAILURE};

/// The package version: what generated code, SARIF logs and the man pages name.
pub const PACKAGE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The version `agentspec --version` prints: the package version, and the commit and its date
/// when built from a git checkout (see `build.rs`).
pub const VERSION: &str = env!("AGENTSPEC_VERSION");

/// Lint, export schemas for, and generate typed answers from AGP spec files.
///
/// Spec files are the JSON and YAML request bodies that start agent sessions
/// (`*.session.yaml|yml|json`) and the agent definitions they carry (`*.agent.yaml|yml|json`).
#[derive(Debug, Parser)]
#[command(
    name = "agentspec",
    version = VERSION,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Lint(commands::lint::LintArgs),
    Config(commands::config::ConfigArgs),
    Rules(commands::rules::RulesArgs),
    Schema(commands::schema::SchemaArgs),
    Gen(commands::gen::GenArgs),
    Render(commands::render::RenderArgs),
    CheckAnswer(commands::check_answer::CheckAnswerArgs),
    Server(commands::server::ServerArgs),
    Completions(commands::completions::CompletionsArgs),
}

/// The clap command of `agentspec`, for shell completions and the man pages.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Parses the arguments of the process, runs the subcommand and returns its exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lint(args) => commands::lint::run(&args),
        Command::Config(args) => commands::config::run(&args),
        Command::Rules(args) => commands::rules::run(&args),
        Command::Schema(args) => commands::schema::run(&args),
        Command::Gen(args) => commands::gen::run(&args),
        Command::Render(args) => commands::render::run(&args),
        Command::CheckAnswer(args) => commands::check_answer::run(&args),
        Command::Server(args) => commands::server::run(&args),
        Command::Completions(args) => commands::completions::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
