//! How scalars read: the booleans of YAML 1.1 and enum values written in the wrong case.

use agentspec_syntax::{Node, ScalarStyle};

use crate::fix::scalar_token;
use crate::{Edit, Fix};

/// The boolean YAML 1.1 read a word as, if any.
pub fn yaml_1_1_value(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "y" | "on" => Some(true),
        "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

/// Writes the allowed value that `value` matches but for letter case, in the same quotes.
pub fn case_fix(source: &str, node: &Node, value: &str, allowed: &[&str]) -> Option<Fix> {
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
