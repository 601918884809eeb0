//! Typed answers of the specs in the repository's `specs/` directory.
