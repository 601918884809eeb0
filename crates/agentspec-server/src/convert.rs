//! Between the linter's values and the protocol's: file URIs and paths, byte spans and
//! ranges, findings and protocol diagnostics. Columns are converted by
//! [`agentspec_syntax::LineIndex`] in the encoding negotiated at start-up.

use std::path::{Path, PathBuf};

use agentspec_lint::{Diagnostic, Severity};
use agentspec_syntax::{Encoding, LineIndex, Span};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
    Uri,
};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// The name every diagnostic is published under.
pub const SOURCE: &str = "agentspec";

/// Characters escaped in the path of a `file:` URI: everything but unreserved characters,
/// `/` and the sub-delimiters a path may hold.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The local path of a `file:` URI, or `None` for another scheme.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file:///p` has an empty authority; `file://localhost/p` names this machine.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let encoded = utf8_percent_encode(text, PATH).to_string();
    format!("file://{encoded}").parse().ok()
}

/// The protocol range of a byte span.
pub fn range(index: &LineIndex, span: Span, encoding: Encoding) -> Range {
    let (line, character) = index.editor_position(span.start, encoding);
    let (end_line, end_character) = index.editor_position(span.end.max(span.start), encoding);
    Range::new(
        Position::new(line, character),
        Position::new(end_line, end_character),
    )
}

/// The byte offset of a protocol position.
pub fn offset(index: &LineIndex, position: Position, encoding: Encoding) -> usize {
    index.editor_offset(position.line, position.character, encoding)
}

/// A finding as a protocol diagnostic: the rule as `code`, the help after the message (as
/// every one-text output format writes it), secondary locations as related information.
pub fn diagnostic(
    uri: &Uri,
    index: &LineIndex,
    d: &Diagnostic,
    encoding: Encoding,
) -> lsp_types::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(index, r.span, encoding)),
            message: r.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: range(index, d.span, encoding),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: d.message_with_help(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// The protocol severity of a finding's.
pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/my specs/ü#1.session.yaml");
        let uri = uri_of(path).expect("uri");
        assert_eq!(
            uri.as_str(),
            "file:///tmp/my%20specs/%C3%BC%231.session.yaml"
        );
        assert_eq!(path_of(&uri).as_deref(), Some(path));
        let other: Uri = "untitled:Untitled-1".parse().expect("uri");
        assert_eq!(path_of(&other), None);
    }
}
