//! Every rule, one per file, grouped by what they check. Each group lists its rules in `RULES`.

pub mod environments;
pub mod structure;
pub mod syntax;

use crate::Registered;

/// The groups, in the order `agentspec rules` lists them.
pub const GROUPS: &[&[Registered]] = &[syntax::RULES, structure::RULES, environments::RULES];
