//! The `build.rs` entry point.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::{generate_specs, Diagnostic, FileResult, InvalidOption, Options, Severity};

/// Generates answer types from a `build.rs`:
///
/// ```no_run
/// // build.rs
/// let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("answers.rs");
/// agentspec_codegen::Builder::new().spec_dir("specs").generate(out).unwrap();
/// ```
///
/// and in the crate: `include!(concat!(env!("OUT_DIR"), "/answers.rs"));`.
///
/// Spec directories are walked as `agentspec lint` walks them (`.gitignore` and `.ignore`
/// honoured, hidden entries skipped). Cargo is told to rerun the build script when a spec
/// file, or a directory holding them, changes; the output file is only rewritten when its
/// content changes (atomically, keeping its permissions and links). Warnings are passed to
/// Cargo as `cargo:warning` lines, `file:line:col: warning[rule] message` as `agentspec gen
/// --format concise` prints them; errors fail [`Builder::generate`].
#[derive(Debug, Clone)]
pub struct Builder {
    dirs: Vec<PathBuf>,
    files: Vec<PathBuf>,
    derives: Vec<String>,
    attributes: Vec<String>,
    cargo: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            dirs: Vec::new(),
            files: Vec::new(),
            derives: Vec::new(),
            attributes: Vec::new(),
            cargo: true,
        }
    }
}

/// What [`Builder::generate`] did.
#[derive(Debug, Clone)]
pub struct Report {
    /// The root types generated, by name.
    pub types: Vec<String>,
    /// Every spec file read, with its findings (none of them an error).
    pub files: Vec<FileResult>,
    /// Whether the output file was (re)written.
    pub written: bool,
}

/// Why [`Builder::generate`] failed.
#[derive(Debug)]
pub enum BuildError {
    /// A spec directory or file could not be read, or the output could not be written.
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A spec is wrong in a way that forbids generating its type.
    Specs {
        /// Every spec file read, with every finding, errors included.
        files: Vec<FileResult>,
    },
    /// An extra derive or attribute is not what it must be.
    Option(InvalidOption),
}

impl Report {
    /// Every finding, file by file.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            BuildError::Specs { files } => {
                f.write_str("answer types can't be generated:")?;
                for line in lines(files, Severity::Error) {
                    write!(f, "\n  {line}")?;
                }
                Ok(())
            }
            BuildError::Option(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Io { source, .. } => Some(source),
            BuildError::Specs { .. } => None,
            BuildError::Option(error) => Some(error),
        }
    }
}

impl Builder {
    /// A builder with no specs, printing Cargo instructions.
    pub fn new() -> Self {
        Builder::default()
    }

    /// Adds every `*.session.*` and `*.agent.*` file under `dir` (recursively).
    pub fn spec_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dirs.push(dir.into());
        self
    }

    /// Adds one spec file.
    pub fn spec_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.files.push(file.into());
        self
    }

    /// Adds a derive to every generated type, besides `Debug, Clone, PartialEq, Serialize,
    /// Deserialize` (and `Eq, Hash` where every field has them): a path such as
    /// `"schemars::JsonSchema"`, which the including crate must provide. A string that is not
    /// a path fails [`Builder::generate`].
    pub fn derive(mut self, path: impl Into<String>) -> Self {
        self.derives.push(path.into());
        self
    }

    /// Adds an outer attribute to every generated type, after its derives: Rust text such as
    /// `"#[non_exhaustive]"` or `"#[cfg_attr(feature = \"schema\", derive(schemars::JsonSchema))]"`
    /// (the `#[` `]` may be left out). Text that is not exactly one outer attribute fails
    /// [`Builder::generate`].
    pub fn attribute(mut self, attribute: impl Into<String>) -> Self {
        self.attributes.push(attribute.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` and `cargo:warning` lines (on by default;
    /// turn off outside a build script).
    pub fn cargo_instructions(mut self, yes: bool) -> Self {
        self.cargo = yes;
        self
    }

    /// Generates the answer types into `out_file`, rewriting it only when its content changes.
    pub fn generate(self, out_file: impl AsRef<Path>) -> Result<Report, BuildError> {
        let out_file = out_file.as_ref();
        let mut files = Vec::new();
        for dir in &self.dirs {
            if self.cargo {
                println!("cargo:rerun-if-changed={}", dir.display());
            }
            let found = crate::find_spec_files(std::slice::from_ref(dir));
            if let Some((path, error)) = found.errors.into_iter().next() {
                return Err(BuildError::Io {
                    path,
                    source: std::io::Error::other(error),
                });
            }
            files.extend(found.files);
        }
        files.extend(self.files.iter().cloned());
        files.sort();
        files.dedup();
        let base = common_base(&self.dirs);
        let options = Options {
            command: "agentspec_codegen::Builder (build.rs)".into(),
            display_base: base,
            derives: self.derives.clone(),
            attributes: self.attributes.clone(),
        };
        let generated = generate_specs(&files, &options).map_err(BuildError::Option)?;
        if self.cargo {
            for file in &generated.files {
                println!("cargo:rerun-if-changed={}", file.path.display());
            }
            for line in lines(&generated.files, Severity::Warning) {
                println!("cargo:warning={line}");
            }
        }
        if generated.has_errors() {
            return Err(BuildError::Specs {
                files: generated.files,
            });
        }
        let io = |source| BuildError::Io {
            path: out_file.to_path_buf(),
            source,
        };
        if let Some(dir) = out_file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let written =
            agentspec_files::write_if_changed(out_file, generated.code.as_bytes()).map_err(io)?;
        Ok(Report {
            types: generated.types.into_iter().map(|(name, _)| name).collect(),
            files: generated.files,
            written,
        })
    }
}

/// The parent of the only spec directory, so paths read `specs/x.session.yaml`.
fn common_base(dirs: &[PathBuf]) -> Option<PathBuf> {
    match dirs {
        [only] => only.parent().map(Path::to_path_buf),
        _ => None,
    }
}

/// The findings of `severity` as `file:line:col: severity[rule] message` lines.
fn lines(files: &[FileResult], severity: Severity) -> Vec<String> {
    let mut out = Vec::new();
    for file in files {
        let index = agentspec_syntax::LineIndex::new(&file.source);
        for d in file.diagnostics.iter().filter(|d| d.severity == severity) {
            let (line, column) = index.line_col(d.span.start);
            out.push(file.concise_line(d, line, column));
        }
    }
    out
}
