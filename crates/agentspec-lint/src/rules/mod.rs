//! Every rule, one per file, grouped by what they check. Each group lists its rules in `RULES`.

pub mod agents;
pub mod answers;
pub mod catalog;
pub mod environments;
pub mod limits;
pub mod messages;
pub mod overrides;
pub mod schemas;
pub mod structure;
pub mod suppressions;
pub mod syntax;

use crate::Registered;

/// The groups, in the order `agentspec rules` lists them.
pub const GROUPS: &[&[Registered]] = &[
    syntax::RULES,
    structure::RULES,
    agents::RULES,
    environments::RULES,
    limits::RULES,
    messages::RULES,
    schemas::RULES,
    overrides::RULES,
    catalog::RULES,
    suppressions::RULES,
    answers::RULES,
];
