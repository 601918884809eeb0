//! Every example body of the API reference deserializes into its model and serializes back to the
//! same JSON value.

use agentspec_model::{
    Environment, QuotaStatus, SendMessages, Session, SessionChanges, SessionRequest, SessionStatus,
    SessionSummary, UserMessage,
};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// JSON equality where numbers compare by value (`123` and `123.0` are the same JSON number).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

#[track_caller]
fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let original: Value = serde_json::from_str(text).expect("example is JSON");
    let model: T = serde_json::from_value(original.clone()).unwrap_or_else(|e| {
        panic!("example does not deserialize: {e}\n{text}");
    });
    let back = serde_json::to_value(&model).expect("model serializes");
    assert!(
        same_json(&original, &back),
        "round trip changed the body\n before: {original}\n after:  {back}"
    );
    model
}

#[test]
fn minimal_catalog_session() {
    round_trip::<SessionRequest>(
        r#"{"agent": "h/web-surfer-holo3-1-35b",
            "messages": [{"type": "user_message", "message": "Top 3 stories on Hacker News?"}]}"#,
    );
}

#[test]
fn inline_agent_session() {
    round_trip::<SessionRequest>(
        r#"{"agent": {"name": "weather-agent", "description": "Looks up weather by city",
             "environments": [{"id": "browser", "kind": "web", "headless": true,
                               "width": 1280, "height": 720, "start_url": "https://www.bing.com/"}]}}"#,
    );
}

#[test]
fn create_page_request_sample() {
    let request = round_trip::<SessionRequest>(
        r#"{"agent": "h/web-surfer-holo3-1-35b", "messages": [{"type": "user_message", "message": "x"}],
            "max_steps": 123, "max_time_s": 123, "idle_timeout_s": 123, "group_id": "<string>",
            "parent_session_id": "<string>", "answer_format": {}}"#,
    );
    assert_eq!(request.max_steps.into_option(), Some(123));
}

#[test]
fn basic_session_with_idempotency_key_body() {
    round_trip::<SessionRequest>(
        r#"{"agent": "h/web-surfer-holo3-1-35b",
            "messages": [{"type": "user_message", "message": "Search for direct flights from CDG to NRT on June 15"}]}"#,
    );
}

#[test]
fn inline_agent_with_null_start_url() {
    round_trip::<SessionRequest>(
        r#"{"agent": {"name": "web-price-finder",
              "description": "Web browsing agent with a custom browser config",
              "environments": [{"id": "browser", "kind": "web", "headless": true, "width": 1280,
                                "height": 720, "start_url": null}]},
            "messages": [{"type": "user_message", "message": "Open the spreadsheet on the desktop and create a summary of Q2 sales"}]}"#,
    );
}

#[test]
fn child_session() {
    round_trip::<SessionRequest>(
        r#"{"agent": "h/web-surfer-holo3-1-35b", "parent_session_id": "parent-session-uuid",
            "group_id": "trip-planning-001",
            "messages": [{"type": "user_message", "message": "Find hotels near Shinjuku station under $150/night"}]}"#,
    );
}

#[test]
fn structured_answer_session() {
    round_trip::<SessionRequest>(
        r#"{"agent": "h/web-surfer-holo3-1-35b",
            "answer_format": {"type": "object",
              "properties": {"stories": {"type": "array", "items": {"type": "object",
                "properties": {"title": {"type": "string"}, "url": {"type": "string"}},
                "required": ["title", "url"]}}},
              "required": ["stories"]}}"#,
    );
}

#[test]
fn overrides_and_queue() {
    round_trip::<SessionRequest>(
        r#"{"agent": "acme/weather-agent", "queue": false,
            "overrides": {"agent.environments[kind=web].start_url": "https://bing.com"}}"#,
    );
}

#[test]
fn bare_string_and_single_message() {
    round_trip::<SessionRequest>(r#"{"agent": "h/web-surfer-flash", "messages": "Find a flight"}"#);
    round_trip::<SessionRequest>(
        r#"{"agent": "h/web-surfer-flash", "messages": {"type": "user_message", "message": "hi"}}"#,
    );
}

#[test]
fn multi_agent_text_browser() {
    round_trip::<SessionRequest>(
        r#"{"agent": {"name": "research-manager", "description": "Delegates research",
              "subagents": [{"name": "searcher", "description": "Searches the web",
                "environments": [{"id": "search-browser", "kind": "web", "mode": "text",
                  "width": 1280, "height": 720, "start_url": "https://www.bing.com"}]},
                "h/web-surfer-pro"]}}"#,
    );
}

#[test]
fn openapi_browser_shape_and_desktop() {
    round_trip::<SessionRequest>(
        r#"{"agent": {"name": "acme/desk", "description": "Works on a desktop and a browser",
              "environments": [
                {"id": "web", "kind": "web", "mode": {"type": "visual", "width": 1200, "height": 1200, "markdown": true},
                 "network": {"managed_proxy": {"country": "FR", "sticky": true, "pool": "residential"}},
                 "browser_profile_id": null, "persist_browser_profile": false},
                {"id": "desk", "kind": "desktop", "host": "user_device"}],
              "tools": [{"name": "lookup_order", "description": "Looks up an order",
                         "input_schema": {"type": "object", "properties": {"id": {"type": "string"}}}}],
              "skills": [{"name": "checkout", "description": "Use this when paying", "body": "Pay.",
                          "url_pattern": "^https://shop\\.example\\.com/"}, "acme/returns"],
              "answer_format": null}}"#,
    );
}

#[test]
fn environment_create_response() {
    round_trip::<Environment>(
        r#"{"id":"wide-browser","kind":"web","headless":true,"width":1920,"height":1080,"start_url":null,"mode":"visual"}"#,
    );
    round_trip::<Environment>(
        r#"{"id":"t","kind":"web","mode":{"type":"text","chunk_size":20000}}"#,
    );
}

#[test]
fn stored_user_message() {
    round_trip::<UserMessage>(
        r#"{"type":"user_message","message":"…","images":[],"caller_id":"user"}"#,
    );
}

#[test]
fn send_messages_bodies() {
    round_trip::<SendMessages>(r#"{"type":"user_message","message":"And the weather?"}"#);
    round_trip::<SendMessages>(
        r#"{"type":"batch","messages":[{"type":"user_message","message":"a"},{"type":"user_message","message":"b"}]}"#,
    );
}

#[test]
fn created_session_response() {
    let session = round_trip::<Session>(
        r#"{"id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",
            "request": {"agent": "h/web-surfer-holo3-1-35b",
              "messages": [{"type": "user_message", "message": "Find the best-rated sushi restaurants in San Francisco"}]},
            "status": {"status": "pending", "error": null, "steps": 0, "usage_per_model": [], "subagent_session_ids": []},
            "created_at": "2026-05-07T14:30:00Z", "started_at": null, "finished_at": null}"#,
    );
    assert!(!session.status.status.is_terminal());
}

#[test]
fn status_example() {
    round_trip::<SessionStatus>(
        r#"{"status":"running","error":null,"steps":7,"usage_per_model":[{"name":"holo3-35b-a3b","input_tokens":12400,"output_tokens":890,"reasoning_tokens":0}],"subagent_session_ids":[]}"#,
    );
}

#[test]
fn changes_example() {
    round_trip::<SessionChanges>(
        r#"{"status":"running","started_at":"2026-05-07T14:30:02Z","finished_at":null,"error":null,"answer":null,
            "metrics":{"steps":2,"total_cost":0.0093874,"input_cost":0.0084664,"output_cost":0.000921,
              "cost_per_model":[{"name":"holo3-122b-a10b","input_tokens":21166,"output_tokens":307,"total_cost":0.0093874}]},
            "new_events":[{"type":"AgentEvent","data":{"...":"..."},"timestamp":"2026-05-07T14:30:05Z"}]}"#,
    );
}

#[test]
fn completed_session_with_answer_and_failure_codes() {
    round_trip::<Session>(
        r#"{"id":"a1b2","request":{"agent":"h/web-surfer-holo3-1-35b"},
            "status":{"status":"failed","error":"every attempt failed","error_code":"answer_validation","outcome":null},
            "agent_view_url":null,"latest_answer":{"stories":[]},"created_at":"2026-05-07T14:30:00Z"}"#,
    );
}

#[test]
fn list_summary_and_quota() {
    round_trip::<SessionSummary>(
        r#"{"id":"a1","agent":"h/web-surfer-holo3-1-35b","status":"completed",
            "first_message":{"type":"user_message","message":"…","images":[],"caller_id":"user"},
            "created_at":"2026-05-07T14:30:00Z","started_at":"2026-05-07T14:30:02Z","finished_at":"2026-05-07T14:31:00Z"}"#,
    );
    round_trip::<QuotaStatus>(r#"{"scope":"org","limit":10,"active":3,"available":7}"#);
}

#[test]
fn every_status_value_parses() {
    for status in [
        "queued",
        "pending",
        "running",
        "paused",
        "idle",
        "awaiting_tool_results",
        "completed",
        "timed_out",
        "interrupted",
        "failed",
    ] {
        round_trip::<SessionStatus>(&format!(r#"{{"status":"{status}"}}"#));
    }
}

#[test]
fn unknown_error_code_reads_as_internal() {
    let status: SessionStatus =
        serde_json::from_str(r#"{"status":"failed","error_code":"quota_exploded"}"#).unwrap();
    assert_eq!(
        status.error_code.into_option(),
        Some(agentspec_model::ErrorCode::Internal)
    );
}

#[test]
fn typed_answer_plugs_into_session() {
    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
    struct Stories {
        stories: Vec<String>,
    }
    let changes: SessionChanges<Stories> = serde_json::from_str(
        r#"{"status":"completed","answer":{"stories":["a","b"]},"outcome":"success"}"#,
    )
    .unwrap();
    assert_eq!(changes.answer.into_option().unwrap().stories, ["a", "b"]);
}
