//! A deterministic corpus of realistic session specs for benchmarks: half YAML, half JSON,
//! about 4 KB each, with inline agents and answer_format schemas.

use std::fmt::Write;
use std::path::Path;

use serde_json::{json, Map, Value};

/// A small deterministic generator (SplitMix64), so the corpus is the same on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const WORDS: &[&str] = &[
    "price", "flight", "hotel", "story", "review", "order", "invoice", "weather", "ticket",
    "product", "author", "rating", "city", "date", "total", "summary", "listing", "offer",
    "seller", "url",
];
const SITES: &[&str] = &[
    "https://www.bing.com",
    "https://news.ycombinator.com",
    "https://www.booking.com",
    "https://shop.example.com",
];
const MODELS: &[&str] = &["holo3-122b-a10b", "holo3-1-35b-a3b", "holo3-35b-a3b"];

fn name(rng: &mut Rng, parts: usize) -> String {
    (0..parts)
        .map(|_| rng.pick(WORDS))
        .collect::<Vec<_>>()
        .join("-")
}

fn property_schema(rng: &mut Rng, depth: usize) -> Value {
    match (rng.below(5), depth) {
        (0, d) if d < 2 => {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for _ in 0..3 {
                let key = name(rng, 1);
                if !properties.contains_key(&key) {
                    required.push(json!(key.clone()));
                    properties.insert(key, property_schema(rng, depth + 1));
                }
            }
            json!({"type": "object", "properties": properties, "required": required})
        }
        (1, d) if d < 2 => json!({"type": "array", "items": property_schema(rng, depth + 1)}),
        (2, _) => {
            json!({"type": "integer", "description": format!("The {} count.", rng.pick(WORDS))})
        }
        (3, _) => json!({"type": "number"}),
        _ => {
            json!({"type": "string", "description": format!("The {} as shown on the page.", rng.pick(WORDS))})
        }
    }
}

/// One valid session request of about 4 KB.
pub fn session(rng: &mut Rng) -> Value {
    let agent_name = format!("acme/{}", name(rng, 2));
    let mut properties = Map::new();
    for _ in 0..12 {
        properties.insert(name(rng, 2).replace('-', "_"), property_schema(rng, 0));
    }
    let required: Vec<Value> = properties.keys().take(3).map(|k| json!(k)).collect();
    let subagent = json!({
        "name": format!("acme/{}", name(rng, 2)),
        "description": format!("Finds the {} and the {} of a {}", rng.pick(WORDS), rng.pick(WORDS), rng.pick(WORDS)),
        "environments": [{"id": "sub-browser", "kind": "web", "mode": "text", "page_chars": 20000, "start_url": rng.pick(SITES)}],
    });
    json!({
        "agent": {
            "name": agent_name,
            "description": format!("Collects {} and {} details from the web", rng.pick(WORDS), rng.pick(WORDS)),
            "model": rng.pick(MODELS),
            "instructions": format!(
                "Prefer official sources. Report the {} exactly as shown. Never guess a {}. When a page shows \
                 several {} values, take the one nearest to the {} and say which one you took. Stop once the \
                 {} and the {} are known.",
                rng.pick(WORDS), rng.pick(WORDS), rng.pick(WORDS), rng.pick(WORDS), rng.pick(WORDS), rng.pick(WORDS)
            ),
            "environments": [{
                "id": "browser", "kind": "web", "headless": true,
                "width": 1280, "height": 720 + 8 * rng.below(40), "start_url": rng.pick(SITES)
            }],
            "skills": [{
                "name": format!("acme/{}", name(rng, 2)),
                "description": format!("Use this when a page lists {} tables", rng.pick(WORDS)),
                "body": "Read the table row by row and keep the units.\nSkip advertisements.\n",
                "url_pattern": "^https://(www\\.)?example\\.com/"
            }],
            "subagents": [subagent, "h/web-surfer-pro"],
        },
        "messages": [{"type": "user_message", "message": format!("Find the {} of the {} near {}", rng.pick(WORDS), rng.pick(WORDS), rng.pick(WORDS))}],
        "max_steps": 20 + rng.below(60),
        "max_time_s": 300,
        "group_id": format!("bench-{}", rng.below(100)),
        "answer_format": {"type": "object", "properties": properties, "required": required},
    })
}

/// Makes a valid session invalid in one of a few realistic ways.
pub fn break_session(rng: &mut Rng, value: &mut Value) {
    match rng.below(3) {
        0 => value["max_step"] = json!(10),
        1 => value["agent"]["environments"][0]["width"] = json!("1280"),
        _ => value["messages"][0]["type"] = json!("user_mesage"),
    }
}

/// Writes `value` as block-style YAML.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    emit(value, 0, &mut out, false);
    out
}

fn scalar(value: &Value) -> String {
    match value {
        Value::String(s)
            if s.contains('\n')
                || s.contains(": ")
                || s.starts_with(['^', '*', '&', '!', '{', '[', '-', '#'])
                || s.is_empty() =>
        {
            serde_json::to_string(s).unwrap_or_default()
        }
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn emit(value: &Value, indent: usize, out: &mut String, in_list: bool) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (i, (key, item)) in map.iter().enumerate() {
                let prefix = if in_list && i == 0 {
                    String::new()
                } else {
                    pad.clone()
                };
                match item {
                    Value::Object(m) if !m.is_empty() => {
                        let _ = writeln!(out, "{prefix}{key}:");
                        emit(item, indent + 2, out, false);
                    }
                    Value::Array(a) if !a.is_empty() => {
                        let _ = writeln!(out, "{prefix}{key}:");
                        emit(item, indent + 2, out, false);
                    }
                    _ => {
                        let _ = writeln!(out, "{prefix}{key}: {}", scalar(item));
                    }
                }
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for item in items {
                out.push_str(&pad);
                out.push_str("- ");
                match item {
                    Value::Object(m) if !m.is_empty() => emit(item, indent + 2, out, true),
                    _ => {
                        let _ = writeln!(out, "{}", scalar(item));
                    }
                }
            }
        }
        Value::Object(_) => out.push_str("{}\n"),
        Value::Array(_) => out.push_str("[]\n"),
        other => {
            let _ = writeln!(out, "{pad}{}", scalar(other));
        }
    }
}

/// Writes `count` specs into `dir` (emptied first); `broken_percent` of them invalid.
pub fn write(dir: &Path, count: usize, broken_percent: u64, seed: u64) -> std::io::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    for i in 0..count {
        let mut value = session(&mut rng);
        if rng.below(100) < broken_percent {
            break_session(&mut rng, &mut value);
        }
        let (name, text) = if i % 2 == 0 {
            (format!("spec-{i:04}.session.yaml"), to_yaml(&value))
        } else {
            (
                format!("spec-{i:04}.session.json"),
                serde_json::to_string_pretty(&value).unwrap_or_default() + "\n",
            )
        };
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}
