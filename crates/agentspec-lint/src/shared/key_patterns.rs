//! The `patternProperties` patterns of a schema, compiled once to test many names.

/// Most `^prefix` patterns tested one by one.
const MAX_PREFIXES: usize = 16;

fn patterns_of(prefixes: &[String]) -> Vec<String> {
    prefixes.iter().map(|p| format!("^{p}")).collect()
}

/// The `patternProperties` patterns of a schema, compiled once to test many names.
///
/// The answer validator reads patterns as ECMA-262 regular expressions; a pattern this crate's
/// engine can't read (look-around, backreferences, a size beyond its limit) may match any name.
pub struct KeyPatterns {
    /// `^prefix` patterns of plain characters, tested without a regex.
    prefixes: Vec<String>,
    /// The other patterns, in one automaton.
    set: Option<regex::RegexSet>,
    /// Some pattern could not be compiled.
    unknown: bool,
}

impl KeyPatterns {
    /// Compiles `patterns`.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Self {
        let mut prefixes = Vec::new();
        let mut others: Vec<String> = Vec::new();
        for pattern in patterns {
            match pattern.strip_prefix('^') {
                Some(prefix)
                    if prefix
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
                {
                    prefixes.push(prefix.to_string());
                }
                _ => others.push(pattern.to_string()),
            }
        }
        if prefixes.len() > MAX_PREFIXES {
            // Many prefixes are faster in the automaton than one by one.
            others.extend(patterns_of(&prefixes));
            prefixes.clear();
        }
        let (set, unknown) = if others.is_empty() {
            (None, false)
        } else {
            match regex::RegexSet::new(&others) {
                Ok(set) => (Some(set), false),
                Err(_) => (None, true),
            }
        };
        KeyPatterns {
            prefixes,
            set,
            unknown,
        }
    }

    /// Whether some pattern matches `key`, or may (a pattern that could not be compiled).
    pub fn may_match(&self, key: &str) -> bool {
        self.unknown
            || self.prefixes.iter().any(|p| key.starts_with(p.as_str()))
            || self.set.as_ref().is_some_and(|s| s.is_match(key))
    }
}
