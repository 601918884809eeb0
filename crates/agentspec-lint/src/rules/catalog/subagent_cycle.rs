use std::collections::{BTreeMap, BTreeSet, VecDeque};

use agentspec_syntax::Span;

use crate::catalog::{CatalogContext, ReferenceKind};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports catalog agents whose `subagents` lead back to themselves. When `acme/concierge`
    /// lists `acme/travel-desk`, which lists `acme/concierge`, every reference of the loop is
    /// labelled; a loop through several files is reported once in each of them.
    ///
    /// Only names defined by the agent files of the repository are followed (see `unresolved-agent` for
    /// which names must be); references inside inline subagents count for the agent file that
    /// holds them.
    ///
    /// ## Why is this bad?
    /// Each subagent runs as a child session of its manager, so a loop starts sessions without
    /// end until a quota stops it. The API documents no nesting limit; forbidding loops is a
    /// project decision.
    ///
    /// ## Example
    /// ```yaml agent
    /// # concierge.agent.yaml
    /// name: acme/concierge
    /// description: Plans a trip end to end
    /// environments: [{id: browser, kind: web}]
    /// subagents: [acme/travel-desk]
    /// ```
    /// ```yaml agent
    /// # travel-desk.agent.yaml
    /// name: acme/travel-desk
    /// description: Books the flights and hotels of a trip
    /// environments: [{id: browser, kind: web}]
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
pub fn check(cx: &CatalogContext<'_>) {
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
    // An edge is on a loop when it stays inside a strongly connected component (or points back
    // at its own agent); each loop is keyed by the least name of its component. Linear in the
    // references, however many agent files a run has.
    let component = components(&next);
    let mut loops: BTreeMap<&str, Vec<&Edge<'_>>> = BTreeMap::new();
    for edge in &edges {
        let (Some(&from), Some(&to)) = (component.get(edge.from), component.get(edge.to)) else {
            continue;
        };
        if edge.from == edge.to || from == to {
            loops.entry(from).or_default().push(edge);
        }
    }
    for (start, members) in loops {
        let cycle = shortest_cycle(start, &members);
        let mut shown = cycle
            .iter()
            .take(SHOWN)
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(" → ");
        if cycle.len() > SHOWN {
            // A long loop is named by its start and length, not in full in every file.
            shown.push_str(&format!(" → … → `{start}` ({} agents)", cycle.len() - 1));
        }
        let mut by_file: BTreeMap<usize, Vec<&Edge<'_>>> = BTreeMap::new();
        for edge in members {
            by_file.entry(edge.file).or_default().push(edge);
        }
        let paths: Vec<String> = by_file.keys().map(|&f| cx.path(f)).collect();
        for (file, mut here) in by_file {
            let this = cx.path(file);
            let others: Vec<&String> = paths.iter().filter(|p| **p != this).collect();
            let mut elsewhere: Vec<String> = others
                .iter()
                .take(SHOWN)
                .map(|p| format!("`{p}`"))
                .collect();
            if others.len() > SHOWN {
                elsewhere.push(format!("{} more files", others.len() - SHOWN));
            }
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

/// Most agents of a loop, and most other files, named in one finding.
const SHOWN: usize = 12;

/// The strongly connected component of every name, as the least name in it (Kosaraju's
/// algorithm, iterative: a chain of thousands of agents needs no deep stack).
fn components<'a>(next: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> BTreeMap<&'a str, &'a str> {
    let names: Vec<&str> = next
        .keys()
        .copied()
        .chain(next.values().flatten().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let mut forward = vec![Vec::new(); names.len()];
    let mut backward = vec![Vec::new(); names.len()];
    for (from, tos) in next {
        for to in tos {
            forward[index[from]].push(index[to]);
            backward[index[to]].push(index[from]);
        }
    }
    // Names in the order their depth-first search finishes.
    let mut seen = vec![false; names.len()];
    let mut order = Vec::with_capacity(names.len());
    for start in 0..names.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![(start, 0)];
        while let Some(top) = stack.last_mut() {
            let node = top.0;
            if let Some(&to) = forward[node].get(top.1) {
                top.1 += 1;
                if !seen[to] {
                    seen[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(node);
                stack.pop();
            }
        }
    }
    // Searching the reversed graph in reverse finishing order collects one component at a time.
    let mut assigned = vec![false; names.len()];
    let mut out = BTreeMap::new();
    for &root in order.iter().rev() {
        if assigned[root] {
            continue;
        }
        assigned[root] = true;
        let mut members = vec![root];
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in &backward[node] {
                if !assigned[from] {
                    assigned[from] = true;
                    members.push(from);
                    stack.push(from);
                }
            }
        }
        let least = members
            .iter()
            .map(|&m| names[m])
            .min()
            .unwrap_or(names[root]);
        for m in members {
            out.insert(names[m], least);
        }
    }
    out
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
