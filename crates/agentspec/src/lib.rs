//! The `agentspec` command line as a library: subcommands, file discovery and output formats,
//! so integration tests render exactly what users see.

pub mod cli;
pub mod commands;
pub mod fix;
pub mod output;
pub mod stdout;

pub use agentspec_project::{catalog, config, discover, read};

/// Exit code when the tool could not do its job (bad arguments, unreadable path, I/O failure).
pub const EXIT_FAILURE: u8 = 2;
