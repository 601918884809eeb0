//! The time one answer's check may take.
//!
//! The engine's limits bound one match of one `pattern` (its compiled size, its backtracking
//! steps), but not an answer holding hundreds of long strings, each near those limits: that
//! can take minutes. So an answer checked against a schema with patterns is checked on a
//! worker thread, and the caller waits at most [`CHECK_TIME_BUDGET`] for its verdict; past it,
//! the answer can't be checked ([`AnswerError::Limit`]), never a mismatch. The worker is left
//! to finish on its own (nothing can stop a match midway); the caller goes on at once, and a
//! command line run ends without waiting for it.
//!
//! A schema without patterns is checked on the calling thread: everything else the validator
//! does is linear in the answer.

use std::sync::{mpsc, Arc};
use std::time::Duration;

use serde_json::Value;

use crate::cache::Compiled;
use crate::AnswerError;

/// How long checking one answer against a schema with `pattern` or `patternProperties` may
/// take before the answer is reported as one that can't be checked.
pub const CHECK_TIME_BUDGET: Duration = Duration::from_secs(1);

/// `check(compiled, answer)`, within [`CHECK_TIME_BUDGET`] when the schema matches patterns.
pub(crate) fn within<T: Send + 'static>(
    compiled: &Arc<Compiled>,
    answer: &Value,
    check: impl FnOnce(&Compiled, &Value) -> T + Clone + Send + 'static,
) -> Result<T, AnswerError> {
    if !compiled.matches_patterns {
        return Ok(check(compiled, answer));
    }
    let (worker_compiled, worker_answer) = (Arc::clone(compiled), answer.clone());
    // A copy of the check runs on this thread where threads can't be started.
    let worker_check = check.clone();
    let (send, receive) = mpsc::sync_channel(1);
    let started = std::thread::Builder::new()
        .name("agentspec-answer-check".into())
        .spawn(move || {
            // The caller may have stopped waiting: nobody to tell then.
            let _ = send.send(worker_check(&worker_compiled, &worker_answer));
        });
    if started.is_err() {
        return Ok(check(compiled, answer));
    }
    match receive.recv_timeout(CHECK_TIME_BUDGET) {
        Ok(verdict) => Ok(verdict),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(AnswerError::Limit {
            message: format!(
                "after {} s, the time one answer's check may take (its patterns matched against \
                 its strings)",
                CHECK_TIME_BUDGET.as_secs()
            ),
        }),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err(stopped()),
    }
}

/// The worker ended without a verdict (it panicked).
fn stopped() -> AnswerError {
    AnswerError::Limit {
        message: "as the check stopped before its end".into(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn answers_far_past_the_engines_limits_are_undecided_within_the_budget() {
        // Each match is bounded by the compiled size (about 0.3 s on 30 KB, optimized), but
        // two hundred such strings would take a minute.
        let schema = json!({
            "type": "array",
            "items": {"type": "string", "pattern": "^(a{1,50}){1,50}b"}
        })
        .to_string();
        let answer = json!(vec!["a".repeat(30_000); 200]);
        let started = std::time::Instant::now();
        let verdict = crate::validate(&schema, &answer);
        let took = started.elapsed();
        assert!(
            matches!(verdict, Err(crate::AnswerError::Limit { .. })),
            "{verdict:?}"
        );
        assert!(took < crate::CHECK_TIME_BUDGET * 2, "took {took:?}");
        let message = verdict.unwrap_err().to_string();
        assert!(message.contains("after 1 s"), "{message}");
    }

    #[test]
    fn answers_within_the_budget_get_their_verdict() {
        let schema = json!({"type": "string", "pattern": "^[a-z]+$"}).to_string();
        assert!(crate::is_valid(&schema, &json!("abc")).unwrap());
        assert!(!crate::is_valid(&schema, &json!("ABC")).unwrap());
        assert!(matches!(
            crate::validate(&schema, &json!("ABC")),
            Err(crate::AnswerError::Invalid { .. })
        ));
    }
}
