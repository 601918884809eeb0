//! Whole-repository checks: catalog names, subagent cycles, duplicate definitions and the
//! `overrides` selectors of sessions that run a catalog agent.
//!
//! These rules read the [`Facts`](crate::catalog::Facts) of every file of a run together, so
//! their findings come from [`crate::catalog::check`], not from the per-file pass.

pub mod duplicate_agent_definition;
pub mod override_selector_unmatched_catalog;
pub mod subagent_cycle;
pub mod unresolved_agent;

use crate::catalog::CatalogContext;
use crate::{Registered, RuleMeta};

/// The rules of this group (their findings come from the cross-file pass).
pub const RULES: &[Registered] = &[
    Registered {
        meta: &unresolved_agent::UNRESOLVED_AGENT,
        check: None,
    },
    Registered {
        meta: &duplicate_agent_definition::DUPLICATE_AGENT_DEFINITION,
        check: None,
    },
    Registered {
        meta: &subagent_cycle::SUBAGENT_CYCLE,
        check: None,
    },
    Registered {
        meta: &override_selector_unmatched_catalog::OVERRIDE_SELECTOR_UNMATCHED_CATALOG,
        check: None,
    },
];

/// A cross-file check.
pub type CatalogCheck = fn(&mut CatalogContext<'_>);

/// The cross-file checks, with the rule each reports.
pub const CHECKS: &[(&RuleMeta, CatalogCheck)] = &[
    (&unresolved_agent::UNRESOLVED_AGENT, unresolved_agent::check),
    (
        &duplicate_agent_definition::DUPLICATE_AGENT_DEFINITION,
        duplicate_agent_definition::check,
    ),
    (&subagent_cycle::SUBAGENT_CYCLE, subagent_cycle::check),
    (
        &override_selector_unmatched_catalog::OVERRIDE_SELECTOR_UNMATCHED_CATALOG,
        override_selector_unmatched_catalog::check,
    ),
];
