//! Rust names for generated types.

use std::collections::BTreeSet;

use heck::ToUpperCamelCase;

/// `UpperCamelCase` of `text`, keeping ASCII letters and digits only (`hn-stories` gives
/// `HnStories`, `$defs/élan` gives `DefsLan`).
pub(crate) fn pascal(text: &str) -> String {
    let words: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    words.to_upper_camel_case()
}

/// `name` as typify writes a type name (it puts every name through `UpperCamelCase`, which
/// reads `AnswerAB` as `AnswerAb`), so a name chosen here is the one the generated type has.
pub(crate) fn type_ident(name: &str) -> String {
    let mut current = name.to_owned();
    for _ in 0..4 {
        let next = pascal(&current);
        if next == current || next.is_empty() {
            break;
        }
        current = next;
    }
    current
}

/// Hands out type names that are unique among those already taken.
#[derive(Debug, Default)]
pub(crate) struct Names {
    taken: BTreeSet<String>,
}

impl Names {
    /// Marks `name` as taken (whether or not it already was).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// `base`, or `base2`, `base3`… whichever is free first; the result is taken.
    pub fn unique(&mut self, base: &str) -> String {
        let mut name = base.to_owned();
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_keeps_ascii_words() {
        assert_eq!(pascal("hn-stories"), "HnStories");
        assert_eq!(pascal("foo_bar baz"), "FooBarBaz");
        assert_eq!(pascal("élan"), "Lan");
        assert_eq!(pascal(""), "");
    }

    #[test]
    fn type_idents_are_what_typify_writes() {
        assert_eq!(type_ident("RootAB"), "RootAb");
        assert_eq!(type_ident("RootAb2"), "RootAb2");
        assert_eq!(
            type_ident("HnStoriesAnswerStoriesItem"),
            "HnStoriesAnswerStoriesItem"
        );
    }

    #[test]
    fn unique_names_get_numbers() {
        let mut names = Names::default();
        assert_eq!(names.unique("A"), "A");
        assert_eq!(names.unique("A"), "A2");
        assert_eq!(names.unique("A"), "A3");
    }
}
