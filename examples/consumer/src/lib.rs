//! Typed answers of the specs in the repository's `specs/` directory, generated at build time.
//!
//! `build.rs` runs `agentspec_codegen::Builder` over `specs/`; the output is included below.
//! Each spec with an `answer_format` gets a root type named after its file
//! (`hn-stories.session.yaml` gives [`answers::HnStoriesAnswer`]) with `SCHEMA` and
//! `from_answer`, so a change to a spec that breaks this crate breaks its build.
//!
//! ```
//! use agentspec_example_consumer::answers::HnStoriesAnswer;
//!
//! let answer = serde_json::json!({"stories": [{"title": "Rust 2.0", "url": "https://example.com"}]});
//! let typed = HnStoriesAnswer::from_answer(&answer).unwrap();
//! assert_eq!(typed.stories[0].title, "Rust 2.0");
//! ```
//!
//! The crate denies missing docs: every generated item carries a doc comment.

#![deny(missing_docs)]

/// The generated answer types.
pub mod answers {
    include!(concat!(env!("OUT_DIR"), "/answers.rs"));
}

/// The answer types of this crate's own `specs/`: a search whose answer format has defaults,
/// titles, a tagged union, a nullable reference and a union of objects.
pub mod search {
    include!(concat!(env!("OUT_DIR"), "/search.rs"));
}

use answers::{HnStoriesAnswer, TripPlannerAnswer};

/// The titles of the stories a Hacker News session found, best first.
pub fn story_titles(answer: &HnStoriesAnswer) -> Vec<&str> {
    answer.stories.iter().map(|s| s.title.as_str()).collect()
}

/// One line summing up a planned trip.
pub fn trip_summary(answer: &TripPlannerAnswer) -> String {
    match answer.total_price_usd {
        Some(price) => format!("{} + {} for ${price:.2}", answer.flight, answer.hotel),
        None => format!("{} + {}", answer.flight, answer.hotel),
    }
}
