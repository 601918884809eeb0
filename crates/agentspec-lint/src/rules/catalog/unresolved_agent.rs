use crate::catalog::{namespace, CatalogContext, ReferenceKind};
use std::collections::HashMap;

use crate::context::TypoIndex;
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an agent name referenced in a namespace the repository owns that no agent file
    /// of the repository defines. The reference is a session's `agent` or a manager's
    /// `subagents` item; the closest defined name is suggested.
    ///
    /// The agent files of the repository form its catalog, even when a run is given only some
    /// of its files (as pre-commit gives the staged ones); findings are reported in the files of
    /// the run. Owned namespaces are those listed in `agentspec.toml` (`[catalog] namespaces`),
    /// or, when that is not set, the namespaces of the agents the repository defines. Names
    /// without a namespace are checked when the repository defines at least one such name. `h/` names and names
    /// of other namespaces are never checked.
    ///
    /// ## Why is this bad?
    /// A misspelt or missing agent is only found when the session starts, as a 404 from the
    /// API. Requiring every name of an owned namespace to be defined in the repository is a
    /// project decision: an agent created by other means must be listed in a spec file too.
    ///
    /// ## Example
    /// ```yaml agent
    /// # weather-agent.agent.yaml
    /// name: acme/weather-agent
    /// description: Looks up the weather forecast of a city
    /// environments: [{id: browser, kind: web}]
    /// ```
    /// ```yaml session
    /// # lyon.session.yaml
    /// agent: acme/wether-agent      # not defined: did you mean `acme/weather-agent`?
    /// ```
    pub static UNRESOLVED_AGENT = ("unresolved-agent", "catalog", Error, policy);
}

/// Runs the rule.
pub fn check(cx: &CatalogContext<'_>) {
    let files = cx.files;
    let mut suggester: Option<Suggester<'_>> = None;
    for (index, file) in files.iter().enumerate() {
        for reference in &file.facts.references {
            let name = reference.name.as_str();
            if !cx.must_resolve(name) || cx.resolve(name).is_some() {
                continue;
            }
            let what = match reference.kind {
                ReferenceKind::SessionAgent => "agent",
                ReferenceKind::Subagent => "subagent",
            };
            let suggester = suggester.get_or_insert_with(|| Suggester::new(cx));
            let help = match suggester.suggest(name) {
                Some(best) => {
                    let at = cx.resolve(best).map(|f| cx.path(f)).unwrap_or_default();
                    format!(
                        "did you mean `{best}` (defined in `{at}`)? It must resolve because {} \
                         (a project decision)",
                        cx.reason(name)
                    )
                }
                None => format!(
                    "define it in a `*.agent.yaml` file checked with this one, or correct the \
                     name; it must resolve because {} (a project decision)",
                    cx.reason(name)
                ),
            };
            cx.report(
                &UNRESOLVED_AGENT,
                index,
                reference.span,
                &reference.pointer,
                format!("{what} `{name}` is not defined by any agent file checked"),
            )
            .label("not defined")
            .help(help);
        }
    }
}

/// The defined names, indexed once per run for suggestions (a run may hold thousands of names
/// and references: comparing each reference with each name would be quadratic).
struct Suggester<'a> {
    /// Every name.
    all: TypoIndex<'a>,
    /// By namespace: the names' local parts (after `ns/`), and the names by local part.
    by_namespace: HashMap<Option<&'a str>, (TypoIndex<'a>, HashMap<&'a str, &'a str>)>,
}

fn local(name: &str) -> &str {
    name.split_once('/').map_or(name, |(_, rest)| rest)
}

impl<'a> Suggester<'a> {
    fn new(cx: &CatalogContext<'a>) -> Self {
        let names: Vec<&'a str> = cx.definitions.keys().copied().collect();
        let mut grouped: HashMap<Option<&'a str>, HashMap<&'a str, &'a str>> = HashMap::new();
        for &name in &names {
            grouped
                .entry(namespace(name))
                .or_default()
                .insert(local(name), name);
        }
        let by_namespace = grouped
            .into_iter()
            .map(|(ns, locals)| {
                let index = TypoIndex::new(locals.keys().copied());
                (ns, (index, locals))
            })
            .collect();
        Suggester {
            all: TypoIndex::new(names),
            by_namespace,
        }
    }

    /// The defined name `name` most likely means: the closest name of the same namespace,
    /// compared without the namespace (so that a shared `acme/` does not make every name look
    /// close); when no agent of that namespace is defined, the closest name of any.
    fn suggest(&self, name: &str) -> Option<&'a str> {
        match self.by_namespace.get(&namespace(name)) {
            Some((index, locals)) => {
                let best = index.closest(local(name))?;
                locals.get(best).copied()
            }
            None => self.all.closest(name),
        }
    }
}
