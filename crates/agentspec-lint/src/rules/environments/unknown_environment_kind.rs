use agentspec_syntax::Node;

use crate::context::closest;
use crate::shared::scalars::case_fix;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an inline environment whose `kind` is neither `web` (a Browser) nor `desktop`.
    ///
    /// ## Why is this bad?
    /// The API knows only these two kinds; any other is rejected with 422. A missing `kind`
    /// means `web`.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: shell
    ///     kind: terminal     # expected `web` or `desktop`
    /// ```
    ///
    /// ## Fix
    /// When the kind differs from `web` or `desktop` only in letter case (`Web`), writes it in
    /// lowercase, quoted as before (safe: the API compares kinds exactly, and no other kind is
    /// that word). Other kinds are only suggested.
    pub static UNKNOWN_ENVIRONMENT_KIND = ("unknown-environment-kind", "environments", Error; fix = Safe);
}

/// Reports `node` (the `kind` value) as unknown.
pub fn report(cx: &Context<'_>, node: &Node, pointer: &str, allowed: &[&str]) {
    let value = node
        .as_str()
        .map_or_else(|| cx.text(node.span).to_string(), str::to_string);
    let list = allowed
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let fix = node
        .as_str()
        .and_then(|v| case_fix(cx.source, node, v, allowed));
    let help = match closest(&value, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("use {list}; a browser is `web`"),
    };
    cx.report(
        &UNKNOWN_ENVIRONMENT_KIND,
        node.span,
        pointer,
        format!("unknown environment kind `{value}`: expected {list}"),
    )
    .label("unknown kind")
    .help(help)
    .fix_some(fix);
}
