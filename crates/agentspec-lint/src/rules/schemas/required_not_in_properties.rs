use std::collections::HashSet;

use crate::context::{child, closest_prepared, lowered};
use crate::shared::key_patterns::KeyPatterns;
use crate::view::SchemaSite;
use crate::{declare_rule, Context, Severity};
use agentspec_jsonschema::dialect;
use agentspec_jsonschema::refs::Target;
use agentspec_syntax::{Entry, Node, Span};

declare_rule! {
    /// ## What it does
    /// Reports a name in `required` that the same schema does not define: not in its
    /// `properties`, matched by none of its `patternProperties`, and, unless
    /// `additionalProperties` is `false`, defined in none of the schemas it is combined with
    /// (`allOf`, `anyOf`, `oneOf`, `if`/`then`/`else`, `dependentSchemas`, a `$ref` into the
    /// same document, resolved as the code generator resolves it: `$id`s and anchors too). It
    /// is an error when `additionalProperties` is `false` (no answer can ever be valid) and a
    /// warning otherwise (likely a typo). The severity split is a project decision.
    ///
    /// A schema that leaves the name's fate unknown (a `$ref` to another document or to
    /// nothing, a `$dynamicRef`, a pattern the regex engine can't read) gets no finding.
    ///
    /// ## Why is this bad?
    /// With `additionalProperties: false` the answer must both have and not have the property,
    /// so every answer fails and the session ends in `answer_validation`.
    /// `additionalProperties` sees only the `properties` and `patternProperties` next to it, so a
    /// name defined only in an `allOf` branch is forbidden there too.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// answer_format:
    ///   type: object
    ///   properties:
    ///     title: {type: string}
    ///   required: [titel]          # not among `properties`
    ///   additionalProperties: false
    /// ```
    pub static REQUIRED_NOT_IN_PROPERTIES = ("required-not-in-properties", "schemas", Warning, policy);
}

/// Most combined schemas followed from one schema before its names count as unknown.
const MAX_BRANCHES: usize = 64;

/// The properties of one schema, by address, with their names prepared for suggestions.
type Prepared<'n> = (*const [Entry], Vec<(String, &'n str)>);

/// A required name the schema does not define.
struct Missing<'n> {
    span: Span,
    pointer: String,
    name: &'n str,
    closed: bool,
    /// Defined in a combined schema, which `additionalProperties: false` does not see.
    in_branch: bool,
    /// The schema's `properties`, for the suggestion.
    properties: &'n [Entry],
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let mut found: Vec<Missing<'_>> = Vec::new();
    for site in &cx.view.schemas {
        if dialect(site.node).is_err() {
            continue;
        }
        site.subschemas()
            .for_each(|(node, pointer)| missing(site, node, pointer, &mut found));
    }
    // Only the findings that can be shown get a suggestion: a suggestion compares the name
    // with every property, and a hostile schema has thousands of both. The rest keep the plain
    // help and are counted in the cap's one finding.
    found.sort_by_key(|m| (m.span.start, m.span.end));
    let suggested = cx.options.max_diagnostics;
    let configured = cx
        .options
        .levels
        .contains_key(REQUIRED_NOT_IN_PROPERTIES.name);
    // The lowercase property names of the schema last suggested from (findings of one schema
    // are next to each other).
    let mut prepared: Option<Prepared<'_>> = None;
    for (i, m) in found.into_iter().enumerate() {
        let name = m.name;
        let best = if i < suggested {
            let key = std::ptr::from_ref(m.properties);
            let candidates = match &mut prepared {
                Some((k, candidates)) if std::ptr::addr_eq(*k, key) => candidates,
                slot => {
                    let names = lowered(m.properties.iter().map(|e| e.key.text.as_str()));
                    &mut slot.insert((key, names)).1
                }
            };
            closest_prepared(name, candidates)
        } else {
            None
        };
        let help = match (m.in_branch, best) {
            (true, _) => format!(
                "`additionalProperties` sees only the `properties` next to it: define `{name}` \
                 here too, or use `unevaluatedProperties: false` instead"
            ),
            (false, Some(b)) => format!("did you mean `{b}`?"),
            (false, None) => format!("add `{name}` to `properties`, or remove it from `required`"),
        };
        let why = if m.closed {
            ", and `additionalProperties: false` forbids it: no answer can be valid"
        } else {
            ""
        };
        let finding = cx
            .report(
                &REQUIRED_NOT_IN_PROPERTIES,
                m.span,
                &m.pointer,
                format!("`{name}` is required but not defined in `properties`{why}"),
            )
            .label("not in `properties`")
            .help(help);
        if m.closed && !configured {
            finding.severity(Severity::Error);
        }
    }
}

/// Adds the required names `node` does not define to `found`, in time linear in the names and
/// properties.
fn missing<'n>(site: &SchemaSite<'n>, node: &'n Node, pointer: &str, found: &mut Vec<Missing<'n>>) {
    let Some(required) = node.get("required").and_then(|r| r.as_seq()) else {
        return;
    };
    let properties = node.get("properties").and_then(|p| p.as_map());
    let pattern_keys = node.get("patternProperties").and_then(|p| p.as_map());
    let additional = node.get("additionalProperties");
    if properties.is_none() && pattern_keys.is_none() && additional.is_none() {
        // A bare `required` (e.g. inside `anyOf`) constrains properties defined elsewhere.
        return;
    }
    let closed = additional.and_then(Node::as_bool) == Some(false);
    let own: HashSet<&str> = properties
        .unwrap_or_default()
        .iter()
        .map(|e| e.key.text.as_str())
        .collect();
    let patterns = KeyPatterns::new(
        pattern_keys
            .unwrap_or_default()
            .iter()
            .map(|e| e.key.text.as_str()),
    );
    let mut branches: Option<Branches<'n>> = None;
    for (i, item) in required.iter().enumerate() {
        let Some(name) = item.as_str() else { continue };
        if own.contains(name) || patterns.may_match(name) {
            continue;
        }
        let branches = branches.get_or_insert_with(|| {
            let relative = pointer.strip_prefix(site.pointer.as_str()).unwrap_or("");
            Branches::of(site, node, relative)
        });
        let in_branch = branches.may_define(name);
        if in_branch && !closed {
            continue;
        }
        found.push(Missing {
            span: item.span,
            pointer: child(&child(pointer, "required"), i),
            name,
            closed,
            in_branch,
            properties: properties.unwrap_or_default(),
        });
    }
}

/// The names the schemas combined with one schema define.
struct Branches<'n> {
    names: HashSet<&'n str>,
    patterns: Vec<&'n str>,
    /// Some combined schema could define any name (a `$ref` not followed, too many branches).
    unknown: bool,
    compiled: Option<KeyPatterns>,
}

impl<'n> Branches<'n> {
    /// The names defined by the schemas combined with `node`, at `pointer` in `site`'s schema.
    fn of(site: &SchemaSite<'n>, node: &'n Node, pointer: &str) -> Self {
        let mut branches = Branches {
            names: HashSet::new(),
            patterns: Vec::new(),
            unknown: false,
            compiled: None,
        };
        let mut stack: Vec<(&'n Node, String)> = Vec::new();
        push_combined(site, node, pointer, &mut stack, &mut branches.unknown);
        let mut visited: HashSet<*const Node> = HashSet::from([std::ptr::from_ref(node)]);
        while let Some((branch, pointer)) = stack.pop() {
            if !visited.insert(std::ptr::from_ref(branch)) {
                continue;
            }
            if visited.len() > MAX_BRANCHES {
                branches.unknown = true;
                break;
            }
            for e in branch
                .get("properties")
                .and_then(Node::as_map)
                .unwrap_or_default()
            {
                branches.names.insert(e.key.text.as_str());
            }
            for e in branch
                .get("patternProperties")
                .and_then(Node::as_map)
                .unwrap_or_default()
            {
                branches.patterns.push(e.key.text.as_str());
            }
            if branch
                .get("additionalProperties")
                .is_some_and(|a| a.as_bool() != Some(false))
            {
                branches.unknown = true;
            }
            push_combined(site, branch, &pointer, &mut stack, &mut branches.unknown);
        }
        branches.compiled = Some(KeyPatterns::new(branches.patterns.iter().copied()));
        branches
    }

    fn may_define(&self, name: &str) -> bool {
        self.unknown
            || self.names.contains(name)
            || self.compiled.as_ref().is_some_and(|p| p.may_match(name))
    }
}

/// Pushes the schemas `node` (at `pointer`, relative to the schema's root) is combined with,
/// with their pointers; sets `unknown` for a reference the shared resolver does not lead to a
/// schema of the document.
fn push_combined<'n>(
    site: &SchemaSite<'n>,
    node: &'n Node,
    pointer: &str,
    stack: &mut Vec<(&'n Node, String)>,
    unknown: &mut bool,
) {
    for key in ["allOf", "anyOf", "oneOf"] {
        for (i, item) in node
            .get(key)
            .and_then(Node::as_seq)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            stack.push((item, child(&child(pointer, key), i)));
        }
    }
    for key in ["if", "then", "else"] {
        if let Some(item) = node.get(key) {
            stack.push((item, child(pointer, key)));
        }
    }
    for e in node
        .get("dependentSchemas")
        .and_then(Node::as_map)
        .unwrap_or_default()
    {
        stack.push((
            &e.value,
            child(&child(pointer, "dependentSchemas"), &e.key.text),
        ));
    }
    if node.get("$dynamicRef").is_some() {
        *unknown = true;
    }
    if node.get("$ref").is_some() {
        let target = match site.refs().refs.get(pointer) {
            Some(Ok(Target::Local(to))) => site.node.at_pointer(to).map(|n| (n, to.clone())),
            _ => None,
        };
        match target {
            Some(target) => stack.push(target),
            None => *unknown = true,
        }
    }
}
