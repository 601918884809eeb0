use agentspec_syntax::{Node, ScalarStyle};

use crate::context::closest;
use crate::fix::scalar_token;
use crate::{declare_rule, Context, Edit, Fix};

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

/// Writes the allowed value that `value` matches but for letter case, in the same quotes.
pub(crate) fn case_fix(source: &str, node: &Node, value: &str, allowed: &[&str]) -> Option<Fix> {
    let mut same = allowed.iter().filter(|a| a.eq_ignore_ascii_case(value));
    let exact = same.next()?;
    if same.next().is_some()
        || !exact
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return None;
    }
    let token = scalar_token(source, node)?;
    let quote = match node.style {
        ScalarStyle::DoubleQuoted => "\"",
        ScalarStyle::SingleQuoted => "'",
        _ => "",
    };
    Some(Fix::safe(
        format!("write `{exact}`"),
        vec![Edit::replace(token, format!("{quote}{exact}{quote}"))],
    ))
}
