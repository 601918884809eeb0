//! Mutated inputs must never panic and must report spans inside the source.

use agentspec_syntax::{parse, Format, Limits, Node, Parsed};

const SEEDS: &[&str] = &[
    "a: &x {b: [1, 2.5, \"c\\u00e9\"], 'd': |\n  text\n}\nm:\n  <<: *x\n  k: ~\n---\n- !!str 1\n- ? [a]\n  : b\n",
    "{\"a\": [1, -2.5e3, true, null, \"x\\n\\ud83d\\ude00\"], \"b\": {\"c\": \"日本\"}}",
    "key: >-\n  folded\n  more\n# c\nlist:\n- one\n- two: 2\n  three: 0x1F\n...\n",
    "[a, {b: c}, *u, &v d, *v]\n",
];

const ALPHABET: &[char] = &[
    ' ', '\n', '\t', ':', '-', '?', '[', ']', '{', '}', ',', '"', '\'', '\\', '&', '*', '!', '|',
    '>', '#', '%', '@', '`', 'a', '0', '.', 'é', '😀', '\u{feff}', '\r', '<', 'u',
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn check_node(node: &Node, len: usize) {
    assert!(node.span.start <= node.span.end && node.span.end <= len);
    for item in node.as_seq().unwrap_or_default() {
        check_node(item, len);
    }
    for entry in node.as_map().unwrap_or_default() {
        assert!(entry.key.span.start <= entry.key.span.end && entry.key.span.end <= len);
        check_node(&entry.value, len);
    }
}

fn check(src: &str, parsed: &Parsed) {
    for p in &parsed.problems {
        assert!(
            p.span.start <= p.span.end && p.span.end <= src.len(),
            "{src:?}: {p:?}"
        );
        assert!(
            src.is_char_boundary(p.span.start) && src.is_char_boundary(p.span.end),
            "{src:?}: {p:?}"
        );
        assert_ne!(p.message, "the YAML parser failed on this input", "{src:?}");
    }
    for doc in &parsed.documents {
        check_node(&doc.root, src.len());
    }
}

#[test]
fn mutated_inputs_do_not_panic() {
    let mut rng = Lcg(0x5eed);
    let limits = Limits::default();
    for seed in SEEDS {
        let base: Vec<char> = seed.chars().collect();
        for _ in 0..2000 {
            let mut chars = base.clone();
            for _ in 0..1 + rng.next(4) {
                let at = rng.next(chars.len() + 1);
                match rng.next(3) {
                    0 if at < chars.len() => {
                        chars.remove(at);
                    }
                    1 if at < chars.len() => chars[at] = ALPHABET[rng.next(ALPHABET.len())],
                    _ => chars.insert(at, ALPHABET[rng.next(ALPHABET.len())]),
                }
            }
            let src: String = chars.into_iter().collect();
            check(&src, &parse(&src, Format::Yaml, &limits));
            check(&src, &parse(&src, Format::Json, &limits));
        }
    }
}
