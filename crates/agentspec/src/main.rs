//! The `agentspec` binary.

fn main() -> std::process::ExitCode {
    agentspec::cli::main()
}
