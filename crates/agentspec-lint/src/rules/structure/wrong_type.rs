use agentspec_syntax::{Node, ScalarStyle, Value};

use crate::context::ReportExt;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a value of the wrong JSON type: a string where a number is expected, a list
    /// where an object is expected, an empty YAML value (null) where text is expected.
    ///
    /// ## Why is this bad?
    /// The API validates types strictly and answers 422. In YAML, quoting decides the type:
    /// `max_steps: "20"` is a string, `message:` with nothing after it is null.
    ///
    /// ## Example
    /// ```yaml
    /// agent: h/web-surfer-holo3-1-35b
    /// max_steps: "20"     # expected an integer, found the string "20"; remove the quotes
    /// ```
    pub static WRONG_TYPE = ("wrong-type", "structure", Error);
}

/// Reports `node` as not being of the `expected` types.
pub fn report(
    cx: &mut Context<'_>,
    node: &Node,
    pointer: &str,
    field: Option<&str>,
    expected: &str,
    types: &[&str],
) {
    let found = found(node);
    let subject = field.map_or_else(|| "value".to_string(), |f| format!("`{f}`"));
    let help = help(node, types);
    let diag = cx
        .report(
            &WRONG_TYPE,
            node.span,
            pointer,
            format!("{subject} expects {expected}, found {found}"),
        )
        .label(format!("expected {expected}"));
    if let Some(help) = help {
        diag.help(help);
    }
}

fn found(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the string {}", quote(s)),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "an object".into(),
    }
}

fn quote(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    let ellipsis = if short.len() < s.len() { "…" } else { "" };
    format!("{:?}", format!("{short}{ellipsis}"))
}

fn help(node: &Node, types: &[&str]) -> Option<String> {
    let quoted = matches!(
        node.style,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    );
    match &node.value {
        Value::String(s) if quoted => {
            let number = s.parse::<f64>().is_ok()
                && (types.contains(&"integer") || types.contains(&"number"));
            let boolean = (s == "true" || s == "false") && types.contains(&"boolean");
            (number || boolean).then(|| format!("remove the quotes: `{s}`"))
        }
        Value::Number(_) | Value::Bool(_) if types.contains(&"string") => {
            Some("quote it to make it a string".into())
        }
        Value::Null if types.contains(&"string") => {
            Some("an empty value is null in YAML: write the text, or `\"\"`".into())
        }
        Value::Map(_) if types.contains(&"array") => {
            Some("write a list: start each item with `- `".into())
        }
        Value::Seq(_) if types.contains(&"object") => {
            Some("write a mapping of `key: value` lines, not a list".into())
        }
        _ => None,
    }
}
