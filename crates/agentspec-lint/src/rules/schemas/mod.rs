//! Embedded JSON Schemas: `answer_format` and tool `input_schema`.
//!
//! Shared here: which draft a schema follows, its keywords, and a walk over its subschemas.

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

use agentspec_syntax::Node;

use crate::context::push_child;
use crate::Registered;

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered {
        meta: &unsupported_schema_dialect::UNSUPPORTED_SCHEMA_DIALECT,
        check: Some(unsupported_schema_dialect::check),
    },
    Registered {
        meta: &invalid_schema::INVALID_SCHEMA,
        check: Some(invalid_schema::check),
    },
    Registered {
        meta: &unknown_schema_keyword::UNKNOWN_SCHEMA_KEYWORD,
        check: Some(unknown_schema_keyword::check),
    },
    Registered {
        meta: &unknown_format::UNKNOWN_FORMAT,
        check: Some(unknown_format::check),
    },
    Registered {
        meta: &required_not_in_properties::REQUIRED_NOT_IN_PROPERTIES,
        check: Some(required_not_in_properties::check),
    },
    Registered {
        meta: &remote_ref::REMOTE_REF,
        check: Some(remote_ref::check),
    },
    Registered {
        meta: &unresolved_ref::UNRESOLVED_REF,
        check: Some(unresolved_ref::check),
    },
    Registered {
        meta: &schema_root_not_object::SCHEMA_ROOT_NOT_OBJECT,
        check: Some(schema_root_not_object::check),
    },
    Registered {
        meta: &untyped_keyword::UNTYPED_KEYWORD,
        check: Some(untyped_keyword::check),
    },
    Registered {
        meta: &duplicate_answer_format::DUPLICATE_ANSWER_FORMAT,
        check: Some(duplicate_answer_format::check),
    },
];

/// The JSON Schema drafts an embedded schema may follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Draft 2020-12, the default.
    Draft202012,
    /// Draft-07.
    Draft7,
}

impl Dialect {
    /// The canonical `$schema` URI.
    pub fn uri(self) -> &'static str {
        match self {
            Dialect::Draft202012 => "https://json-schema.org/draft/2020-12/schema",
            Dialect::Draft7 => "http://json-schema.org/draft-07/schema#",
        }
    }

    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Draft202012 => "draft 2020-12",
            Dialect::Draft7 => "draft-07",
        }
    }

    /// The keywords the draft defines.
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            Dialect::Draft202012 => KEYWORDS_2020_12,
            Dialect::Draft7 => KEYWORDS_DRAFT7,
        }
    }

    /// Whether the draft defines `key`.
    pub fn is_keyword(self, key: &str) -> bool {
        // A linear scan: string equality rejects on length first, which beats hashing or
        // ordered search for a list this short.
        self.keywords().contains(&key)
    }

    /// The other supported draft.
    pub fn other(self) -> Dialect {
        match self {
            Dialect::Draft202012 => Dialect::Draft7,
            Dialect::Draft7 => Dialect::Draft202012,
        }
    }
}

const KEYWORDS_2020_12: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$anchor",
    "$dynamicRef",
    "$dynamicAnchor",
    "$vocabulary",
    "$comment",
    "$defs",
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxContains",
    "minContains",
    "maxProperties",
    "minProperties",
    "required",
    "dependentRequired",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "prefixItems",
    "items",
    "contains",
    "properties",
    "patternProperties",
    "additionalProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "format",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "title",
    "description",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "examples",
];

const KEYWORDS_DRAFT7: &[&str] = &[
    "$schema",
    "$id",
    "$ref",
    "$comment",
    "definitions",
    "type",
    "enum",
    "const",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "items",
    "additionalItems",
    "maxItems",
    "minItems",
    "uniqueItems",
    "contains",
    "maxProperties",
    "minProperties",
    "required",
    "properties",
    "patternProperties",
    "additionalProperties",
    "dependencies",
    "propertyNames",
    "if",
    "then",
    "else",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "format",
    "contentMediaType",
    "contentEncoding",
    "title",
    "description",
    "default",
    "readOnly",
    "writeOnly",
    "examples",
];

/// The draft a schema declares with `$schema` (2020-12 when absent); `Err` holds an
/// unsupported or malformed `$schema` node.
pub fn dialect(schema: &Node) -> Result<Dialect, &Node> {
    let Some(declared) = schema.get("$schema") else {
        return Ok(Dialect::Draft202012);
    };
    let Some(uri) = declared.as_str() else {
        return Err(declared);
    };
    let normal = uri.trim_end_matches('#').replacen("https://", "http://", 1);
    match normal.as_str() {
        "http://json-schema.org/draft/2020-12/schema" => Ok(Dialect::Draft202012),
        "http://json-schema.org/draft-07/schema" => Ok(Dialect::Draft7),
        _ => Err(declared),
    }
}

/// Deepest subschema nesting walked.
const MAX_DEPTH: usize = 64;

/// Calls `visit` on the schema and each of its subschemas (objects only) with its pointer.
pub fn for_each_subschema<'n>(
    node: &'n Node,
    pointer: &str,
    visit: &mut dyn FnMut(&'n Node, &str),
) {
    let mut buffer = String::with_capacity(pointer.len() + 64);
    buffer.push_str(pointer);
    walk(node, &mut buffer, visit, 0);
}

/// How a keyword holds subschemas.
enum Holds {
    One,
    Map,
    List,
    OneOrList,
}

fn holds(keyword: &str) -> Option<Holds> {
    Some(match keyword {
        "additionalProperties"
        | "contains"
        | "propertyNames"
        | "if"
        | "then"
        | "else"
        | "not"
        | "unevaluatedItems"
        | "unevaluatedProperties"
        | "contentSchema"
        | "additionalItems" => Holds::One,
        "items" => Holds::OneOrList,
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
        | "dependencies" => Holds::Map,
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => Holds::List,
        _ => return None,
    })
}

fn walk<'n>(
    node: &'n Node,
    pointer: &mut String,
    visit: &mut dyn FnMut(&'n Node, &str),
    depth: usize,
) {
    let Some(map) = node.as_map() else { return };
    if depth > MAX_DEPTH {
        return;
    }
    visit(node, pointer);
    for entry in map {
        let Some(holds) = holds(&entry.key.text) else {
            continue;
        };
        let len = pointer.len();
        push_child(pointer, &entry.key.text);
        let list = match holds {
            Holds::One => None,
            Holds::OneOrList => entry.value.as_seq(),
            Holds::List => Some(entry.value.as_seq().unwrap_or_default()),
            Holds::Map => {
                for sub in entry.value.as_map().unwrap_or_default() {
                    let inner = pointer.len();
                    push_child(pointer, &sub.key.text);
                    walk(&sub.value, pointer, visit, depth + 1);
                    pointer.truncate(inner);
                }
                pointer.truncate(len);
                continue;
            }
        };
        match list {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    let inner = pointer.len();
                    push_child(pointer, i);
                    walk(item, pointer, visit, depth + 1);
                    pointer.truncate(inner);
                }
            }
            None => walk(&entry.value, pointer, visit, depth + 1),
        }
        pointer.truncate(len);
    }
}

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
