//! Real sample answers, read through the types `build.rs` generated from `specs/`.
//!
//! `answers/<spec>.<label>.valid.json` must be accepted and `answers/<spec>.<label>.invalid.json`
//! rejected with a validation error that says where the answer is wrong.

use std::path::{Path, PathBuf};

use agentspec_answer::{AnswerError, Nullable, Status, TypedAnswer};
use agentspec_example_consumer::answers::{HnStoriesAnswer, TripPlannerAnswer, WeatherAgentAnswer};
use agentspec_example_consumer::{story_titles, trip_summary};
use serde_json::Value;

fn answers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("answers")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(answers_dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn json(name: &str) -> Value {
    serde_json::from_str(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Reads `answer` with the type of the spec `spec`.
fn check(spec: &str, answer: &Value) -> Result<(), AnswerError> {
    match spec {
        "hn-stories" => HnStoriesAnswer::from_answer(answer).map(drop),
        "trip-planner" => TripPlannerAnswer::from_answer(answer).map(drop),
        "weather-agent" => WeatherAgentAnswer::from_answer(answer).map(drop),
        other => panic!("no answer type for spec `{other}`"),
    }
}

#[test]
fn every_sample_answer_is_judged_as_its_name_says() {
    let mut names: Vec<String> = std::fs::read_dir(answers_dir())
        .expect("answers/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".valid.json") || n.ends_with(".invalid.json"))
        .collect();
    names.sort();
    assert!(
        names.len() >= 10,
        "expected the sample answers in answers/, found {names:?}"
    );
    for name in names {
        let spec = name.split('.').next().expect("spec prefix");
        let result = check(spec, &json(&name));
        if name.ends_with(".invalid.json") {
            match result {
                Err(AnswerError::Invalid { violations }) => {
                    assert!(!violations.is_empty(), "{name}: no violation listed");
                }
                other => panic!("{name}: expected a validation error, got {other:?}"),
            }
        } else {
            result.unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}

#[test]
fn valid_answers_read_as_typed_values() {
    let stories = HnStoriesAnswer::from_answer(&json("hn-stories.top3.valid.json")).expect("valid");
    assert_eq!(
        story_titles(&stories)[0],
        "Show HN: A tiny JSON Schema validator"
    );
    assert_eq!(stories.stories[0].points, Some(412));

    let trip =
        TripPlannerAnswer::from_answer(&json("trip-planner.full.valid.json")).expect("valid");
    assert_eq!(
        trip_summary(&trip),
        "AF 276, CDG 13:25 to HND 08:50+1 + Hotel Gracery Shinjuku for $1480.50"
    );

    let weather =
        WeatherAgentAnswer::from_answer(&json("weather-agent.paris.valid.json")).expect("valid");
    assert_eq!(weather.city, "Paris");
    assert_eq!(weather.forecast[0].high_c, Some(27.0));
    assert_eq!(weather.forecast[1].low_c, None);
}

#[test]
fn parsed_answers_compare_equal_to_values_built_by_hand_and_serialize_back() {
    use agentspec_example_consumer::answers::{
        HnStoriesAnswerStoriesItem, WeatherAgentAnswerForecastItem,
    };

    let trip = TripPlannerAnswer::from_answer(&json("trip-planner.full.valid.json")).unwrap();
    assert_eq!(
        trip,
        TripPlannerAnswer {
            flight: "AF 276, CDG 13:25 to HND 08:50+1".into(),
            hotel: "Hotel Gracery Shinjuku".into(),
            total_price_usd: Some(1480.5),
        }
    );
    assert_eq!(
        serde_json::to_value(&trip).unwrap(),
        json("trip-planner.full.valid.json")
    );

    let stories = HnStoriesAnswer::from_answer(&json("hn-stories.top3.valid.json")).unwrap();
    let first = HnStoriesAnswerStoriesItem {
        title: "Show HN: A tiny JSON Schema validator".into(),
        url: "https://example.com/validator".into(),
        points: Some(412),
    };
    assert_eq!(stories.stories[0], first);
    // Every field is `Eq + Hash`, so the story type derives both: it can go in a set.
    let unique: std::collections::HashSet<&HnStoriesAnswerStoriesItem> =
        stories.stories.iter().chain([&first]).collect();
    assert_eq!(unique.len(), 3);
    assert_eq!(
        serde_json::to_value(&stories).unwrap(),
        json("hn-stories.top3.valid.json")
    );

    let weather = WeatherAgentAnswer::from_answer(&json("weather-agent.paris.valid.json")).unwrap();
    assert_eq!(
        weather,
        WeatherAgentAnswer {
            city: "Paris".into(),
            forecast: vec![
                WeatherAgentAnswerForecastItem {
                    date: "2026-06-15".into(),
                    summary: "Sunny".into(),
                    high_c: Some(27.0),
                    low_c: Some(16.5),
                },
                WeatherAgentAnswerForecastItem {
                    date: "2026-06-16".into(),
                    summary: "Showers in the afternoon".into(),
                    high_c: None,
                    low_c: None,
                },
            ],
        }
    );
}

#[test]
fn an_answer_sent_as_text_is_decoded() {
    let answer =
        HnStoriesAnswer::from_answer(&json("hn-stories.as-text.valid.json")).expect("valid");
    assert_eq!(answer.stories[0].title, "Answers can arrive as text");
}

#[test]
fn errors_say_where_the_answer_is_wrong() {
    let error =
        HnStoriesAnswer::from_answer(&json("hn-stories.too-many.invalid.json")).unwrap_err();
    let text = error.to_string();
    assert!(text.contains("/stories"), "{text}");
    assert!(text.contains("maxItems"), "{text}");

    let error =
        TripPlannerAnswer::from_answer(&json("trip-planner.free-trip.invalid.json")).unwrap_err();
    assert!(error.to_string().contains("/total_price_usd"), "{error}");
}

#[test]
fn the_schema_constant_is_the_spec_answer_format() {
    let schema: Value = serde_json::from_str(HnStoriesAnswer::SCHEMA).expect("JSON");
    assert_eq!(schema["properties"]["stories"]["maxItems"], 3);
    assert_eq!(
        <TripPlannerAnswer as TypedAnswer>::SCHEMA,
        TripPlannerAnswer::SCHEMA
    );
}

#[test]
fn a_whole_session_reads_with_a_typed_answer() {
    let session =
        agentspec_answer::parse_session::<HnStoriesAnswer>(&read("session.hn-stories.json"))
            .expect("session");
    assert_eq!(session.status.status, Status::Completed);
    let answer = session.latest_answer.as_ref().expect("answer");
    assert_eq!(answer.stories.len(), 1);
}

#[test]
fn a_changes_response_reads_with_a_typed_answer() {
    let changes =
        agentspec_answer::parse_changes::<TripPlannerAnswer>(&read("changes.trip-planner.json"))
            .expect("changes");
    assert_eq!(changes.status, Status::Completed);
    let answer = changes.answer.as_ref().expect("answer");
    assert_eq!(answer.hotel, "Hotel Gracery Shinjuku");

    let running =
        agentspec_answer::parse_changes::<TripPlannerAnswer>(&read("changes.running.json"))
            .expect("changes");
    assert!(matches!(running.answer, Nullable::Null));
}

#[test]
fn a_session_whose_answer_breaks_the_schema_is_an_error() {
    let body = read("session.hn-stories.json").replace("\"points\": 412", "\"points\": -1");
    let error = agentspec_answer::parse_session::<HnStoriesAnswer>(&body).unwrap_err();
    assert!(matches!(error, AnswerError::Invalid { .. }), "{error:?}");
}
