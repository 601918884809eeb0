//! Diagnostics as values: the one type every command reports lives in `agentspec-diagnostic`;
//! here, rule metadata names the rule of a finding.

pub use agentspec_diagnostic::{is_hidden, printable, Diagnostic, Related, RuleName, Severity};

impl RuleName for &'static crate::RuleMeta {
    fn rule_name(&self) -> &'static str {
        self.name
    }
}
