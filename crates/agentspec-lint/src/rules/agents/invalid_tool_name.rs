use agentspec_model::limits::TOOL_NAME_MAX_LEN;

use crate::context::child;
use agentspec_syntax::value_span;

use crate::fix::replace_string;
use crate::shared::agents::items;
use crate::{declare_rule, Context, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a custom tool whose `name` the API would reject. Tool names match
    /// `^[A-Za-z_][A-Za-z0-9_]{0,63}$`: letters, digits and `_`, starting with a letter or
    /// `_`, at most 64 characters.
    ///
    /// ## Why is this bad?
    /// The API answers 422 to other tool names; a `-` or a `.`, common in other tool
    /// ecosystems, is the usual culprit.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/order-desk
    /// description: Answers order questions with the shop's own tools
    /// tools:
    ///   - name: lookup-order       # `-` is not allowed; write `lookup_order`
    ///     description: Returns the status of an order
    /// environments: [{id: browser, kind: web}]
    /// ```
    ///
    /// ## Fix
    /// Writes the name the help suggests (`-`, `.` and spaces as `_`, other characters
    /// dropped, `_` before a leading digit), in the value's own quotes. Unsafe: the model
    /// calls the tool by its new name, so the code that answers tool calls must use it too.
    pub static INVALID_TOOL_NAME = ("invalid-tool-name", "agents", Error; fix = Unsafe);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for item in items(cx, "tools") {
        let Some(node) = item.node.get("name") else {
            continue;
        };
        let Some(name) = node.as_str() else { continue };
        let Some((what, label, range)) = problem(name) else {
            continue;
        };
        let span = if range.is_empty() {
            node.span
        } else {
            value_span(cx.source, node, range)
        };
        let suggestion = fixed(name);
        let fix = suggestion.as_deref().and_then(|new| {
            let edit = replace_string(cx.source, node, new)?;
            Some(Fix::unsafe_(format!("write `{new}`"), vec![edit]))
        });
        let help = match suggestion {
            Some(fix) => format!("write `{fix}`"),
            None => format!(
                "use letters, digits and `_`, starting with a letter or `_`, at most \
                 {TOOL_NAME_MAX_LEN} characters"
            ),
        };
        cx.report(
            &INVALID_TOOL_NAME,
            span,
            &child(&item.pointer, "name"),
            if name.is_empty() {
                "empty tool name".to_string()
            } else {
                format!("invalid tool name `{name}`: {what}")
            },
        )
        .label(label)
        .help(help)
        .fix_some(fix);
    }
}

/// What is wrong with a tool name: the message, the label and the bytes at fault.
fn problem(name: &str) -> Option<(String, &'static str, std::ops::Range<usize>)> {
    let Some(first) = name.chars().next() else {
        return Some(("it is empty".into(), "empty name", 0..0));
    };
    if !(first.is_ascii_alphabetic() || first == '_') {
        return Some((
            format!("it starts with `{first}`; a tool name starts with a letter or `_`"),
            "must be a letter or `_`",
            0..first.len_utf8(),
        ));
    }
    if let Some((i, c)) = name
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
    {
        let what = match c {
            ' ' => "a space".to_string(),
            c if c.is_whitespace() || c.is_control() => format!("the character {c:?}"),
            c => format!("`{c}`"),
        };
        return Some((
            format!("{what} is not allowed; tool names use letters, digits and `_`"),
            "not allowed in a tool name",
            i..i + c.len_utf8(),
        ));
    }
    if name.len() > TOOL_NAME_MAX_LEN {
        return Some((
            format!(
                "it is {} characters long, more than the {TOOL_NAME_MAX_LEN} allowed",
                name.len()
            ),
            "too long",
            TOOL_NAME_MAX_LEN..name.len(),
        ));
    }
    None
}

/// A valid tool name close to `name` (`-`, `.` and spaces turned into `_`), if there is one.
fn fixed(name: &str) -> Option<String> {
    let mut out: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '-' | '.' | ' ' => '_',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    (out != name && problem(&out).is_none()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn follows_the_documented_pattern() {
        let re = regex::Regex::new(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$").expect("pattern");
        let long = "a".repeat(TOOL_NAME_MAX_LEN);
        let longer = "a".repeat(TOOL_NAME_MAX_LEN + 1);
        for name in [
            "lookup_order",
            "_x",
            "A9",
            "",
            "9a",
            "a-b",
            "a.b",
            "é",
            &long,
            &longer,
        ] {
            assert_eq!(problem(name).is_none(), re.is_match(name), "{name}");
        }
    }

    #[test]
    fn suggests_a_fixed_name() {
        assert_eq!(fixed("lookup-order").as_deref(), Some("lookup_order"));
        assert_eq!(fixed("2fa code").as_deref(), Some("_2fa_code"));
    }
}
