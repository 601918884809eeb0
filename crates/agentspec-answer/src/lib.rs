//! Runtime support for typed AGP answers.
//!
//! A session started with an `answer_format` returns an answer that must match that JSON Schema.
//! `agentspec gen` (or `agentspec_codegen::Builder` in a `build.rs`) turns each `answer_format`
//! into a Rust type with a `SCHEMA` constant and a `from_answer` constructor; this crate holds
//! what that generated code calls at run time:
//!
//! * [`from_answer`] validates an answer against the complete schema with the `jsonschema` crate,
//!   so every keyword holds (also those a Rust type can't express, such as `maxItems` or
//!   `pattern`), and only then deserializes it into the generated type;
//! * `format` is asserted, under every draft: a `date-time`, `email`, `uuid`, `uri`, `ipv4`
//!   (every name [`known_formats`] lists) that does not match is a wrong answer, whatever
//!   `$schema` says (2020-12 would otherwise treat `format` as an annotation, and draft-07
//!   does not know `uuid`); a format name that is not known is not checked;
//! * a cache of compiled validators, keyed by the schema text, so each schema is compiled once;
//! * [`TypedAnswer`], the trait every generated root type implements;
//! * [`parse_session`] and [`parse_changes`], which read a whole `GET /sessions/{id}` or
//!   `GET /sessions/{id}/changes` body into [`Session<T>`] or [`SessionChanges<T>`] with a typed
//!   answer.
//!
//! Generated code refers to `::serde`, `::serde_json` and `::agentspec_answer`, so a crate that
//! includes it depends on all three.
//!
//! An answer checked against a schema with `pattern` or `patternProperties` is checked within
//! [`CHECK_TIME_BUDGET`]: past it, the answer can't be checked ([`AnswerError::Limit`]), as when
//! the regular expression engine reaches its own limits; neither is ever a mismatch.
//!
//! Schemas are never fetched: `jsonschema` is built without its HTTP and file resolvers, so a
//! `$ref` that leaves the schema fails to compile with [`AnswerError::Schema`].
//!
//! # Answers that arrive as text
//!
//! The API types an answer as `string | object`. When the answer is a JSON string, it is first
//! checked as it is; if the schema rejects it and the string holds a JSON object or array, that
//! decoded value is checked and deserialized instead. So `"{\"city\": \"Paris\"}"` is accepted
//! wherever `{"city": "Paris"}` is.
//!
//! # Numbers
//!
//! JSON Schema counts `1.0` as an integer, serde does not. Before deserializing, numbers written
//! with a zero fraction that fit a 64-bit integer are read as that integer, so a schema-valid
//! `1.0` fills an `i64` field.

mod budget;
mod cache;
mod error;
mod formats;

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use agentspec_model::{Nullable, Outcome, Session, SessionChanges, SessionStatus, Status};
pub use budget::CHECK_TIME_BUDGET;
pub use error::{AnswerError, ConversionError, Violation};
pub use formats::{is_known_format, known_formats};

/// A type generated from an `answer_format`: it knows its schema and reads validated answers.
pub trait TypedAnswer: DeserializeOwned {
    /// The `answer_format` the type was generated from, as JSON text.
    const SCHEMA: &'static str;

    /// Validates `answer` against [`Self::SCHEMA`] and deserializes it.
    fn from_answer(answer: &Value) -> Result<Self, AnswerError> {
        from_answer(Self::SCHEMA, answer)
    }
}

/// Validates `answer` against the JSON Schema `schema` (JSON text) and deserializes it into `T`.
///
/// A string answer that the schema rejects but that holds a JSON object or array is decoded
/// and read instead (see the crate documentation).
pub fn from_answer<T: DeserializeOwned>(schema: &str, answer: &Value) -> Result<T, AnswerError> {
    let accepted = accepted_answer(schema, answer)?;
    let normalized = integral_floats_as_integers(accepted.into_owned());
    serde_json::from_value(normalized).map_err(|source| AnswerError::Shape { source })
}

/// Validates `answer` against the JSON Schema `schema` (JSON text), without deserializing it.
pub fn validate(schema: &str, answer: &Value) -> Result<(), AnswerError> {
    accepted_answer(schema, answer).map(drop)
}

/// Largest compiled size, in bytes, of the regular expression of a `pattern` or a
/// `patternProperties` key (the engine's size limit). Matching costs up to the compiled size
/// times the length of the text: counted repetitions nested in each other
/// (`^((a{1,30}){1,30}){1,30}b`, 27,000 copies of `a`) compile past it and are refused, at lint
/// time too, rather than taking seconds per string; patterns people write stay far below it.
pub const PATTERN_SIZE_LIMIT: usize = 256 << 10;

/// Backtracking steps the engine takes on one match of a pattern that needs backtracking
/// (backreferences, look-around) before it gives up: the answer can't be checked
/// ([`AnswerError::Limit`]), never a mismatch.
pub const PATTERN_BACKTRACK_LIMIT: usize = 1_000_000;

/// Why the validator can't compile `pattern` (a `pattern` value or a `patternProperties` key),
/// or `None` when it can: the regular expression engine and limits of validation, so a schema
/// the linter accepts never fails to compile at run time for its patterns.
#[must_use]
pub fn pattern_error(pattern: &str) -> Option<String> {
    let schema = serde_json::json!({ "pattern": pattern });
    let error = cache::build(&schema).err()?;
    // Within the engine's own default size, the only fault is the size.
    let roomier = jsonschema::PatternOptions::fancy_regex().size_limit(10 << 20);
    let too_big = jsonschema::options()
        .with_pattern_options(roomier)
        .build(&schema)
        .is_ok();
    Some(if too_big {
        format!(
            "it compiles to more than {} KiB, the size limit of pattern matching (counted \
             repetitions nested in each other multiply)",
            PATTERN_SIZE_LIMIT >> 10
        )
    } else {
        error
    })
}

/// Whether `answer` is valid against `schema`, as the validator judges it (no string decoding):
/// [`AnswerError::Limit`] when that can't be known (see [`CHECK_TIME_BUDGET`]).
pub fn is_valid(schema: &str, answer: &Value) -> Result<bool, AnswerError> {
    let compiled = cache::validator(schema)?;
    budget::within(&compiled, answer, |compiled, answer| {
        compiled.validator.is_valid(answer)
    })
}

/// Reads a `GET /api/v2/sessions/{id}` body, validating and typing its `latest_answer`.
pub fn parse_session<T: TypedAnswer>(body: &str) -> Result<Session<T>, AnswerError> {
    let session: Session<Value> =
        serde_json::from_str(body).map_err(|source| AnswerError::Body { source })?;
    type_session(session)
}

/// Reads a `GET /api/v2/sessions/{id}/changes` body, validating and typing its `answer`.
pub fn parse_changes<T: TypedAnswer>(body: &str) -> Result<SessionChanges<T>, AnswerError> {
    let changes: SessionChanges<Value> =
        serde_json::from_str(body).map_err(|source| AnswerError::Body { source })?;
    type_changes(changes)
}

/// Types the `latest_answer` of a session that was read with an untyped answer.
pub fn type_session<T: TypedAnswer>(session: Session<Value>) -> Result<Session<T>, AnswerError> {
    let Session {
        id,
        request,
        status,
        agent_view_url,
        latest_answer,
        created_at,
        started_at,
        finished_at,
    } = session;
    Ok(Session {
        id,
        request,
        status,
        agent_view_url,
        latest_answer: type_nullable(latest_answer)?,
        created_at,
        started_at,
        finished_at,
    })
}

/// Types the `answer` of a changes response that was read with an untyped answer.
pub fn type_changes<T: TypedAnswer>(
    changes: SessionChanges<Value>,
) -> Result<SessionChanges<T>, AnswerError> {
    let SessionChanges {
        status,
        started_at,
        finished_at,
        error,
        error_code,
        answer,
        outcome,
        metrics,
        new_events,
    } = changes;
    Ok(SessionChanges {
        status,
        started_at,
        finished_at,
        error,
        error_code,
        answer: type_nullable(answer)?,
        outcome,
        metrics,
        new_events,
    })
}

fn type_nullable<T: TypedAnswer>(answer: Nullable<Value>) -> Result<Nullable<T>, AnswerError> {
    Ok(match answer {
        Nullable::Absent => Nullable::Absent,
        Nullable::Null => Nullable::Null,
        Nullable::Value(value) => Nullable::Value(T::from_answer(&value)?),
    })
}

/// The value that passes validation: the answer itself, or the JSON a string answer holds.
fn accepted_answer<'a>(
    schema: &str,
    answer: &'a Value,
) -> Result<std::borrow::Cow<'a, Value>, AnswerError> {
    let compiled = cache::validator(schema)?;
    let decoded = budget::within(&compiled, answer, |compiled, answer| {
        let validator = &compiled.validator;
        if validator.is_valid(answer) {
            return Ok(None);
        }
        if let Value::String(text) = answer {
            if let Ok(decoded @ (Value::Object(_) | Value::Array(_))) =
                serde_json::from_str::<Value>(text)
            {
                if validator.is_valid(&decoded) {
                    return Ok(Some(decoded));
                }
                return Err(AnswerError::invalid(validator, &decoded));
            }
        }
        Err(AnswerError::invalid(validator, answer))
    })??;
    Ok(decoded.map_or(std::borrow::Cow::Borrowed(answer), std::borrow::Cow::Owned))
}

/// Rewrites numbers such as `3.0` as the integer `3` (when it fits `i64` or `u64`), recursively.
fn integral_floats_as_integers(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            // Bounds chosen so the casts below are exact: 2^63 and 2^64 are powers of two.
            const I64: std::ops::Range<f64> =
                -9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0;
            const U64: std::ops::Range<f64> = 0.0..18_446_744_073_709_551_616.0;
            if f.fract() == 0.0 && I64.contains(&f) {
                Value::Number((f as i64).into())
            } else if f.fract() == 0.0 && U64.contains(&f) {
                Value::Number((f as u64).into())
            } else {
                Value::Number(n)
            }
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(integral_floats_as_integers).collect())
        }
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, integral_floats_as_integers(v)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn integral_floats_become_integers() {
        let v = integral_floats_as_integers(json!([1.0, 1.5, -2.0, {"a": 3.0}, 1e300]));
        assert_eq!(v, json!([1, 1.5, -2, {"a": 3}, 1e300]));
    }

    #[test]
    fn string_answers_holding_json_are_decoded() {
        let schema = r#"{"type":"object","properties":{"a":{"type":"integer"}},"required":["a"]}"#;
        let v: Value = from_answer(schema, &json!("{\"a\": 1}")).unwrap();
        assert_eq!(v, json!({"a": 1}));
        let err = from_answer::<Value>(schema, &json!("{\"a\": \"x\"}")).unwrap_err();
        assert!(err.to_string().contains("/a"), "{err}");
        assert!(from_answer::<Value>(schema, &json!("not json")).is_err());
    }

    fn first_message(schema: &str, answer: Value) -> String {
        match from_answer::<Value>(schema, &answer) {
            Err(AnswerError::Invalid { violations }) => violations[0].to_string(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_failed_choice_names_the_field_and_its_closest_branch() {
        let schema = r#"{"type": "object", "properties": {"pet": {"oneOf": [
            {"type": "object", "properties": {"kind": {"const": "cat"}, "lives": {"type": "integer"}},
             "required": ["kind", "lives"]},
            {"type": "object", "properties": {"kind": {"const": "dog"}, "good": {"type": "boolean"}},
             "required": ["kind", "good"]}
        ]}}}"#;
        let message = first_message(schema, json!({"pet": {"kind": "dog", "good": "yes"}}));
        assert_eq!(
            message,
            "at /pet: {\"kind\":\"dog\",\"good\":\"yes\"} is not valid under any of the schemas \
             listed in the 'oneOf' keyword; the closest is `oneOf` branch 1 \
             (/properties/pet/oneOf/1), which fails at /pet/good: \"yes\" is not of type \
             \"boolean\" (schema /properties/pet/oneOf)"
        );
    }

    #[test]
    fn a_nullable_choice_explains_the_non_null_branch_and_cuts_long_values() {
        let schema = r#"{"type": "object", "properties": {"author": {"anyOf": [
            {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
            {"type": "null"}
        ]}}}"#;
        let long = "x".repeat(100);
        let message = first_message(schema, json!({"author": {"nick": long}}));
        assert_eq!(
            message,
            "at /author: the object of 1 fields is not valid under any of the schemas listed in \
             the 'anyOf' keyword; the closest is `anyOf` branch 0 (/properties/author/anyOf/0), \
             which fails at /author: \"name\" is a required property (schema \
             /properties/author/anyOf)"
        );
        let message = first_message(r#"{"maxLength": 3}"#, json!(long));
        assert_eq!(
            message,
            "at the answer: the string is longer than 3 characters (schema /maxLength)"
        );
    }

    #[test]
    fn string_answers_valid_as_strings_stay_strings() {
        let v: String = from_answer(r#"{"type":"string"}"#, &json!("[1]")).unwrap();
        assert_eq!(v, "[1]");
    }

    #[test]
    fn remote_references_are_never_fetched() {
        let schema = r#"{"$ref": "http://localhost:1234/integer.json"}"#;
        let err = from_answer::<Value>(schema, &json!(1)).unwrap_err();
        assert!(matches!(err, AnswerError::Schema { .. }), "{err:?}");
    }

    #[test]
    fn invalid_schema_text_is_a_schema_error() {
        let err = from_answer::<Value>("{not json", &json!(1)).unwrap_err();
        assert!(matches!(err, AnswerError::Schema { .. }), "{err:?}");
    }
}
