//! Repository chores: `cargo xtask schema | man | check | bench`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentspec_model::schema::SchemaKind;

mod bench;
mod corpus;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("schema") => schema(),
        Some("man") => man(),
        Some("check") => check(),
        Some("bench") => bench(&args[1..]),
        Some("peak-rss") => bench::peak_rss(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <schema|man|check|bench>");
            eprintln!("  schema  regenerate the checked-in JSON Schemas in specs/schema/");
            eprintln!("  man     regenerate the man pages in man/");
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
        write_if_changed(
            &dir.join(kind.file_name()),
            kind.to_pretty_string().as_bytes(),
        )?;
    }
    Ok(())
}

/// Writes `content` to `path` atomically, and only when it differs.
fn write_if_changed(path: &Path, content: &[u8]) -> Result<(), String> {
    if std::fs::read(path).ok().as_deref() == Some(content) {
        return Ok(());
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, content).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("{}: {e}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(())
}

fn man_dir() -> PathBuf {
    root().join("man")
}

/// The man pages, as `(file name, roff)`: `agentspec.1`, and `agentspec-<subcommand>.1` for each
/// subcommand. They carry the package version without the commit, so they only change with
/// the command line.
fn man_pages() -> Result<Vec<(String, Vec<u8>)>, String> {
    fn add(command: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
        let man = clap_mangen::Man::new(command.clone());
        let mut roff = Vec::new();
        man.render(&mut roff).map_err(|e| e.to_string())?;
        pages.push((man.get_filename(), roff));
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            add(sub, pages)?;
        }
        Ok(())
    }
    let mut command = agentspec::cli::command()
        .version(agentspec::cli::PACKAGE_VERSION)
        .disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    add(&command, &mut pages)?;
    Ok(pages)
}

/// The `*.1` files of `man/` that no subcommand generates any more.
fn stale_man_pages(pages: &[(String, Vec<u8>)]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(man_dir()) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "1"))
        .filter(|p| {
            !pages
                .iter()
                .any(|(name, _)| p.file_name().is_some_and(|f| f == name.as_str()))
        })
        .collect()
}

fn man() -> Result<(), String> {
    let dir = man_dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let pages = man_pages()?;
    for (name, roff) in &pages {
        write_if_changed(&dir.join(name), roff)?;
    }
    for path in stale_man_pages(&pages) {
        std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("removed {}", path.display());
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
    let pages = man_pages()?;
    for (name, roff) in &pages {
        let path = man_dir().join(name);
        if std::fs::read(&path).ok().as_deref() != Some(roff.as_slice()) {
            stale.push(path.display().to_string());
        }
    }
    stale.extend(
        stale_man_pages(&pages)
            .iter()
            .map(|p| p.display().to_string()),
    );
    if stale.is_empty() {
        eprintln!("generated files are current");
        Ok(())
    } else {
        Err(format!(
            "stale generated files (run `cargo xtask schema` and `cargo xtask man`): {}",
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
