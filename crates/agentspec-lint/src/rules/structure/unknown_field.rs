use agentspec_syntax::{Key, Node};

use crate::context::closest;
use crate::fix::rename_key;
use crate::shared::definitions::describe;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a field that the API does not define at that place, and suggests the closest
    /// known field.
    ///
    /// ## Why is this bad?
    /// The server ignores or rejects unknown fields, so a typo (`max_step`, `headles`) silently
    /// loses the setting. Top-level keys starting with `x-` are file-local extensions (a place
    /// for YAML anchors) and are never reported.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// max_step: 20      # unknown field `max_step`; did you mean `max_steps`?
    /// ```
    ///
    /// ## Fix
    /// Renames the key to the suggested field, keeping its quotes, when the mapping does not
    /// have that field already. Unsafe: the setting the key held starts to apply (that is the
    /// point, but the request now does something it did not do), and a merged-in key is never
    /// renamed (the anchor it comes from may be used elsewhere).
    pub static UNKNOWN_FIELD = ("unknown-field", "structure", Error; fix = Unsafe);
}

/// Reports `key`, a key of `map`, as unknown among `known`.
pub fn report(
    cx: &Context<'_>,
    map: &Node,
    key: &Key,
    pointer: &str,
    def: Option<&str>,
    known: &[&str],
) {
    let place = def
        .map(|d| format!(" in {}", describe(d)))
        .unwrap_or_default();
    // Past the cap, no suggestion: comparing each of many unknown keys with every known
    // field is the costly part of a file made of unknown keys.
    let past_cap = cx.past_cap();
    let suggestion = if past_cap {
        None
    } else {
        closest(&key.text, known.iter().copied())
    };
    let fix = suggestion.and_then(|name| rename_key(cx.source, map, key, name));
    let help = match suggestion {
        Some(name) => format!("did you mean `{name}`?"),
        None if known.is_empty() || past_cap => "remove it".to_string(),
        None => format!(
            "known fields: {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    cx.report(
        &UNKNOWN_FIELD,
        key.span,
        pointer,
        format!("unknown field `{}`{place}", key.text),
    )
    .label("not a field here")
    .help(help)
    .fix_some(fix);
}
