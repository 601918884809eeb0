//! Findings about answers, reported by `agentspec check-answer` on answer files (not by
//! `lint`): listed here so `agentspec rules` documents them and every output format describes
//! them.

mod answer_in_string;
mod answer_mismatch;
mod answer_missing;

pub use answer_in_string::ANSWER_IN_STRING;
pub use answer_mismatch::ANSWER_MISMATCH;
pub use answer_missing::ANSWER_MISSING;

use crate::{Registered, Run};

/// The rules of this group, run by `agentspec check-answer`.
pub const RULES: &[Registered] = &[
    Registered::by(&ANSWER_MISMATCH, Run::Answers),
    Registered::by(&ANSWER_IN_STRING, Run::Answers),
    Registered::by(&ANSWER_MISSING, Run::Answers),
];
