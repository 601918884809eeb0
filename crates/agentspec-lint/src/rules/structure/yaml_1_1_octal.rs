use agentspec_syntax::{Node, ScalarStyle, Value};

use crate::fix::scalar_token;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an integer written with a leading zero (`max_steps: 010`), which YAML 1.2 reads
    /// as decimal and YAML 1.1 tools as octal (or as a string, with an `8` or a `9`).
    ///
    /// ## Why is this bad?
    /// agentspec and the API read `010` as 10; PyYAML and other YAML 1.1 tools of the same
    /// pipeline send 8. The same file means two different requests.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// messages:
    ///   - type: user_message
    ///     message: Top 3 stories on Hacker News?
    /// max_steps: 010     # YAML 1.1 reads 8: write `10`
    /// ```
    pub static YAML_1_1_OCTAL = ("yaml-1-1-octal", "structure", Warning);
}

/// Reports a plain integer written with a leading zero.
pub fn check(cx: &Context<'_>, node: &Node, pointer: &str) {
    if node.style != ScalarStyle::Plain || node.tag.is_some() {
        return;
    }
    let Value::Number(number) = &node.value else {
        return;
    };
    let Some(text) = scalar_token(cx.source, node).map(|token| cx.text(token)) else {
        return;
    };
    let digits = text.trim_start_matches(['-', '+']);
    if digits.len() < 2 || !digits.starts_with('0') || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
    let sign = if text.starts_with('-') { "-" } else { "" };
    let octal = digits[1..].trim_start_matches('0');
    let decimal = number.json();
    let (read, help) = if digits.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
        let value = u128::from_str_radix(if octal.is_empty() { "0" } else { octal }, 8);
        match value {
            Ok(value) => (
                format!("the octal number {sign}{value}"),
                format!("write `{decimal}`, or `{sign}{value}` if the octal value was meant"),
            ),
            Err(_) => (
                "a huge octal number".to_string(),
                format!("write `{decimal}` without the leading zero"),
            ),
        }
    } else {
        (
            format!("the string \"{text}\""),
            format!("write `{decimal}` without the leading zero"),
        )
    };
    cx.report(
        &YAML_1_1_OCTAL,
        node.span,
        pointer,
        format!("`{text}` is {decimal} in YAML 1.2, but YAML 1.1 tools read it as {read}"),
    )
    .label("leading zero")
    .help(help);
}
