use agentspec_syntax::{Node, Value};

use crate::shared::override_path::selector_text;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an `overrides` selector (`[kind=desktop]`, `[id=search]`) that matches no member
    /// of the list it selects from, where the session's agent is inline. A member without the
    /// selected field matches when the field defaults to the value (a missing `kind` is
    /// `web`). Where the agent is a catalog name, or the list holds catalog references, the
    /// members are not known here and nothing is reported.
    ///
    /// ## Why is this bad?
    /// An override whose selector matches nothing changes nothing: the run goes ahead with the
    /// setting the override meant to replace.
    ///
    /// ## Example
    /// ```yaml session
    /// agent:
    ///   name: price-finder
    ///   description: Finds prices
    ///   environments:
    ///     - id: browser
    ///       kind: web
    /// overrides:
    ///   agent.environments[kind=desktop].session_id: abc   # no `desktop` environment
    /// ```
    pub static OVERRIDE_SELECTOR_UNMATCHED = ("override-selector-unmatched", "overrides", Warning);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    if cx.root.get("agent").and_then(Node::as_map).is_none() {
        return;
    }
    for site in &cx.view.overrides {
        let Ok(path) = site.path() else {
            continue;
        };
        let key = site.key;
        let mut node = cx.root;
        for (index, segment) in path.segments.iter().enumerate() {
            // A catalog reference (a string) or any other non-object: nothing known to check.
            if node.as_map().is_none() {
                break;
            }
            let list = node.entry(&segment.name.text);
            let Some(selector) = &segment.selector else {
                match list {
                    Some(found) => {
                        node = &found.value;
                        continue;
                    }
                    None => break,
                }
            };
            let items: &[Node] = match list.map(|e| &e.value.value) {
                Some(Value::Seq(items)) => items,
                None | Some(Value::Null) => &[],
                Some(_) => break,
            };
            let absent_matches = path.resolved.absent_matches.get(index) == Some(&true);
            let field = selector.field.text.as_str();
            let wanted = selector.value.text.as_str();
            let matched = items.iter().find(|item| match item.get(field) {
                Some(value) => scalar_text(value).as_deref() == Some(wanted),
                None => item.as_map().is_some() && absent_matches,
            });
            if let Some(member) = matched {
                node = member;
                continue;
            }
            if items.iter().any(|item| item.as_map().is_none()) {
                // A catalog reference may be the member meant.
                break;
            }
            let at = &key[..segment.name.range.end];
            let selected = selector_text(selector);
            let message = match list {
                Some(_) if !items.is_empty() => {
                    let found: Vec<String> = items
                        .iter()
                        .filter_map(|item| match item.get(field) {
                            Some(value) => scalar_text(value).map(|t| format!("`{t}`")),
                            None => None,
                        })
                        .collect();
                    if found.is_empty() {
                        format!("`{selected}` matches no member of `{at}`: none has `{field}`")
                    } else {
                        format!(
                            "`{selected}` matches no member of `{at}`: the members have `{field}` {}",
                            found.join(", ")
                        )
                    }
                }
                Some(_) => format!("`{selected}` matches no member of `{at}`: the list is empty"),
                None => {
                    let owner = match key[..segment.name.range.start].trim_end_matches('.') {
                        "" => "the session request".to_string(),
                        owner => format!("`{owner}`"),
                    };
                    format!(
                        "`{selected}` matches no member of `{at}`: {owner} has no `{}`",
                        segment.name.text
                    )
                }
            };
            let span =
                agentspec_syntax::key_span(cx.source, &site.entry.key, selector.range.clone());
            let diagnostic = cx
                .report(&OVERRIDE_SELECTOR_UNMATCHED, span, &site.pointer, message)
                .label("matches nothing")
                .help(format!(
                    "select an existing member, or add one with `{field}: {wanted}` to the agent"
                ));
            if let Some(list) = list {
                diagnostic.related(list.key.span, format!("the members of `{at}`"));
            }
            break;
        }
    }
}

/// A scalar's text as a selector compares it (`web`, `3`, `true`).
fn scalar_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
