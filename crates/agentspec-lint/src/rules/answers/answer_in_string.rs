use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Notes an answer that is a string holding JSON: its decoded content is what is checked.
    ///
    /// ## Why is this bad?
    /// It is not: the API types an answer as string or object, and a model often answers with
    /// JSON text. The note says which of the two was checked.
    ///
    /// ## Example
    /// ```json fragment
    /// "{\"city\": \"Paris\"}"
    /// ```
    pub static ANSWER_IN_STRING = ("answer-in-string", "answers", Info);
}
