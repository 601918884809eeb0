//! A project on disk, as every command that reads one sees it: the `agentspec.toml` that
//! applies to each file (`config`), the spec files below a directory (`discover`), reading
//! them within a size limit (`read`), and linting them as one run with the cross-file pass
//! (`catalog`). The command line and the language server both call these, so a file is
//! configured, found and checked the same way in a terminal and in an editor.

pub mod catalog;
pub mod config;
pub mod discover;
/// Bounded reads: `agentspec-files`' one implementation.
pub use agentspec_files::read;

use std::path::Path;

use agentspec_lint::{Diagnostic, Options, Severity, SpecKind};

/// One linted file with its findings (the type every output format renders).
pub use agentspec_diagnostic::FileResult;

/// The result for a file over the size limit, which was not read.
pub fn too_large(path: &Path, size: Option<u64>, max: u64, options: &Options) -> FileResult {
    FileResult {
        path: path.to_path_buf(),
        source: String::new(),
        diagnostics: vec![agentspec_lint::file_too_large(size, max, options)],
    }
}

/// Lints one file's bytes; text that is not UTF-8 is reported, not lost.
pub fn lint_bytes(
    path: &Path,
    bytes: Vec<u8>,
    kind: Option<SpecKind>,
    options: &Options,
) -> FileResult {
    match String::from_utf8(bytes) {
        Ok(source) => {
            let report = agentspec_lint::lint_source(path, &source, kind, options);
            FileResult {
                path: path.to_path_buf(),
                source,
                diagnostics: report.diagnostics,
            }
        }
        Err(error) => {
            let at = error.utf8_error().valid_up_to();
            let source = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let span = agentspec_syntax::Span {
                start: at.min(source.len()),
                end: (at + 1).min(source.len()),
            };
            let message =
                format!("the file is not valid UTF-8 (first invalid byte at offset {at})");
            let rule = &agentspec_lint::SYNTAX_ERROR;
            let diagnostic = Diagnostic::new(rule, Severity::Error, span, "", message)
                .label("invalid byte")
                .help("save the file as UTF-8");
            FileResult {
                path: path.to_path_buf(),
                source,
                diagnostics: vec![diagnostic],
            }
        }
    }
}
