//! The `agentspec` binary of the repository root's package (see `Cargo.toml`).

/// Faster than the system allocator for the many small values a lint run builds and drops.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    agentspec::cli::main()
}
