//! Reads the JSON-Schema-Test-Suite (draft 2020-12 and draft 7) for the tests of every crate
//! that sweeps it: each includes this file with `#[path = ...] mod json_schema_test_suite;`.
//!
//! The suite is read from `fixtures/peer-suites/json-schema-test-suite`, or from
//! `$AGENTSPEC_PEER_SUITES/json-schema-test-suite` when that is set.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

/// The drafts swept: the directory under `tests/` and the meta-schema URI its schemas follow.
pub const DRAFTS: &[(&str, &str)] = &[
    (
        "draft2020-12",
        "https://json-schema.org/draft/2020-12/schema",
    ),
    ("draft7", "http://json-schema.org/draft-07/schema#"),
];

/// The suite's `tests` directory; panics with what to do when it is missing.
pub fn dir() -> PathBuf {
    let peer = std::env::var_os("AGENTSPEC_PEER_SUITES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/peer-suites")
        });
    let dir = peer.join("json-schema-test-suite/tests");
    assert!(
        DRAFTS.iter().all(|(draft, _)| dir.join(draft).is_dir()),
        "the JSON-Schema-Test-Suite is not at {}: it is checked in under `fixtures/peer-suites`, \
         or AGENTSPEC_PEER_SUITES names a directory holding `json-schema-test-suite` (its \
         `tests/draft2020-12` and `tests/draft7`)",
        dir.display()
    );
    dir
}

/// One schema of the suite, with its test instances.
pub struct Case {
    /// The draft directory (`draft7`).
    pub draft: &'static str,
    /// The meta-schema URI of the draft.
    pub meta: &'static str,
    /// The file name (`ref.json`).
    pub file: String,
    /// The index of the schema in its file.
    pub index: usize,
    /// The suite's description of the schema.
    pub description: String,
    /// The schema as the suite writes it.
    pub schema: Value,
    /// `(description, data, valid)` of each instance.
    pub tests: Vec<(String, Value, bool)>,
}

impl Case {
    /// `draft7/ref.json #3`.
    pub fn name(&self) -> String {
        format!("{}/{} #{}", self.draft, self.file, self.index)
    }

    /// The schema with `$schema` naming its draft where it names none (an object schema), since
    /// validators default to 2020-12. `None` for a boolean schema.
    pub fn schema_of_its_draft(&self) -> Option<Value> {
        let mut schema = self.schema.clone();
        let map = schema.as_object_mut()?;
        map.entry("$schema").or_insert_with(|| json!(self.meta));
        Some(schema)
    }
}

/// The `.json` files of a directory, in name order.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Every schema of the swept drafts, in file order.
pub fn cases() -> Vec<Case> {
    let dir = dir();
    let mut out = Vec::new();
    for &(draft, meta) in DRAFTS {
        for file in json_files(&dir.join(draft)) {
            let text = std::fs::read_to_string(&file).expect("suite file");
            let groups: Vec<Value> = serde_json::from_str(&text).expect("suite file is JSON");
            let name = file
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_owned();
            for (index, group) in groups.into_iter().enumerate() {
                let tests = group["tests"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|t| {
                        (
                            t["description"].as_str().unwrap_or_default().to_owned(),
                            t["data"].clone(),
                            t["valid"] == Value::Bool(true),
                        )
                    })
                    .collect();
                out.push(Case {
                    draft,
                    meta,
                    file: name.clone(),
                    index,
                    description: group["description"].as_str().unwrap_or_default().to_owned(),
                    schema: group["schema"].clone(),
                    tests,
                });
            }
        }
    }
    out
}
