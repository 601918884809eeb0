//! The `agentspec` command line as a library: subcommands, file discovery and output formats,
//! so integration tests render exactly what users see.

pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod discover;
pub mod fix;
pub mod output;
pub mod read;
pub mod stdout;
pub mod write;

/// Exit code when the tool could not do its job (bad arguments, unreadable path, I/O failure).
pub const EXIT_FAILURE: u8 = 2;
