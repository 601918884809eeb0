//! Whole-repository checks: catalog names, subagent cycles, duplicate definitions and the
//! `overrides` selectors of sessions that run a catalog agent.
//!
//! These rules read the [`Facts`](crate::catalog::Facts) of every file of a run together, so
//! their findings come from [`crate::catalog::check`], not from the per-file pass.

pub mod duplicate_agent_definition;
pub mod override_selector_unmatched_catalog;
pub mod subagent_cycle;
pub mod unresolved_agent;

use crate::Registered;

/// The rules of this group, run by the cross-file pass.
pub const RULES: &[Registered] = &[
    Registered::catalog(&unresolved_agent::UNRESOLVED_AGENT, unresolved_agent::check),
    Registered::catalog(
        &duplicate_agent_definition::DUPLICATE_AGENT_DEFINITION,
        duplicate_agent_definition::check,
    ),
    Registered::catalog(&subagent_cycle::SUBAGENT_CYCLE, subagent_cycle::check),
    Registered::catalog(
        &override_selector_unmatched_catalog::OVERRIDE_SELECTOR_UNMATCHED_CATALOG,
        override_selector_unmatched_catalog::check,
    ),
];
