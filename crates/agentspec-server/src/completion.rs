//! Completion in YAML specs: the keys the schema allows at the cursor (minus those already
//! written), the fixed values of the key before the cursor, and the catalog agents the
//! workspace defines after `agent:` and in `subagents:`.
//!
//! A document being typed seldom parses, so the place of the cursor is read from the lines
//! above it, by indentation, as YAML block structure nests.

use agentspec_lint::SpecKind;
use agentspec_model::limits;
use agentspec_project::config;
use agentspec_syntax::{Format, LineIndex, Span};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit,
    Documentation, MarkupContent, MarkupKind, TextEdit,
};

use crate::convert;
use crate::schema::{self, Step};
use crate::state::Server;

/// Answers `textDocument/completion` (YAML documents only).
pub fn complete(server: &Server, params: CompletionParams) -> Option<CompletionResponse> {
    let position = params.text_document_position;
    let path = config::absolute(&convert::path_of(&position.text_document.uri)?);
    if agentspec_lint::format_for_path(&path) != Format::Yaml {
        return None;
    }
    let text = server.text(&path)?;
    let index = LineIndex::new(text);
    let offset = convert::offset(&index, position.position, server.encoding);
    let line_number = position.position.line as usize + 1;
    let line_start = index.line_start(line_number)?;
    let prefix = text.get(line_start..offset)?;
    let kind = match SpecKind::from_path(&path) {
        Some(kind) => kind,
        None => {
            let options = server.options(&path);
            let parsed = agentspec_syntax::parse(text, Format::Yaml, &options.limits);
            server.kind(&path, parsed.documents.first().map(|d| &d.root))?
        }
    };
    let cursor = Cursor::read(prefix)?;
    let above: Vec<&str> = (1..line_number)
        .rev()
        .filter_map(|n| index.line_text(n))
        .collect();
    let below: Vec<&str> = (line_number + 1..=index.line_count())
        .filter_map(|n| index.line_text(n))
        .collect();
    let place = Place::find(&cursor, &above, &below)?;
    let schema_root = schema::root(kind);
    let replace = convert::range(
        &index,
        Span::new(offset - cursor.word.len(), offset),
        server.encoding,
    );
    let mut items = Vec::new();
    let item = |label: &str, kind, detail: Option<String>, docs: Option<&str>, insert: String| {
        CompletionItem {
            label: label.to_string(),
            kind: Some(kind),
            detail,
            documentation: docs.map(|d| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: d.to_string(),
                })
            }),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: replace,
                new_text: insert,
            })),
            ..CompletionItem::default()
        }
    };
    match &cursor.key {
        None => {
            for (key, property) in schema::keys(schema_root, &place.path) {
                if place.siblings.iter().any(|s| s == key) {
                    continue;
                }
                items.push(item(
                    key,
                    CompletionItemKind::PROPERTY,
                    Some(schema::type_name(property)),
                    schema::description(property),
                    format!("{key}: "),
                ));
            }
            if cursor.dash && place.path.iter().rev().nth(1) == Some(&Step::Key("subagents".into()))
            {
                items.extend(agents(server, &path).into_iter().map(|(name, file)| {
                    item(
                        &name,
                        CompletionItemKind::REFERENCE,
                        Some(file),
                        None,
                        name.clone(),
                    )
                }));
            }
        }
        Some(key) => {
            let mut at = place.path.clone();
            at.push(Step::Key(key.clone()));
            for (value, description) in schema::values(schema_root, &at) {
                items.push(item(
                    value,
                    CompletionItemKind::ENUM_MEMBER,
                    None,
                    description,
                    value.to_string(),
                ));
            }
            let known: Vec<String> = match key.as_str() {
                "caller_id" => limits::KNOWN_CALLER_IDS
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                "model" => server.options(&path).policy.known_models,
                _ => Vec::new(),
            };
            for value in known {
                items.push(item(
                    &value,
                    CompletionItemKind::VALUE,
                    None,
                    None,
                    value.clone(),
                ));
            }
            if key == "agent" && place.path.is_empty() && kind == SpecKind::Session {
                items.extend(agents(server, &path).into_iter().map(|(name, file)| {
                    item(
                        &name,
                        CompletionItemKind::REFERENCE,
                        Some(file),
                        None,
                        name.clone(),
                    )
                }));
            }
        }
    }
    Some(CompletionResponse::Array(items))
}

/// The catalog agents the workspace defines, but the document's own, in name order, each
/// with the file that defines it.
fn agents(server: &Server, this: &std::path::Path) -> Vec<(String, String)> {
    let mut names: Vec<(String, String)> = server
        .files
        .iter()
        .filter(|(path, _)| path.as_path() != this)
        .filter_map(|(_, l)| {
            let definition = l.facts.definition.as_ref()?;
            Some((
                definition.name.clone(),
                format!("defined in {}", l.file.display_name()),
            ))
        })
        .collect();
    names.sort();
    names.dedup_by(|a, b| a.0 == b.0);
    names
}

/// What is typed on the cursor's line, before the cursor.
#[derive(Debug)]
struct Cursor {
    /// Column where the key (or the item's first key) starts.
    key_column: usize,
    /// Whether the line starts a sequence item (`- `).
    dash: bool,
    /// Column of the line's first character.
    indent: usize,
    /// The key before `:`, when the cursor is in its value.
    key: Option<String>,
    /// The word being typed, replaced by the completion.
    word: String,
}

impl Cursor {
    fn read(prefix: &str) -> Option<Cursor> {
        let indent = prefix.len() - prefix.trim_start_matches(' ').len();
        let mut rest = &prefix[indent..];
        let mut key_column = indent;
        let dash = rest == "-" || rest.starts_with("- ");
        if dash {
            let after = &rest[1..];
            let body = after.trim_start_matches(' ');
            key_column = indent + 1 + (after.len() - body.len());
            rest = body;
        }
        match rest.split_once(':') {
            Some((key, value)) => {
                if !is_key(key) || !(value.is_empty() || value.starts_with(' ')) {
                    return None;
                }
                let word = value.trim_start_matches(' ');
                if !word.chars().all(is_word_char) {
                    return None;
                }
                Some(Cursor {
                    key_column,
                    dash,
                    indent,
                    key: Some(key.to_string()),
                    word: word.to_string(),
                })
            }
            None if rest.chars().all(is_word_char) => Some(Cursor {
                key_column,
                dash,
                indent,
                key: None,
                word: rest.to_string(),
            }),
            None => None,
        }
    }
}

fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '/' | '.')
}

/// One line's block structure.
struct LineShape {
    indent: usize,
    dash: bool,
    key_column: usize,
    key: Option<String>,
}

impl LineShape {
    /// `None` for blank and comment lines.
    fn read(line: &str) -> Option<LineShape> {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            return None;
        }
        let dash = rest == "-" || rest.starts_with("- ");
        let mut key_column = indent;
        if dash {
            let after = &rest[1..];
            let body = after.trim_start_matches(' ');
            key_column = indent + 1 + (after.len() - body.len());
            rest = body;
        }
        let key = rest
            .split_once(':')
            .filter(|(k, v)| is_key(k) && (v.is_empty() || v.starts_with([' ', '\t'])))
            .map(|(k, _)| k.to_string());
        Some(LineShape {
            indent,
            dash,
            key_column,
            key,
        })
    }
}

/// Where the cursor's mapping is in the document, and the keys it already has.
struct Place {
    path: Vec<Step>,
    siblings: Vec<String>,
}

impl Place {
    fn find(cursor: &Cursor, above: &[&str], below: &[&str]) -> Option<Place> {
        enum Want {
            /// The keys of a mapping at this column.
            Mapping(usize),
            /// The items of a sequence whose dashes are at this column.
            Sequence(usize),
        }
        let mut reversed: Vec<Step> = Vec::new();
        let mut siblings = Vec::new();
        let mut own = true;
        let mut want = if cursor.dash {
            reversed.push(Step::Index(0));
            own = false;
            Want::Sequence(cursor.indent)
        } else {
            Want::Mapping(cursor.key_column)
        };
        for line in above {
            if line.starts_with("---") || line.starts_with("...") {
                break;
            }
            let Some(shape) = LineShape::read(line) else {
                continue;
            };
            match want {
                Want::Mapping(column) => {
                    if shape.key_column == column {
                        if let (true, Some(key)) = (own, &shape.key) {
                            siblings.push(key.clone());
                        }
                        if shape.dash {
                            reversed.push(Step::Index(0));
                            own = false;
                            want = Want::Sequence(shape.indent);
                        }
                    } else if shape.key_column < column && shape.indent < column {
                        let key = shape.key?;
                        reversed.push(Step::Key(key));
                        own = false;
                        want = if shape.dash {
                            reversed.push(Step::Index(0));
                            Want::Sequence(shape.indent)
                        } else {
                            Want::Mapping(shape.key_column)
                        };
                    }
                }
                Want::Sequence(column) => {
                    if shape.indent > column || (shape.dash && shape.indent == column) {
                        continue;
                    }
                    let parent = shape.key_column < column || !shape.dash;
                    let key = shape.key.filter(|_| parent)?;
                    reversed.push(Step::Key(key));
                    want = if shape.dash {
                        reversed.push(Step::Index(0));
                        Want::Sequence(shape.indent)
                    } else {
                        Want::Mapping(shape.key_column)
                    };
                }
            }
        }
        if let Want::Sequence(_) = want {
            // A sequence with no key above it: not a mapping of a spec.
            return None;
        }
        for line in below {
            if line.starts_with("---") || line.starts_with("...") {
                break;
            }
            let Some(shape) = LineShape::read(line) else {
                continue;
            };
            if shape.indent < cursor.key_column {
                break;
            }
            if shape.key_column == cursor.key_column && !shape.dash {
                if let Some(key) = shape.key {
                    siblings.push(key);
                }
            }
        }
        reversed.reverse();
        Some(Place {
            path: reversed,
            siblings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(text: &str) -> (Vec<Step>, Vec<String>) {
        let (before, after) = text.split_once('|').expect("cursor");
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let cursor = Cursor::read(&before[line_start..]).expect("cursor");
        let above: Vec<&str> = before[..line_start].lines().rev().collect();
        let below: Vec<&str> = after.lines().skip(1).collect();
        let place = Place::find(&cursor, &above, &below).expect("place");
        (place.path, place.siblings)
    }

    #[test]
    fn the_mapping_is_found_by_indentation() {
        let text = "agent:\n  name: a\n  subagents:\n    - name: x\n      description: y\n      en|\n      model: m\nmax_steps: 3\n";
        let (path, siblings) = place(text);
        assert_eq!(
            path,
            vec![
                Step::Key("agent".into()),
                Step::Key("subagents".into()),
                Step::Index(0)
            ]
        );
        assert_eq!(siblings, vec!["description", "name", "model"]);
        let (path, siblings) = place("agent: a\nmessages:\n- type: user_message\n  |\n");
        assert_eq!(path, vec![Step::Key("messages".into()), Step::Index(0)]);
        assert_eq!(siblings, vec!["type"]);
        let (path, siblings) = place("agent: a\n|\nmax_steps: 2\n");
        assert_eq!(path, Vec::<Step>::new());
        assert_eq!(siblings, vec!["agent", "max_steps"]);
    }
}
