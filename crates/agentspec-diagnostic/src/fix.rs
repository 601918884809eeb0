//! Fixes as data: the byte-range edits a diagnostic proposes. The lint crate computes and
//! applies them (`fix_source`); the output formats and editors read the same values.

use agentspec_syntax::Span;

/// Whether applying a fix can change what the spec means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Applicability {
    /// The spec means what its author meant, as the API reads it: applied by `--fix`.
    Safe,
    /// It may change what the request does, or what refers to the changed text: applied only
    /// with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    /// `safe` or `unsafe`, as every output format writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the source bytes of `span` with `content` (an empty span inserts).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Edit {
    /// The bytes replaced, in the source the finding was made on.
    pub span: Span,
    /// The new text.
    pub content: String,
}

impl Edit {
    /// Replaces `span` with `content`.
    pub fn replace(span: Span, content: impl Into<String>) -> Edit {
        Edit {
            span,
            content: content.into(),
        }
    }

    /// Inserts `content` at `offset`.
    pub fn insert(offset: usize, content: impl Into<String>) -> Edit {
        Edit::replace(Span::empty(offset), content)
    }

    /// Deletes `span`.
    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }

    /// Whether two edits touch the same bytes, or insert at the same place (where their order
    /// would be a guess).
    pub fn overlaps(&self, other: &Edit) -> bool {
        let (a, b) = (self.span, other.span);
        if a.is_empty() {
            return b.start <= a.start && a.start <= b.end;
        }
        if b.is_empty() {
            return a.start <= b.start && b.start <= a.end;
        }
        a.start < b.end && b.start < a.end
    }
}

/// What a finding proposes to write instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in the imperative (`write \`true\``).
    pub message: String,
    /// Whether `--fix` applies it, or only `--unsafe-fixes`.
    pub applicability: Applicability,
    /// The edits, which don't overlap one another.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A safe fix.
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            message: message.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    /// An unsafe fix.
    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix {
            message: message.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }
}
