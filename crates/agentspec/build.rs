//! Sets `AGENTSPEC_VERSION`, the version `agentspec --version` prints: the package version, and
//! `(<commit> <date>)` when this crate is built from a git checkout that tracks it. Outside a
//! checkout (a crates.io or pip source archive) or without git, the package version alone.

use std::path::Path;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let version = match commit(Path::new(&dir)) {
        Some(commit) => format!("{version} ({commit})"),
        None => version,
    };
    println!("cargo:rustc-env=AGENTSPEC_VERSION={version}");
}

/// `<short hash> <commit date>` of the checkout's HEAD, when git tracks this crate there; also
/// asks cargo to run this script again when HEAD moves.
fn commit(dir: &Path) -> Option<String> {
    // A source archive unpacked inside some other repository is not a checkout of this one.
    git(dir, &["ls-files", "--error-unmatch", "build.rs"])?;
    let commit = git(dir, &["log", "-1", "--format=%h %cs"])?;
    // HEAD, the branch it points to, and packed refs (a branch may live only there).
    let mut watched = vec!["HEAD".to_owned(), "packed-refs".to_owned()];
    watched.extend(git(dir, &["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(path) = git(
            dir,
            &["rev-parse", "--path-format=absolute", "--git-path", &name],
        ) {
            if Path::new(&path).exists() {
                println!("cargo:rerun-if-changed={path}");
            }
        }
    }
    Some(commit)
}

/// The trimmed output of a successful `git ARGS` in `dir`.
fn git(dir: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    let text = String::from_utf8(output.stdout).ok()?;
    let text = text.trim();
    (output.status.success() && !text.is_empty()).then(|| text.to_owned())
}
