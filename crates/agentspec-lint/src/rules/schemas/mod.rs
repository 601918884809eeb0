//! Embedded JSON Schemas: `answer_format` and tool `input_schema`.
//!
//! Which draft a schema follows, its keywords, the subschema walk and `$ref` resolution live in
//! `agentspec-jsonschema`, shared with the code generator and `check-answer`.

pub mod duplicate_answer_format;
pub mod invalid_schema;
pub mod plain;
pub mod remote_ref;
pub mod required_not_in_properties;
pub mod schema_root_not_object;
pub mod unknown_format;
pub mod unknown_schema_keyword;
pub mod unresolved_ref;
pub mod unsupported_schema_dialect;
pub mod untyped_keyword;

use crate::Registered;

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::document(
        &unsupported_schema_dialect::UNSUPPORTED_SCHEMA_DIALECT,
        unsupported_schema_dialect::check,
    ),
    Registered::document(&invalid_schema::INVALID_SCHEMA, invalid_schema::check),
    Registered::document(
        &unknown_schema_keyword::UNKNOWN_SCHEMA_KEYWORD,
        unknown_schema_keyword::check,
    ),
    Registered::document(&unknown_format::UNKNOWN_FORMAT, unknown_format::check),
    Registered::document(
        &required_not_in_properties::REQUIRED_NOT_IN_PROPERTIES,
        required_not_in_properties::check,
    ),
    Registered::document(&remote_ref::REMOTE_REF, remote_ref::check),
    Registered::document(&unresolved_ref::UNRESOLVED_REF, unresolved_ref::check),
    Registered::document(
        &schema_root_not_object::SCHEMA_ROOT_NOT_OBJECT,
        schema_root_not_object::check,
    ),
    Registered::document(&untyped_keyword::UNTYPED_KEYWORD, untyped_keyword::check),
    Registered::document(
        &duplicate_answer_format::DUPLICATE_ANSWER_FORMAT,
        duplicate_answer_format::check,
    ),
];

/// Most `^prefix` patterns tested one by one.
const MAX_PREFIXES: usize = 16;

fn patterns_of(prefixes: &[String]) -> Vec<String> {
    prefixes.iter().map(|p| format!("^{p}")).collect()
}

/// The `patternProperties` patterns of a schema, compiled once to test many names.
///
/// The answer validator reads patterns as ECMA-262 regular expressions; a pattern this crate's
/// engine can't read (look-around, backreferences, a size beyond its limit) may match any name.
pub struct KeyPatterns {
    /// `^prefix` patterns of plain characters, tested without a regex.
    prefixes: Vec<String>,
    /// The other patterns, in one automaton.
    set: Option<regex::RegexSet>,
    /// Some pattern could not be compiled.
    unknown: bool,
}

impl KeyPatterns {
    /// Compiles `patterns`.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Self {
        let mut prefixes = Vec::new();
        let mut others: Vec<String> = Vec::new();
        for pattern in patterns {
            match pattern.strip_prefix('^') {
                Some(prefix)
                    if prefix
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
                {
                    prefixes.push(prefix.to_string());
                }
                _ => others.push(pattern.to_string()),
            }
        }
        if prefixes.len() > MAX_PREFIXES {
            // Many prefixes are faster in the automaton than one by one.
            others.extend(patterns_of(&prefixes));
            prefixes.clear();
        }
        let (set, unknown) = if others.is_empty() {
            (None, false)
        } else {
            match regex::RegexSet::new(&others) {
                Ok(set) => (Some(set), false),
                Err(_) => (None, true),
            }
        };
        KeyPatterns {
            prefixes,
            set,
            unknown,
        }
    }

    /// Whether some pattern matches `key`, or may (a pattern that could not be compiled).
    pub fn may_match(&self, key: &str) -> bool {
        self.unknown
            || self.prefixes.iter().any(|p| key.starts_with(p.as_str()))
            || self.set.as_ref().is_some_and(|s| s.is_match(key))
    }
}
