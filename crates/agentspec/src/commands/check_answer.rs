//! `agentspec check-answer`: validate sample answers against a spec's `answer_format`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use agentspec_answer::AnswerError;
use agentspec_jsonschema::Applicable;
use agentspec_lint::{Diagnostic, Options, RuleMeta, SpecKind};
use agentspec_lint::{ANSWER_IN_STRING, ANSWER_MISMATCH, ANSWER_MISSING};
use agentspec_syntax::{Format, LineIndex, Node, Span};
use clap::{Args, ValueEnum};

use crate::output::{self, Color, FileResult, Format as OutputFormat, Results};

/// Validate answers against the `answer_format` of a spec file.
///
/// Each ANSWER file is JSON: a bare answer, a session as `GET /api/v2/sessions/{id}` returns it
/// (its `latest_answer` is checked) or a changes response (its `answer`), told apart by their
/// shape (or set with `--as`). An answer that is a string holding JSON is decoded and its
/// content checked, as the API types answers as string or object. Findings are reported at
/// their place in the answer file, in the formats of `agentspec lint`.
///
/// The `answer_format` is the one that applies by the rule every command follows: the agent's
/// own (or the agent file's), replaced by the `overrides` entry `agent.answer_format` when
/// there is one, or the session's top-level one; a top-level one beside either of the others
/// is a conflict, and the command exits 2.
///
/// Exit status: 0 when every answer matches, 1 when one does not, 2 when the tool could not do
/// its job (unreadable file, a spec without `answer_format`, a schema that can't be compiled, an
/// answer that can't be checked because the regular expression engine gave up on a pattern).
#[derive(Debug, Args)]
pub struct CheckAnswerArgs {
    /// The spec file holding the `answer_format`.
    #[arg(value_name = "SPEC")]
    spec: PathBuf,
    /// Answer files to check; `-` reads one from stdin (read as YAML, which JSON answers are).
    #[arg(value_name = "ANSWER", required = true)]
    answers: Vec<PathBuf>,
    /// What the answer files hold, when their shape should not decide.
    #[arg(long = "as", value_enum, value_name = "SHAPE")]
    shape: Option<Shape>,
    /// Read SPEC as this kind when its name does not say.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// When to use colors in human output (also honours `NO_COLOR`).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Use this configuration file instead of the closest `agentspec.toml` (of SPEC).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// What an answer file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shape {
    /// The answer itself.
    Answer,
    /// A session (`GET /api/v2/sessions/{id}`): its `latest_answer`.
    Session,
    /// A changes response (`GET /api/v2/sessions/{id}/changes`): its `answer`.
    Changes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum KindArg {
    /// A session request.
    Session,
    /// An agent definition.
    Agent,
}

/// The `answer_format` of a spec.
#[derive(Debug)]
pub struct AnswerFormat {
    /// The schema as JSON text.
    pub schema: String,
    /// The spec's source text.
    pub source: String,
    /// The schema's root node in the spec (for pointing at keywords).
    pub node: Node,
    /// The schema's JSON Pointer in the spec.
    pub pointer: String,
}

/// Runs `agentspec check-answer`.
pub fn run(args: &CheckAnswerArgs) -> anyhow::Result<ExitCode> {
    let options = match crate::commands::render::options_for(&args.spec, args.config.as_deref()) {
        Ok(options) => options,
        Err(errors) => return output::report_config_errors(&errors, args.format, args.color),
    };
    let kind = args.kind.map(|k| match k {
        KindArg::Session => SpecKind::Session,
        KindArg::Agent => SpecKind::Agent,
    });
    let format = match answer_format(&args.spec, kind, &options) {
        Ok(format) => format,
        Err(message) => {
            eprintln!("error: {message}");
            return Ok(ExitCode::from(crate::EXIT_FAILURE));
        }
    };
    if let Err(AnswerError::Schema { message }) =
        agentspec_answer::is_valid(&format.schema, &serde_json::Value::Null)
    {
        eprintln!(
            "error: {}: the answer_format at `{}` can't be compiled: {message}",
            args.spec.display(),
            format.pointer
        );
        return Ok(ExitCode::from(crate::EXIT_FAILURE));
    }
    let mut failed = false;
    let mut files = Vec::new();
    let stdin_name = PathBuf::from("<stdin>");
    for given in &args.answers {
        let stdin = given.as_os_str() == "-";
        let (path, read) = if stdin {
            (
                &stdin_name,
                crate::read::read_stdin_limited(options.max_file_size),
            )
        } else {
            (
                given,
                crate::read::read_limited(given, options.max_file_size),
            )
        };
        match read {
            Ok(bytes) => {
                let (file, undecided) =
                    check_bytes(&args.spec, &format, path, bytes, args.shape, &options);
                if let Some(message) = undecided {
                    eprintln!(
                        "error: {}: {}",
                        agentspec_lint::printable(&path.display().to_string()),
                        agentspec_lint::printable(&message)
                    );
                    failed = true;
                }
                files.push(file);
            }
            Err(error) => {
                eprintln!("error: {}: {error}", path.display());
                failed = true;
            }
        }
    }
    let results = Results { files };
    let summary = results.summary();
    let color = args.color.enabled(std::io::stdout().is_terminal());
    let text = output::render(&results, args.format, color, false);
    crate::stdout::write(&text)?;
    if args.format == OutputFormat::Human {
        eprintln!("{}", summary.line());
    }
    Ok(if failed {
        ExitCode::from(crate::EXIT_FAILURE)
    } else if summary.errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Reads the `answer_format` of a spec file; `Err` says why there is none to check against.
pub fn answer_format(
    spec: &Path,
    kind: Option<SpecKind>,
    options: &Options,
) -> Result<AnswerFormat, String> {
    let shown = spec.display();
    let bytes = crate::read::read_limited(spec, options.max_file_size)
        .map_err(|e| format!("can't read {shown}: {e}"))?;
    let source = String::from_utf8(bytes).map_err(|_| format!("{shown} is not UTF-8 text"))?;
    let parsed = agentspec_syntax::parse(
        &source,
        agentspec_lint::format_for_path(spec),
        &options.limits,
    );
    let Some(document) = parsed.documents.first() else {
        let why = parsed
            .problems
            .first()
            .map_or_else(|| "it is empty".to_string(), |p| p.message.clone());
        return Err(format!("{shown} can't be read as a spec: {why}"));
    };
    let root = &document.root;
    let kind = kind
        .or_else(|| SpecKind::from_path(spec))
        .or_else(|| SpecKind::from_shape(root))
        .ok_or_else(|| format!("{shown} is neither a session nor an agent spec"))?;
    let applicable = agentspec_jsonschema::applicable(root, kind == SpecKind::Session);
    let placed = match applicable {
        Applicable::One(placed) => placed,
        Applicable::Conflict { newer, session } => {
            return Err(format!(
                "{shown}: {} (`{}` and `{}`); which one the server applies is undocumented, \
                 so answers can't be checked: keep one of them",
                applicable.conflict_message().unwrap_or_default(),
                newer.pointer,
                session.pointer
            ))
        }
        Applicable::Unset => {
            let agent = match kind {
                SpecKind::Session => root.get("agent"),
                SpecKind::Agent => Some(root),
            };
            let hint = match agent.and_then(Node::as_str) {
                Some(name) if !name.starts_with("h/") => format!(
                    " (its agent `{name}` is a catalog name: when that agent sets an \
                     answer_format, check against its `*.agent.*` file)"
                ),
                _ => " (its answers are free text)".to_string(),
            };
            return Err(format!("{shown} has no answer_format{hint}"));
        }
    };
    let (node, pointer) = (placed.node(), placed.pointer);
    if node.as_map().is_none() && node.as_bool().is_none() {
        return Err(format!(
            "{shown}: the answer_format at `{pointer}` is {}, not a JSON Schema",
            node.type_name()
        ));
    }
    Ok(AnswerFormat {
        schema: node.to_json().to_string(),
        source: source.clone(),
        node: node.clone(),
        pointer: pointer.to_string(),
    })
}

/// Checks one answer file's bytes against `format`; also says why the answer can't be checked
/// when the regular expression engine gave up on a pattern (and nothing else is wrong).
pub fn check_bytes(
    spec: &Path,
    format: &AnswerFormat,
    path: &Path,
    bytes: Vec<u8>,
    shape: Option<Shape>,
    options: &Options,
) -> (FileResult, Option<String>) {
    let source = match String::from_utf8(bytes) {
        Ok(source) => source,
        Err(error) => {
            let file = crate::commands::lint::lint_bytes(
                path,
                error.into_bytes(),
                Some(SpecKind::Session),
                options,
            );
            return (file, None);
        }
    };
    let syntax = agentspec_lint::format_for_path(path);
    let parsed = agentspec_syntax::parse(&source, syntax, &options.limits);
    let mut diagnostics = agentspec_lint::syntax_problems(&parsed, &source, options);
    let mut unbuilt = None;
    let mut undecided = None;
    if let Some(document) = parsed.documents.first() {
        let checker = Checker {
            spec,
            format,
            spec_index: LineIndex::new(&format.source),
            source: &source,
            options,
            unbuilt: std::cell::Cell::new(None),
            undecided: std::cell::RefCell::new(None),
        };
        checker.check(&document.root, shape, &mut diagnostics);
        unbuilt = checker.unbuilt.get();
        undecided = checker.undecided.into_inner();
    }
    agentspec_lint::sort_diagnostics(&mut diagnostics);
    agentspec_lint::cap_diagnostics(&mut diagnostics, unbuilt, options);
    // Findings quote the answer: keep each on its line.
    diagnostics.iter_mut().for_each(Diagnostic::make_printable);
    let file = FileResult {
        path: path.to_path_buf(),
        source,
        diagnostics,
    };
    (file, undecided)
}

/// What an answer file holds, told by its shape.
pub fn detect(root: &Node) -> Shape {
    let has = |key: &str| root.get(key).is_some();
    if has("latest_answer") && (has("id") || has("request") || has("status")) {
        Shape::Session
    } else if has("answer")
        && (has("status") || has("new_events") || has("outcome") || has("metrics"))
    {
        Shape::Changes
    } else {
        Shape::Answer
    }
}

struct Checker<'a> {
    spec: &'a Path,
    format: &'a AnswerFormat,
    spec_index: LineIndex,
    source: &'a str,
    options: &'a Options,
    /// Violations past the finding cap: counted, not built (how many, how severe, where).
    unbuilt: std::cell::Cell<Option<(usize, agentspec_lint::Severity, Span)>>,
    /// Why the answer can't be checked, when the regular expression engine gave up.
    undecided: std::cell::RefCell<Option<String>>,
}

impl Checker<'_> {
    fn check(&self, root: &Node, shape: Option<Shape>, out: &mut Vec<Diagnostic>) {
        let (field, answer) = match shape.unwrap_or_else(|| detect(root)) {
            Shape::Answer => (None, Some(root)),
            Shape::Session => (Some("latest_answer"), root.get("latest_answer")),
            Shape::Changes => (Some("answer"), root.get("answer")),
        };
        let pointer = field.map_or_else(String::new, |f| format!("/{f}"));
        let Some(answer) = answer.filter(|a| !a.is_null()) else {
            let field = field.unwrap_or("answer");
            let span = root.entry(field).map_or(root.span, |e| e.key.span);
            self.push(
                out,
                &ANSWER_MISSING,
                span,
                &pointer,
                format!("there is no answer to check: `{field}` is absent or null"),
                "no answer",
                Some("check a session that has finished with an answer".into()),
            );
            return;
        };
        if let Some(text) = answer.as_str() {
            // A string is read for JSON only when the schema rejects it as it is. (Any other
            // answer is checked once, for its violations, below.)
            match agentspec_answer::is_valid(&self.format.schema, &answer.to_json()) {
                Ok(true) => return,
                // Out of time: checking it again, for its violations, would only take as long.
                Err(limit @ AnswerError::Limit { .. }) => return self.give_up(&limit),
                Ok(false) | Err(_) => {}
            }
            let decoded = agentspec_syntax::parse(text, Format::Json, &self.options.limits);
            if let Some(inner) = decoded
                .documents
                .first()
                .filter(|d| d.root.as_map().is_some() || d.root.as_seq().is_some())
            {
                self.push(
                    out,
                    &ANSWER_IN_STRING,
                    answer.span,
                    &pointer,
                    "the answer is a string holding JSON: its decoded content is checked",
                    "JSON text",
                    None,
                );
                // Built once: every violation is placed through it.
                let offsets = agentspec_syntax::ValueMap::new(self.source, answer);
                let map = |span: Span| {
                    offsets
                        .as_ref()
                        .and_then(|m| m.span(span.start..span.end))
                        .unwrap_or(answer.span)
                };
                self.violations(&inner.root, &pointer, true, &map, out);
                return;
            }
        }
        self.violations(answer, &pointer, false, &|s| s, out);
    }

    /// Records that the answer can't be checked, and why (`check-answer` then exits 2).
    fn give_up(&self, limit: &AnswerError) {
        *self.undecided.borrow_mut() = Some(limit.to_string());
    }

    /// Reports every way `answer` fails the schema; `map` turns its spans into file spans.
    fn violations(
        &self,
        answer: &Node,
        base: &str,
        decoded: bool,
        map: &dyn Fn(Span) -> Span,
        out: &mut Vec<Diagnostic>,
    ) {
        let violations = match agentspec_answer::validate(&self.format.schema, &answer.to_json()) {
            Ok(()) => return,
            Err(AnswerError::Invalid { violations }) => violations,
            Err(limit @ AnswerError::Limit { .. }) => return self.give_up(&limit),
            Err(other) => {
                self.push(
                    out,
                    &ANSWER_MISMATCH,
                    map(answer.span),
                    base,
                    other.to_string(),
                    "rejected",
                    None,
                );
                return;
            }
        };
        // Past the cap, violations are only counted: building one costs a lookup in the answer.
        let kept = violations.len().min(self.options.max_diagnostics);
        if let Some(severity) = self.options.severity(&ANSWER_MISMATCH) {
            let rest = violations.len() - kept;
            self.unbuilt
                .set(Some((rest, severity, map(answer.span))).filter(|u| u.0 > 0));
        }
        for violation in violations.into_iter().take(kept) {
            let found = answer.at_pointer_keyed(&violation.instance_path);
            let span = match found {
                Some((node, key)) => place(node, key.map(|k| k.span)),
                None => Span::new(answer.span.start, answer.span.start + 1),
            };
            // Long values in the message are already cut by `agentspec_answer`.
            let message = violation.message.clone();
            let at = if violation.instance_path.is_empty() {
                "the answer".to_string()
            } else {
                format!("`{}`", violation.instance_path)
            };
            let within = if decoded {
                " (in the answer's JSON text)"
            } else {
                ""
            };
            let keyword = violation
                .schema_path
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            let help = self
                .format
                .node
                .at_pointer_keyed(&violation.schema_path)
                .map(|(node, key)| {
                    let span = key.map_or(node.span, |k| k.span);
                    let (line, column) = self.spec_index.line_col(span.start);
                    format!(
                        "the answer_format says so at {}:{line}:{column} (`{}{}`)",
                        self.spec.display(),
                        self.format.pointer,
                        violation.schema_path
                    )
                });
            self.push(
                out,
                &ANSWER_MISMATCH,
                map(span),
                &format!("{base}{}", violation.instance_path),
                format!("{at}{within}: {message}"),
                &format!("fails `{keyword}`"),
                help,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &self,
        out: &mut Vec<Diagnostic>,
        rule: &'static RuleMeta,
        span: Span,
        pointer: &str,
        message: impl Into<String>,
        label: &str,
        help: Option<String>,
    ) {
        if let Some(severity) = self.options.severity(rule) {
            let mut diagnostic = Diagnostic::new(rule, severity, span, pointer, message);
            diagnostic.label = Some(label.to_string());
            diagnostic.help = help;
            out.push(diagnostic);
        }
    }
}

/// Where to point at a node: a scalar itself; a collection by the key that holds it, or by its
/// first character (so the label does not cover the whole object).
fn place(node: &Node, key: Option<Span>) -> Span {
    if node.is_scalar() {
        return node.span;
    }
    key.unwrap_or_else(|| Span::new(node.span.start, node.span.start + 1))
}
