use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `# agentspec: ignore…` comment that can't be applied: no `[rule, …]` list,
    /// an empty or unknown rule name (with the closest known name as a suggestion), a rule of
    /// the `suppressions` group, or no reason after the list. An invalid suppression
    /// suppresses nothing.
    ///
    /// ## Why is this bad?
    /// A suppression is a decision to accept a finding; the reason is what tells the next
    /// reader whether the decision still holds. A misspelled rule name would hide nothing and
    /// leave the reader believing the finding was accepted.
    ///
    /// ## Example
    /// An unknown rule (did you mean `unbounded-run`?) and no reason:
    /// ```yaml session
    /// # agentspec: ignore[unbounded-runs]
    /// agent: h/web-surfer-holo3-1-35b
    /// ```
    ///
    /// ## Fix
    /// Writes the suggested rule name in place of an unknown one. Unsafe: the suppression then
    /// applies and hides that rule's findings on the line it covers. When that rule finds
    /// nothing there, the fix is not applied (the suppression would be unused).
    pub static INVALID_SUPPRESSION = ("invalid-suppression", "suppressions", Error; fix = Unsafe);
}
