//! The `agentspec` binary of the repository root's package (see `Cargo.toml`).

fn main() -> std::process::ExitCode {
    agentspec::cli::main()
}
