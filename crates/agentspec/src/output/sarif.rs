//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF viewers read it.
//!
//! One run; the tool driver lists every rule with its full documentation (no help URI: the
//! project has no public page to point to, and the documentation is embedded); each result
//! has a physical location with a region (1-based lines, columns in Unicode code points, the
//! end column just past the end) and the other locations of the finding as related locations.

use std::collections::HashMap;

use agentspec_lint::{RuleMeta, Severity};
use agentspec_syntax::LineIndex;
use serde::Serialize;

use super::{position, Position, Results};

/// The SARIF version written.
pub const VERSION: &str = "2.1.0";
/// The schema URI written in `$schema`.
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

// The log, as typed structs that borrow the results and are written field by field in this
// order (no intermediate `serde_json::Value` tree).

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'a str,
    version: &'a str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'a str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'a str,
    version: &'a str,
    semantic_version: &'a str,
    rules: Vec<Descriptor<'a>>,
}

/// A `reportingDescriptor` for one rule.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    full_description: Text<'a>,
    help: Help<'a>,
    default_configuration: Level<'a>,
    properties: Tags<'a>,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Help<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Level<'a> {
    level: &'a str,
}

#[derive(Serialize)]
struct Tags<'a> {
    tags: Vec<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    level: &'a str,
    message: OwnedText,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<Pointer<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[SarifFix<'a>; 1]>,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
struct Pointer<'a> {
    pointer: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: &'a ArtifactLocation,
    region: Region,
}

/// Where a file is: `uri`, relative to `uriBaseId` when there is one.
#[derive(Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
    properties: Applicability<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: &'a ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
struct Applicability<'a> {
    applicability: &'a str,
}

/// Renders the results as one SARIF log.
pub fn render(results: &Results) -> String {
    let rules = agentspec_lint::all_rules();
    let rule_index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.meta.name, i))
        .collect();
    let texts: Vec<(String, String)> = rules
        .iter()
        .map(|r| (r.meta.summary(), help_text(r.meta)))
        .collect();
    let descriptors = rules
        .iter()
        .zip(&texts)
        .map(|(r, (summary, docs))| descriptor(r.meta, summary, docs))
        .collect();
    let shown: Vec<_> = results
        .files
        .iter()
        .filter(|file| !file.diagnostics.is_empty())
        .map(|file| (file, artifact_uri(&file.path)))
        .collect();
    let mut sarif_results = Vec::new();
    for (file, uri) in &shown {
        let index = LineIndex::new(&file.source);
        for d in &file.diagnostics {
            let related = d
                .related
                .iter()
                .enumerate()
                .map(|(id, r)| Location {
                    id: Some(id),
                    ..location(uri, position(&index, r.span), Some(&r.message))
                })
                .collect();
            let fixes = d.fix.as_ref().map(|fix| {
                let replacements = fix
                    .edits
                    .iter()
                    .map(|e| {
                        let at = position(&index, e.span);
                        Replacement {
                            deleted_region: Region {
                                start_line: at.line,
                                start_column: at.column,
                                end_line: at.end_line,
                                end_column: at.end_column,
                            },
                            inserted_content: Text { text: &e.content },
                        }
                    })
                    .collect();
                [SarifFix {
                    description: Text { text: &fix.message },
                    artifact_changes: [ArtifactChange {
                        artifact_location: uri,
                        replacements,
                    }],
                    properties: Applicability {
                        applicability: fix.applicability.as_str(),
                    },
                }]
            });
            sarif_results.push(SarifResult {
                rule_id: d.rule,
                level: level(d.severity),
                message: OwnedText {
                    text: d.message_with_help(),
                },
                locations: [location(uri, position(&index, d.span), None)],
                rule_index: rule_index.get(d.rule).copied(),
                related_locations: related,
                properties: (!d.pointer.is_empty()).then_some(Pointer {
                    pointer: &d.pointer,
                }),
                fixes,
            });
        }
    }
    let log = Log {
        schema: SCHEMA_URI,
        version: VERSION,
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "agentspec",
                    // What `agentspec --version` prints (with the commit of a checkout build).
                    version: crate::cli::VERSION,
                    semantic_version: crate::cli::PACKAGE_VERSION,
                    rules: descriptors,
                },
            },
            column_kind: "unicodeCodePoints",
            results: sarif_results,
        }],
    };
    super::pretty_json(&log, 1 << 20, 1200 * log.runs[0].results.len())
}

/// A rule's documentation, without the one space of indentation of its doc comment's lines.
fn help_text(meta: &RuleMeta) -> String {
    let docs: String = meta
        .docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    docs.trim().to_string()
}

/// A `reportingDescriptor` for one rule, with its summary and documentation.
fn descriptor<'a>(meta: &'a RuleMeta, summary: &'a str, docs: &'a str) -> Descriptor<'a> {
    let mut tags = vec![meta.group];
    if meta.policy {
        tags.push("policy");
    }
    Descriptor {
        id: meta.name,
        name: pascal_case(meta.name),
        short_description: Text { text: summary },
        full_description: Text { text: summary },
        help: Help {
            text: docs,
            markdown: docs,
        },
        default_configuration: Level {
            level: level(meta.default_severity),
        },
        properties: Tags { tags },
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn location<'a>(uri: &'a ArtifactLocation, at: Position, message: Option<&'a str>) -> Location<'a> {
    Location {
        physical_location: PhysicalLocation {
            artifact_location: uri,
            region: Region {
                start_line: at.line,
                start_column: at.column,
                end_line: at.end_line,
                end_column: at.end_column.max(1),
            },
        },
        message: message.map(|text| Text { text }),
        id: None,
    }
}

/// The `artifactLocation` of a file: a relative URI reference against `%SRCROOT%` (the
/// directory the tool ran in), or a `file://` URI for an absolute path. The name is encoded
/// from its bytes as they are (a `\`, a line break or an escape in a Unix file name is
/// percent-encoded, never read as a separator), and a relative reference whose first segment
/// holds a `:` starts with `./`, so it can't be read as a scheme (RFC 3986, section 4.2).
fn artifact_uri(path: &std::path::Path) -> ArtifactLocation {
    let bytes = path_bytes(path);
    let mut trimmed: &[u8] = &bytes;
    while let Some(rest) = trimmed.strip_prefix(b"./") {
        trimmed = rest;
    }
    if trimmed.starts_with(b"/") {
        return ArtifactLocation {
            uri: format!("file://{}", percent_encode(trimmed)),
            uri_base_id: None,
        };
    }
    let first_segment = trimmed.split(|&b| b == b'/').next().unwrap_or_default();
    let dot = if first_segment.contains(&b':') {
        "./"
    } else {
        ""
    };
    ArtifactLocation {
        uri: format!("{dot}{}", percent_encode(trimmed)),
        uri_base_id: Some("%SRCROOT%"),
    }
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
    use serde_json::{json, Value};

    fn artifact_uri(path: &std::path::Path) -> Value {
        serde_json::to_value(super::artifact_uri(path)).expect("serializable")
    }

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
