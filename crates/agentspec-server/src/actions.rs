//! Code actions on findings. Each action is a set of byte-range edits of one file, turned
//! into a protocol `WorkspaceEdit` by [`workspace_edit`]: the fix a finding carries (the edits
//! `agentspec lint --fix` applies; safe fixes are marked preferred) and the suppression comment
//! of `agentspec lint --add-ignores` for one finding.

use std::collections::HashMap;

use agentspec_lint::{suppress, Applicability, Diagnostic};
use agentspec_project::config;
use agentspec_syntax::{Encoding, Format, LineIndex, Span};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeActionResponse,
    TextEdit, Uri, WorkspaceEdit,
};

use crate::convert;
use crate::state::Server;

/// The reason written in a suppression comment, for the author to replace.
pub const PLACEHOLDER_REASON: &str = "TODO: say why this is accepted";

/// Answers `textDocument/codeAction`: for each published finding on the lines of the range,
/// its fix when it has one and its rule is not `unfixable` in `agentspec.toml`, then a quick
/// fix suppressing its rule on its line (YAML files only: JSON has no comments).
pub fn actions(server: &Server, params: CodeActionParams) -> Option<CodeActionResponse> {
    let uri = params.text_document.uri;
    let path = config::absolute(&convert::path_of(&uri)?);
    let text = server.text(&path)?;
    let published = server.published.get(&path)?;
    let index = LineIndex::new(text);
    let first = params.range.start.line;
    let last = params.range.end.line;
    let options = server.options(&path);
    let format = agentspec_lint::format_for_path(&path);
    let parsed = agentspec_syntax::parse(text, format, &options.limits);
    let mut actions = Vec::new();
    let unfixable = |rule: &str| {
        server
            .files
            .get(&path)
            .is_some_and(|l| l.config.unfixable.contains(&rule))
    };
    for d in published {
        let (line, _) = index.editor_position(d.span.start, server.encoding);
        if line < first || line > last {
            continue;
        }
        if let Some(fix) = d.fix.as_ref().filter(|_| !unfixable(d.rule)) {
            let edits: Vec<(Span, String)> = fix
                .edits
                .iter()
                .map(|e| (e.span, e.content.clone()))
                .collect();
            let mut fixed = action(
                &uri,
                &index,
                d,
                fix.message.clone(),
                &edits,
                server.encoding,
            );
            fixed.is_preferred = Some(fix.applicability == Applicability::Safe);
            actions.push(CodeActionOrCommand::CodeAction(fixed));
        }
        if format != Format::Yaml {
            continue;
        }
        let inserted = suppress::insert(text, &parsed, std::slice::from_ref(d), PLACEHOLDER_REASON);
        if inserted.added == 0 {
            continue;
        }
        let edits = [insertion(text, &inserted.text)];
        let title = format!("Suppress {} on this line", d.rule);
        if actions
            .iter()
            .any(|a: &CodeActionOrCommand| matches!(a, CodeActionOrCommand::CodeAction(c) if c.title == title))
        {
            continue;
        }
        actions.push(CodeActionOrCommand::CodeAction(action(
            &uri,
            &index,
            d,
            title,
            &edits,
            server.encoding,
        )));
    }
    Some(actions)
}

/// A quick fix for one finding applying `edits` to its file.
fn action(
    uri: &Uri,
    index: &LineIndex,
    d: &Diagnostic,
    title: String,
    edits: &[(Span, String)],
    encoding: Encoding,
) -> CodeAction {
    CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![convert::diagnostic(uri, index, d, encoding)]),
        edit: Some(workspace_edit(uri, index, edits, encoding)),
        ..CodeAction::default()
    }
}

/// Byte-range replacements of one file as a protocol edit.
pub fn workspace_edit(
    uri: &Uri,
    index: &LineIndex,
    edits: &[(Span, String)],
    encoding: Encoding,
) -> WorkspaceEdit {
    let edits = edits
        .iter()
        .map(|(span, text)| TextEdit {
            range: convert::range(index, *span, encoding),
            new_text: text.clone(),
        })
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// The one insertion that turns `before` into `after`, when `after` only adds text.
fn insertion(before: &str, after: &str) -> (Span, String) {
    let common = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, a), b)| a != b)
        .map_or(before.len(), |((at, _), _)| at);
    let added = after.len() - before.len();
    (
        Span::empty(common),
        after[common..common + added].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insertion_is_the_added_text() {
        let (span, text) = insertion("a: 1\nb: 2\n", "a: 1\n# x\nb: 2\n");
        assert_eq!(span, Span::empty(5));
        assert_eq!(text, "# x\n");
    }
}
