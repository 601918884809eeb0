//! The diagnostic value every agentspec command reports: `lint` findings, `check-answer`
//! mismatches, the generator's notes and errors (`gen` and the `build.rs` `Builder`), and
//! `agentspec.toml` problems. One [`Severity`], one [`Diagnostic`] (rule name, message, byte
//! span, labels, help, fix as data) and one [`FileResult`] (a file's diagnostics with its
//! text), which every output format renders.
//!
//! Plain data: nothing here reads files or prints.

mod diagnostic;
mod fix;

pub use diagnostic::{is_hidden, printable, Diagnostic, FileResult, Related, RuleName, Severity};
pub use fix::{Applicability, Edit, Fix};
