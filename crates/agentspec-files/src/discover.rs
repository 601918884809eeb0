//! Finding files: explicit files as given, directories walked with `.gitignore` honoured.

use std::path::{Path, PathBuf};

/// What was found: files to read, and paths that could not be walked.
#[derive(Debug, Default)]
pub struct Found {
    /// Files to lint, sorted and without duplicates.
    pub files: Vec<PathBuf>,
    /// Paths that could not be walked, with the reason.
    pub errors: Vec<(PathBuf, String)>,
}

/// Whether a file holds YAML or JSON by its extension: what `include` can add to a walk
/// besides the spec-named files.
pub fn is_data_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
}

/// Expands `paths`: a file is taken as given; a directory contributes the files `wanted`
/// accepts, skipping what `.gitignore` (inside a git work tree) and `.ignore` exclude, and
/// hidden entries; symlinks are not followed. The files are sorted, without duplicates.
pub fn discover_with(paths: &[PathBuf], mut wanted: impl FnMut(&Path) -> bool) -> Found {
    let mut found = Found::default();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut found, &mut wanted),
            Ok(_) => found.files.push(path.clone()),
            Err(error) => found.errors.push((path.clone(), error.to_string())),
        }
    }
    found.files.sort();
    found.files.dedup();
    found
}

fn walk(dir: &Path, found: &mut Found, wanted: &mut impl FnMut(&Path) -> bool) {
    let walker = ignore::WalkBuilder::new(dir).follow_links(false).build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && wanted(entry.path()) {
                    found.files.push(entry.into_path());
                }
            }
            Err(error) => {
                let path = match &error {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => dir.to_path_buf(),
                };
                found.errors.push((path, error.to_string()));
            }
        }
    }
}
