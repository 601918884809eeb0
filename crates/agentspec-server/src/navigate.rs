//! Go to definition of catalog agents, and the outline of a spec.

use std::path::Path;

use agentspec_project::config;
use agentspec_syntax::{LineIndex, Node, Value as NodeValue};
use lsp_types::{
    DocumentSymbol, DocumentSymbolParams, DocumentSymbolResponse, GotoDefinitionParams,
    GotoDefinitionResponse, Location, SymbolKind,
};

use crate::convert;
use crate::schema::within;
use crate::state::Server;

/// Answers `textDocument/definition`: from a catalog agent name a session's `agent:` or a
/// manager's `subagents:` references, to the `name` of the agent file that defines it.
pub fn definition(server: &Server, params: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let position = params.text_document_position_params;
    let path = config::absolute(&convert::path_of(&position.text_document.uri)?);
    let linted = server.files.get(&path)?;
    let index = LineIndex::new(&linted.file.source);
    let offset = convert::offset(&index, position.position, server.encoding);
    let reference = linted
        .facts
        .references
        .iter()
        .find(|r| r.span.start <= offset && offset <= r.span.end)?;
    let locations: Vec<Location> = server
        .files
        .iter()
        .filter_map(|(other, l)| {
            let definition = l.facts.definition.as_ref()?;
            if definition.name != reference.name {
                return None;
            }
            let index = LineIndex::new(&l.file.source);
            let uri = convert::uri_of(other)?;
            Some(Location::new(
                uri,
                convert::range(&index, definition.span, server.encoding),
            ))
        })
        .collect();
    match locations.len() {
        0 => None,
        1 => locations
            .into_iter()
            .next()
            .map(GotoDefinitionResponse::Scalar),
        _ => Some(GotoDefinitionResponse::Array(locations)),
    }
}

/// The most symbols an outline lists, so a huge document gives a bounded answer.
const MAX_SYMBOLS: usize = 5_000;

/// Answers `textDocument/documentSymbol`: the keys of the document as a tree, sequence items
/// named by their `name` or `id` when they have one.
pub fn symbols(server: &Server, params: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let path = config::absolute(&convert::path_of(&params.text_document.uri)?);
    let text = server.text(&path)?;
    let options = server.options(&path);
    let parsed = agentspec_syntax::parse(text, format(&path), &options.limits);
    let root = &parsed.documents.first()?.root;
    let index = LineIndex::new(text);
    let mut outline = Outline {
        index: &index,
        encoding: server.encoding,
        count: 0,
    };
    Some(DocumentSymbolResponse::Nested(outline.children(root)))
}

fn format(path: &Path) -> agentspec_syntax::Format {
    agentspec_lint::format_for_path(path)
}

struct Outline<'a> {
    index: &'a LineIndex,
    encoding: agentspec_syntax::Encoding,
    count: usize,
}

impl Outline<'_> {
    fn children(&mut self, node: &Node) -> Vec<DocumentSymbol> {
        let mut out = Vec::new();
        match &node.value {
            NodeValue::Map(map) => {
                for entry in map.iter() {
                    // Entries merged in from an anchor are written elsewhere.
                    if !within(node.span, entry.key.span) || !within(node.span, entry.value.span) {
                        continue;
                    }
                    let span = agentspec_syntax::Span::new(
                        entry.key.span.start,
                        entry.value.span.end.max(entry.key.span.end),
                    );
                    if let Some(symbol) =
                        self.symbol(entry.key.text.clone(), span, entry.key.span, &entry.value)
                    {
                        out.push(symbol);
                    }
                }
            }
            NodeValue::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    if !within(node.span, item.span) {
                        continue;
                    }
                    let name = ["name", "id"]
                        .iter()
                        .find_map(|k| item.get(k).and_then(Node::as_str))
                        .map_or_else(|| format!("[{i}]"), str::to_string);
                    if let Some(symbol) = self.symbol(name, item.span, item.span, item) {
                        out.push(symbol);
                    }
                }
            }
            _ => {}
        }
        out
    }

    fn symbol(
        &mut self,
        name: String,
        span: agentspec_syntax::Span,
        selection: agentspec_syntax::Span,
        value: &Node,
    ) -> Option<DocumentSymbol> {
        if self.count >= MAX_SYMBOLS {
            return None;
        }
        self.count += 1;
        let kind = match &value.value {
            NodeValue::Map(_) => SymbolKind::OBJECT,
            NodeValue::Seq(_) => SymbolKind::ARRAY,
            NodeValue::String(_) => SymbolKind::STRING,
            NodeValue::Number(_) => SymbolKind::NUMBER,
            NodeValue::Bool(_) => SymbolKind::BOOLEAN,
            NodeValue::Null => SymbolKind::NULL,
        };
        let detail = value
            .as_str()
            .map(|s| agentspec_lint::printable(&s.chars().take(80).collect::<String>()));
        let children = self.children(value);
        #[allow(deprecated)]
        Some(DocumentSymbol {
            name: if name.is_empty() {
                "\"\"".to_string()
            } else {
                name
            },
            detail,
            kind,
            tags: None,
            deprecated: None,
            range: convert::range(self.index, span, self.encoding),
            selection_range: convert::range(self.index, selection, self.encoding),
            children: (!children.is_empty()).then_some(children),
        })
    }
}
