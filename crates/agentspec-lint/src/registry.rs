//! Rule metadata and the registry of every rule.

use crate::catalog::CatalogContext;
use crate::context::Context;
use crate::Severity;

/// What every rule declares: its stable name, group, default severity and documentation.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable kebab-case name, used in output, configuration and suppressions.
    pub name: &'static str,
    /// The family it belongs to (`structure`, `agents`, `browser`, …).
    pub group: &'static str,
    /// Severity unless configured otherwise.
    pub default_severity: Severity,
    /// Whether the rule enforces a project decision (policy) rather than a documented API fact.
    pub policy: bool,
    /// The rule's documentation, from its doc comment (Markdown).
    pub docs: &'static str,
    /// Whether some of its findings carry a fix, and how safe those fixes are (the docs' "Fix"
    /// section says what they do).
    pub fix: Option<crate::Applicability>,
}

impl RuleMeta {
    /// The first line of the documentation's "What it does" section.
    pub fn summary(&self) -> String {
        let paragraph: Vec<&str> = self
            .docs
            .lines()
            .map(str::trim)
            .skip_while(|line| line.is_empty() || line.starts_with('#'))
            .take_while(|line| !line.is_empty())
            .collect();
        let text = paragraph.join(" ");
        match text.find(". ") {
            Some(end) => text[..=end].to_string(),
            None => text,
        }
    }
}

/// Declares a rule's metadata from its doc comment, so a rule cannot exist without docs.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub static MY_RULE = ("my-rule", "group", Error);
/// }
/// ```
///
/// A rule whose findings may carry a fix says how safe it is after a `;`:
/// `("my-rule", "group", Error; fix = Safe)`, and documents it in a `## Fix` section.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        pub static $ident:ident = ($name:literal, $group:literal, $severity:ident $(, $policy:ident)? $(; fix = $fix:ident)?);
    ) => {
        $(#[doc = $doc])+
        pub static $ident: $crate::RuleMeta = $crate::RuleMeta {
            name: $name,
            group: $group,
            default_severity: $crate::Severity::$severity,
            policy: $crate::declare_rule!(@policy $($policy)?),
            docs: concat!($($doc, "\n"),+),
            fix: $crate::declare_rule!(@fix $($fix)?),
        };
    };
    (@policy policy) => { true };
    (@policy) => { false };
    (@fix $fix:ident) => { Some($crate::Applicability::$fix) };
    (@fix) => { None };
}

/// A rule's check: reads the document through the context and reports findings to it (it can
/// change nothing else).
pub type Check = fn(&Context<'_>);

/// A cross-file check: reads the facts of every file of a run together, and reports findings.
pub type CatalogCheck = fn(&CatalogContext<'_>);

/// How a rule's findings are produced.
#[derive(Clone, Copy)]
pub enum Run {
    /// By the loader, from the parser's problems (`rules/syntax`).
    Loader,
    /// By the structure pass, which walks a document beside the exported schema
    /// (`schema_walk.rs`).
    Structure,
    /// By its own check, on each document.
    Document(Check),
    /// By its own check, on the facts of every file of a run together (`catalog.rs`).
    Catalog(CatalogCheck),
    /// By the suppression pass, from `# agentspec: ignore[…]` comments (`suppress.rs`).
    Suppressions,
    /// By `agentspec check-answer`, on answer files.
    Answers,
}

/// A registered rule: its metadata and how its findings are produced.
#[derive(Clone, Copy)]
pub struct Registered {
    /// Metadata.
    pub meta: &'static RuleMeta,
    /// What produces its findings.
    pub run: Run,
}

impl Registered {
    /// A rule checked on each document by `check`.
    pub const fn document(meta: &'static RuleMeta, check: Check) -> Self {
        Registered {
            meta,
            run: Run::Document(check),
        }
    }

    /// A rule checked on every file of a run together by `check`.
    pub const fn catalog(meta: &'static RuleMeta, check: CatalogCheck) -> Self {
        Registered {
            meta,
            run: Run::Catalog(check),
        }
    }

    /// A rule whose findings another pass produces.
    pub const fn by(meta: &'static RuleMeta, run: Run) -> Self {
        Registered { meta, run }
    }
}

/// Every rule, in the order `agentspec rules` lists them.
pub fn all() -> &'static [Registered] {
    static ALL: std::sync::OnceLock<Vec<Registered>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        crate::rules::GROUPS
            .iter()
            .flat_map(|group| group.iter())
            .copied()
            .collect()
    })
}

/// Finds a rule by name.
pub fn find(name: &str) -> Option<&'static RuleMeta> {
    all().iter().map(|r| r.meta).find(|m| m.name == name)
}
