//! The agentspec rule engine.
//!
//! [`lint_source`] parses one spec file (YAML 1.2 or strict JSON) once, runs every enabled rule
//! over it, and returns the findings as [`Diagnostic`] values with byte spans. Rendering them is
//! the caller's business: this crate does no I/O and prints nothing.

pub mod catalog;
mod config;
pub mod context;
mod diagnostic;
pub mod fix;
mod loader;
mod registry;
pub mod root_cause;
mod rules;
pub mod schema_walk;
pub mod shared;
pub mod suppress;
pub mod view;

use std::path::Path;

use agentspec_syntax::{Format, Node, Parsed, Span};

pub use config::{Level, Options, Policy, DEFAULT_MAX_DIAGNOSTICS, DEFAULT_MAX_FILE_SIZE};
pub use context::Context;
pub use diagnostic::{is_hidden, printable, Diagnostic, Related, Severity};
pub use fix::{Applicability, Edit, Fix, FixSettings};
pub use loader::problems as syntax_problems;
pub use registry::{
    all as all_rules, find as find_rule, CatalogCheck, Check, Registered, RuleMeta, Run,
};
/// The rules `agentspec check-answer` reports on answer files.
pub use rules::answers::{ANSWER_IN_STRING, ANSWER_MISMATCH, ANSWER_MISSING};
/// Reading a file: a finding for a file too large to read, and the rule of unparseable files.
pub use rules::syntax::{input_limit::file_too_large, syntax_error::SYNTAX_ERROR};

/// What a spec file describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecKind {
    /// The body of `POST /api/v2/sessions` (`*.session.*`).
    Session,
    /// An agent definition (`*.agent.*`).
    Agent,
}

impl SpecKind {
    /// The kind a file name declares: `*.session.{yaml,yml,json}` or `*.agent.{yaml,yml,json}`.
    pub fn from_path(path: &Path) -> Option<SpecKind> {
        let name = path.file_name()?.to_str()?;
        let stem = ["yaml", "yml", "json"]
            .iter()
            .find_map(|ext| name.strip_suffix(ext)?.strip_suffix('.'))?;
        if stem.ends_with(".session") {
            Some(SpecKind::Session)
        } else if stem.ends_with(".agent") {
            Some(SpecKind::Agent)
        } else {
            None
        }
    }

    /// The kind a document's shape suggests: a session has `agent`; an agent has `name`.
    pub fn from_shape(root: &Node) -> Option<SpecKind> {
        let map = root.as_map()?;
        let has = |key: &str| map.iter().any(|e| e.key.text == key);
        if has("agent") {
            Some(SpecKind::Session)
        } else if has("name") && (has("description") || has("environments") || has("subagents")) {
            Some(SpecKind::Agent)
        } else {
            None
        }
    }

    /// `session` or `agent`.
    pub fn as_str(self) -> &'static str {
        match self {
            SpecKind::Session => "session",
            SpecKind::Agent => "agent",
        }
    }
}

/// Whether a file is parsed as JSON (`.json`) or YAML (everything else).
pub fn format_for_path(path: &Path) -> Format {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) if ext.eq_ignore_ascii_case("json") => Format::Json,
        _ => Format::Yaml,
    }
}

/// The findings for one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The kind the file was checked as, when it could be told.
    pub kind: Option<SpecKind>,
    /// Findings, ordered by position then rule name.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings dropped beyond `Options::max_diagnostics` (the last diagnostic then says how
    /// many).
    pub truncated: usize,
    /// What the file defines and references, for the whole-repository checks
    /// ([`catalog::check`]).
    pub facts: catalog::Facts,
}

/// Orders findings by position, then rule and message, as every output shows them.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, a.rule, &a.message).cmp(&(
            b.span.start,
            b.span.end,
            b.rule,
            &b.message,
        ))
    });
}

/// Lints one file's text. `path` decides the format and, unless `kind` is given, the kind.
pub fn lint_source(
    path: &Path,
    source: &str,
    kind: Option<SpecKind>,
    options: &Options,
) -> FileReport {
    let format = format_for_path(path);
    let parsed = agentspec_syntax::parse(source, format, &options.limits);
    lint_parsed(path, source, &parsed, kind, options)
}

/// Lints an already parsed file (so that callers that also render or generate parse once).
pub fn lint_parsed(
    path: &Path,
    source: &str,
    parsed: &Parsed,
    kind: Option<SpecKind>,
    options: &Options,
) -> FileReport {
    let mut diagnostics = loader::problems(parsed, source, options);
    let declared = kind.or_else(|| SpecKind::from_path(path));
    let mut kind_used = declared;
    let mut facts = catalog::Facts::default();
    let mut counted = Vec::new();
    if let Some(document) = parsed.documents.first() {
        let root = &document.root;
        loader::extra_documents(parsed, options, &mut diagnostics);
        match declared.or_else(|| SpecKind::from_shape(root)) {
            Some(kind) => {
                kind_used = Some(kind);
                let (found, past_cap, collected) = run_rules(source, kind, root, options);
                diagnostics.extend(found);
                counted = past_cap;
                facts = collected;
            }
            None => diagnostics.extend(loader::unknown_kind(root, options)),
        }
    }
    // `# agentspec: ignore[rule] reason` comments, then unused and invalid ones.
    suppress::apply(
        path,
        source,
        parsed,
        options,
        &mut diagnostics,
        &mut counted,
    );
    sort_diagnostics(&mut diagnostics);
    // A node reached through several YAML aliases is reported once, at its definition.
    diagnostics.dedup_by(|a, b| a.rule == b.rule && a.span == b.span && a.message == b.message);
    fix::withdraw_conflicting(&mut diagnostics);
    let unbuilt = counted.iter().map(|c| (1, c.severity, c.span));
    let truncated = cap_diagnostics(&mut diagnostics, unbuilt, options);
    diagnostics.iter_mut().for_each(Diagnostic::make_printable);
    FileReport {
        kind: kind_used,
        diagnostics,
        truncated,
        facts,
    }
}

/// Keeps the first `options.max_diagnostics` of the sorted `diagnostics`; one last finding
/// counts the rest, as severe as the worst of them, together with `unbuilt` findings (how
/// many, how severe, where the first is, for each group) that were counted without being
/// built. Returns how many findings are not shown.
pub fn cap_diagnostics(
    diagnostics: &mut Vec<Diagnostic>,
    unbuilt: impl IntoIterator<Item = (usize, Severity, Span)>,
    options: &Options,
) -> usize {
    let mut counts = [0usize; 3];
    let mut at = None;
    if diagnostics.len() > options.max_diagnostics {
        let dropped = diagnostics.split_off(options.max_diagnostics);
        at = dropped.first().map(|d| d.span);
        for d in &dropped {
            counts[d.severity as usize] += 1;
        }
    }
    for (n, severity, span) in unbuilt.into_iter().filter(|u| u.0 > 0) {
        counts[severity as usize] += n;
        at = Some(at.map_or(span, |a: Span| a.min(span)));
    }
    let total = counts.iter().sum();
    if let Some(at) = at.filter(|_| total > 0) {
        diagnostics.push(rules::syntax::input_limit::dropped(counts, at, options));
    }
    total
}

/// What one file defines and references for the whole-repository checks, without linting it:
/// a parse and the facts of the first document. The catalog reads the agent files of a project
/// that a run does not check this way; they are never reported in.
pub fn catalog_facts(
    path: &Path,
    source: &str,
    kind: Option<SpecKind>,
    options: &Options,
) -> catalog::Facts {
    let parsed = agentspec_syntax::parse(source, format_for_path(path), &options.limits);
    let Some(document) = parsed.documents.first() else {
        return catalog::Facts::default();
    };
    let root = &document.root;
    match kind
        .or_else(|| SpecKind::from_path(path))
        .or_else(|| SpecKind::from_shape(root))
    {
        Some(kind) => catalog::facts(&Context::new(source, kind, root, options)),
        None => catalog::Facts::default(),
    }
}

/// The findings of a document's rules: those kept whole, those counted past the cap (see
/// `context::Findings`), and the document's catalog facts.
fn run_rules(
    source: &str,
    kind: SpecKind,
    root: &Node,
    options: &Options,
) -> (Vec<Diagnostic>, Vec<context::Counted>, catalog::Facts) {
    let cx = Context::new(source, kind, root, options);
    schema_walk::check_document(&cx);
    // The rules that name misspelt keys read the file as written.
    run_checks(&cx, |rule| root_cause::AS_WRITTEN.contains(&rule.name));
    // The catalog reads the file as written, as it reads the files a run does not lint.
    let facts = catalog::facts(&cx);
    let read_as = cx.take_read_as();
    let (mut diagnostics, counted) = match read_as.apply(root) {
        // Misspelt keys read as the fields they suggest: the other rules see the corrected
        // document, and their findings name places as the file writes them.
        Some(corrected) => {
            let (mut diagnostics, mut counted) = cx.finish_counted();
            let cx = Context::new(source, kind, &corrected.root, options);
            run_checks(&cx, |rule| !root_cause::AS_WRITTEN.contains(&rule.name));
            let (mut more, more_counted) = cx.finish_counted();
            corrected.restore_pointers(&mut more);
            diagnostics.append(&mut more);
            counted.extend(more_counted);
            (diagnostics, counted)
        }
        None => {
            run_checks(&cx, |rule| !root_cause::AS_WRITTEN.contains(&rule.name));
            cx.finish_counted()
        }
    };
    root_cause::drop_consequences(&mut diagnostics);
    (diagnostics, counted, facts)
}

/// Runs the check of every enabled rule that `which` selects.
fn run_checks(cx: &Context<'_>, which: impl Fn(&RuleMeta) -> bool) {
    for rule in all_rules() {
        if let Run::Document(check) = rule.run {
            if cx.enabled(rule.meta) && which(rule.meta) {
                check(cx);
            }
        }
    }
}
