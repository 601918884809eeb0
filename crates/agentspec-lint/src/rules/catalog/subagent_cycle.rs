use std::collections::{BTreeMap, BTreeSet, VecDeque};

use agentspec_syntax::Span;

use crate::catalog::{CatalogContext, ReferenceKind};
use crate::context::ReportExt;
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports catalog agents whose `subagents` lead back to themselves. When `acme/concierge`
    /// lists `acme/travel-desk`, which lists `acme/concierge`, every reference of the loop is
    /// labelled; a loop through several files is reported once in each of them.
    ///
    /// Only names defined by the files of the run are followed (see `unresolved-agent` for
    /// which names must be); references inside inline subagents count for the agent file that
    /// holds them.
    ///
    /// ## Why is this bad?
    /// Each subagent runs as a child session of its manager, so a loop starts sessions without
    /// end until a quota stops it. The API documents no nesting limit; forbidding loops is a
    /// project decision.
    ///
    /// ## Example
    /// ```yaml
    /// # concierge.agent.yaml
    /// name: acme/concierge
    /// subagents: [acme/travel-desk]
    /// # travel-desk.agent.yaml
    /// name: acme/travel-desk
    /// subagents: [acme/concierge]     # back to the first
    /// ```
    pub static SUBAGENT_CYCLE = ("subagent-cycle", "catalog", Error, policy);
}

/// A subagent reference between two defined agents.
#[derive(Debug, Clone)]
struct Edge<'a> {
    from: &'a str,
    to: &'a str,
    file: usize,
    span: Span,
    pointer: &'a str,
}

/// Runs the rule.
pub fn check(cx: &mut CatalogContext<'_>) {
    let files = cx.files;
    let mut edges: Vec<Edge<'_>> = Vec::new();
    for (index, file) in files.iter().enumerate() {
        let Some(definition) = &file.facts.definition else {
            continue;
        };
        for reference in &file.facts.references {
            if reference.kind != ReferenceKind::Subagent {
                continue;
            }
            if let Some((&to, _)) = cx.definitions.get_key_value(reference.name.as_str()) {
                edges.push(Edge {
                    from: definition.name.as_str(),
                    to,
                    file: index,
                    span: reference.span,
                    pointer: &reference.pointer,
                });
            }
        }
    }
    let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for edge in &edges {
        next.entry(edge.from).or_default().insert(edge.to);
    }
    let reach: BTreeMap<&str, BTreeSet<&str>> = next
        .keys()
        .map(|&start| (start, reachable(&next, start)))
        .collect();
    let on_cycle = |a: &str, b: &str| reach.get(b).is_some_and(|r| r.contains(a));
    // Each loop is keyed by the least name of its strongly connected component.
    let mut loops: BTreeMap<&str, Vec<&Edge<'_>>> = BTreeMap::new();
    for edge in &edges {
        if !on_cycle(edge.from, edge.to) {
            continue;
        }
        let key = reach
            .get(edge.from)
            .into_iter()
            .flatten()
            .copied()
            .filter(|&other| on_cycle(edge.from, other) || other == edge.from)
            .chain([edge.from])
            .min()
            .unwrap_or(edge.from);
        loops.entry(key).or_default().push(edge);
    }
    for (start, members) in loops {
        let cycle = shortest_cycle(start, &members);
        let shown = cycle
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" → ");
        let mut by_file: BTreeMap<usize, Vec<&Edge<'_>>> = BTreeMap::new();
        for edge in members {
            by_file.entry(edge.file).or_default().push(edge);
        }
        let paths: Vec<String> = by_file.keys().map(|&f| cx.path(f)).collect();
        for (file, mut here) in by_file {
            let elsewhere: Vec<String> = paths
                .iter()
                .filter(|p| **p != cx.path(file))
                .map(|p| format!("`{p}`"))
                .collect();
            let rest = if elsewhere.is_empty() {
                String::new()
            } else {
                format!(" (the loop goes on in {})", elsewhere.join(", "))
            };
            here.sort_by_key(|e| (e.span.start, e.span.end));
            let first = here[0];
            let mut diagnostic = cx
                .report(
                    &SUBAGENT_CYCLE,
                    file,
                    first.span,
                    first.pointer,
                    format!("subagents delegate in a cycle: {shown}"),
                )
                .label(format!("`{}` delegates to `{}`", first.from, first.to))
                .help(format!(
                    "remove a reference of the loop{rest} so that no agent reaches itself \
                     through its subagents (a project decision: the API sets no nesting limit)"
                ));
            for edge in &here[1..] {
                diagnostic = diagnostic.related(
                    edge.span,
                    format!("`{}` delegates to `{}`", edge.from, edge.to),
                );
            }
        }
    }
}

/// The names reachable from `start` through one edge or more.
fn reachable<'a>(next: &BTreeMap<&'a str, BTreeSet<&'a str>>, start: &'a str) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<&str> = next.get(start).into_iter().flatten().copied().collect();
    while let Some(name) = stack.pop() {
        if seen.insert(name) {
            stack.extend(next.get(name).into_iter().flatten().copied());
        }
    }
    seen
}

/// The shortest loop from `start` back to itself along `edges`, as names (first = last).
fn shortest_cycle<'a>(start: &'a str, edges: &[&Edge<'a>]) -> Vec<&'a str> {
    let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for edge in edges {
        next.entry(edge.from).or_default().insert(edge.to);
    }
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(name) = queue.pop_front() {
        for &to in next.get(name).into_iter().flatten() {
            if to == start {
                let mut path = vec![name];
                let mut at = name;
                while at != start {
                    match came_from.get(at) {
                        Some(&previous) => at = previous,
                        None => break,
                    }
                    path.push(at);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if to != start && !came_from.contains_key(to) {
                came_from.insert(to, name);
                queue.push_back(to);
            }
        }
    }
    vec![start, start]
}
