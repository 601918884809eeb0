//! Differential tests: the values agentspec reads equal those of the reference implementations,
//! ruamel.yaml (YAML 1.2) on the whole YAML Test Suite and on generated documents, and Python's
//! `json` on mutations of JSON specs. `fixtures/differential/load.py` loads with them. The
//! differences expected are listed by case and reason below, and printed on every run; an
//! unlisted difference fails, and so does a listed case that no longer differs.
//!
//! Without `python3` and ruamel.yaml the test fails when `CI` is set (`.ci/run` installs them)
//! and says it skipped otherwise.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use agentspec_syntax::{parse, Format, Limits, ProblemKind};
use serde_json::{json, Value};

/// Cases on which agentspec and the reference differ, with the reason.
const EXPECTED: &[(&str, &str)] = &[
    (
        "scalar:.inf",
        "agentspec keeps a non-finite float as its text: JSON can't hold it",
    ),
    (
        "scalar:-.Inf",
        "agentspec keeps a non-finite float as its text: JSON can't hold it",
    ),
    (
        "scalar:.nan",
        "agentspec keeps a non-finite float as its text: JSON can't hold it",
    ),
    (
        "scalar:1_000",
        "ruamel.yaml reads YAML 1.1's digit separators in 1.2; the 1.2 core schema has none",
    ),
    (
        "scalar:2001-12-14",
        "ruamel.yaml resolves timestamps, which the 1.2 core schema does not have",
    ),
    // Cases without an `in.json`: their `test.event` sides with agentspec.
    (
        "suite:4ABK",
        "ruamel.yaml keeps the `:` of `omitted value:,` in the flow key (event `=VAL :omitted value`)",
    ),
    (
        "suite:FRK4",
        "ruamel.yaml keeps the ` :` of `? foo :,` in the flow key (event `=VAL :foo`)",
    ),
    (
        "suite:UKK6/02",
        "ruamel.yaml reads `!` alone as null; the non-specific tag makes it the empty string \
         (event `=VAL <!> :`)",
    ),
];

/// Why the reference differs on a YAML Test Suite case where agentspec agrees with the suite
/// (its `error` file, or its `in.json`), or `None` when agentspec is the one that differs.
/// The suite decides: `yaml_test_suite.rs` holds agentspec to it case by case.
fn suite_reason(id: &str, ours: &Verdict, theirs: &Verdict) -> Option<&'static str> {
    let dir = workspace()
        .join("fixtures/peer-suites/yaml-test-suite/data")
        .join(id.strip_prefix("suite:")?);
    if dir.join("error").exists() {
        return ours
            .is_none()
            .then_some("ruamel.yaml accepts what the suite says is invalid");
    }
    let ours = ours.as_ref()?;
    let Some(theirs) = theirs else {
        return Some("ruamel.yaml refuses what the suite says is valid");
    };
    if theirs
        .iter()
        .any(|doc| doc.to_string().contains("\"$python\""))
    {
        return Some(
            "ruamel.yaml reads a type JSON can't hold (timestamp, binary, set, collection key)",
        );
    }
    let text = std::fs::read_to_string(dir.join("in.json")).ok()?;
    let expected: Vec<Value> = serde_json::Deserializer::from_str(&text)
        .into_iter::<Value>()
        .collect::<Result<_, _>>()
        .ok()?;
    (expected.len() == ours.len() && expected.iter().zip(ours).all(|(a, b)| same(a, b)))
        .then_some("ruamel.yaml reads a value other than the suite's `in.json`")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// Whether python3 with ruamel.yaml is there; fails under CI when it is not.
fn reference_available() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import ruamel.yaml"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with ruamel.yaml is needed under CI (.ci/run installs it)"
        );
        eprintln!("skipped: python3 with ruamel.yaml is not installed");
    }
    found
}

/// What one loader made of a text: its documents as JSON, or a refusal.
type Verdict = Option<Vec<Value>>;

/// The reference's verdict on every case.
fn reference(cases: &[(String, &'static str, String)]) -> Vec<Verdict> {
    let input: Vec<Value> = cases
        .iter()
        .map(|(id, lang, text)| json!({"id": id, "lang": lang, "text": text}))
        .collect();
    let mut child = Command::new("python3")
        .arg(workspace().join("fixtures/differential/load.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        serde_json::to_writer(stdin, &Value::Array(input)).expect("cases written");
    });
    let output = child.wait_with_output().expect("python3 ends");
    writer.join().expect("writer");
    assert!(output.status.success(), "load.py failed");
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON from load.py");
    assert_eq!(results.len(), cases.len());
    results
        .into_iter()
        .map(|r| (r["ok"] == true).then(|| r["docs"].as_array().cloned().unwrap_or_default()))
        .collect()
}

/// agentspec's verdict: refused on any syntax, encoding or duplicate-key problem.
fn ours(lang: &str, text: &str) -> Verdict {
    let format = if lang == "json" {
        Format::Json
    } else {
        Format::Yaml
    };
    let parsed = parse(text, format, &Limits::default());
    let refused = parsed.problems.iter().any(|p| {
        matches!(
            p.kind,
            ProblemKind::Syntax | ProblemKind::Encoding | ProblemKind::DuplicateKey
        )
    });
    if refused || (parsed.documents.is_empty() && !parsed.problems.is_empty()) {
        return None;
    }
    Some(parsed.documents.iter().map(|d| d.root.to_json()).collect())
}

/// JSON equality that compares numbers by value (`1.0 == 1`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

/// Every case of the YAML Test Suite, by id.
fn suite_cases() -> Vec<(String, &'static str, String)> {
    let data = workspace().join("fixtures/peer-suites/yaml-test-suite/data");
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(&data).expect("the suite") {
        let dir = entry.expect("entry").path();
        if dir.join("in.yaml").is_file() {
            dirs.push(dir);
        } else if dir.is_dir() {
            for sub in std::fs::read_dir(&dir).expect("a case") {
                let sub = sub.expect("entry").path();
                if sub.join("in.yaml").is_file() {
                    dirs.push(sub);
                }
            }
        }
    }
    dirs.sort();
    dirs.into_iter()
        .filter_map(|dir| {
            let id = dir.strip_prefix(&data).ok()?.display().to_string();
            let text = std::fs::read_to_string(dir.join("in.yaml")).ok()?;
            Some((format!("suite:{id}"), "yaml", text))
        })
        .collect()
}

/// A small deterministic generator (a linear congruential one: no dependency, same every run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> usize {
        (self.next() % n) as usize
    }
}

const SCALARS: &[&str] = &[
    "plain text",
    "42",
    "-7",
    "0x1F",
    "0o17",
    "3.25",
    "1e3",
    "true",
    "False",
    "null",
    "~",
    "yes",
    "no",
    "on",
    "'single ''quoted'''",
    "\"double \\t \\u00e9 \\x41 \\U0001F600 \\ud83d\\ude00\"",
    "\"\\N\\_\\L\\P\"",
    "\"\"",
    "''",
    "a: b",
    "'# not a comment'",
    "-",
    "+1",
    "012",
    "!!str 12",
    "!!int '7'",
    "!!float 3",
    "\"multi\n  line\"",
    "'multi\n\n  lines'",
];

/// Scalars read differently, each checked once (`scalar:<text>`) and listed in [`EXPECTED`].
const DIVERGENT: &[&str] = &[".inf", "-.Inf", ".nan", "1_000", "2001-12-14"];

/// A generated YAML value at `indent`, in block or flow style.
fn yaml_value(rng: &mut Rng, depth: usize, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match if depth > 3 { 0 } else { rng.below(6) } {
        0..=2 => {
            let scalar = SCALARS[rng.below(SCALARS.len() as u64)];
            out.push(' ');
            out.push_str(&scalar.replace('\n', &format!("\n{pad}  ")));
            out.push('\n');
        }
        3 => {
            out.push('\n');
            for i in 0..=rng.below(3) {
                out.push_str(&format!("{pad}k{i}:"));
                yaml_value(rng, depth + 1, indent + 2, out);
            }
        }
        4 => {
            out.push('\n');
            for _ in 0..=rng.below(3) {
                out.push_str(&format!("{pad}-"));
                yaml_value(rng, depth + 1, indent + 2, out);
            }
        }
        _ => {
            let literal = rng.below(2) == 0;
            let chomp = ["", "-", "+"][rng.below(3)];
            out.push_str(&format!(" {}{chomp}\n", if literal { '|' } else { '>' }));
            for line in ["one", "  more", "", "two", "three"]
                .iter()
                .take(1 + rng.below(5))
            {
                out.push_str(&format!("{pad}  {line}\n"));
            }
        }
    }
}

fn generated_cases() -> Vec<(String, &'static str, String)> {
    let mut rng = Rng(14);
    (0..300)
        .map(|i| {
            let mut text = String::new();
            for k in 0..=rng.below(4) {
                text.push_str(&format!("key{k}:"));
                yaml_value(&mut rng, 0, 2, &mut text);
            }
            (format!("generated:{i}"), "yaml", text)
        })
        .collect()
}

/// Mutations of JSON specs: a character deleted, doubled or replaced at positions spread over
/// each seed.
fn json_cases() -> Vec<(String, &'static str, String)> {
    let seeds = [
        "fixtures/check-answer/session.json",
        "fixtures/check-answer/stories-bad.json",
        "fixtures/check-answer/text-answer-bad.json",
    ];
    let replacements = [
        '"', ',', ':', '{', '}', '[', ']', '\\', '0', '-', 'e', '.', ' ', 'x',
    ];
    let mut rng = Rng(1900);
    let mut out = Vec::new();
    for seed in seeds {
        let text = std::fs::read_to_string(workspace().join(seed)).expect("seed");
        let chars: Vec<char> = text.chars().collect();
        out.push((format!("json:{seed}"), "json", text.clone()));
        for m in 0..600 {
            let at = rng.below(chars.len() as u64);
            let mut mutated = chars.clone();
            match m % 3 {
                0 => {
                    mutated.remove(at);
                }
                1 => mutated.insert(at, chars[at]),
                _ => mutated[at] = replacements[rng.below(replacements.len() as u64)],
            }
            out.push((
                format!("json:{seed}:{m}"),
                "json",
                mutated.into_iter().collect(),
            ));
        }
    }
    out
}

#[test]
fn values_equal_ruamel_yaml_and_python_json() {
    if !reference_available() {
        return;
    }
    let mut cases = suite_cases();
    let suite = cases.len();
    let generated = generated_cases().len() + DIVERGENT.len();
    cases.extend(generated_cases());
    cases.extend(
        DIVERGENT
            .iter()
            .map(|s| (format!("scalar:{s}"), "yaml", format!("v: {s}\n"))),
    );
    let json_texts = json_cases().len();
    cases.extend(json_cases());
    let theirs = reference(&cases);
    let mut differences = Vec::new();
    for ((id, lang, text), theirs) in cases.iter().zip(&theirs) {
        let ours = ours(lang, text);
        let kind = match (&ours, theirs) {
            (Some(a), Some(b))
                if a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)) =>
            {
                continue
            }
            (None, None) => continue,
            (Some(_), Some(_)) => "value",
            (Some(_), None) => "accepted by agentspec only",
            (None, Some(_)) => "accepted by the reference only",
        };
        differences.push((id.clone(), kind, ours, theirs.clone()));
    }
    // Where the suite sides with agentspec, the difference is the reference's.
    let mut by_suite = Vec::new();
    differences.retain(
        |(id, _, ours, theirs)| match suite_reason(id, ours, theirs) {
            Some(reason) => {
                by_suite.push(format!("  {id}: {reason}"));
                false
            }
            None => true,
        },
    );
    // Written to the process's standard error, which the test harness does not capture, so
    // the lists show in every run's log.
    let mut report = format!(
        "differential: {} cases ({suite} of the YAML Test Suite, {} generated YAML documents, {} \
         JSON texts); expected differences:\n",
        cases.len(),
        generated,
        json_texts
    );
    for (id, reason) in EXPECTED {
        report.push_str(&format!("  {id}: {reason}\n"));
    }
    report.push_str(&format!(
        "YAML Test Suite cases where the suite sides with agentspec ({}):\n",
        by_suite.len()
    ));
    for line in &by_suite {
        report.push_str(line);
        report.push('\n');
    }
    let _ = std::io::Write::write_all(&mut std::io::stderr(), report.as_bytes());
    let unexpected: Vec<String> = differences
        .iter()
        .filter(|(id, ..)| !EXPECTED.iter().any(|(e, _)| e == id))
        .map(|(id, kind, ours, theirs)| {
            format!(
                "{id}: {kind}\n    agentspec: {}\n    reference: {}",
                serde_json::to_string(ours).unwrap_or_default(),
                serde_json::to_string(theirs).unwrap_or_default()
            )
        })
        .collect();
    let stale: Vec<&str> = EXPECTED
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| !differences.iter().any(|(d, ..)| d == id))
        .collect();
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "{} unexpected differences:\n{}\nlisted but no longer different: {stale:?}",
        unexpected.len(),
        unexpected.join("\n")
    );
}
