use crate::catalog::{namespace, CatalogContext, ReferenceKind};
use crate::context::{closest, ReportExt};
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
    /// ```yaml
    /// # weather-agent.agent.yaml defines `acme/weather-agent`
    /// agent: acme/wether-agent      # not defined: did you mean `acme/weather-agent`?
    /// ```
    pub static UNRESOLVED_AGENT = ("unresolved-agent", "catalog", Error, policy);
}

/// Runs the rule.
pub fn check(cx: &mut CatalogContext<'_>) {
    let files = cx.files;
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
            let help = match suggestion(cx, name) {
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

/// The defined name `name` most likely means: the closest name of the same namespace, compared
/// without the namespace (so that a shared `acme/` does not make every name look close); when
/// no agent of that namespace is defined, the closest name of any.
fn suggestion<'a>(cx: &CatalogContext<'a>, name: &str) -> Option<&'a str> {
    let ns = namespace(name);
    fn local(n: &str) -> &str {
        n.split_once('/').map_or(n, |(_, rest)| rest)
    }
    let same: Vec<&'a str> = cx
        .definitions
        .keys()
        .copied()
        .filter(|d| namespace(d) == ns)
        .collect();
    if same.is_empty() {
        return closest(name, cx.definitions.keys().copied());
    }
    let best = closest(local(name), same.iter().map(|d| local(d)))?;
    same.into_iter().find(|d| local(d) == best)
}
