//! Hover: on a key, its type and description from the exported schema; on a finding, its
//! rule's one-line summary.

use agentspec_project::config;
use agentspec_syntax::LineIndex;
use lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

use crate::convert;
use crate::schema;
use crate::state::Server;

/// Answers `textDocument/hover`.
pub fn hover(server: &Server, params: HoverParams) -> Option<Hover> {
    let position = params.text_document_position_params;
    let path = config::absolute(&convert::path_of(&position.text_document.uri)?);
    let text = server.text(&path)?;
    let index = LineIndex::new(text);
    let offset = convert::offset(&index, position.position, server.encoding);
    let mut sections = Vec::new();
    let mut range = None;
    // Findings under the cursor, as published.
    let published = server.published.get(&path).into_iter().flatten();
    for d in published.filter(|d| d.span.start <= offset && offset <= d.span.end) {
        let summary = agentspec_lint::find_rule(d.rule).map(|r| r.summary());
        let section = match summary {
            Some(summary) => format!("`{}` ({}): {summary}", d.rule, d.severity.as_str()),
            None => format!("`{}` ({})", d.rule, d.severity.as_str()),
        };
        if !sections.contains(&section) {
            sections.push(section);
        }
    }
    // The key under the cursor.
    let options = server.options(&path);
    let format = agentspec_lint::format_for_path(&path);
    let parsed = agentspec_syntax::parse(text, format, &options.limits);
    let root = parsed.documents.first().map(|d| &d.root);
    if let (Some(root), Some(kind)) = (root, server.kind(&path, root)) {
        let at = schema::locate(root, offset);
        if let Some(key) = at.key {
            let schema_root = schema::root(kind);
            if let Some(property) = schema::at_path(schema_root, &at.path).first() {
                let mut section = format!("`{}`: `{}`", key.text, schema::type_name(property));
                if let Some(description) = schema::description(property) {
                    section.push_str("\n\n");
                    section.push_str(description);
                }
                sections.insert(0, section);
                range = Some(convert::range(&index, key.span, server.encoding));
            }
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range,
    })
}
