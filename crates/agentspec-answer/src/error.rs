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
            let violation = Violation {
                instance_path: e.instance_path().as_str().to_owned(),
                schema_path: e.schema_path().as_str().to_owned(),
                message: e.to_string(),
            };
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
