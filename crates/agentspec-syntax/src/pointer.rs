//! JSON Pointers (RFC 6901) over the spanned tree: the one escape, unescape and lookup every
//! crate uses.

use std::borrow::Cow;

use crate::{Key, Node};

/// Escapes `token` as a JSON Pointer reference token (`~` → `~0`, `/` → `~1`).
#[must_use]
pub fn pointer_escape(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_pointer_token(&mut out, token);
    out
}

/// Appends `token`, escaped as a JSON Pointer reference token, to `out` (without a `/`).
pub fn push_pointer_token(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// The key or index a JSON Pointer reference token stands for (`~1` → `/`, `~0` → `~`).
///
/// `~01` is `~1`: each escape is read once, left to right. A `~` followed by anything else is
/// kept as written.
#[must_use]
pub fn pointer_unescape(token: &str) -> Cow<'_, str> {
    if !token.contains('~') {
        return Cow::Borrowed(token);
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('~', Some('0')) => {
                chars.next();
                out.push('~');
            }
            ('~', Some('1')) => {
                chars.next();
                out.push('/');
            }
            (c, _) => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The unescaped reference tokens of `pointer`; `None` when it is neither empty nor starts
/// with `/`.
pub fn pointer_tokens(pointer: &str) -> Option<impl Iterator<Item = Cow<'_, str>>> {
    let rest = if pointer.is_empty() {
        None
    } else {
        Some(pointer.strip_prefix('/')?)
    };
    Some(
        rest.into_iter()
            .flat_map(|r| r.split('/'))
            .map(pointer_unescape),
    )
}

impl Node {
    /// The node at the JSON Pointer `pointer` (relative to this node; `""` is this node).
    ///
    /// A token selects a mapping member by key or a sequence item by its decimal index.
    #[must_use]
    pub fn at_pointer(&self, pointer: &str) -> Option<&Node> {
        self.at_pointer_keyed(pointer).map(|(node, _)| node)
    }

    /// The node at `pointer` and, when the last step is a mapping member, the key that holds
    /// it (for labels that point at `key:` rather than at a whole collection).
    #[must_use]
    pub fn at_pointer_keyed(&self, pointer: &str) -> Option<(&Node, Option<&Key>)> {
        let mut node = self;
        let mut key = None;
        for token in pointer_tokens(pointer)? {
            if let Some(entry) = node.entry(&token) {
                key = Some(&entry.key);
                node = &entry.value;
            } else {
                node = node.as_seq()?.get(index(&token)?)?;
                key = None;
            }
        }
        Some((node, key))
    }
}

/// A sequence index token: decimal digits without a leading zero (RFC 6901).
fn index(token: &str) -> Option<usize> {
    let digits = token.bytes().all(|b| b.is_ascii_digit());
    if !digits || token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}
