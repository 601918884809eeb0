use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a session or changes response that carries no answer (`latest_answer` or
    /// `answer` absent or null), so there is nothing to check.
    ///
    /// ## Why is this bad?
    /// A sample kept to test a consumer should hold an answer; a session that has not finished,
    /// or failed, has none.
    ///
    /// ## Example
    /// ```json fragment
    /// {"id": "…", "status": {"status": "running"}, "latest_answer": null}
    /// ```
    pub static ANSWER_MISSING = ("answer-missing", "answers", Warning);
}
