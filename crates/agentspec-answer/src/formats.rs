//! `format` is asserted, under every draft.
//!
//! JSON Schema 2020-12 makes `format` an annotation unless a validator is asked to assert it,
//! and older drafts know fewer format names (`uuid` and `duration` arrived in 2019-09). Answers
//! are machine output: a `date-time` that says `tomorrow morning` is a wrong answer. So every
//! validator built here asserts each format the `jsonschema` crate knows under 2020-12, with the
//! same check whatever `$schema` the answer format declares.

use std::collections::BTreeSet;

use jsonschema::{Draft, ValidationOptions};
use serde_json::{json, Value};

/// The format names of JSON Schema 2020-12's format vocabulary.
const VOCABULARY: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// Whether a `format` of this name is checked when an answer is validated.
#[must_use]
pub fn is_known_format(name: &str) -> bool {
    jsonschema::options().is_known_format(Draft::Draft202012, name)
}

/// The format names checked when an answer is validated.
pub fn known_formats() -> impl Iterator<Item = &'static str> {
    VOCABULARY.iter().copied().filter(|n| is_known_format(n))
}

/// Validator options that assert every known format of `schema`, whatever its draft.
pub(crate) fn options(schema: &Value) -> ValidationOptions<'static> {
    let mut options = jsonschema::options().should_validate_formats(true);
    let mut names = BTreeSet::new();
    format_names(schema, &mut names, 0);
    for name in names {
        // A name the oldest draft knows is checked by every draft; a newer one is checked the
        // 2020-12 way by a check registered under its name.
        if !is_known_format(name) || options.is_known_format(Draft::Draft4, name) {
            continue;
        }
        let Ok(check) = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .should_validate_formats(true)
            .build(&json!({ "format": name }))
        else {
            continue;
        };
        options = options.with_format(name, move |text: &str| {
            check.is_valid(&Value::String(text.to_owned()))
        });
    }
    options
}

/// Collects every string value of a `format` key (a property named `format` adds a harmless
/// name: it registers a check nothing uses).
fn format_names<'v>(value: &'v Value, names: &mut BTreeSet<&'v str>, depth: usize) {
    const MAX_DEPTH: usize = 256;
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("format") {
                names.insert(name);
            }
            for v in map.values() {
                format_names(v, names, depth + 1);
            }
        }
        Value::Array(items) => {
            for v in items {
                format_names(v, names, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_asserted_under_every_draft() {
        let bad = [
            ("date-time", "tomorrow morning"),
            ("email", "not-an-email"),
            ("uuid", "nope"),
            ("uri", "not a uri"),
            ("ipv4", "300.1.1.1"),
            ("date", "2024-13-45"),
            ("duration", "a while"),
        ];
        let good = [
            ("date-time", "2024-05-01T10:00:00Z"),
            ("email", "ada@example.com"),
            ("uuid", "0f8fad5b-d9cb-469f-a165-70867728950e"),
            ("uri", "https://example.com/a"),
            ("ipv4", "192.168.0.1"),
            ("date", "2024-05-01"),
            ("duration", "P3D"),
        ];
        for draft in [
            "https://json-schema.org/draft/2020-12/schema",
            "https://json-schema.org/draft/2019-09/schema",
            "http://json-schema.org/draft-07/schema#",
            "http://json-schema.org/draft-04/schema#",
        ] {
            for ((format, bad), (_, good)) in bad.iter().zip(good) {
                let schema = json!({"$schema": draft, "type": "string", "format": format});
                let text = schema.to_string();
                assert!(
                    !crate::is_valid(&text, &json!(bad)).expect("compiles"),
                    "{draft}: {bad} is no {format}"
                );
                assert!(
                    crate::is_valid(&text, &json!(good)).expect("compiles"),
                    "{draft}: {good} is a {format}"
                );
            }
        }
    }

    #[test]
    fn unknown_names_are_not_checked() {
        assert!(is_known_format("uuid"));
        assert!(!is_known_format("phone-number"));
        assert!(known_formats().any(|n| n == "duration"));
        let schema = json!({"type": "string", "format": "phone-number"}).to_string();
        assert!(crate::is_valid(&schema, &json!("anything")).expect("compiles"));
    }
}
