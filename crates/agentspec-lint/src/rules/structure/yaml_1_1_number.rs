use agentspec_syntax::{Node, ScalarStyle};

use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a plain value that YAML 1.1 tools read as a number but YAML 1.2 reads as a
    /// string, written where a number is expected: base 60 (`1:30`), digits grouped with
    /// underscores (`1_000`), and `.inf` or `.nan` (a finite number is needed). It says what
    /// YAML 1.1 tools read and what to write.
    ///
    /// ## Why is this bad?
    /// agentspec and the API read YAML 1.2 and JSON: `idle_timeout_s: 1:30` is the string
    /// `"1:30"`, which the API rejects, while PyYAML and other YAML 1.1 tools of the same
    /// pipeline send the number 90. JSON has no infinity nor NaN, so `.inf` can't be sent at all.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// messages:
    ///   - type: user_message
    ///     message: Watch the support inbox and summarise new tickets
    /// max_steps: 1_000       # write `1000`
    /// idle_timeout_s: 1:30   # YAML 1.1 reads 90 (base 60): write `90`
    /// ```
    pub static YAML_1_1_NUMBER = ("yaml-1-1-number", "structure", Error);
}

/// What YAML 1.1 tools read a plain scalar as, when they read a number that YAML 1.2 does not:
/// the reading, and what to write instead (`None` when no number can be written).
fn reading(text: &str) -> Option<(String, Option<String>)> {
    let lower = text.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['-', '+']);
    if unsigned == ".inf" || lower == ".nan" {
        let what = if lower == ".nan" {
            "not a number (NaN)"
        } else if text.starts_with('-') {
            "minus infinity"
        } else {
            "infinity"
        };
        return Some((what.to_string(), None));
    }
    if text.contains(':') {
        let value = sexagesimal(text)?;
        return Some((format!("the base-60 number {value}"), Some(value)));
    }
    if text.contains('_') {
        let plain: String = text.chars().filter(|&c| c != '_').collect();
        let digits = plain.trim_start_matches(['-', '+']);
        let first = digits.bytes().next()?;
        // YAML 1.1's decimal forms with `_` (a leading `0` makes an octal integer: not read
        // here), with the number YAML 1.2 reads once the underscores are gone.
        let is_integer = digits.bytes().all(|b| b.is_ascii_digit()) && first != b'0';
        let is_float = first.is_ascii_digit()
            && digits.contains('.')
            && digits
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'-' || b == b'+')
            && digits.parse::<f64>().is_ok_and(f64::is_finite);
        if !(is_integer || is_float) || text.starts_with('_') {
            return None;
        }
        let written = plain.trim_start_matches('+').to_string();
        return Some((format!("the number {written}"), Some(written)));
    }
    None
}

/// YAML 1.1's base-60 reading of `[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?`.
fn sexagesimal(text: &str) -> Option<String> {
    let negative = text.starts_with('-');
    let unsigned = text.trim_start_matches(['-', '+']);
    let parts: Vec<&str> = unsigned.split(':').collect();
    let (last, head) = parts.split_last()?;
    let (last_whole, fraction) = match last.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (*last, None),
    };
    let first = head.first()?.replace('_', "");
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut value: u128 = first.parse().ok()?;
    for part in head[1..].iter().copied().chain([last_whole]) {
        let ok = (1..=2).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_digit())
            && (part.len() == 1 || part.as_bytes()[0] <= b'5');
        if !ok {
            return None;
        }
        value = value.checked_mul(60)?.checked_add(part.parse().ok()?)?;
    }
    let fraction = match fraction {
        Some(f) if f.bytes().all(|b| b.is_ascii_digit() || b == b'_') => {
            let f = f.replace('_', "");
            if f.is_empty() {
                String::new()
            } else {
                format!(".{f}")
            }
        }
        Some(_) => return None,
        None => String::new(),
    };
    let sign = if negative { "-" } else { "" };
    Some(format!("{sign}{value}{fraction}"))
}

/// Reports a plain scalar in a number slot that YAML 1.1 reads as a number and YAML 1.2 as a
/// string; returns whether it did.
pub fn check(
    cx: &Context<'_>,
    node: &Node,
    pointer: &str,
    field: Option<&str>,
    expected: &str,
) -> bool {
    if node.style != ScalarStyle::Plain || node.tag.is_some() {
        return false;
    }
    let Some(text) = node.as_str() else {
        return false;
    };
    let Some((read, write)) = reading(text) else {
        return false;
    };
    let subject = field.map_or_else(|| "the value".to_string(), |f| format!("`{f}`"));
    let help = match write {
        Some(number) => format!("write `{number}`"),
        None => format!(
            "write a finite number: JSON has no infinity nor NaN ({subject} expects {expected})"
        ),
    };
    cx.report(
        &YAML_1_1_NUMBER,
        node.span,
        pointer,
        format!(
            "`{text}` is a string in YAML 1.2, but YAML 1.1 tools read it as {read}; \
             {subject} expects {expected}"
        ),
    )
    .label("YAML 1.1 number")
    .help(help);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings() {
        let written = |t: &str| reading(t).and_then(|(_, w)| w);
        assert_eq!(written("1:30").as_deref(), Some("90"));
        assert_eq!(written("-1:00:01").as_deref(), Some("-3601"));
        assert_eq!(written("1:30.5").as_deref(), Some("90.5"));
        assert_eq!(written("1_000").as_deref(), Some("1000"));
        assert_eq!(written("+1_000.5").as_deref(), Some("1000.5"));
        assert!(reading(".inf").is_some() && written(".inf").is_none());
        assert!(reading("-.Inf").is_some() && reading(".NaN").is_some());
        for text in [
            "1:60", "a:30", "12:345", "_1", "0_10", "1_0x", "10", "1.5", "1:", ":30",
        ] {
            assert_eq!(reading(text), None, "{text}");
        }
    }
}
