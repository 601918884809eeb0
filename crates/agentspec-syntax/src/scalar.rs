//! Resolution of YAML scalars with the YAML 1.2 core schema.

use serde_json::Number as JsonNumber;

use crate::{Number, Value};

/// Resolves a plain scalar; `None` means it is a string (including `.inf` and `.nan`).
pub fn resolve_plain(text: &str) -> Option<Value> {
    let first = match text.as_bytes().first() {
        None => return Some(Value::Null),
        Some(&b) => b,
    };
    match first {
        b'n' | b'N' | b'~' => null(text).then_some(Value::Null),
        b't' | b'T' | b'f' | b'F' => bool(text).map(Value::Bool),
        b'0'..=b'9' | b'-' | b'+' | b'.' => number(text).map(Value::Number),
        _ => None,
    }
}

/// Whether `text` is a core-schema null.
pub(crate) fn null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// The core-schema boolean `text` stands for.
pub(crate) fn bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// The finite number `text` stands for as a core-schema int or float.
pub(crate) fn number(text: &str) -> Option<Number> {
    int(text).or_else(|| float(text))
}

fn all_digits(s: &[u8], radix: u32) -> bool {
    !s.is_empty() && s.iter().all(|&b| char::from(b).is_digit(radix))
}

/// Parses digits known to be valid in `radix` (overflowing into an `f64`), with the decimal
/// JSON text of the same integer.
fn unsigned(digits: &str, radix: u32) -> Number {
    if radix == 10 {
        let trimmed = digits.trim_start_matches('0');
        let json = if trimmed.is_empty() { "0" } else { trimmed };
        let value = match json.parse::<u64>() {
            Ok(v) => v.into(),
            Err(_) => json
                .parse::<f64>()
                .ok()
                .and_then(JsonNumber::from_f64)
                .unwrap_or_else(|| u64::MAX.into()),
        };
        return Number::new(value, json);
    }
    match u128::from_str_radix(digits, radix) {
        Ok(v) => {
            let value = u64::try_from(v).map_or_else(
                // An integer beyond u64 is near enough for comparisons as an f64.
                #[allow(clippy::cast_precision_loss)]
                |_| JsonNumber::from_f64(v as f64).unwrap_or_else(|| u64::MAX.into()),
                JsonNumber::from,
            );
            Number::new(value, v.to_string())
        }
        Err(_) => {
            let mut f = 0.0f64;
            for c in digits.chars() {
                f = f * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0));
            }
            let value = JsonNumber::from_f64(f).unwrap_or_else(|| u64::MAX.into());
            let json = value.to_string();
            Number::new(value, json)
        }
    }
}

/// The core-schema integer `text` stands for: `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`.
pub(crate) fn int(text: &str) -> Option<Number> {
    let bytes = text.as_bytes();
    if let Some(rest) = text.strip_prefix("0o") {
        return all_digits(rest.as_bytes(), 8).then(|| unsigned(rest, 8));
    }
    if let Some(rest) = text.strip_prefix("0x") {
        return all_digits(rest.as_bytes(), 16).then(|| unsigned(rest, 16));
    }
    let (negative, digits) = match bytes.first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    if !all_digits(digits.as_bytes(), 10) {
        return None;
    }
    let magnitude = unsigned(digits, 10);
    if !negative {
        return Some(magnitude);
    }
    let json = format!("-{}", magnitude.json());
    let value = match json.parse::<i64>() {
        Ok(0) => JsonNumber::from_f64(-0.0)?,
        Ok(v) => v.into(),
        Err(_) => json.parse::<f64>().ok().and_then(JsonNumber::from_f64)?,
    };
    Some(Number::new(value, json))
}

/// Whether `text` matches the core-schema float pattern (finite forms only).
fn is_float(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let int_start = i;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    let int_digits = i - int_start;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let frac_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if int_digits == 0 && i == frac_start {
            return false;
        }
    } else if int_digits == 0 {
        return false;
    }
    if let Some(b'e' | b'E') = b.get(i) {
        i += 1;
        if let Some(b'-' | b'+') = b.get(i) {
            i += 1;
        }
        let exp_start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == exp_start {
            return false;
        }
    }
    i == b.len()
}

/// The finite core-schema float `text` stands for (`None` for non-floats and for overflow).
/// Its JSON text is a float's even when `text` has the form of an integer (`!!float 3` is
/// `3.0`), so one value has one text.
pub(crate) fn float(text: &str) -> Option<Number> {
    if !is_float(text) {
        return None;
    }
    // Rust's parser accepts every form of the pattern ("1.", ".5", "+1e3").
    let f: f64 = text.parse().ok()?;
    let value = JsonNumber::from_f64(f)?;
    Some(Number::new(value, float_json(text)))
}

/// The JSON text of a core-schema float: no `+`, no leading zeros, digits around the point.
fn float_json(text: &str) -> String {
    let (sign, rest) = match text.as_bytes().first() {
        Some(b'-') => ("-", &text[1..]),
        Some(b'+') => ("", &text[1..]),
        _ => ("", text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let mut json = format!("{sign}{whole}");
    if !fraction.is_empty() {
        json.push('.');
        json.push_str(fraction);
    } else if exponent.is_empty() {
        json.push_str(".0");
    }
    json.push_str(exponent);
    json
}

/// Whether `text` is a core-schema infinity or not-a-number.
pub(crate) fn non_finite(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    matches!(t, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_core_schema() {
        assert_eq!(resolve_plain(""), Some(Value::Null));
        assert_eq!(resolve_plain("~"), Some(Value::Null));
        assert_eq!(resolve_plain("NULL"), Some(Value::Null));
        assert_eq!(resolve_plain("nULL"), None);
        assert_eq!(resolve_plain("True"), Some(Value::Bool(true)));
        assert_eq!(resolve_plain("yes"), None);
        assert_eq!(resolve_plain("0755"), Some(Value::Number(755u64.into())));
        assert_eq!(resolve_plain("0o17"), Some(Value::Number(15u64.into())));
        assert_eq!(resolve_plain("0x1F"), Some(Value::Number(31u64.into())));
        assert_eq!(resolve_plain("0x-1"), None);
        assert_eq!(resolve_plain("+-5"), None);
        assert_eq!(resolve_plain("-12"), Some(Value::Number((-12i64).into())));
        assert_eq!(resolve_plain("+12"), Some(Value::Number(12u64.into())));
        let float = |v: f64, json: &str| {
            Some(Value::Number(Number::new(
                JsonNumber::from_f64(v).expect("finite"),
                json,
            )))
        };
        assert_eq!(resolve_plain("1."), float(1.0, "1.0"));
        assert_eq!(resolve_plain(".5"), float(0.5, "0.5"));
        assert_eq!(resolve_plain("-.5e3"), float(-500.0, "-0.5e3"));
        assert_eq!(resolve_plain("+01.50"), float(1.5, "1.50"));
        assert_eq!(resolve_plain("-0"), float(-0.0, "-0"));
        assert_eq!(resolve_plain("1e"), None);
        assert_eq!(resolve_plain("."), None);
        assert_eq!(resolve_plain(".inf"), None);
        assert_eq!(resolve_plain("1e999"), None);
        assert_eq!(resolve_plain("1_000"), None);
        assert_eq!(resolve_plain("12:30"), None);
        assert!(non_finite("-.inf"));
        assert!(non_finite(".NaN"));
        assert!(!non_finite("-.nan"));
    }
}
