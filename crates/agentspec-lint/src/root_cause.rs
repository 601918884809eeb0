//! One mistake, one finding: how a file's findings are kept to their root causes.
//!
//! Two mechanisms, applied to every rule alike (no rule knows about the others):
//!
//! - **A misspelt key is read as the key it suggests.** When the structure pass meets an unknown
//!   key whose closest known name is a confident suggestion ([`crate::context::confident`]) that
//!   the map does not already hold, it reports `unknown-field` with the suggestion, checks the
//!   key's value as the suggested field's, and records the reading (`unknown-schema-keyword`
//!   does the same for schema keywords: the [`AS_WRITTEN`] rules run before the others). Any
//!   suggestion, confident or not, keeps `missing-field` quiet about the field it names. The other rules then run on
//!   a copy of the document where those keys carry the suggested names ([`ReadAs::apply`]), at
//!   the same spans. So `mesage:` is not also a missing `message`, `max_step: 10` bounds the run,
//!   and a second typo under `enviroments:` shows in the same run. Pointers of findings under
//!   such a key name it as written.
//! - **A malformed value has one finding.** Once a value is reported as malformed (its type, its
//!   form or its enum value is wrong: the rules of [`MALFORMED`]), what other rules say about
//!   that value, or anything inside it, are consequences and are dropped
//!   ([`drop_consequences`]): `type: obejct` is an invalid schema, not also a root of the wrong
//!   type; `minimum: "0"` is invalid, not also a keyword the generated type can't carry. The
//!   first malformed finding of a value, in the order the passes run (the structure pass
//!   first), is the one kept.

use std::collections::HashMap;

use agentspec_syntax::{Node, Span, Value};

use crate::context::push_child;
use crate::rules::environments::unknown_environment_kind::UNKNOWN_ENVIRONMENT_KIND;
use crate::rules::schemas::invalid_schema::INVALID_SCHEMA;
use crate::rules::schemas::unknown_schema_keyword::UNKNOWN_SCHEMA_KEYWORD;
use crate::rules::structure::{
    invalid_enum_value::INVALID_ENUM_VALUE, wrong_type::WRONG_TYPE,
    yaml_1_1_boolean::YAML_1_1_BOOLEAN, yaml_1_1_number::YAML_1_1_NUMBER,
};
use crate::{Diagnostic, RuleMeta};

/// The rules that report misspelt keys beside the structure pass: they run on the file as
/// written, before the others, and record the keys they read as another name.
pub const AS_WRITTEN: &[&str] = &[UNKNOWN_SCHEMA_KEYWORD.name];

/// The rules whose finding says a value itself is malformed: a finding of another rule at that
/// value, or inside it, is its consequence.
pub const MALFORMED: &[&RuleMeta] = &[
    &WRONG_TYPE,
    &INVALID_ENUM_VALUE,
    &YAML_1_1_BOOLEAN,
    &YAML_1_1_NUMBER,
    &UNKNOWN_ENVIRONMENT_KIND,
    &INVALID_SCHEMA,
];

/// The keys the structure pass read as another name: each key's span and the name it stands for.
#[derive(Debug, Default, Clone)]
pub struct ReadAs {
    keys: HashMap<Span, &'static str>,
}

/// A document where misspelt keys carry the names they stand for, and how to name places in it
/// as the file writes them.
#[derive(Debug)]
pub struct Corrected {
    /// The document with the keys renamed (spans unchanged).
    pub root: Node,
    /// `(pointer in the corrected document, pointer as written)` for each renamed key.
    pointers: Vec<(String, String)>,
}

impl ReadAs {
    /// Records that the key at `key` stands for `name`.
    pub fn insert(&mut self, key: Span, name: &'static str) {
        self.keys.insert(key, name);
    }

    /// Whether no key is read as another.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// A copy of `root` with the recorded keys renamed, or `None` when there are none.
    pub fn apply(&self, root: &Node) -> Option<Corrected> {
        if self.is_empty() {
            return None;
        }
        let mut corrected = Corrected {
            root: root.clone(),
            pointers: Vec::new(),
        };
        let mut read = String::new();
        let mut written = String::new();
        self.rename(
            &mut corrected.root,
            &mut read,
            &mut written,
            &mut corrected.pointers,
        );
        Some(corrected)
    }

    fn rename(
        &self,
        node: &mut Node,
        read: &mut String,
        written: &mut String,
        pointers: &mut Vec<(String, String)>,
    ) {
        match &mut node.value {
            Value::Map(entries) => {
                for entry in entries {
                    let (r, w) = (read.len(), written.len());
                    push_child(written, entry.key.text.as_str());
                    if let Some(name) = self.keys.get(&entry.key.span) {
                        entry.key.text = (*name).to_string();
                        push_child(read, *name);
                        pointers.push((read.clone(), written.clone()));
                    } else {
                        push_child(read, entry.key.text.as_str());
                    }
                    self.rename(&mut entry.value, read, written, pointers);
                    read.truncate(r);
                    written.truncate(w);
                }
            }
            Value::Seq(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    let (r, w) = (read.len(), written.len());
                    push_child(read, i);
                    push_child(written, i);
                    self.rename(item, read, written, pointers);
                    read.truncate(r);
                    written.truncate(w);
                }
            }
            _ => {}
        }
    }
}

impl Corrected {
    /// Names the places of findings made on the corrected document as the file writes them.
    pub fn restore_pointers(&self, diagnostics: &mut [Diagnostic]) {
        for diagnostic in diagnostics {
            let longest = self
                .pointers
                .iter()
                .filter(|(read, _)| within(&diagnostic.pointer, read))
                .max_by_key(|(read, _)| read.len());
            if let Some((read, written)) = longest {
                diagnostic.pointer = format!("{written}{}", &diagnostic.pointer[read.len()..]);
            }
        }
    }
}

/// Whether `pointer` is `place` or inside it.
fn within(pointer: &str, place: &str) -> bool {
    pointer
        .strip_prefix(place)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Whether a finding says its value is malformed.
fn malformed(diagnostic: &Diagnostic) -> bool {
    MALFORMED.iter().any(|rule| rule.name == diagnostic.rule)
}

/// Drops the findings that are consequences of a malformed value: findings at that value or
/// inside it, other than the first malformed finding there. `diagnostics` are in the order the
/// passes made them.
pub fn drop_consequences(diagnostics: &mut Vec<Diagnostic>) {
    // The first malformed finding at each pointer.
    let mut causes: HashMap<String, usize> = HashMap::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if malformed(d) {
            causes.entry(d.pointer.clone()).or_insert(i);
        }
    }
    if causes.is_empty() {
        return;
    }
    let mut index = 0;
    diagnostics.retain(|d| {
        let i = index;
        index += 1;
        // The pointer itself and each of its ancestors.
        let pointer = d.pointer.as_str();
        let places = std::iter::once(pointer).chain(
            pointer
                .char_indices()
                .filter(|&(_, c)| c == '/')
                .map(|(at, _)| &pointer[..at]),
        );
        !places
            .filter_map(|place| causes.get(place))
            .any(|&cause| cause != i)
    });
}
