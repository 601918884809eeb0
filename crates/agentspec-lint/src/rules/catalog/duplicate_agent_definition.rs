use crate::catalog::CatalogContext;
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an agent name that two or more `*.agent.*` files of the repository define. Each
    /// definition in the files of the run is reported, naming the other files.
    ///
    /// ## Why is this bad?
    /// Agent names are unique in a catalog: creating the second answers 409 "already exists",
    /// and which definition a session runs depends on which file was created first.
    ///
    /// ## Example
    /// ```yaml agent
    /// # agents/flight-finder.agent.yaml
    /// name: acme/flight-finder
    /// description: Finds the cheapest flight between two cities
    /// environments: [{id: browser, kind: web}]
    /// ```
    /// ```yaml agent
    /// # legacy/flight-finder.agent.yaml
    /// name: acme/flight-finder      # defined twice
    /// description: Finds flights (the first version)
    /// environments: [{id: browser, kind: web}]
    /// ```
    pub static DUPLICATE_AGENT_DEFINITION = ("duplicate-agent-definition", "catalog", Error);
}

/// Runs the rule.
pub fn check(cx: &CatalogContext<'_>) {
    let duplicated: Vec<(&str, Vec<usize>)> = cx
        .definitions
        .iter()
        .filter(|(_, files)| files.len() > 1)
        .map(|(name, files)| (*name, files.clone()))
        .collect();
    for (name, files) in duplicated {
        for &index in &files {
            let Some(definition) = cx.definition(index) else {
                continue;
            };
            let others: Vec<String> = files
                .iter()
                .filter(|&&other| other != index)
                .map(|&other| format!("`{}`", cx.path(other)))
                .collect();
            cx.report(
                &DUPLICATE_AGENT_DEFINITION,
                index,
                definition.span,
                &definition.pointer,
                format!("agent `{name}` is also defined in {}", others.join(", ")),
            )
            .label("defined in more than one file")
            .help("keep one definition of each agent: rename this one, or delete the copy");
        }
    }
}
