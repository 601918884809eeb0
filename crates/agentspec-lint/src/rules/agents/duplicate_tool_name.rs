use std::collections::HashMap;

use agentspec_syntax::Span;

use crate::context::child;
use crate::shared::agents::items;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports two custom tools of one agent with the same `name`. The label sits on the
    /// second; the first is shown beside it.
    ///
    /// ## Why is this bad?
    /// The model calls a tool by its name and your client answers the call by that name, so
    /// two tools with one name can't be told apart. The API does not document what it does
    /// with duplicates; the project treats them as an error.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/order-desk
    /// description: Answers order questions with the shop's own tools
    /// tools:
    ///   - name: lookup_order
    ///     description: Returns the status of an order
    ///   - name: lookup_order     # a second tool named `lookup_order`
    ///     description: Returns the items of an order
    /// environments: [{id: browser, kind: web}]
    /// ```
    pub static DUPLICATE_TOOL_NAME = ("duplicate-tool-name", "agents", Error, policy);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let mut first: HashMap<(usize, String), Span> = HashMap::new();
    for item in items(cx, "tools") {
        let Some(node) = item.node.get("name") else {
            continue;
        };
        let Some(name) = node.as_str() else { continue };
        match first.get(&(item.agent, name.to_string())) {
            Some(&earlier) => {
                cx.report(
                    &DUPLICATE_TOOL_NAME,
                    node.span,
                    &child(&item.pointer, "name"),
                    format!("a second tool named `{name}` in the same agent"),
                )
                .label(format!("second `{name}`"))
                .related(earlier, format!("first `{name}`"))
                .help(
                    "give each tool its own name, or merge the two; the model calls tools by \
                     name (a project policy: the API does not document duplicate names)",
                );
            }
            None => {
                first.insert((item.agent, name.to_string()), node.span);
            }
        }
    }
}
