//! Repository chores: `cargo xtask schema | check | bench`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentspec_model::schema::SchemaKind;

mod bench;
mod corpus;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("schema") => schema(),
        Some("check") => check(),
        Some("bench") => bench(&args[1..]),
        Some("peak-rss") => bench::peak_rss(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <schema|check|bench>");
            eprintln!("  schema  regenerate the checked-in JSON Schemas in specs/schema/");
            eprintln!("  check   fail when a checked-in generated file is stale");
            eprintln!(
                "  bench   time `agentspec lint` against ajv-cli, check-jsonschema and Spectral"
            );
            eprintln!("          [--files N] [--runs N] [--install-peers] [--out FILE]");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

fn schema_dir() -> PathBuf {
    root().join("specs/schema")
}

fn schema() -> Result<(), String> {
    let dir = schema_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for kind in SchemaKind::ALL {
        let path = dir.join(kind.file_name());
        let content = kind.to_pretty_string();
        if std::fs::read_to_string(&path).ok().as_deref() == Some(content.as_str()) {
            continue;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(&tmp, &content).map_err(|e| format!("{}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, &path).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn check() -> Result<(), String> {
    let mut stale = Vec::new();
    for kind in SchemaKind::ALL {
        let path = schema_dir().join(kind.file_name());
        if std::fs::read_to_string(&path).ok() != Some(kind.to_pretty_string()) {
            stale.push(path.display().to_string());
        }
    }
    if stale.is_empty() {
        eprintln!("generated files are current");
        Ok(())
    } else {
        Err(format!(
            "stale generated files (run `cargo xtask schema`): {}",
            stale.join(", ")
        ))
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn bench(args: &[String]) -> Result<(), String> {
    let mut options = bench::BenchOptions {
        files: 2000,
        runs: 5,
        install_peers: false,
        out: root().join("fixtures/bench/results.md"),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("{arg} needs a value"))
        };
        match arg.as_str() {
            "--files" => options.files = value()?.parse().map_err(|e| format!("--files: {e}"))?,
            "--runs" => options.runs = value()?.parse().map_err(|e| format!("--runs: {e}"))?,
            "--install-peers" => options.install_peers = true,
            "--out" => options.out = PathBuf::from(value()?),
            other => return Err(format!("unknown bench option `{other}`")),
        }
    }
    bench::bench(&root(), &target_dir(), &options)
}
