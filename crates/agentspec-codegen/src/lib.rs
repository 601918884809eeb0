//! Generate typed Rust answers from the `answer_format` of AGP spec files.
