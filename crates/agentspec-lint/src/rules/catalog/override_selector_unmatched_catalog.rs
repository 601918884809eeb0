use serde_json::Value;

use crate::catalog::{scalar_text, CatalogContext};
use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an `overrides` selector that matches nothing in the catalog agent the session
    /// runs. It is `override-selector-unmatched` for a session whose agent is a catalog name
    /// defined by an agent file of the repository: the selector (`[kind=desktop]`, `[id=search]`) is
    /// resolved against that file. A member without the selected field matches
    /// when the field defaults to the value (a missing `kind` is `web`); a list that holds
    /// catalog references (environment ids) is not checked.
    ///
    /// ## Why is this bad?
    /// An override whose selector matches nothing changes nothing: the run goes ahead with the
    /// setting the override meant to replace.
    ///
    /// ## Example
    /// ```yaml agent
    /// # weather-agent.agent.yaml: one environment, of kind `web`
    /// name: acme/weather-agent
    /// description: Looks up the weather forecast of a city
    /// environments: [{id: browser, kind: web}]
    /// ```
    /// ```yaml session
    /// # lyon.session.yaml
    /// agent: acme/weather-agent
    /// overrides:
    ///   agent.environments[kind=desktop].host: user_device   # no `desktop` environment
    /// ```
    pub static OVERRIDE_SELECTOR_UNMATCHED_CATALOG = (
        "override-selector-unmatched-catalog",
        "catalog",
        Warning
    );
}

/// Runs the rule.
pub fn check(cx: &CatalogContext<'_>) {
    let files = cx.files;
    for (index, file) in files.iter().enumerate() {
        for used in &file.facts.selectors {
            let Some(defined_in) = cx.resolve(&used.agent) else {
                continue;
            };
            let Some(definition) = cx.definition(defined_in) else {
                continue;
            };
            let mut node = &definition.body;
            for step in &used.steps {
                if !node.is_object() {
                    break;
                }
                let list = node.get(&step.field);
                let Some(selector) = &step.selector else {
                    match list {
                        Some(found) => {
                            node = found;
                            continue;
                        }
                        None => break,
                    }
                };
                let items: &[Value] = match list {
                    Some(Value::Array(items)) => items,
                    None | Some(Value::Null) => &[],
                    Some(_) => break,
                };
                let field = selector.field.as_str();
                let wanted = selector.value.as_str();
                let matched = items.iter().find(|item| match item.get(field) {
                    Some(value) => scalar_text(value).as_deref() == Some(wanted),
                    None => item.is_object() && selector.absent_matches,
                });
                if let Some(member) = matched {
                    node = member;
                    continue;
                }
                if items.iter().any(|item| !item.is_object()) {
                    // A catalog reference may be the member meant.
                    break;
                }
                let selected = format!("[{field}={wanted}]");
                let found: Vec<String> = items
                    .iter()
                    .filter_map(|item| item.get(field).and_then(scalar_text))
                    .map(|t| format!("`{t}`"))
                    .collect();
                let detail = if items.is_empty() {
                    "the list is empty".to_string()
                } else if found.is_empty() {
                    format!("none has `{field}`")
                } else {
                    format!("its `{field}` values are {}", found.join(", "))
                };
                let path = cx.path(defined_in);
                cx.report(
                    &OVERRIDE_SELECTOR_UNMATCHED_CATALOG,
                    index,
                    selector.span,
                    &used.pointer,
                    format!(
                        "`{selected}` matches no member of `{}` in catalog agent `{}`: {detail}",
                        step.prefix, used.agent
                    ),
                )
                .label("matches nothing")
                .help(format!(
                    "select an existing member, or add one with `{field}: {wanted}` to `{}` \
                     (defined in `{path}`)",
                    used.agent
                ));
                break;
            }
        }
    }
}
