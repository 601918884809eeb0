//! Generate typed Rust answers from the `answer_format` of AGP spec files.
//!
//! For every spec file with an `answer_format` (on the session, on an inline agent, or set by
//! the `overrides` entry `agent.answer_format`), the
//! generator emits a root type named after the file (`hn-stories.session.yaml` gives
//! `HnStoriesAnswer`), its nested types (prefixed with the root name), and:
//!
//! * `pub const SCHEMA: &str`, the `answer_format` as JSON;
//! * `pub fn from_answer(&serde_json::Value) -> Result<Self, agentspec_answer::AnswerError>`,
//!   which validates against the whole schema before deserializing;
//! * an `agentspec_answer::TypedAnswer` impl, so `agentspec_answer::parse_session::<T>` works.
//!
//! Types come from [typify](https://docs.rs/typify), run on a fresh type space per schema and
//! inside `catch_unwind`. The schema is first rewritten into what typify types faithfully
//! (see `normalize`); a sub-schema that can't be typed becomes `serde_json::Value`, and every
//! such concession is reported as a [`Diagnostic`] on the keyword responsible. Generation
//! never panics and never fetches anything: a `$ref` that leaves the schema is an error.
//!
//! Use it from the command line (`agentspec gen`) or from a `build.rs` with [`Builder`].

mod builder;
mod naming;
mod normalize;
use agentspec_jsonschema::refs;
mod rust;
mod spec;
mod typing;

use std::fmt;
use std::path::{Path, PathBuf};

use agentspec_syntax::Span;

use serde_json::Value;

pub use builder::{BuildError, Builder, Report};
pub use spec::{find_spec_files, type_name_for, SpecKind};

pub use agentspec_diagnostic::{Diagnostic, FileResult, Severity};

/// The rule names the generator's diagnostics carry. A problem that a lint rule reports too
/// carries that rule's name, so `gen`, `lint` and a build script name one mistake alike; the
/// others are the generator's own.
pub mod rules {
    /// A rule of the schema the generated type can't express (`info`; the answer leans on
    /// run-time validation for it), as `lint` reports it.
    pub const UNTYPED_KEYWORD: &str = "untyped-keyword";
    /// A `$ref` that leaves the schema: nothing is fetched, nothing is generated.
    pub const REMOTE_REF: &str = "remote-ref";
    /// A `$ref` that points at nothing in the schema, or is not a URI reference.
    pub const UNRESOLVED_REF: &str = "unresolved-ref";
    /// A sub-schema that is neither an object nor a boolean.
    pub const INVALID_SCHEMA: &str = "invalid-schema";
    /// The spec file can't be parsed.
    pub const SYNTAX_ERROR: &str = "syntax-error";
    /// The spec file holds several documents; only the first is read.
    pub const MULTIPLE_DOCUMENTS: &str = "multiple-documents";
    /// Two `answer_format`s of one spec conflict.
    pub const DUPLICATE_ANSWER_FORMAT: &str = "duplicate-answer-format";
    /// The `answer_format` is not a JSON Schema object or boolean.
    pub const WRONG_TYPE: &str = "wrong-type";
    /// A file name that is not a spec's (`*.session.*`, `*.agent.*`).
    pub const UNKNOWN_SPEC_KIND: &str = "unknown-spec-kind";
    /// The generator's own: a spec file that can't be read (missing, over the size limit,
    /// not UTF-8).
    pub const UNREADABLE_FILE: &str = "unreadable-file";
    /// The generator's own: two spec files give the same type name, or a generated type of
    /// one clashes with another's.
    pub const TYPE_NAME_CLASH: &str = "type-name-clash";
    /// The generator's own: no usable Rust type came out of the schema; the answer is read as
    /// `serde_json::Value` (still validated against the whole schema).
    pub const UNTYPED_ANSWER: &str = "untyped-answer";
    /// The generator's own: nothing could be generated for the schema.
    pub const GENERATION_FAILED: &str = "generation-failed";
}

/// An extra derive or attribute of [`Options`] that is not what it must be: nothing is
/// generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidOption {
    /// What is wrong, quoting the option.
    pub message: String,
}

impl fmt::Display for InvalidOption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InvalidOption {}

/// Generated code and what was found on the way.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// The Rust source: a header comment, then the items (empty of items when nothing had an
    /// `answer_format`).
    pub code: String,
    /// Every spec file read, in the order given, with its text and its findings in position
    /// order: what the output formats render.
    pub files: Vec<FileResult>,
    /// The root types generated, with the file each came from.
    pub types: Vec<(String, Option<PathBuf>)>,
}

impl Generated {
    /// Every finding, file by file.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.files.iter().flat_map(|f| &f.diagnostics)
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics().any(|d| d.severity == Severity::Error)
    }
}

/// How to write the generated file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The command that regenerates the file, named in its header (`agentspec gen specs`).
    pub command: String,
    /// Paths are shown relative to this directory in doc comments (as given otherwise).
    pub display_base: Option<PathBuf>,
    /// Derives added to every generated type besides the standard ones, as Rust paths
    /// (`schemars::JsonSchema`); the including crate must provide them.
    pub derives: Vec<String>,
    /// Outer attributes added to every generated type, after its derives, as written in Rust
    /// (`#[non_exhaustive]`; the `#[` `]` may be left out).
    pub attributes: Vec<String>,
}

/// What every generated type gets besides the standard derives, checked; as text, since syn's
/// values can't cross to the generating thread.
#[derive(Debug, Clone, Default)]
pub(crate) struct Additions {
    derives: Vec<String>,
    attributes: Vec<String>,
}

/// [`Additions`] parsed.
#[derive(Default)]
pub(crate) struct ParsedAdditions {
    pub derives: Vec<syn::Path>,
    pub attributes: Vec<syn::Attribute>,
}

impl Additions {
    /// The derives and attributes as syn values (checked by [`Additions::parse`]).
    fn parsed(&self) -> ParsedAdditions {
        ParsedAdditions {
            derives: self
                .derives
                .iter()
                .filter_map(|d| syn::parse_str(d).ok())
                .collect(),
            attributes: self
                .attributes
                .iter()
                .filter_map(|a| {
                    syn::parse::Parser::parse_str(syn::Attribute::parse_outer, a)
                        .ok()
                        .and_then(|mut list| list.pop())
                })
                .collect(),
        }
    }

    /// Parses the extra derives and attributes of `options`; a derive that is not a Rust path,
    /// or an attribute that is not exactly one outer attribute, is an error.
    fn parse(options: &Options) -> Result<Self, InvalidOption> {
        let error = |message: String| InvalidOption { message };
        let derives = options
            .derives
            .iter()
            .map(|text| {
                syn::parse_str::<syn::Path>(text.trim())
                    .map(|_| text.trim().to_owned())
                    .map_err(|_| {
                        error(format!(
                            "`{}` is not a path to a derive macro (such as \
                             `schemars::JsonSchema`)",
                            comment_safe(text)
                        ))
                    })
            })
            .collect::<Result<_, _>>()?;
        let attributes = options
            .attributes
            .iter()
            .map(|text| {
                let trimmed = text.trim();
                let written = if trimmed.starts_with("#[") {
                    trimmed.to_owned()
                } else {
                    format!("#[{trimmed}]")
                };
                let parsed = syn::parse::Parser::parse_str(syn::Attribute::parse_outer, &written);
                match parsed.as_deref() {
                    Ok([one]) if !one.path().is_ident("doc") => Ok(written.clone()),
                    _ => Err(error(format!(
                        "`{}` is not one outer attribute (such as `#[non_exhaustive]`)",
                        comment_safe(text)
                    ))),
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Additions {
            derives,
            attributes,
        })
    }
}

/// One schema to generate a root type for.
#[derive(Debug, Clone)]
pub struct AnswerSchema {
    /// The root type's name.
    pub type_name: String,
    /// The schema (the `answer_format`).
    pub schema: Value,
    /// Where it came from, for the root's doc comment (`` `specs/x.session.yaml` ``).
    pub origin: String,
}

/// The code generated for one schema, without a file header.
#[derive(Debug, Clone, Default)]
pub struct SchemaCode {
    /// The items, formatted; empty when an error prevented generation.
    pub code: String,
    /// Findings; pointers are relative to the schema.
    pub diagnostics: Vec<Note>,
    /// Whether the root type is a `serde_json::Value` newtype because nothing better could be
    /// generated.
    pub fell_back: bool,
}

/// Generates the items for one schema (no header, no file), e.g. to compile a corpus.
pub fn generate_schema(input: &AnswerSchema) -> SchemaCode {
    let one = generate_one(input, &Additions::default());
    SchemaCode {
        code: one.items.map(|(code, _)| code).unwrap_or_default(),
        diagnostics: one.notes,
        fell_back: one.fell_back,
    }
}

/// Generates one file from the spec files `files` (in the order given; pass them sorted).
/// Fails only when an extra derive or attribute of `options` is invalid; problems of the specs
/// are diagnostics of [`Generated::files`].
pub fn generate_specs(files: &[PathBuf], options: &Options) -> Result<Generated, InvalidOption> {
    let additions = Additions::parse(options)?;
    let mut generated = Generated::default();
    let mut roots: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut taken: std::collections::BTreeMap<String, PathBuf> = Default::default();
    for file in files {
        let mut result = FileResult {
            path: file.clone(),
            source: String::new(),
            diagnostics: Vec::new(),
        };
        if let Some(root) =
            generate_file(file, &mut result, options, &additions, &mut taken, &roots)
        {
            generated.types.push((root.0.clone(), Some(file.clone())));
            roots.push(root);
        }
        result.diagnostics.sort_by_key(|d| d.span.start);
        generated.files.push(result);
    }
    generated.code = render_file(&roots, &generated.types, options);
    Ok(generated)
}

/// Generates the root type of one spec file: `(type name, code, names defined)`, or `None`
/// when it has no `answer_format` or an error forbids it (reported in `result`).
fn generate_file(
    file: &Path,
    result: &mut FileResult,
    options: &Options,
    additions: &Additions,
    taken: &mut std::collections::BTreeMap<String, PathBuf>,
    roots: &[(String, String, Vec<String>)],
) -> Option<(String, String, Vec<String>)> {
    let shown = shown_path(file, options.display_base.as_deref());
    let at_start = Span::empty(0);
    let Some((kind, format, stem)) = SpecKind::classify(file) else {
        result.diagnostics.push(Diagnostic::new(
            rules::UNKNOWN_SPEC_KIND,
            Severity::Error,
            at_start,
            "",
            "not a spec file name: expected `*.session.{yaml,yml,json}` or \
             `*.agent.{yaml,yml,json}`",
        ));
        return None;
    };
    result.source = match read_spec(file) {
        Ok(s) => s,
        Err(e) => {
            result.diagnostics.push(Diagnostic::new(
                rules::UNREADABLE_FILE,
                Severity::Error,
                at_start,
                "",
                format!("can't read the file: {e}"),
            ));
            return None;
        }
    };
    let found = spec::answer_format(&result.source, kind, format, &mut result.diagnostics)?;
    let at_schema = Span::empty(found.node.span.start);
    let type_name = type_name_for(stem);
    if let Some(first) = taken.get(&type_name) {
        result.diagnostics.push(Diagnostic::new(
            rules::TYPE_NAME_CLASH,
            Severity::Error,
            at_schema,
            found.pointer.clone(),
            format!(
                "`{}` also gives the type name `{type_name}`; rename one of the two files",
                first.display()
            ),
        ));
        return None;
    }
    taken.insert(type_name.clone(), file.to_path_buf());
    let input = AnswerSchema {
        type_name: type_name.clone(),
        schema: found.schema.clone(),
        origin: format!("`{shown}` (`{}`)", found.pointer),
    };
    let one = generate_one(&input, additions);
    result
        .diagnostics
        .extend(one.notes.iter().map(|note| found.diagnostic(note)));
    let (code, names) = one.items?;
    let clash = roots.iter().find_map(|(root, _, theirs)| {
        names
            .iter()
            .find(|n| theirs.contains(n))
            .map(|n| (n.clone(), root.clone()))
    });
    if let Some((name, other)) = clash {
        result.diagnostics.push(Diagnostic::new(
            rules::TYPE_NAME_CLASH,
            Severity::Error,
            at_schema,
            found.pointer.clone(),
            format!(
                "the generated type `{name}` clashes with one generated for `{other}`; \
                 rename the file"
            ),
        ));
        return None;
    }
    Some((type_name, code, names))
}

/// The header and the items of every root.
fn render_file(
    roots: &[(String, String, Vec<String>)],
    types: &[(String, Option<PathBuf>)],
    options: &Options,
) -> String {
    let mut out = String::new();
    let command = if options.command.is_empty() {
        "agentspec gen".to_owned()
    } else {
        comment_safe(&options.command)
    };
    // The workspace's version, which `agentspec --version` and SARIF logs also carry.
    let version = env!("CARGO_PKG_VERSION");
    out.push_str(&format!(
        "// @generated by `{command}` (agentspec {version}). Do not edit: change the specs and \
         regenerate.\n"
    ));
    out.push_str("//\n");
    if types.is_empty() {
        out.push_str("// No spec file has an `answer_format`.\n");
    } else {
        out.push_str("// Answer types:\n");
        for (name, file) in types {
            let shown = file
                .as_deref()
                .map(|f| shown_path(f, options.display_base.as_deref()))
                .unwrap_or_default();
            out.push_str(&format!("// - `{name}` from `{shown}`\n"));
        }
        out.push_str("//\n");
        out.push_str(
            "// The code needs the `serde`, `serde_json` and `agentspec-answer` crates.\n",
        );
    }
    for (_, code, _) in roots {
        out.push('\n');
        out.push_str(code);
    }
    out
}

/// `path` relative to `base` when it lies under it, with `/` separators, safe to quote in a
/// comment (see [`comment_safe`]).
fn shown_path(path: &Path, base: Option<&Path>) -> String {
    let relative = base.and_then(|b| path.strip_prefix(b).ok()).unwrap_or(path);
    let joined = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    comment_safe(&joined)
}

/// `text` with what could end a comment line, reorder its text or close inline code in a doc
/// comment (control, line-separator and bidi characters, backticks) written as `\u{..}`
/// escapes: a file named `x\nfn main() {}` must not put code in the generated file.
fn comment_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control()
            || c == '`'
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// A finding of the schema passes, by pointer into the schema; a spec file's notes become
/// [`Diagnostic`]s at their place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The rule it reports (one of [`rules`]).
    pub rule: &'static str,
    /// How serious it is; `Info` notes name a keyword the types can't express.
    pub severity: Severity,
    /// JSON Pointer into the schema (`/properties/x/minimum`).
    pub pointer: String,
    /// What was done, in one sentence.
    pub message: String,
}

/// `severity: message (at pointer)`, a note on one line.
impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.message)?;
        if !self.pointer.is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        Ok(())
    }
}

/// What the generator's planning step says of `schema` (an `answer_format`) before any code is
/// written: the notes `agentspec gen` prints for it, by JSON Pointer into the schema, computed
/// without running typify. `lint`'s `untyped-keyword` reports the `Info` ones, so the linter
/// and the generator never disagree on what a type expresses.
pub fn plan_notes(schema: &Value) -> Vec<Note> {
    normalize::notes(schema)
}

struct One {
    /// The formatted items and the names they define.
    items: Option<(String, Vec<String>)>,
    notes: Vec<Note>,
    fell_back: bool,
}

fn rendered(items: &rust::RootItems, notes: &mut Vec<Note>) -> (String, Vec<String>) {
    notes.extend(items.notes.iter().cloned());
    (
        rust::render_items(&items.items),
        rust::item_names(&items.items),
    )
}

/// Largest spec file read, as in `agentspec lint`: a larger file, or a device that never ends,
/// is refused rather than loaded.
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Reads a spec file of at most [`MAX_FILE_SIZE`] bytes as UTF-8 text, by the bounded read
/// every command uses (a device that never ends is refused, a named pipe without a writer is
/// not waited on).
pub(crate) fn read_spec(path: &Path) -> std::io::Result<String> {
    use agentspec_files::read::{read_limited, ReadError};
    let bytes = read_limited(path, MAX_FILE_SIZE).map_err(|error| match error {
        ReadError::TooLarge(_) => std::io::Error::other(format!(
            "the file is over the limit of {} MiB",
            MAX_FILE_SIZE >> 20
        )),
        ReadError::Io(error) => error,
    })?;
    String::from_utf8(bytes).map_err(|_| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the file is not UTF-8 text",
        )
    })
}

/// Stack size for generating one schema: typify recurses once per nesting level.
const STACK_SIZE: usize = 64 * 1024 * 1024;

/// Generates one schema on a thread of its own (deep schemas need a deep stack); a panic
/// outside typify (a bug in this crate) becomes an error note instead of aborting the caller.
fn generate_one(input: &AnswerSchema, additions: &Additions) -> One {
    let result = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("agentspec-codegen".into())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, || generate_one_here(input, additions))
            .map(|handle| handle.join())
    });
    match result {
        Ok(Ok(one)) => one,
        Ok(Err(_)) | Err(_) => One {
            items: None,
            notes: vec![Note {
                rule: rules::GENERATION_FAILED,
                severity: Severity::Error,
                pointer: String::new(),
                message: "internal error while generating this schema; please report it".into(),
            }],
            fell_back: false,
        },
    }
}

fn generate_one_here(input: &AnswerSchema, additions: &Additions) -> One {
    let additions = &additions.parsed();
    if syn::parse_str::<syn::Ident>(&input.type_name).is_err() {
        return One {
            items: None,
            notes: vec![Note {
                rule: rules::GENERATION_FAILED,
                severity: Severity::Error,
                pointer: String::new(),
                message: format!("`{}` is not a Rust type name", input.type_name),
            }],
            fell_back: false,
        };
    }
    let mut plan = normalize::plan(&input.type_name, &input.schema);
    if plan.fatal {
        return One {
            items: None,
            notes: plan.notes,
            fell_back: false,
        };
    }
    let schema_text =
        serde_json::to_string_pretty(&input.schema).unwrap_or_else(|_| input.schema.to_string());
    let description = input.schema.get("description").and_then(Value::as_str);
    let (tokens, mut fell_back) = typing::type_plan(&mut plan);
    let items = rust::root_items(
        tokens,
        &input.type_name,
        &schema_text,
        &input.origin,
        description,
        &rust::Extras {
            custom_enums: &plan.custom_enums,
            additions,
            property_orders: &property_orders(&input.schema),
            type_pointers: &plan.type_pointers,
            defaults: &plan.defaults,
            choices: &plan.choices,
        },
    );
    let items = match items {
        Ok(items) => Some(rendered(&items, &mut plan.notes)),
        Err(reason) => {
            plan.notes.push(Note {
                rule: rules::UNTYPED_ANSWER,
                severity: Severity::Warning,
                pointer: String::new(),
                message: format!(
                    "the generated types were unusable ({reason}); the answer is read as \
                     `serde_json::Value`, still validated against the whole schema"
                ),
            });
            plan.fall_back_to_value();
            fell_back = true;
            typing::run(&plan.stripped_defs(), &[])
                .ok()
                .and_then(|tokens| {
                    rust::root_items(
                        tokens,
                        &input.type_name,
                        &schema_text,
                        &input.origin,
                        description,
                        &rust::Extras {
                            custom_enums: &[],
                            additions,
                            property_orders: &[],
                            type_pointers: &Default::default(),
                            defaults: &Default::default(),
                            choices: &Default::default(),
                        },
                    )
                    .ok()
                    .map(|items| rendered(&items, &mut plan.notes))
                })
        }
    };
    if items.is_none() {
        plan.notes.push(Note {
            rule: rules::GENERATION_FAILED,
            severity: Severity::Error,
            pointer: String::new(),
            message: "no code could be generated for this schema".into(),
        });
    }
    One {
        items,
        notes: plan.notes,
        fell_back,
    }
}

/// The property names of every `properties` object under `schema`, each in schema order.
fn property_orders(schema: &Value) -> Vec<Vec<String>> {
    fn walk(value: &Value, out: &mut Vec<Vec<String>>, depth: usize) {
        if depth > 64 {
            return;
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(props)) = map.get("properties") {
                    out.push(props.keys().cloned().collect());
                }
                map.values().for_each(|v| walk(v, out, depth + 1));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out, depth + 1)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(schema, &mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_type_name_that_is_not_an_identifier_is_an_error() {
        let out = generate_schema(&AnswerSchema {
            type_name: "not a name".into(),
            schema: json!({"type": "object"}),
            origin: "test".into(),
        });
        assert!(out.code.is_empty());
        assert_eq!(out.diagnostics[0].severity, Severity::Error);
    }

    #[test]
    fn output_is_deterministic() {
        let schema = json!({
            "type": "object",
            "properties": {"b": {"enum": ["x", "X"]}, "a": {"$ref": "#/$defs/a"}},
            "$defs": {"a": {"type": "object", "properties": {"n": {"type": "integer"}}}}
        });
        let input = AnswerSchema {
            type_name: "DetAnswer".into(),
            schema,
            origin: "test".into(),
        };
        let first = generate_schema(&input).code;
        for _ in 0..5 {
            assert_eq!(generate_schema(&input).code, first);
        }
    }
}
