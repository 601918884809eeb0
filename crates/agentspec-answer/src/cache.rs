//! Compiled validators, one per schema text, shared by every thread.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use jsonschema::Validator;

use crate::AnswerError;

type Cache = RwLock<HashMap<Box<str>, Arc<Compiled>>>;

/// A compiled schema, and whether checking an answer against it matches regular expressions
/// (then the check runs under [`crate::CHECK_TIME_BUDGET`]).
pub(crate) struct Compiled {
    pub(crate) validator: Validator,
    pub(crate) matches_patterns: bool,
}

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Cache::default)
}

/// The compiled validator of `schema` (JSON text), compiling it on first use.
pub(crate) fn validator(schema: &str) -> Result<Arc<Compiled>, AnswerError> {
    if let Some(found) = cache()
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .get(schema)
    {
        return Ok(Arc::clone(found));
    }
    let value: serde_json::Value =
        serde_json::from_str(schema).map_err(|e| AnswerError::Schema {
            message: format!("not JSON: {e}"),
        })?;
    let validator = build(&value).map_err(|message| AnswerError::Schema { message })?;
    let compiled = Arc::new(Compiled {
        validator,
        matches_patterns: has_patterns(&value),
    });
    cache()
        .write()
        .unwrap_or_else(|e| e.into_inner())
        .entry(schema.into())
        .or_insert_with(|| Arc::clone(&compiled));
    Ok(compiled)
}

/// Compiles `schema` with the options of every validator (its draft, and the `fancy-regex`
/// engine with its backtracking and size limits for `pattern` and `patternProperties`).
/// Every known `format` is asserted, whatever the draft (see `formats.rs`).
pub(crate) fn build(schema: &serde_json::Value) -> Result<Validator, String> {
    let patterns = jsonschema::PatternOptions::fancy_regex()
        .backtrack_limit(crate::PATTERN_BACKTRACK_LIMIT)
        .size_limit(crate::PATTERN_SIZE_LIMIT);
    crate::formats::options(schema)
        .with_pattern_options(patterns)
        .build(schema)
        .map_err(|e| e.to_string())
}

/// Whether `schema` holds a `pattern` or `patternProperties` keyword anywhere (a property that
/// happens to be named so counts too: the answer is then only checked on a worker thread).
fn has_patterns(schema: &serde_json::Value) -> bool {
    match schema {
        serde_json::Value::Object(map) => map.iter().any(|(key, value)| {
            key == "pattern" || key == "patternProperties" || has_patterns(value)
        }),
        serde_json::Value::Array(items) => items.iter().any(has_patterns),
        _ => false,
    }
}
