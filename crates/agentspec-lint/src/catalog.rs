//! Whole-repository checks: the agents the files of one run define, and the names that point at
//! them.
//!
//! Linting a file also collects its [`Facts`] from the same tree (no second parse): the catalog
//! agent an `*.agent.*` file defines, the catalog names its agents and sessions reference, and
//! the `overrides` selectors a session applies to a catalog agent. [`check`] then reads the facts
//! of every file of the run together and reports what no single file can show: a reference to an
//! agent that is not defined, subagents that delegate in a cycle, one name defined by two files,
//! and a selector that matches nothing in the agent it resolves to. The rules are declared in
//! `rules/catalog/`.
//!
//! Which names must resolve: those of the namespaces the repository owns. Without configuration
//! these are the namespaces of the agents the run defines (defining `acme/weather-agent` makes
//! every `acme/…` name checked); [`CatalogOptions::namespaces`] (`[catalog] namespaces` in
//! `agentspec.toml`) lists them explicitly instead.
//! Names without a namespace (`weather-agent`) are checked when the run defines at least one
//! such name. `h/` names are H's own and never checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use agentspec_syntax::{Node, Span};

use crate::context::{child, Finding, Findings};
use crate::{Context, Diagnostic, Options, RuleMeta, SpecKind};

/// The namespace of H's built-in agents: referenced, never defined in a repository.
pub const RESERVED_NAMESPACE: &str = "h";

/// How the whole-repository checks decide which names must resolve.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CatalogOptions {
    /// The organisation namespaces whose names must be defined in the run (`["acme"]`). `None`
    /// infers them from the names the run defines.
    pub namespaces: Option<Vec<String>>,
}

/// What one file contributes to the catalog checks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// The catalog agent an `*.agent.*` file defines (the file's root agent, when it is named).
    pub definition: Option<Definition>,
    /// Catalog names the file references, in document order.
    pub references: Vec<Reference>,
    /// `overrides` selectors applied to the session's catalog agent.
    pub selectors: Vec<SelectorUse>,
}

/// A catalog agent defined by an agent file.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    /// The agent's `name`.
    pub name: String,
    /// Where the name's value is written.
    pub span: Span,
    /// The JSON Pointer of the name (`/name`).
    pub pointer: String,
    /// The agent as JSON, for resolving the selectors of sessions that run it.
    pub body: serde_json::Value,
}

/// Where a catalog name is referenced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferenceKind {
    /// A session's `agent: acme/x`.
    SessionAgent,
    /// A manager's `subagents: [acme/x]`.
    Subagent,
}

/// A catalog name referenced by a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The name.
    pub name: String,
    /// Where it is written.
    pub span: Span,
    /// Its JSON Pointer.
    pub pointer: String,
    /// How it is used.
    pub kind: ReferenceKind,
}

/// An `overrides` key with at least one `[field=value]` selector, on a session whose agent is
/// a catalog name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorUse {
    /// The catalog name of the session's agent.
    pub agent: String,
    /// The key as written (`agent.environments[kind=web].start_url`).
    pub key: String,
    /// The JSON Pointer of the override.
    pub pointer: String,
    /// The path after its leading `agent`.
    pub steps: Vec<Step>,
}

/// One segment of an override path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The field.
    pub field: String,
    /// The list-member selector after it.
    pub selector: Option<StepSelector>,
    /// The path up to and including the field (`agent.environments`), for messages.
    pub prefix: String,
}

/// A `[field=value]` selector of an override path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepSelector {
    /// The member field compared.
    pub field: String,
    /// The value it must have.
    pub value: String,
    /// Where the selector is written.
    pub span: Span,
    /// Whether a member without the field matches (a missing `kind` is `web`).
    pub absent_matches: bool,
}

/// The namespace of a name: `acme` for `acme/x`, `None` for a bare `x`.
pub fn namespace(name: &str) -> Option<&str> {
    name.split_once('/').map(|(ns, _)| ns)
}

/// Collects the facts of a linted document from its context.
pub fn facts(cx: &Context<'_>) -> Facts {
    let mut facts = Facts::default();
    let root = cx.root;
    match cx.kind {
        SpecKind::Agent => {
            if let Some(name) = root.get("name").filter(|n| !text(n).is_empty()) {
                facts.definition = Some(Definition {
                    name: text(name).to_string(),
                    span: name.span,
                    pointer: "/name".into(),
                    body: root.to_json(),
                });
            }
        }
        SpecKind::Session => {
            if let Some(agent) = root.get("agent").filter(|a| !text(a).is_empty()) {
                facts.references.push(Reference {
                    name: text(agent).to_string(),
                    span: agent.span,
                    pointer: "/agent".into(),
                    kind: ReferenceKind::SessionAgent,
                });
                facts.selectors = selectors(cx, text(agent));
            }
        }
    }
    for agent in &cx.view.agents {
        let Some(list) = agent.node.get("subagents").and_then(Node::as_seq) else {
            continue;
        };
        let base = child(&agent.pointer, "subagents");
        for (i, item) in list.iter().enumerate() {
            if !text(item).is_empty() {
                facts.references.push(Reference {
                    name: text(item).to_string(),
                    span: item.span,
                    pointer: child(&base, i),
                    kind: ReferenceKind::Subagent,
                });
            }
        }
    }
    facts
}

fn text(node: &Node) -> &str {
    node.as_str().unwrap_or("")
}

/// The selectors of a session's `overrides` that apply to its catalog agent.
fn selectors(cx: &Context<'_>, agent: &str) -> Vec<SelectorUse> {
    let mut out = Vec::new();
    for site in &cx.view.overrides {
        let Ok(path) = site.path() else {
            continue;
        };
        let (key, segments) = (site.key, &path.segments);
        if segments.first().map(|s| s.name.text.as_str()) != Some("agent")
            || segments[0].selector.is_some()
            || segments.iter().all(|s| s.selector.is_none())
        {
            continue;
        }
        let steps = segments
            .iter()
            .enumerate()
            .skip(1)
            .map(|(index, segment)| Step {
                field: segment.name.text.clone(),
                prefix: key[..segment.name.range.end].to_string(),
                selector: segment.selector.as_ref().map(|s| StepSelector {
                    field: s.field.text.clone(),
                    value: s.value.text.clone(),
                    span: agentspec_syntax::key_span(cx.source, &site.entry.key, s.range.clone()),
                    absent_matches: path.resolved.absent_matches.get(index) == Some(&true),
                }),
            })
            .collect();
        out.push(SelectorUse {
            agent: agent.to_string(),
            key: key.to_string(),
            pointer: site.pointer.clone(),
            steps,
        });
    }
    out
}

/// One file of a run: the name to show, and its facts.
#[derive(Debug, Clone, Copy)]
pub struct FileFacts<'a> {
    /// The path as the user gave or the walk found it.
    pub path: &'a Path,
    /// What linting the file collected.
    pub facts: &'a Facts,
}

/// What the catalog rules see: every file's facts, the definitions by name, and a sink.
pub struct CatalogContext<'a> {
    /// The files of the run, in path order.
    pub files: &'a [FileFacts<'a>],
    /// Every defined name, with the files defining it in path order.
    pub definitions: BTreeMap<&'a str, Vec<usize>>,
    /// Severities.
    pub options: &'a Options,
    namespaces: BTreeSet<String>,
    configured: bool,
    bare_checked: bool,
    /// The findings of each file, by its index in `files`.
    findings: Vec<Findings>,
}

impl<'a> CatalogContext<'a> {
    /// Indexes the facts of a run.
    pub fn new(files: &'a [FileFacts<'a>], catalog: &CatalogOptions, options: &'a Options) -> Self {
        let mut definitions: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, file) in files.iter().enumerate() {
            if let Some(definition) = &file.facts.definition {
                definitions
                    .entry(definition.name.as_str())
                    .or_default()
                    .push(index);
            }
        }
        let namespaces = match &catalog.namespaces {
            Some(listed) => listed.iter().cloned().collect(),
            None => definitions
                .keys()
                .filter_map(|name| namespace(name))
                .map(str::to_string)
                .collect(),
        };
        let bare_checked = definitions.keys().any(|name| namespace(name).is_none());
        CatalogContext {
            files,
            definitions,
            options,
            namespaces,
            configured: catalog.namespaces.is_some(),
            bare_checked,
            findings: files.iter().map(|_| Findings::default()).collect(),
        }
    }

    /// Whether a name must be defined in the run: its namespace is owned by the repository.
    pub fn must_resolve(&self, name: &str) -> bool {
        match namespace(name) {
            Some(RESERVED_NAMESPACE) => false,
            Some(ns) => self.namespaces.contains(ns),
            None => self.bare_checked,
        }
    }

    /// Why `name` must be defined in the run, for help texts.
    pub fn reason(&self, name: &str) -> String {
        match namespace(name) {
            None => "the files checked define agents without a namespace".into(),
            Some(ns) if self.configured => {
                format!("`{ns}` is listed in the `[catalog] namespaces` of `agentspec.toml`")
            }
            Some(ns) => format!("the files checked define `{ns}/…` agents"),
        }
    }

    /// The file that defines `name` (the first in path order), when one does.
    pub fn resolve(&self, name: &str) -> Option<usize> {
        self.definitions.get(name).and_then(|f| f.first()).copied()
    }

    /// The definition in file `index`.
    pub fn definition(&self, index: usize) -> Option<&'a Definition> {
        self.files.get(index)?.facts.definition.as_ref()
    }

    /// The path of file `index` as shown to the user.
    pub fn path(&self, index: usize) -> String {
        self.files
            .get(index)
            .map_or_else(String::new, |f| f.path.display().to_string())
    }

    /// Reports a finding of `rule` in file `file`; the [`Finding`] takes labels and help, and
    /// is reported when dropped.
    pub fn report(
        &self,
        rule: &'static RuleMeta,
        file: usize,
        span: Span,
        pointer: &str,
        message: impl Into<String>,
    ) -> Finding<'_> {
        let sink = self.findings.get(file);
        let diagnostic = sink
            .and(self.options.severity(rule))
            .map(|severity| Diagnostic::new(rule, severity, span, pointer, message));
        Finding::new(sink, diagnostic)
    }
}

/// Runs the catalog rules over the facts of every file of a run; returns each finding with the
/// index of the file it belongs to, ordered by file then position.
pub fn check(
    files: &[FileFacts<'_>],
    catalog: &CatalogOptions,
    options: &Options,
) -> Vec<(usize, Diagnostic)> {
    let cx = CatalogContext::new(files, catalog, options);
    for rule in crate::all_rules() {
        if let crate::Run::Catalog(check) = rule.run {
            if options.severity(rule.meta).is_some() {
                check(&cx);
            }
        }
    }
    let mut out: Vec<(usize, Diagnostic)> = cx
        .findings
        .into_iter()
        .enumerate()
        .flat_map(|(file, findings)| findings.into_vec().into_iter().map(move |d| (file, d)))
        .collect();
    out.iter_mut().for_each(|(_, d)| d.make_printable());
    out.sort_by(|(fa, a), (fb, b)| {
        (fa, a.span.start, a.span.end, a.rule, &a.message).cmp(&(
            fb,
            b.span.start,
            b.span.end,
            b.rule,
            &b.message,
        ))
    });
    out
}

/// A scalar's text as a selector compares it (`web`, `3`, `true`).
pub fn scalar_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lints in-memory files as one run; returns `(file, rule, message)` of each finding.
    fn run(files: &[(&str, &str)], catalog: &CatalogOptions) -> Vec<(String, String, String)> {
        let options = Options::default();
        let facts: Vec<(std::path::PathBuf, Facts)> = files
            .iter()
            .map(|(path, source)| {
                let path = std::path::PathBuf::from(path);
                let report = crate::lint_source(&path, source, None, &options);
                (path, report.facts)
            })
            .collect();
        let run: Vec<FileFacts<'_>> = facts
            .iter()
            .map(|(path, facts)| FileFacts { path, facts })
            .collect();
        check(&run, catalog, &options)
            .into_iter()
            .map(|(file, d)| (files[file].0.to_string(), d.rule.to_string(), d.message))
            .collect()
    }

    fn agent(name: &str, subagents: &[&str]) -> String {
        let mut text = format!("name: {name}\ndescription: An agent\nsubagents:\n");
        for sub in subagents {
            text.push_str(&format!("  - {sub}\n"));
        }
        text
    }

    #[test]
    fn a_loop_through_three_files_is_reported_in_each() {
        let (a, b, c) = (
            agent("acme/a", &["acme/b"]),
            agent("acme/b", &["acme/c"]),
            agent("acme/c", &["acme/a"]),
        );
        let found = run(
            &[
                ("a.agent.yaml", &a),
                ("b.agent.yaml", &b),
                ("c.agent.yaml", &c),
            ],
            &CatalogOptions::default(),
        );
        assert_eq!(found.len(), 3, "{found:?}");
        for (_, rule, message) in &found {
            assert_eq!(rule, "subagent-cycle");
            assert_eq!(
                message,
                "subagents delegate in a cycle: `acme/a` → `acme/b` → `acme/c` → `acme/a`"
            );
        }
    }

    #[test]
    fn loops_sharing_an_agent_are_one_finding_per_file_with_every_edge() {
        let a = agent("acme/a", &["acme/b", "acme/c", "acme/d"]);
        let b = agent("acme/b", &["acme/a"]);
        let c = agent("acme/c", &["acme/a"]);
        let d = agent("acme/d", &[]);
        let files = [
            ("a.agent.yaml", a.as_str()),
            ("b.agent.yaml", b.as_str()),
            ("c.agent.yaml", c.as_str()),
            ("d.agent.yaml", d.as_str()),
        ];
        let options = Options::default();
        let facts: Vec<Facts> = files
            .iter()
            .map(|(p, s)| crate::lint_source(std::path::Path::new(p), s, None, &options).facts)
            .collect();
        let run: Vec<FileFacts<'_>> = files
            .iter()
            .zip(&facts)
            .map(|((p, _), facts)| FileFacts {
                path: std::path::Path::new(p),
                facts,
            })
            .collect();
        let found = check(&run, &CatalogOptions::default(), &options);
        let in_a: Vec<&Diagnostic> = found
            .iter()
            .filter(|(f, _)| *f == 0)
            .map(|(_, d)| d)
            .collect();
        assert_eq!(in_a.len(), 1, "{found:?}");
        // `acme/a` → `acme/b` and `acme/a` → `acme/c` are labelled; `acme/d` is not on a loop.
        assert_eq!(in_a[0].related.len(), 1);
        assert_eq!(found.len(), 3, "one finding in each of a, b and c");
    }

    #[test]
    fn namespaces_are_inferred_from_definitions() {
        let weather = agent("acme/weather", &[]);
        let session = "agent: acme/wether\nmax_steps: 3\n";
        let alone = run(&[("s.session.yaml", session)], &CatalogOptions::default());
        assert!(alone.is_empty(), "{alone:?}");
        let with = run(
            &[("w.agent.yaml", &weather), ("s.session.yaml", session)],
            &CatalogOptions::default(),
        );
        assert_eq!(with.len(), 1);
        assert_eq!(with[0].1, "unresolved-agent");
        let configured = run(
            &[("s.session.yaml", session)],
            &CatalogOptions {
                namespaces: Some(vec!["acme".into()]),
            },
        );
        assert_eq!(configured.len(), 1);
        let none = run(
            &[("w.agent.yaml", &weather), ("s.session.yaml", session)],
            &CatalogOptions {
                namespaces: Some(Vec::new()),
            },
        );
        assert!(none.is_empty(), "{none:?}");
    }

    #[test]
    fn bare_names_are_checked_once_the_run_defines_one() {
        let notes = agent("notes", &[]);
        let session = "agent: notse\nmax_steps: 3\n";
        assert!(run(&[("s.session.yaml", session)], &CatalogOptions::default()).is_empty());
        let found = run(
            &[("n.agent.yaml", &notes), ("s.session.yaml", session)],
            &CatalogOptions::default(),
        );
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn selectors_follow_nested_members_of_the_catalog_agent() {
        let manager = "name: acme/manager\ndescription: Delegates\nsubagents:\n  - name: acme/helper\n    description: Helps\n    environments:\n      - id: b\n        kind: web\n";
        let session = |key: &str| {
            format!("agent: acme/manager\nmax_steps: 3\noverrides:\n  {key}: https://example.com\n")
        };
        let matched = session("agent.subagents[name=acme/helper].environments[kind=web].start_url");
        let found = run(
            &[("m.agent.yaml", manager), ("s.session.yaml", &matched)],
            &CatalogOptions::default(),
        );
        assert!(found.is_empty(), "{found:?}");
        let unmatched = session("agent.subagents[name=acme/helper].environments[id=c].start_url");
        let found = run(
            &[("m.agent.yaml", manager), ("s.session.yaml", &unmatched)],
            &CatalogOptions::default(),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "override-selector-unmatched-catalog");
        assert!(
            found[0]
                .2
                .contains("`agent.subagents[name=acme/helper].environments`"),
            "{}",
            found[0].2
        );
    }
}
