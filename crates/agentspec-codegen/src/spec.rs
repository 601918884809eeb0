//! Spec files: finding them, naming their answer types, and reading their `answer_format`.

use std::path::{Path, PathBuf};

use agentspec_jsonschema::{Applicable, Placed};
use agentspec_syntax::{Format, Limits, Node, Span};

use crate::{rules, Diagnostic, Note, Severity};

/// The two kinds of spec file, told apart by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecKind {
    /// `*.session.{yaml,yml,json}`: a session request.
    Session,
    /// `*.agent.{yaml,yml,json}`: an agent definition.
    Agent,
}

impl SpecKind {
    /// The kind, syntax and stem of a spec file name, or `None` when the name is not a spec's.
    pub fn classify(path: &Path) -> Option<(SpecKind, Format, &str)> {
        let name = path.file_name()?.to_str()?;
        let (rest, format) = if let Some(rest) = name.strip_suffix(".yaml") {
            (rest, Format::Yaml)
        } else if let Some(rest) = name.strip_suffix(".yml") {
            (rest, Format::Yaml)
        } else if let Some(rest) = name.strip_suffix(".json") {
            (rest, Format::Json)
        } else {
            return None;
        };
        if let Some(stem) = rest.strip_suffix(".session") {
            Some((SpecKind::Session, format, stem))
        } else {
            rest.strip_suffix(".agent")
                .map(|stem| (SpecKind::Agent, format, stem))
        }
    }
}

/// The root type name of a spec file: `UpperCamelCase(stem) + "Answer"`
/// (`hn-stories.session.yaml` gives `HnStoriesAnswer`).
pub fn type_name_for(stem: &str) -> String {
    let camel = crate::naming::pascal(stem);
    if camel.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Spec{camel}Answer")
    } else {
        format!("{camel}Answer")
    }
}

/// Expands `paths` into spec files: files are taken as given, directories are walked for
/// `*.session.*` and `*.agent.*` files by the project's one walk (`.gitignore` and `.ignore`
/// honoured, hidden entries skipped). Sorted; the paths that could not be walked are in
/// [`agentspec_files::Found::errors`].
pub fn find_spec_files(paths: &[PathBuf]) -> agentspec_files::Found {
    agentspec_files::discover_with(paths, |path| SpecKind::classify(path).is_some())
}

/// The `answer_format` found in a spec file.
pub(crate) struct FoundFormat {
    /// The schema as JSON.
    pub schema: serde_json::Value,
    /// JSON Pointer from the document root to the schema (`/answer_format`).
    pub pointer: String,
    /// The parsed schema node, for mapping schema pointers back to source spans.
    pub node: Node,
}

impl FoundFormat {
    /// A note of the schema passes as a diagnostic of the spec file: at the keyword it names,
    /// its pointer from the document root.
    pub fn diagnostic(&self, note: &Note) -> Diagnostic {
        Diagnostic::new(
            note.rule,
            note.severity,
            span_of(&self.node, &note.pointer),
            format!("{}{}", self.pointer, note.pointer),
            note.message.clone(),
        )
    }
}

/// Reads the `answer_format` that applies to a spec file's source text, by the one rule of
/// [`agentspec_jsonschema::applicable`]. Problems are pushed to `diags`; `None` means there is
/// nothing to generate (no format, or a problem that forbids it, such as two that conflict).
pub(crate) fn answer_format(
    src: &str,
    kind: SpecKind,
    format: Format,
    diags: &mut Vec<Diagnostic>,
) -> Option<FoundFormat> {
    let parsed = agentspec_syntax::parse(src, format, &Limits::default());
    if !parsed.problems.is_empty() {
        for problem in &parsed.problems {
            diags.push(Diagnostic::new(
                rules::SYNTAX_ERROR,
                Severity::Error,
                problem.span,
                "",
                format!("{problem}; no answer type is generated from this file"),
            ));
        }
        return None;
    }
    let root = &parsed.documents.first()?.root;
    if let Some(second) = parsed.documents.get(1) {
        diags.push(Diagnostic::new(
            rules::MULTIPLE_DOCUMENTS,
            Severity::Warning,
            second.span,
            "",
            "the file holds several documents; only the first is read",
        ));
    }
    let applicable = agentspec_jsonschema::applicable(root, kind == SpecKind::Session);
    match applicable {
        Applicable::Unset => None,
        Applicable::One(placed) => found(placed, diags),
        Applicable::Conflict { newer, session } => {
            let message = applicable.conflict_message().unwrap_or_default();
            diags.push(
                Diagnostic::new(
                    rules::DUPLICATE_ANSWER_FORMAT,
                    Severity::Error,
                    newer.entry.key.span,
                    newer.pointer,
                    format!(
                        "{message}; which one the server applies is undocumented, so no \
                         answer type is generated: keep one of them"
                    ),
                )
                .related(
                    session.entry.key.span,
                    "the session-level `answer_format` is here",
                ),
            );
            None
        }
    }
}

fn found(placed: Placed<'_>, diags: &mut Vec<Diagnostic>) -> Option<FoundFormat> {
    let node = placed.node();
    if node.as_map().is_none() && node.as_bool().is_none() {
        diags.push(Diagnostic::new(
            rules::WRONG_TYPE,
            Severity::Error,
            node.span,
            placed.pointer,
            format!(
                "`answer_format` must be a JSON Schema object, found {}",
                node.type_name()
            ),
        ));
        return None;
    }
    Some(FoundFormat {
        schema: node.to_json(),
        pointer: placed.pointer.into(),
        node: node.clone(),
    })
}

/// The source span of the schema location `pointer` (relative to the schema node): the key of
/// the last step when it names a keyword or property, else the node itself.
fn span_of(schema: &Node, pointer: &str) -> Span {
    let mut node = schema;
    let mut key_span = None;
    for token in agentspec_syntax::pointer_tokens(pointer)
        .into_iter()
        .flatten()
    {
        if let Some(entry) = node.entry(&token) {
            key_span = Some(entry.key.span);
            node = &entry.value;
        } else if let Some(item) = token
            .parse::<usize>()
            .ok()
            .and_then(|i| node.as_seq()?.get(i))
        {
            key_span = None;
            node = item;
        } else {
            break;
        }
    }
    key_span.unwrap_or(node.span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_stem() {
        let stem = |p: &str| SpecKind::classify(Path::new(p)).map(|(k, _, s)| (k, s.to_string()));
        assert_eq!(
            stem("specs/hn-stories.session.yaml"),
            Some((SpecKind::Session, "hn-stories".into()))
        );
        assert_eq!(stem("w.agent.json"), Some((SpecKind::Agent, "w".into())));
        assert_eq!(stem("x.yml"), None);
        assert_eq!(type_name_for("hn-stories"), "HnStoriesAnswer");
        assert_eq!(type_name_for("weather_agent"), "WeatherAgentAnswer");
        assert_eq!(type_name_for("3d-print"), "Spec3dPrintAnswer");
    }
}
