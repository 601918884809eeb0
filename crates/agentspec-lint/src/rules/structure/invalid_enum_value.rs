use agentspec_syntax::Node;

use crate::context::closest;
use crate::shared::scalars::case_fix;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a value outside the fixed set a field allows, such as a Browser `mode` that is
    /// not `visual`, `multimodal` or `text`, or a message `type` other than `user_message`.
    ///
    /// ## Why is this bad?
    /// The API answers 422 to values it does not know.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     mode: visusal     # expected one of `visual`, `multimodal`, `text`; did you mean `visual`?
    /// ```
    ///
    /// ## Fix
    /// When the value differs from an allowed one only in letter case (`Text`), writes the
    /// allowed one, quoted as before (safe: the API compares values exactly, and no other
    /// allowed value is that word). Other typos are only suggested.
    pub static INVALID_ENUM_VALUE = ("invalid-enum-value", "structure", Error; fix = Safe);
}

/// Reports `node` as not among `allowed`.
pub fn report(cx: &Context<'_>, node: &Node, pointer: &str, field: Option<&str>, allowed: &[&str]) {
    let value = node.as_str().unwrap_or_default();
    let subject = field.map_or_else(String::new, |f| format!(" for `{f}`"));
    let list = allowed
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match closest(value, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("use one of {list}"),
    };
    let fix = case_fix(cx.source, node, value, allowed);
    cx.report(
        &INVALID_ENUM_VALUE,
        node.span,
        pointer,
        format!("`{value}` is not a valid value{subject}: expected one of {list}"),
    )
    .label("not an allowed value")
    .help(help)
    .fix_some(fix);
}
