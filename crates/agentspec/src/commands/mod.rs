//! One module per subcommand.

pub mod check_answer;
pub mod completions;
pub mod config;
pub mod gen;
pub mod lint;
pub mod render;
pub mod rules;
pub mod schema;
pub mod server;
