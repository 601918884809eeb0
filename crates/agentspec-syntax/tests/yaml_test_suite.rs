//! Runs the whole YAML Test Suite (the `data` branch layout) through the YAML loader.
//!
//! The suite is read from `fixtures/peer-suites/yaml-test-suite/data` in the workspace, or from
//! `$AGENTSPEC_PEER_SUITES/yaml-test-suite/data` when that is set.

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use agentspec_syntax::{parse, Format, Limits, ProblemKind};

/// Cases that are known to fail, with the reason. A listed case that passes fails the test too,
/// so that this list stays true.
const EXPECTED_FAILURES: &[(&str, &str)] = &[];

/// Valid cases whose mappings repeat a key once keys are compared as JSON object keys. The suite
/// does not test key uniqueness; the loader keeps the first entry and reports `DuplicateKey`,
/// which is checked here (and nothing else may be reported for them).
const DUPLICATE_KEY_CASES: &[(&str, &str)] = &[
    ("2JQS", "two empty keys, both `null`"),
    (
        "X38W",
        "the key `[a, b]` and the alias `*a` to it are equal keys",
    ),
];

fn suite_dir() -> PathBuf {
    let peer = match std::env::var_os("AGENTSPEC_PEER_SUITES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/peer-suites"),
    };
    peer.join("yaml-test-suite").join("data")
}

/// Every case directory (one holding `in.yaml`), with its id (`ABCD` or `ABCD/01`).
fn cases(data: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut dirs: Vec<_> = fs::read_dir(data)
        .expect("read the suite directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let id = dir.file_name().unwrap().to_string_lossy().into_owned();
        if dir.join("in.yaml").is_file() {
            out.push((id, dir));
            continue;
        }
        let mut subs: Vec<_> = fs::read_dir(&dir)
            .expect("read a case directory")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join("in.yaml").is_file())
            .collect();
        subs.sort();
        for sub in subs {
            let sub_id = sub.file_name().unwrap().to_string_lossy().into_owned();
            out.push((format!("{id}/{sub_id}"), sub));
        }
    }
    out
}

/// JSON equality that compares numbers by value (`1.0 == 1`) and objects regardless of order.
fn json_eq(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

enum Outcome {
    Pass,
    Fail(String),
}

fn run_case(id: &str, dir: &Path) -> Outcome {
    let source = match fs::read_to_string(dir.join("in.yaml")) {
        Ok(s) => s,
        Err(e) => return Outcome::Fail(format!("cannot read in.yaml: {e}")),
    };
    let parsed = parse(&source, Format::Yaml, &Limits::default());
    if dir.join("error").exists() {
        let rejected = parsed.problems.iter().any(|p| {
            p.kind == ProblemKind::Syntax
                && p.span.start <= p.span.end
                && p.span.end <= source.len()
        });
        return if rejected {
            Outcome::Pass
        } else {
            Outcome::Fail(format!(
                "accepted invalid YAML ({} documents, problems: {:?})",
                parsed.documents.len(),
                parsed.problems
            ))
        };
    }
    let duplicates_expected = DUPLICATE_KEY_CASES.iter().any(|(x, _)| *x == id);
    if duplicates_expected {
        let ok = !parsed.problems.is_empty()
            && parsed
                .problems
                .iter()
                .all(|p| p.kind == ProblemKind::DuplicateKey);
        if !ok || parsed.documents.is_empty() {
            return Outcome::Fail(format!(
                "expected only DuplicateKey problems and a loaded tree, got {:?}",
                parsed.problems
            ));
        }
    } else if let Some(problem) = parsed.problems.first() {
        return Outcome::Fail(format!("rejected valid YAML: {problem:?}"));
    }
    for doc in &parsed.documents {
        if let Err(why) = check_spans(&doc.root, &source) {
            return Outcome::Fail(why);
        }
    }
    // Compare with in.json, or else with the tree that test.event describes (for cases whose
    // keys JSON cannot hold, such as sequences and null).
    let expected = if let Ok(text) = fs::read_to_string(dir.join("in.json")) {
        let values: Result<Vec<serde_json::Value>, _> = serde_json::Deserializer::from_str(&text)
            .into_iter()
            .collect();
        match values {
            Ok(v) => v,
            Err(e) => return Outcome::Fail(format!("cannot read in.json: {e}")),
        }
    } else {
        match fs::read_to_string(dir.join("test.event")) {
            Ok(text) => events_to_json(&text),
            Err(e) => return Outcome::Fail(format!("cannot read test.event: {e}")),
        }
    };
    let actual: Vec<_> = parsed.documents.iter().map(|d| d.root.to_json()).collect();
    if actual.len() != expected.len() {
        return Outcome::Fail(format!(
            "loaded {} documents, in.json has {}",
            actual.len(),
            expected.len()
        ));
    }
    for (i, (a, e)) in actual.iter().zip(&expected).enumerate() {
        if !json_eq(a, e) {
            return Outcome::Fail(format!("document {i}: loaded {a}, expected {e}"));
        }
    }
    Outcome::Pass
}

/// Resolves a plain scalar with the YAML 1.2 core schema (independently of the crate).
fn core_schema(text: &str) -> serde_json::Value {
    use serde_json::Value as J;
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return J::Null,
        "true" | "True" | "TRUE" => return J::Bool(true),
        "false" | "False" | "FALSE" => return J::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.trim_start_matches('+').parse::<i64>() {
            return J::from(i);
        }
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if let Ok(i) = i64::from_str_radix(hex, 16) {
            return J::from(i);
        }
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if let Ok(i) = i64::from_str_radix(oct, 8) {
            return J::from(i);
        }
    }
    let float_chars = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b".-+eE".contains(&b));
    if float_chars && text.bytes().any(|b| b.is_ascii_digit()) {
        if let Ok(f) = text.parse::<f64>() {
            if let Some(n) = serde_json::Number::from_f64(f) {
                return J::Number(n);
            }
        }
    }
    J::String(text.to_owned())
}

/// Undoes the escapes of a `test.event` scalar.
fn unescape_event(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('\\') | None => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    out
}

/// The JSON object key for a loaded key value (a scalar's text, else compact JSON).
fn key_text(key: &serde_json::Value) -> String {
    match key {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

enum Open {
    Seq(Vec<serde_json::Value>, Option<String>),
    Map(
        serde_json::Map<String, serde_json::Value>,
        Option<serde_json::Value>,
        Option<String>,
    ),
}

/// The documents that a `test.event` stream describes, loaded as JSON.
fn events_to_json(events: &str) -> Vec<serde_json::Value> {
    use serde_json::Value as J;
    use std::collections::HashMap;
    let mut docs = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: HashMap<String, J> = HashMap::new();
    let mut root = None;
    for line in events.lines() {
        let mut value = None;
        let mut anchor = None;
        let words = |rest: &str| -> (Option<String>, Option<String>) {
            let mut anchor = None;
            let mut tag = None;
            for w in rest.split(' ') {
                if let Some(a) = w.strip_prefix('&') {
                    anchor = Some(a.to_owned());
                } else if w.starts_with('<') {
                    tag = Some(w.trim_matches(['<', '>']).to_owned());
                }
            }
            (anchor, tag)
        };
        if let Some(rest) = line.strip_prefix("+SEQ") {
            stack.push(Open::Seq(Vec::new(), words(rest).0));
        } else if let Some(rest) = line.strip_prefix("+MAP") {
            stack.push(Open::Map(serde_json::Map::new(), None, words(rest).0));
        } else if line == "-SEQ" || line == "-MAP" {
            match stack.pop() {
                Some(Open::Seq(items, a)) => {
                    value = Some(J::Array(items));
                    anchor = a;
                }
                Some(Open::Map(map, _, a)) => {
                    value = Some(J::Object(map));
                    anchor = a;
                }
                None => {}
            }
        } else if let Some(rest) = line.strip_prefix("=ALI *") {
            value = Some(anchors.get(rest).cloned().unwrap_or(J::Null));
        } else if let Some(rest) = line.strip_prefix("=VAL ") {
            let mut props = rest;
            let mut tag = None;
            // Properties come first, then the style indicator and the text.
            loop {
                if let Some(p) = props.strip_prefix('&') {
                    let end = p.find(' ').unwrap_or(p.len());
                    anchor = Some(p[..end].to_owned());
                    props = p[end..].trim_start_matches(' ');
                } else if let Some(p) = props.strip_prefix('<') {
                    let end = p.find('>').unwrap_or(p.len());
                    tag = Some(p[..end].to_owned());
                    props = p[(end + 1).min(p.len())..].trim_start_matches(' ');
                } else {
                    break;
                }
            }
            let style = props.chars().next().unwrap_or(':');
            let text = unescape_event(props.get(1..).unwrap_or(""));
            value = Some(match tag.as_deref() {
                Some("tag:yaml.org,2002:str") => J::String(text),
                Some(
                    "tag:yaml.org,2002:int"
                    | "tag:yaml.org,2002:float"
                    | "tag:yaml.org,2002:bool"
                    | "tag:yaml.org,2002:null",
                ) => core_schema(&text),
                Some(_) => J::String(text),
                None if style == ':' => core_schema(&text),
                None => J::String(text),
            });
        } else if line.starts_with("-DOC") {
            docs.push(root.take().unwrap_or(J::Null));
        }
        let Some(value) = value else { continue };
        if let Some(a) = anchor {
            anchors.insert(a, value.clone());
        }
        match stack.last_mut() {
            None => root = Some(value),
            Some(Open::Seq(items, _)) => items.push(value),
            Some(Open::Map(_, key @ None, _)) => *key = Some(value),
            Some(Open::Map(map, key, _)) => {
                let k = key_text(&key.take().unwrap_or(J::Null));
                map.entry(k).or_insert(value);
            }
        }
    }
    docs
}

/// Spans must lie within the source on char boundaries, and a plain or quoted one-line string
/// must span exactly its source text.
fn check_spans(node: &agentspec_syntax::Node, source: &str) -> Result<(), String> {
    use agentspec_syntax::ScalarStyle;
    let Some(text) = source.get(node.span.start..node.span.end) else {
        return Err(format!("span {:?} is not a range of the source", node.span));
    };
    if let Some(s) = node.as_str() {
        let plain_text = !text.starts_with(['&', '!']) && !text.contains(['\n', '\\']);
        let expected = match node.style {
            ScalarStyle::Plain if plain_text && !s.contains('\n') => Some(s.to_owned()),
            ScalarStyle::DoubleQuoted if plain_text && !s.contains('\n') => {
                Some(format!("\"{s}\""))
            }
            _ => None,
        };
        if let Some(expected) = expected {
            if text != expected {
                return Err(format!(
                    "span {:?} covers {text:?}, expected {expected:?}",
                    node.span
                ));
            }
        }
    }
    if let Some(items) = node.as_seq() {
        for item in items {
            check_spans(item, source)?;
        }
    }
    if let Some(entries) = node.as_map() {
        for entry in entries {
            if source
                .get(entry.key.span.start..entry.key.span.end)
                .is_none()
            {
                return Err(format!(
                    "key span {:?} is not a range of the source",
                    entry.key.span
                ));
            }
            check_spans(&entry.value, source)?;
        }
    }
    Ok(())
}

#[test]
fn yaml_test_suite() {
    let data = suite_dir();
    assert!(
        data.is_dir(),
        "the YAML Test Suite is missing: expected its data at {} (checked in under fixtures/peer-suites)",
        data.display()
    );
    let cases = cases(&data);
    assert!(!cases.is_empty(), "no cases found under {}", data.display());

    let mut failures = Vec::new();
    let (mut error_cases, mut rejected, mut valid_cases, mut matched) = (0, 0, 0, 0);
    for (id, dir) in &cases {
        let is_error = dir.join("error").exists();
        if is_error {
            error_cases += 1;
        } else {
            valid_cases += 1;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| run_case(id, dir)))
            .unwrap_or_else(|_| Outcome::Fail("panicked".to_owned()));
        match outcome {
            Outcome::Pass if is_error => rejected += 1,
            Outcome::Pass => matched += 1,
            Outcome::Fail(why) => failures.push((id.clone(), why)),
        }
    }

    println!("YAML Test Suite: {} cases", cases.len());
    println!("  error cases rejected: {rejected}/{error_cases}");
    println!("  valid cases matched:  {matched}/{valid_cases}");
    for (id, why) in &failures {
        let listed = EXPECTED_FAILURES.iter().any(|(x, _)| x == id);
        println!(
            "  FAIL {id}{}: {why}",
            if listed { " (expected)" } else { "" }
        );
    }

    let unexpected: Vec<_> = failures
        .iter()
        .filter(|(id, _)| !EXPECTED_FAILURES.iter().any(|(x, _)| x == id))
        .map(|(id, _)| id.as_str())
        .collect();
    let now_passing: Vec<_> = EXPECTED_FAILURES
        .iter()
        .filter(|(x, _)| !failures.iter().any(|(id, _)| id == x))
        .map(|(x, _)| *x)
        .collect();
    assert!(unexpected.is_empty(), "unexpected failures: {unexpected:?}");
    assert!(
        now_passing.is_empty(),
        "listed as expected failures but passing now (remove them from EXPECTED_FAILURES): {now_passing:?}"
    );
}
