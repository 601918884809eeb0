use std::fmt;

/// Why an answer could not be read as its generated type.
#[derive(Debug)]
#[non_exhaustive]
pub enum AnswerError {
    /// The schema itself could not be compiled (not JSON, not a valid schema, or a `$ref` that
    /// leaves the schema: nothing is ever fetched).
    Schema {
        /// What the validator reported.
        message: String,
    },
    /// The answer does not match the schema.
    Invalid {
        /// Every violation found, in the validator's order.
        violations: Vec<Violation>,
    },
    /// The regular expression engine gave up matching a `pattern` (it reached its backtracking
    /// limit) and nothing else is wrong: whether the answer is valid is not known.
    Limit {
        /// What the engine reported, with where.
        message: String,
    },
    /// The answer matches the schema but not the Rust type (a bug in the generated type, or a
    /// number outside the range of its Rust integer type).
    Shape {
        /// The deserialization error.
        source: serde_json::Error,
    },
    /// A session or changes body is not the JSON the API documents.
    Body {
        /// The deserialization error.
        source: serde_json::Error,
    },
}

/// One way in which an answer fails its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// JSON Pointer to the offending part of the answer (`""` for the whole answer).
    pub instance_path: String,
    /// JSON Pointer to the schema keyword that failed (`/properties/stories/maxItems`).
    pub schema_path: String,
    /// What is wrong, as the validator words it.
    pub message: String,
}

/// How many violations `Display` lists before summarising the rest.
const SHOWN_VIOLATIONS: usize = 3;

impl AnswerError {
    /// The error for an `instance` that `validator` does not accept: the violations found, or
    /// [`AnswerError::Limit`] when the only ones are patterns the engine could not finish.
    pub(crate) fn invalid(validator: &jsonschema::Validator, instance: &serde_json::Value) -> Self {
        use jsonschema::error::ValidationErrorKind;
        let mut undecided = None;
        let mut violations = Vec::new();
        for e in validator.iter_errors(instance) {
            let violation = Violation::of(&e, 0);
            match e.kind() {
                ValidationErrorKind::BacktrackLimitExceeded { .. }
                | ValidationErrorKind::RegexEngineFailure { .. } => {
                    undecided.get_or_insert(violation);
                }
                _ => violations.push(violation),
            }
        }
        match undecided {
            Some(limit) if violations.is_empty() => AnswerError::Limit {
                message: limit.to_string(),
            },
            _ => AnswerError::Invalid { violations },
        }
    }
}

/// Longest JSON text of a value kept at the start of a message; a longer one is replaced by
/// what it is (`the object of 12 fields`).
const MAX_QUOTED: usize = 40;

/// How deep the closest branch of nested `anyOf`/`oneOf` is explained.
const MAX_BRANCH_DEPTH: usize = 3;

/// How many of the closest branch's violations a message lists.
const SHOWN_BRANCH_VIOLATIONS: usize = 2;

impl Violation {
    fn of(e: &jsonschema::ValidationError<'_>, depth: usize) -> Self {
        Violation {
            instance_path: e.instance_path().as_str().to_owned(),
            schema_path: e.schema_path().as_str().to_owned(),
            message: describe(e, depth),
        }
    }
}

/// The validator's message for `e`, with a long value cut; for `anyOf` and `oneOf`, followed by
/// why the branch that came closest fails.
fn describe(e: &jsonschema::ValidationError<'_>, depth: usize) -> String {
    use jsonschema::error::ValidationErrorKind;
    let message = shorten(&e.to_string(), e.instance());
    let (keyword, branches) = match e.kind() {
        ValidationErrorKind::AnyOf { context } => ("anyOf", context),
        ValidationErrorKind::OneOfNotValid { context } => ("oneOf", context),
        _ => return message,
    };
    if depth >= MAX_BRANCH_DEPTH {
        return message;
    }
    let at = e.instance_path().as_str();
    let Some((index, errors)) = branches
        .iter()
        .enumerate()
        .filter(|(_, errors)| !errors.is_empty())
        .min_by_key(|(i, errors)| (distance(at, errors), *i))
    else {
        return message;
    };
    let mut reasons: Vec<String> = errors
        .iter()
        .take(SHOWN_BRANCH_VIOLATIONS)
        .map(|inner| {
            let v = Violation::of(inner, depth + 1);
            let place = if v.instance_path.is_empty() {
                "the answer"
            } else {
                &v.instance_path
            };
            format!("at {place}: {}", v.message)
        })
        .collect();
    if errors.len() > SHOWN_BRANCH_VIOLATIONS {
        reasons.push(format!(
            "and {} more",
            errors.len() - SHOWN_BRANCH_VIOLATIONS
        ));
    }
    format!(
        "{message}; the closest is `{keyword}` branch {index} ({}/{index}), which fails {}",
        e.schema_path().as_str(),
        reasons.join("; ")
    )
}

/// How far a branch that rejects the value at `at` is from accepting it, by its `errors`, for
/// ordering: a branch for another kind of value (a type or `const` that fails on the value
/// itself) is farthest, then one whose tag (a `const` or `enum` on a property) does not match,
/// then the one with fewer violations.
fn distance(at: &str, errors: &[jsonschema::ValidationError<'_>]) -> (bool, bool, usize) {
    use jsonschema::error::ValidationErrorKind as K;
    let other_kind = errors.iter().any(|x| {
        x.instance_path().as_str() == at
            && matches!(
                x.kind(),
                K::Type { .. } | K::Constant { .. } | K::Enum { .. } | K::FalseSchema
            )
    });
    let tag_differs = errors.iter().any(|x| {
        let path = x.instance_path().as_str();
        let child = path
            .strip_prefix(at)
            .and_then(|rest| rest.strip_prefix('/'))
            .is_some_and(|rest| !rest.contains('/'));
        child && matches!(x.kind(), K::Constant { .. } | K::Enum { .. })
    });
    (other_kind, tag_differs, errors.len())
}

/// `message` with a long JSON value at its start (`[{…}, …] has more than 3 items`) replaced by
/// what it is (`the array of 4 items has more than 3 items`).
fn shorten(message: &str, value: &serde_json::Value) -> String {
    use serde_json::Value as J;
    let quoted = value.to_string();
    match message.strip_prefix(&quoted) {
        Some(rest) if quoted.chars().count() > MAX_QUOTED => {
            let what = match value {
                J::Array(items) => format!("the array of {} items", items.len()),
                J::Object(entries) => format!("the object of {} fields", entries.len()),
                J::String(_) => "the string".to_owned(),
                J::Number(n) if n.is_f64() && n.as_f64().is_some_and(|f| f.fract() != 0.0) => {
                    "the number".to_owned()
                }
                J::Number(_) => "the integer".to_owned(),
                J::Bool(_) => "the boolean".to_owned(),
                J::Null => "the null".to_owned(),
            };
            format!("{what}{rest}")
        }
        _ => message.to_string(),
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.instance_path.is_empty() {
            "the answer"
        } else {
            &self.instance_path
        };
        write!(f, "at {at}: {} (schema {})", self.message, self.schema_path)
    }
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::Schema { message } => {
                write!(f, "the answer_format can't be compiled: {message}")
            }
            AnswerError::Invalid { violations } => {
                f.write_str("the answer does not match its answer_format")?;
                for (i, v) in violations.iter().take(SHOWN_VIOLATIONS).enumerate() {
                    let sep = if i == 0 { ": " } else { "; " };
                    write!(f, "{sep}{v}")?;
                }
                if violations.len() > SHOWN_VIOLATIONS {
                    write!(f, "; and {} more", violations.len() - SHOWN_VIOLATIONS)?;
                }
                Ok(())
            }
            AnswerError::Limit { message } => write!(
                f,
                "the answer can't be checked: the regular expression engine gave up {message}"
            ),
            AnswerError::Shape { source } => {
                write!(
                    f,
                    "the answer matches its answer_format but not the generated type: {source}"
                )
            }
            AnswerError::Body { source } => write!(f, "the response body can't be read: {source}"),
        }
    }
}

impl std::error::Error for AnswerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AnswerError::Shape { source } | AnswerError::Body { source } => Some(source),
            AnswerError::Schema { .. }
            | AnswerError::Invalid { .. }
            | AnswerError::Limit { .. } => None,
        }
    }
}

/// The error of the `TryFrom<&str>` and `FromStr` conversions generated for string enums.
pub struct ConversionError(std::borrow::Cow<'static, str>);

impl std::error::Error for ConversionError {}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl fmt::Debug for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl From<&'static str> for ConversionError {
    fn from(value: &'static str) -> Self {
        Self(value.into())
    }
}

impl From<String> for ConversionError {
    fn from(value: String) -> Self {
        Self(value.into())
    }
}
