//! Which JSON Schema draft a schema follows, and the keywords each draft defines.

use agentspec_syntax::Node;

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
    match declared.as_str().and_then(known_draft) {
        Some(KnownDraft::Draft202012) => Ok(Dialect::Draft202012),
        Some(KnownDraft::Draft7) => Ok(Dialect::Draft7),
        _ => Err(declared),
    }
}

/// Every draft whose meta-schema URI is recognised, supported or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownDraft {
    /// Draft-04.
    Draft4,
    /// Draft-06.
    Draft6,
    /// Draft-07.
    Draft7,
    /// Draft 2019-09.
    Draft201909,
    /// Draft 2020-12.
    Draft202012,
}

/// The draft whose meta-schema `uri` names (`http` or `https`, with or without the empty
/// fragment), or `None` for any other URI.
pub fn known_draft(uri: &str) -> Option<KnownDraft> {
    let normal = uri.trim_end_matches('#').replacen("https://", "http://", 1);
    Some(match normal.as_str() {
        "http://json-schema.org/draft/2020-12/schema" => KnownDraft::Draft202012,
        "http://json-schema.org/draft/2019-09/schema" => KnownDraft::Draft201909,
        "http://json-schema.org/draft-07/schema" => KnownDraft::Draft7,
        "http://json-schema.org/draft-06/schema" => KnownDraft::Draft6,
        "http://json-schema.org/draft-04/schema" => KnownDraft::Draft4,
        _ => return None,
    })
}
