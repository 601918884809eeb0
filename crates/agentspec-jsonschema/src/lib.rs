//! Facts about the JSON Schemas embedded in AGP specs, with one home each so that `lint`,
//! `gen`, `Builder` and `check-answer` never disagree:
//!
//! - [`dialect`]: which draft a schema follows and the keywords each draft defines;
//! - [`walk`]: the walk over a schema's subschemas (one keyword table, on parsed nodes and on
//!   JSON values);
//! - [`refs`]: `$ref`/`$id`/`$anchor` resolution inside one document, never fetching;
//! - [`answer_format`]: which `answer_format` of a spec applies, or that two conflict.

#![warn(missing_docs)]

pub mod answer_format;
pub mod dialect;
pub mod refs;
pub mod walk;

pub use answer_format::{applicable, Applicable, Place, Placed};
pub use dialect::{dialect, known_draft, Dialect, KnownDraft};
pub use walk::for_each_subschema;
