//! Finding spec files: explicit files as given, directories walked with `.gitignore` honoured
//! (the walk is `agentspec-files`', which the `build.rs` `Builder` uses too).

use std::path::PathBuf;

use agentspec_lint::SpecKind;

pub use agentspec_files::{discover_with, is_data_file, Found};

/// Expands `paths`: a file is taken as given; a directory contributes its `*.session.*` and
/// `*.agent.*` files, skipping what `.gitignore` and `.ignore` exclude and hidden entries.
pub fn discover(paths: &[PathBuf]) -> Found {
    discover_with(paths, |path| SpecKind::from_path(path).is_some())
}
