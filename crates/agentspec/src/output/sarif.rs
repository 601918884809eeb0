//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run; the tool driver lists every rule with its full documentation (no help URI: the
//! project has no public page to point to, and the documentation is embedded); each result
//! has a physical location with a region (1-based lines, columns in Unicode code points, the
//! end column just past the end) and the other locations of the finding as related locations.

use agentspec_lint::{RuleMeta, Severity};
use agentspec_syntax::LineIndex;
use serde_json::{json, Value};

use super::{position, Position, Results};

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";
/// The schema URI written in `$schema`.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Renders the results as one SARIF log.
pub fn render(results: &Results) -> String {
    let rules = agentspec_lint::all_rules();
    let descriptors: Vec<Value> = rules.iter().map(|r| descriptor(r.meta)).collect();
    let mut sarif_results = Vec::new();
    for file in &results.files {
        if file.diagnostics.is_empty() {
            continue;
        }
        let index = LineIndex::new(&file.source);
        let uri = artifact_uri(&file.path);
        for d in &file.diagnostics {
            let text = d.message_with_help();
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [location(&uri, position(&index, d.span), None)],
            });
            if let Some(i) = rules.iter().position(|r| r.meta.name == d.rule) {
                result["ruleIndex"] = json!(i);
            }
            if !d.related.is_empty() {
                let related: Vec<Value> = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, r)| {
                        let mut at = location(&uri, position(&index, r.span), Some(&r.message));
                        at["id"] = json!(id);
                        at
                    })
                    .collect();
                result["relatedLocations"] = Value::Array(related);
            }
            if !d.pointer.is_empty() {
                result["properties"] = json!({"pointer": d.pointer});
            }
            if let Some(fix) = &d.fix {
                let replacements: Vec<Value> = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let at = position(&index, e.span);
                        json!({
                            "deletedRegion": {
                                "startLine": at.line,
                                "startColumn": at.column,
                                "endLine": at.end_line,
                                "endColumn": at.end_column,
                            },
                            "insertedContent": {"text": e.content},
                        })
                    })
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": fix.message},
                    "artifactChanges": [{
                        "artifactLocation": uri,
                        "replacements": replacements,
                    }],
                    "properties": {"applicability": fix.applicability.as_str()},
                }]);
            }
            sarif_results.push(result);
        }
    }
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": VERSION,
        "runs": [{
            "tool": {
                "driver": {
                    "name": "agentspec",
                    // What `agentspec --version` prints (with the commit of a checkout build).
                    "version": crate::cli::VERSION,
                    "semanticVersion": crate::cli::PACKAGE_VERSION,
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}

/// A `reportingDescriptor` for one rule.
fn descriptor(meta: &RuleMeta) -> Value {
    let docs: String = meta
        .docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let mut tags = vec![meta.group];
    if meta.policy {
        tags.push("policy");
    }
    json!({
        "id": meta.name,
        "name": pascal_case(meta.name),
        "shortDescription": {"text": meta.summary()},
        "fullDescription": {"text": meta.summary()},
        "help": {"text": docs.trim(), "markdown": docs.trim()},
        "defaultConfiguration": {"level": level(meta.default_severity)},
        "properties": {"tags": tags},
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn location(uri: &Value, at: Position, message: Option<&str>) -> Value {
    let mut location = json!({
        "physicalLocation": {
            "artifactLocation": uri,
            "region": {
                "startLine": at.line,
                "startColumn": at.column,
                "endLine": at.end_line,
                "endColumn": at.end_column.max(1),
            }
        }
    });
    if let Some(message) = message {
        location["message"] = json!({"text": message});
    }
    location
}

/// The `artifactLocation` of a file: a relative URI reference against `%SRCROOT%` (the
/// directory the tool ran in), or a `file://` URI for an absolute path. The name is encoded
/// from its bytes as they are (a `\`, a line break or an escape in a Unix file name is
/// percent-encoded, never read as a separator), and a relative reference whose first segment
/// holds a `:` starts with `./`, so it can't be read as a scheme (RFC 3986, section 4.2).
fn artifact_uri(path: &std::path::Path) -> Value {
    let bytes = path_bytes(path);
    let mut trimmed: &[u8] = &bytes;
    while let Some(rest) = trimmed.strip_prefix(b"./") {
        trimmed = rest;
    }
    if trimmed.starts_with(b"/") {
        return json!({"uri": format!("file://{}", percent_encode(trimmed))});
    }
    let first_segment = trimmed.split(|&b| b == b'/').next().unwrap_or_default();
    let dot = if first_segment.contains(&b':') {
        "./"
    } else {
        ""
    };
    json!({"uri": format!("{dot}{}", percent_encode(trimmed)), "uriBaseId": "%SRCROOT%"})
}

/// The bytes of a path with `/` between its parts.
#[cfg(unix)]
fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str()).to_vec()
}

/// The bytes of a path with `/` between its parts.
#[cfg(not(unix))]
fn path_bytes(path: &std::path::Path) -> Vec<u8> {
    path.to_string_lossy().replace('\\', "/").into_bytes()
}

/// Percent-encodes what a URI path may not hold literally (RFC 3986 `pchar` plus `/`).
fn percent_encode(path: &[u8]) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'/'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `duplicate-environment-kind` → `DuplicateEnvironmentKind`.
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|word| {
            let mut chars = word.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        use std::path::Path;
        assert_eq!(
            artifact_uri(Path::new("./specs/a b.session.yaml")),
            json!({"uri": "specs/a%20b.session.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_uri(Path::new("/tmp/x#1.agent.json")),
            json!({"uri": "file:///tmp/x%231.agent.json"})
        );
        // A colon in the first segment would read as a scheme.
        assert_eq!(
            artifact_uri(Path::new("c:drive.session.yaml")),
            json!({"uri": "./c:drive.session.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_uri(Path::new("specs/c:drive.session.yaml")),
            json!({"uri": "specs/c:drive.session.yaml", "uriBaseId": "%SRCROOT%"})
        );
    }

    #[cfg(unix)]
    #[test]
    fn unix_names_are_encoded_from_their_bytes() {
        use std::path::Path;
        assert_eq!(
            artifact_uri(Path::new("back\\slash.session.yaml")),
            json!({"uri": "back%5Cslash.session.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact_uri(Path::new("a\nb\u{1b}[31m.session.yaml")),
            json!({"uri": "a%0Ab%1B%5B31m.session.yaml", "uriBaseId": "%SRCROOT%"})
        );
    }

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(
            pascal_case("duplicate-environment-kind"),
            "DuplicateEnvironmentKind"
        );
    }
}
