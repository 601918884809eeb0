use agentspec_syntax::{Node, ScalarStyle, Value};

use crate::fix::scalar_token;
use crate::{declare_rule, Context, Edit, Fix};

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
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// max_steps: "20"     # expected an integer, found the string "20"; remove the quotes
    /// ```
    ///
    /// ## Fix
    /// Removes the quotes around a number or `true`/`false` written as a string where a number
    /// or boolean is expected (safe: the text is the number or boolean the author wrote). Only
    /// a JSON number is unquoted, and only digits where an integer is expected.
    pub static WRONG_TYPE = ("wrong-type", "structure", Error; fix = Safe);
}

/// Reports `node` as not being of the `expected` types.
pub fn report(
    cx: &Context<'_>,
    node: &Node,
    pointer: &str,
    field: Option<&str>,
    expected: &str,
    types: &[&str],
) {
    let found = found(node);
    let subject = field.map_or_else(|| "value".to_string(), |f| format!("`{f}`"));
    let help = help(node, types);
    let fix = unquote(cx.source, node, types);
    let diag = cx
        .report(
            &WRONG_TYPE,
            node.span,
            pointer,
            format!("{subject} expects {expected}, found {found}"),
        )
        .label(format!("expected {expected}"))
        .fix_some(fix);
    if let Some(help) = help {
        diag.help(help);
    }
}

/// Removes the quotes of a quoted number or boolean where that type is expected.
fn unquote(source: &str, node: &Node, types: &[&str]) -> Option<Fix> {
    let Value::String(s) = &node.value else {
        return None;
    };
    if !matches!(
        node.style,
        ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted
    ) {
        return None;
    }
    let boolean = (s == "true" || s == "false") && types.contains(&"boolean");
    let is_number = s.trim() == s && serde_json::from_str::<serde_json::Number>(s).is_ok();
    let integer = s
        .strip_prefix('-')
        .unwrap_or(s)
        .bytes()
        .all(|b| b.is_ascii_digit());
    let number =
        is_number && (types.contains(&"number") || (types.contains(&"integer") && integer));
    if !(boolean || number) {
        return None;
    }
    let token = scalar_token(source, node)?;
    Some(Fix::safe(
        format!("remove the quotes: `{s}`"),
        vec![Edit::replace(token, s.clone())],
    ))
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
        Value::String(s) if unit(s, types).is_some() => unit(s, types)
            .map(|number| format!("write the number alone, without a unit: `{number}`")),
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

/// The number in front of a unit (`1280` of `1280px`, `30` of `30 s`) where a number is
/// expected: an integer when only an integer fits.
fn unit<'s>(s: &'s str, types: &[&str]) -> Option<&'s str> {
    let integer_only = types.contains(&"integer") && !types.contains(&"number");
    if !(integer_only || types.contains(&"number")) {
        return None;
    }
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || (c == '.' && !integer_only)))
        .unwrap_or(s.len());
    let (number, rest) = s.split_at(end);
    let rest = rest.trim_start();
    let is_unit =
        !rest.is_empty() && rest.len() <= 8 && rest.chars().all(|c| c.is_alphabetic() || c == '%');
    let parses = number.starts_with(|c: char| c.is_ascii_digit())
        && serde_json::from_str::<serde_json::Number>(number).is_ok();
    (is_unit && parses).then_some(number)
}
