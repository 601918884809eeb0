//! Findings of the loader: syntax errors, duplicate keys, input limits, document count, kind.

pub mod duplicate_key;
pub mod input_limit;
pub mod multiple_documents;
pub mod syntax_error;
pub mod unknown_spec_kind;

use crate::{Registered, Run};

/// The rules of this group.
pub const RULES: &[Registered] = &[
    Registered::by(&syntax_error::SYNTAX_ERROR, Run::Loader),
    Registered::by(&duplicate_key::DUPLICATE_KEY, Run::Loader),
    Registered::by(&input_limit::INPUT_LIMIT, Run::Loader),
    Registered::by(&multiple_documents::MULTIPLE_DOCUMENTS, Run::Loader),
    Registered::by(&unknown_spec_kind::UNKNOWN_SPEC_KIND, Run::Loader),
];
