//! `agentspec render`: print the JSON body a spec file sends.

use std::fmt::Write;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentspec_lint::{Options, Severity, SpecKind};
use agentspec_model::limits::IDEMPOTENCY_KEY_MAX_LEN;
use agentspec_syntax::{Node, Value};
use anyhow::Context;
use clap::{Args, ValueEnum};
use sha2::{Digest, Sha256};

use crate::config::{self, ConfigError, Resolver};
use crate::output::{self, FileResult, Results};

/// Print the JSON body to send for a spec file.
///
/// The body is the spec as the API takes it: YAML anchors, aliases and `<<` merge keys
/// expanded, top-level `x-` keys dropped, and nothing else changed (keys keep their order).
/// A spec with lint errors is refused (the errors are printed, exit 1) unless `--force`.
///
/// `--idempotency-key` prints, instead of the body, a key derived from the body: the same body
/// always gets the same key, so a retried request is safe to send with `Idempotency-Key`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The spec file (`*.session.*` or `*.agent.*`); `-` reads it from stdin.
    #[arg(value_name = "SPEC")]
    spec: PathBuf,
    /// The file name to tell the format, kind and configuration by, for a spec read from `-`.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Check the file as this kind when its name does not say.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// Print the body on one line.
    #[arg(long)]
    compact: bool,
    /// Print the idempotency key of the body instead of the body.
    #[arg(long)]
    idempotency_key: bool,
    /// Render even when the spec has lint errors.
    #[arg(long)]
    force: bool,
    /// Use this configuration file instead of the closest `agentspec.toml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KindArg {
    /// A session request.
    Session,
    /// An agent definition.
    Agent,
}

/// The prefix of every idempotency key `render` derives.
pub const IDEMPOTENCY_KEY_PREFIX: &str = "agentspec-";

/// Runs `agentspec render`.
pub fn run(args: &RenderArgs) -> anyhow::Result<ExitCode> {
    let stdin = args.spec.as_os_str() == "-";
    let spec = match (&args.stdin_filename, stdin) {
        (Some(name), true) => name.clone(),
        (None, true) => PathBuf::from("<stdin>"),
        (_, false) => args.spec.clone(),
    };
    let options = match options_for(&spec, args.config.as_deref()) {
        Ok(options) => options,
        Err(errors) => {
            eprint!(
                "{}",
                crate::output::human::render_config_errors(&errors, stderr_color())
            );
            return Ok(ExitCode::from(crate::EXIT_FAILURE));
        }
    };
    let kind = args.kind.map(|k| match k {
        KindArg::Session => SpecKind::Session,
        KindArg::Agent => SpecKind::Agent,
    });
    let bytes = if stdin {
        crate::read::read_stdin_limited(options.max_file_size)
    } else {
        crate::read::read_limited(&spec, options.max_file_size)
    }
    .with_context(|| format!("can't read {}", spec.display()))?;
    let rendered = render_bytes(&spec, bytes, kind, &options);
    let errors = rendered
        .file
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        let file = FileResult {
            diagnostics: rendered
                .file
                .diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect(),
            ..rendered.file
        };
        let results = Results { files: vec![file] };
        eprint!("{}", output::human::render(&results, stderr_color()));
        if !args.force || rendered.body.is_none() {
            let why = if rendered.body.is_none() {
                "nothing to render"
            } else {
                "not rendered (use --force to render anyway)"
            };
            eprintln!(
                "{}: {why}: {errors} lint error{}",
                spec.display(),
                if errors == 1 { "" } else { "s" }
            );
            return Ok(ExitCode::FAILURE);
        }
    }
    let Some(body) = rendered.body else {
        return Ok(ExitCode::FAILURE);
    };
    let text = if args.idempotency_key {
        idempotency_key(&body)
    } else if args.compact {
        body.write(Style::Compact)
    } else {
        body.write(Style::Pretty)
    };
    crate::stdout::write(format!("{text}\n"))?;
    Ok(ExitCode::SUCCESS)
}

/// The lint options `agentspec.toml` (or `explicit`) gives a file, as `agentspec lint` uses them.
pub fn options_for(file: &Path, explicit: Option<&Path>) -> Result<Options, Vec<ConfigError>> {
    let absolute = config::absolute(file);
    let config = Resolver::new(explicit)?.for_file(&absolute)?;
    Ok(config.options_for(&absolute).into_owned())
}

/// A spec file linted and rendered from one parse.
pub struct Rendered {
    /// The file with its lint findings.
    pub file: FileResult,
    /// The body to send, when the file holds a document.
    pub body: Option<Body>,
}

/// Lints and renders one spec file's bytes.
pub fn render_bytes(
    path: &Path,
    bytes: Vec<u8>,
    kind: Option<SpecKind>,
    options: &Options,
) -> Rendered {
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(error) => {
            return Rendered {
                file: crate::commands::lint::lint_bytes(path, error.into_bytes(), kind, options),
                body: None,
            }
        }
    };
    let format = agentspec_lint::format_for_path(path);
    let parsed = agentspec_syntax::parse(&source, format, &options.limits);
    let report = agentspec_lint::lint_parsed(path, &source, &parsed, kind, options);
    let body = parsed
        .documents
        .into_iter()
        .next()
        .map(|d| Body { root: d.root });
    Rendered {
        file: FileResult {
            path: path.to_path_buf(),
            source,
            diagnostics: report.diagnostics,
        },
        body,
    }
}

/// The JSON body of a spec: its tree in source order, without top-level `x-` keys, every
/// number written as the spec gave it (no float round trip).
pub struct Body {
    /// The document's root.
    pub root: Node,
}

/// How [`Body::write`] lays JSON out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Two-space indentation, one member a line.
    Pretty,
    /// One line, no whitespace.
    Compact,
    /// One line, no whitespace, object keys sorted at every level (for the idempotency key).
    Canonical,
}

impl Body {
    /// The body as JSON text.
    pub fn write(&self, style: Style) -> String {
        let mut out = String::new();
        write_node(&self.root, style, 0, true, &mut out);
        out
    }
}

fn write_node(node: &Node, style: Style, level: usize, top: bool, out: &mut String) {
    match &node.value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(n.json()),
        Value::String(s) => write_string(s, out),
        Value::Seq(items) => {
            let items: Vec<(Option<&str>, &Node)> = items.iter().map(|n| (None, n)).collect();
            write_members(&items, ('[', ']'), style, level, out);
        }
        Value::Map(entries) => {
            let mut members: Vec<(Option<&str>, &Node)> = entries
                .iter()
                .filter(|e| !(top && e.key.text.starts_with("x-")))
                .map(|e| (Some(e.key.text.as_str()), &e.value))
                .collect();
            if style == Style::Canonical {
                members.sort_by(|a, b| a.0.cmp(&b.0));
            }
            write_members(&members, ('{', '}'), style, level, out);
        }
    }
}

fn write_members(
    members: &[(Option<&str>, &Node)],
    (open, close): (char, char),
    style: Style,
    level: usize,
    out: &mut String,
) {
    out.push(open);
    let pretty = style == Style::Pretty;
    for (i, (key, value)) in members.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if pretty {
            out.push('\n');
            push_indent(level + 1, out);
        }
        if let Some(key) = key {
            write_string(key, out);
            out.push_str(if pretty { ": " } else { ":" });
        }
        write_node(value, style, level + 1, false, out);
    }
    if pretty && !members.is_empty() {
        out.push('\n');
        push_indent(level, out);
    }
    out.push(close);
}

fn push_indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_string(text: &str, out: &mut String) {
    // serde_json's escaping, so the text is what any JSON writer would send.
    out.push_str(&serde_json::Value::from(text).to_string());
}

/// The canonical form of a body: object keys sorted at every level, no whitespace, numbers as
/// written.
pub fn canonical(body: &Body) -> String {
    body.write(Style::Canonical)
}

/// The idempotency key of a body: `agentspec-` and the hex SHA-256 of its canonical form
/// (74 visible ASCII characters, within the API's limit of 128).
pub fn idempotency_key(body: &Body) -> String {
    let digest = Sha256::digest(canonical(body).as_bytes());
    let mut key = String::with_capacity(IDEMPOTENCY_KEY_PREFIX.len() + 64);
    key.push_str(IDEMPOTENCY_KEY_PREFIX);
    for byte in digest {
        let _ = write!(key, "{byte:02x}");
    }
    debug_assert!(key.len() <= IDEMPOTENCY_KEY_MAX_LEN);
    key
}

/// Whether diagnostics printed to stderr get colors.
fn stderr_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
}
