use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a rule named in a `# agentspec: ignore[rule] reason` comment when that rule
    /// found nothing on the line the comment covers. The label sits on the rule name.
    ///
    /// A suppression covers its own line when it follows code, and the next line that is not
    /// a comment when it stands on a line of its own. Not reported: suppressions of rules that
    /// the configuration turns off, of the `catalog` rules (what they find depends on the other
    /// files of the run), and suppressions in a file that does not parse.
    ///
    /// ## Why is this bad?
    /// A suppression that suppresses nothing is left over from a finding that was fixed, or
    /// sits on the wrong line. Either way it would silently hide the next real finding of that
    /// rule on that line.
    ///
    /// ## Example
    /// `unbounded-run` reports nothing here: `max_steps` is set.
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// max_steps: 30   # agentspec: ignore[unbounded-run] capped by the caller
    /// ```
    ///
    /// ## Fix
    /// Removes the unused rule name from the list, with its comma; when no name of the comment
    /// is used, removes the comment: after code, with the spaces before it; on a line of its
    /// own, with its line (but not when a blank line below would then join a block scalar
    /// above). The rest of the line stays byte for byte. Safe: a name that suppresses nothing
    /// changes no finding and comments change no value. JSON has no comments, so no
    /// suppressions to fix.
    pub static UNUSED_SUPPRESSION = ("unused-suppression", "suppressions", Warning; fix = Safe);
}
