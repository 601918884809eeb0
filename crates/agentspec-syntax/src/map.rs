//! Building mappings in source order with duplicate-key detection.

use std::collections::HashMap;
use std::hash::{BuildHasher, BuildHasherDefault, Hasher};

use crate::{Entry, Key, Node, Problem, ProblemKind, Value};

/// Below this many entries, duplicate keys are found by a linear scan.
const LINEAR_LIMIT: usize = 12;

/// The hash of a key for the duplicate index: SipHash with keys drawn once per process, so
/// that no set of keys (structured names such as `field_00000`, `field_00001`, … or keys
/// crafted to collide) makes the index fall back to scans, which made a large mapping
/// quadratic.
fn hash_key(key: &str) -> u64 {
    static STATE: std::sync::OnceLock<std::collections::hash_map::RandomState> =
        std::sync::OnceLock::new();
    STATE
        .get_or_init(std::collections::hash_map::RandomState::new)
        .hash_one(key)
}

type Index = HashMap<u64, usize, BuildHasherDefault<IdentityHasher>>;

/// Hasher for keys that are already hashes.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The entries of a mapping under construction.
#[derive(Default)]
pub(crate) struct MapBuilder {
    pub(crate) entries: Vec<Entry>,
    index: Option<Index>,
}

impl MapBuilder {
    /// Position of the entry whose key text is `key`.
    pub(crate) fn find(&self, key: &str) -> Option<usize> {
        match &self.index {
            None => self.entries.iter().position(|e| e.key.text == key),
            Some(index) => self.find_hashed(index, key, hash_key(key)),
        }
    }

    fn find_hashed(&self, index: &Index, key: &str, hash: u64) -> Option<usize> {
        let i = *index.get(&hash)?;
        if self.entries[i].key.text == key {
            Some(i)
        } else {
            // Hash collision: fall back to a scan.
            self.entries.iter().position(|e| e.key.text == key)
        }
    }

    /// Adds `entry`, or reports it as a duplicate (keeping the first) and returns the problem.
    pub(crate) fn insert(&mut self, entry: Entry) -> Result<(), Problem> {
        match self.add(entry) {
            Ok(()) => Ok(()),
            Err((first, entry)) => Err(duplicate(&self.entries[first].key, &entry.key)),
        }
    }

    /// Adds `entry` unless its key is present; returns whether it was added.
    pub(crate) fn insert_new(&mut self, entry: Entry) -> bool {
        self.add(entry).is_ok()
    }

    /// Adds `entry`, or gives it back with the position of the entry that has its key.
    fn add(&mut self, entry: Entry) -> Result<(), (usize, Box<Entry>)> {
        if self.index.is_none() && self.entries.len() >= LINEAR_LIMIT {
            let mut index = Index::with_capacity_and_hasher(
                self.entries.len() * 2,
                BuildHasherDefault::default(),
            );
            for (i, e) in self.entries.iter().enumerate() {
                index.entry(hash_key(&e.key.text)).or_insert(i);
            }
            self.index = Some(index);
        }
        match self.index.take() {
            None => {
                if let Some(first) = self.find(&entry.key.text) {
                    return Err((first, Box::new(entry)));
                }
            }
            Some(mut index) => {
                let hash = hash_key(&entry.key.text);
                let found = self.find_hashed(&index, &entry.key.text, hash);
                if found.is_none() {
                    index.entry(hash).or_insert(self.entries.len());
                }
                self.index = Some(index);
                if let Some(first) = found {
                    return Err((first, Box::new(entry)));
                }
            }
        }
        self.entries.push(entry);
        Ok(())
    }
}

/// The problem for `second` repeating `first`.
pub(crate) fn duplicate(first: &Key, second: &Key) -> Problem {
    let mut shown = String::with_capacity(second.text.len() + 32);
    shown.push_str("duplicate key `");
    push_truncated(&mut shown, &second.text, 80);
    shown.push('`');
    Problem {
        kind: ProblemKind::DuplicateKey,
        message: shown,
        span: second.span,
        related: Some(first.span),
    }
}

/// Appends `text`, cut to at most `max` chars (with `…` when cut).
pub(crate) fn push_truncated(out: &mut String, text: &str, max: usize) {
    match text.char_indices().nth(max) {
        None => out.push_str(text),
        Some((i, _)) => {
            out.push_str(&text[..i]);
            out.push('…');
        }
    }
}

/// The JSON object key for a YAML key node.
pub(crate) fn key_from_node(node: &Node) -> Key {
    let (text, scalar) = match &node.value {
        Value::String(s) => (s.clone(), true),
        Value::Null => ("null".to_owned(), true),
        Value::Bool(b) => ((if *b { "true" } else { "false" }).to_owned(), true),
        Value::Number(n) => (n.value().to_string(), true),
        Value::Seq(_) | Value::Map(_) => (node.to_json().to_string(), false),
    };
    Key {
        text,
        span: node.span,
        scalar,
    }
}

/// The JSON object key for a YAML key node, consuming it.
pub(crate) fn key_from_owned(node: Node) -> Key {
    match node.value {
        Value::String(text) => Key {
            text,
            span: node.span,
            scalar: true,
        },
        _ => key_from_node(&node),
    }
}
