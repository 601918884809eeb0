//! The `agentspec` command line.

use std::process::ExitCode;

use agentspec::{commands, EXIT_FAILURE};

use clap::{Parser, Subcommand};

/// Lint, export schemas for, and generate typed answers from AGP spec files.
///
/// Spec files are the JSON and YAML request bodies that start agent sessions
/// (`*.session.yaml|yml|json`) and the agent definitions they carry (`*.agent.yaml|yml|json`).
#[derive(Debug, Parser)]
#[command(
    name = "agentspec",
    version,
    propagate_version = true,
    max_term_width = 100
)]
struct Cli {
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Lint(args) => commands::lint::run(&args),
        Command::Config(args) => commands::config::run(&args),
        Command::Rules(args) => commands::rules::run(&args),
        Command::Schema(args) => commands::schema::run(&args),
        Command::Gen(args) => commands::gen::run(&args),
        Command::Render(args) => commands::render::run(&args),
        Command::CheckAnswer(args) => commands::check_answer::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
