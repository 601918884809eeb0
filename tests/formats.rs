//! Every output format against what its consumer expects: SARIF against the SARIF 2.1.0
//! schema (as code scanning validates uploads), JUnit parsed as XML, GitHub annotations line
//! by line, JSON against the shape the README documents. `fixtures/formats/specs` holds an
//! error with a related location, a warning, an info, a finding spanning lines, a message with
//! characters each format must escape, a JSON file and a clean file.

mod cli_support;

use std::path::PathBuf;

use cli_support::{agentspec, sarif_errors, sarif_validator, snapshots, workspace, Run};
use serde_json::{json, Value};

fn formats_dir() -> PathBuf {
    workspace().join("fixtures/formats")
}

fn lint(format: &str) -> Run {
    let run = agentspec(
        &formats_dir(),
        &["lint", "--show-infos", "--format", format, "specs"],
    );
    assert_eq!(run.code, 1, "errors are found: {}", run.transcript());
    run
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    let run = lint("sarif");
    let log: Value = serde_json::from_str(&run.stdout).expect("SARIF output is JSON");
    let errors = sarif_errors(&validator, &log);
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));

    // A clean run is valid too, with an empty result list.
    let clean = agentspec(
        &formats_dir(),
        &[
            "lint",
            "--show-infos",
            "--format",
            "sarif",
            "specs/clean.agent.yaml",
        ],
    );
    assert_eq!(clean.code, 0);
    let clean: Value = serde_json::from_str(&clean.stdout).expect("JSON");
    assert!(validator.is_valid(&clean));
    assert_eq!(clean["runs"][0]["results"], json!([]));
}

#[test]
fn sarif_describes_every_rule_and_locates_every_result() {
    let run = lint("sarif");
    let log: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    let sarif_run = &log["runs"][0];
    let driver = &sarif_run["tool"]["driver"];
    assert_eq!(driver["name"], "agentspec");
    assert!(driver.get("informationUri").is_none(), "{driver}");
    let rules = driver["rules"].as_array().expect("rules");
    let all = agentspec_lint::all_rules();
    assert_eq!(rules.len(), all.len(), "every rule is described");
    for (descriptor, rule) in rules.iter().zip(all) {
        assert_eq!(descriptor["id"], rule.meta.name);
        // No invented page: the rule's documentation is embedded instead.
        assert!(descriptor.get("helpUri").is_none(), "{descriptor}");
        assert!(descriptor["help"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("## What it does")));
    }
    assert_eq!(sarif_run["columnKind"], "unicodeCodePoints");
    let results = sarif_run["results"].as_array().expect("results");
    let concise = agentspec(
        &formats_dir(),
        &["lint", "--show-infos", "--format", "concise", "specs"],
    );
    assert_eq!(results.len(), concise.stdout.lines().count());
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let uri = location["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            formats_dir().join(uri).is_file(),
            "{uri} is relative to the run"
        );
        let region = &location["region"];
        let line = format!("{uri}:{}:{}: ", region["startLine"], region["startColumn"]);
        assert!(
            concise.stdout.lines().any(|l| l.starts_with(&line)),
            "{line} is a finding"
        );
    }
    let duplicate = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-environment-kind")
        .expect("the duplicate kind");
    assert_eq!(duplicate["level"], "error");
    assert_eq!(
        duplicate["locations"][0]["physicalLocation"]["region"],
        json!({"startLine": 9, "startColumn": 13, "endLine": 9, "endColumn": 16})
    );
    assert_eq!(
        duplicate["relatedLocations"][0]["message"]["text"],
        "first `web` environment"
    );
    let levels: Vec<&str> = results.iter().filter_map(|r| r["level"].as_str()).collect();
    assert!(levels.contains(&"warning") && levels.contains(&"note"));
    // The rule descriptors are checked above; the snapshot shows the results, without the
    // rule indices that every new rule shifts.
    let mut shown = sarif_run["results"].clone();
    for result in shown.as_array_mut().into_iter().flatten() {
        result.as_object_mut().map(|r| r.remove("ruleIndex"));
    }
    let results = serde_json::to_string_pretty(&shown).expect("JSON");
    snapshots("formats").bind(|| insta::assert_snapshot!("sarif-results", results));
}

#[test]
fn junit_is_xml_with_one_test_case_per_file() {
    let run = lint("junit");
    let document = roxmltree::Document::parse(&run.stdout).expect("JUnit output is XML");
    let root = document.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suite = root
        .children()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("one test suite");
    let cases: Vec<roxmltree::Node> = suite
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    let files = std::fs::read_dir(formats_dir().join("specs"))
        .expect("specs")
        .count();
    assert_eq!(cases.len(), files, "one test case per file");
    assert_eq!(suite.attribute("tests"), Some(files.to_string().as_str()));
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .filter_map(|c| c.attribute("name"))
        .collect();
    assert_eq!(
        failed,
        ["specs/odd.session.yaml", "specs/shop.session.yaml"],
        "files with errors fail"
    );
    assert_eq!(suite.attribute("failures"), Some("2"));
    assert_eq!(root.attribute("failures"), Some("2"));
    let odd = cases
        .iter()
        .find(|c| c.attribute("name") == Some("specs/odd.session.yaml"))
        .expect("odd");
    let failure = odd
        .children()
        .find(|n| n.has_tag_name("failure"))
        .expect("failure");
    assert!(
        failure
            .text()
            .is_some_and(|t| t.contains("unknown field `<b>&x, y: 100%`")),
        "text is escaped and read back exactly"
    );
    let warned = cases
        .iter()
        .find(|c| c.attribute("name") == Some("specs/unbounded.session.yaml"))
        .expect("unbounded");
    assert!(warned.children().any(|n| n.has_tag_name("system-out")));

    // Denied warnings fail their file.
    let denied = agentspec(
        &formats_dir(),
        &[
            "lint",
            "--show-infos",
            "--format",
            "junit",
            "--deny-warnings",
            "specs",
        ],
    );
    let document = roxmltree::Document::parse(&denied.stdout).expect("XML");
    assert_eq!(document.root_element().attribute("failures"), Some("4"));
    snapshots("formats").bind(|| insta::assert_snapshot!("junit", run.stdout));
}

#[test]
fn github_annotations_match_exactly() {
    let run = lint("github");
    let expected = [
        "::notice file=specs/notice.session.yaml,line=9,col=26,endLine=9,endColumn=32,\
         title=agentspec (untyped-keyword)::`format: \"date\"` is not expressed by the type, \
         which is a `String`",
        "::error file=specs/odd.session.yaml,line=7,endLine=8,title=agentspec (wrong-type)::\
         `max_steps` expects an integer or null, found an object",
        "::error file=specs/shop.session.yaml,line=9,col=13,endLine=9,endColumn=16,\
         title=agentspec (duplicate-environment-kind)::a second `web` environment in the same \
         agent%0Ahelp: keep one environment of each kind; merge their settings",
        "::warning file=specs/unbounded.session.yaml,line=1,col=1,endLine=1,endColumn=6,\
         title=agentspec (unbounded-run)::the run is unbounded: neither `max_steps` nor \
         `max_time_s` is set%0Ahelp: add `max_steps` (such as `max_steps: 30`) or \
         `max_time_s`; requiring a bound is project policy",
    ];
    for line in expected {
        assert!(
            run.stdout.lines().any(|l| l == line),
            "missing annotation:\n{line}\nin:\n{}",
            run.stdout
        );
    }
    let escaped = run
        .stdout
        .lines()
        .find(|l| l.contains("(unknown-field)"))
        .expect("the unknown field");
    assert!(
        escaped.starts_with(
            "::error file=specs/odd.session.yaml,line=5,col=1,endLine=5,endColumn=17,\
             title=agentspec (unknown-field)::unknown field `<b>&x, y: 100%25` in a session \
             request%0Ahelp: "
        ),
        "{escaped}"
    );
    for line in run.stdout.lines() {
        assert!(
            line.starts_with("::error ")
                || line.starts_with("::warning ")
                || line.starts_with("::notice "),
            "{line}"
        );
        let (properties, _) = line[2..].split_once("::").expect("command::message");
        assert!(
            !properties.contains('\n') && properties.matches(',').count() >= 3,
            "{properties}"
        );
    }
    snapshots("formats").bind(|| insta::assert_snapshot!("github", run.stdout));
}

/// The shape of a finding's `fix` in `--format json`.
fn fix_shape() -> Value {
    json!({
        "oneOf": [
            {"type": "null"},
            {
                "type": "object",
                "additionalProperties": false,
                "required": ["applicability", "message", "edits"],
                "properties": {
                    "applicability": {"enum": ["safe", "unsafe"]},
                    "message": {"type": "string", "minLength": 1},
                    "edits": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": false,
                            "required": ["line", "column", "end_line",
                                         "end_column", "content"],
                            "properties": {
                                "line": {"type": "integer", "minimum": 1},
                                "column": {"type": "integer", "minimum": 1},
                                "end_line": {"type": "integer", "minimum": 1},
                                "end_column": {"type": "integer", "minimum": 1},
                                "content": {"type": "string"}
                            }
                        }
                    }
                }
            }
        ]
    })
}

/// The shape the README documents for `--format json`.
fn json_shape() -> Value {
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["version", "diagnostics", "summary"],
        "properties": {
            "version": {"const": 1},
            "diagnostics": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["file", "line", "column", "end_line", "end_column", "rule",
                                 "severity", "message", "help", "pointer", "fix"],
                    "properties": {
                        "file": {"type": "string", "minLength": 1},
                        "line": {"type": "integer", "minimum": 1},
                        "column": {"type": "integer", "minimum": 1},
                        "end_line": {"type": "integer", "minimum": 1},
                        "end_column": {"type": "integer", "minimum": 1},
                        "rule": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
                        "severity": {"enum": ["error", "warning", "info"]},
                        "message": {"type": "string", "minLength": 1},
                        "help": {"type": ["string", "null"]},
                        "pointer": {"type": "string", "pattern": "^(/.*)?$"},
                        "fix": fix_shape()
                    }
                }
            },
            "summary": {
                "type": "object",
                "additionalProperties": false,
                "required": ["files", "errors", "warnings", "infos"],
                "properties": {
                    "files": {"type": "integer", "minimum": 0},
                    "errors": {"type": "integer", "minimum": 0},
                    "warnings": {"type": "integer", "minimum": 0},
                    "infos": {"type": "integer", "minimum": 0}
                }
            }
        }
    })
}

#[test]
fn json_has_the_documented_shape() {
    let run = lint("json");
    let value: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let shape = json_shape();
    let validator = jsonschema::validator_for(&shape).expect("shape compiles");
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    assert_eq!(
        value["summary"],
        json!({"files": 6, "errors": 3, "warnings": 2, "infos": 1})
    );
    let first = &value["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["rule"] == "duplicate-environment-kind")
        .expect("duplicate");
    assert_eq!(
        **first,
        json!({
            "file": "specs/shop.session.yaml",
            "line": 9,
            "column": 13,
            "end_line": 9,
            "end_column": 16,
            "rule": "duplicate-environment-kind",
            "severity": "error",
            "message": "a second `web` environment in the same agent",
            "help": "keep one environment of each kind; merge their settings",
            "pointer": "/agent/environments/1/kind",
            "fix": null
        })
    );
    // The README's example is an instance of the same shape.
    let readme = std::fs::read_to_string(workspace().join("README.md")).expect("README");
    let example = readme
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("the README has a JSON example");
    let example: Value = serde_json::from_str(example).expect("the README example is JSON");
    assert!(
        validator.is_valid(&example),
        "the README example has the shape"
    );
}

#[test]
fn concise_and_human_output() {
    let concise = lint("concise");
    for line in concise.stdout.lines() {
        let mut parts = line.splitn(4, ':');
        let (file, row, col) = (parts.next(), parts.next(), parts.next());
        assert!(file.is_some_and(|f| f.starts_with("specs/")), "{line}");
        assert!(row.is_some_and(|r| r.parse::<usize>().is_ok()), "{line}");
        assert!(col.is_some_and(|c| c.parse::<usize>().is_ok()), "{line}");
    }
    snapshots("formats").bind(|| insta::assert_snapshot!("concise", concise.stdout));
    let human = lint("human");
    assert!(!human.stdout.contains('\u{1b}'), "NO_COLOR: no escapes");
    assert_eq!(
        human.stderr.lines().last(),
        Some("6 files checked: 3 errors, 2 warnings, 1 info")
    );
    let colored = agentspec(
        &formats_dir(),
        &[
            "lint",
            "--show-infos",
            "--color",
            "always",
            "specs/shop.session.yaml",
        ],
    );
    assert!(colored.stdout.contains('\u{1b}'), "--color always");
}

#[test]
fn output_file_and_statistics() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("report.sarif");
    let out_arg = out.to_str().expect("utf-8 path");
    let run = agentspec(
        &formats_dir(),
        &[
            "lint",
            "--show-infos",
            "--format",
            "sarif",
            "--output",
            out_arg,
            "--statistics",
            "specs",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "", "the report goes to the file");
    let written = std::fs::read_to_string(&out).expect("report written");
    assert_eq!(written, lint("sarif").stdout);
    assert_eq!(
        run.stderr,
        "1  error    duplicate-environment-kind\n\
         1  error    unknown-field\n\
         1  error    wrong-type\n\
         1  warning  unbounded-run\n\
         1  warning  unknown-model\n\
         1  info     untyped-keyword\n"
    );
}

/// Every format gives the same line and column, counted in characters, for findings on a
/// line with `é` and `→` before them.
#[test]
fn every_format_agrees_on_positions_in_non_ascii_lines() {
    let file = "non-ascii/fr.agent.json";
    let text = std::fs::read_to_string(formats_dir().join(file)).expect("fixture");
    let line = text.lines().nth(1).expect("line 2");
    let column = |needle: &str| line[..line.find(needle).expect("needle")].chars().count() + 1;
    let expected = vec![(2, column("é")), (2, column("\"holo4\""))];
    // The line has multi-byte characters before the model: bytes and characters differ.
    assert!(expected[1].1 < line.find("\"holo4\"").expect("model") + 1);

    let run = |format: &str| {
        let run = agentspec(
            &formats_dir(),
            &["lint", "--show-infos", "--format", format, "non-ascii"],
        );
        assert_eq!(run.code, 1, "{}", run.transcript());
        run.stdout
    };
    let numbers = |s: &str| -> (usize, usize) {
        let mut parts = s
            .split(|c: char| !c.is_ascii_digit())
            .filter(|p| !p.is_empty());
        let mut next = || parts.next().and_then(|p| p.parse().ok()).expect("a number");
        (next(), next())
    };
    let after = |out: &str, marker: &str| -> Vec<(usize, usize)> {
        out.match_indices(marker)
            .map(|(at, _)| numbers(&out[at + marker.len()..]))
            .collect()
    };
    let human = after(&run("human"), &format!("[{file}:"));
    let concise = after(&run("concise"), &format!("{file}:"));
    let github = after(&run("github"), "line=");
    // Each file's findings stand after the `>` of a `<failure>` or `<system-out>` element.
    let junit = after(&run("junit"), &format!(">{file}:"));
    let json: Value = serde_json::from_str(&run("json")).expect("JSON");
    let json: Vec<_> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (as_usize(&d["line"]), as_usize(&d["column"])))
        .collect();
    let sarif: Value = serde_json::from_str(&run("sarif")).expect("JSON");
    let sarif: Vec<_> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["region"])
        .map(|r| (as_usize(&r["startLine"]), as_usize(&r["startColumn"])))
        .collect();
    for (name, found) in [
        ("human", human),
        ("concise", concise),
        ("github", github),
        ("junit", junit),
        ("json", json),
        ("sarif", sarif),
    ] {
        assert_eq!(found, expected, "{name}");
    }
}

fn as_usize(value: &Value) -> usize {
    value.as_u64().expect("a number") as usize
}

#[test]
fn infos_are_counted_but_shown_only_on_request() {
    let human = agentspec(&formats_dir(), &["lint", "specs"]);
    assert!(
        !human.stdout.contains("untyped-keyword"),
        "{}",
        human.stdout
    );
    assert_eq!(
        human.stderr.lines().last(),
        Some("6 files checked: 3 errors, 2 warnings, 1 info (not shown: --show-infos shows them)")
    );
    for format in ["concise", "json", "sarif", "github", "junit"] {
        let run = agentspec(&formats_dir(), &["lint", "--format", format, "specs"]);
        let shown = [
            "\"rule\": \"untyped-keyword\"",
            "\"ruleId\": \"untyped-keyword\"",
            "[untyped-keyword]",
            "(untyped-keyword)",
        ];
        assert!(
            !shown.iter().any(|s| run.stdout.contains(s)),
            "{format}: {}",
            run.stdout
        );
    }
    let json = agentspec(&formats_dir(), &["lint", "--format", "json", "specs"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(report["summary"]["infos"], 0, "the report holds no info");
    let quiet = agentspec(&formats_dir(), &["lint", "--quiet", "specs"]);
    assert_eq!(quiet.code, 1);
    assert_eq!(quiet.stderr, "", "--quiet prints the findings only");
    assert!(quiet.stdout.contains("duplicate-environment-kind"));
}

/// A run that neither shows nor counts infos leaves the rules that find them unrun: what it
/// reports is exactly the other findings of a run that computes them, and a suppression of an
/// info rule is not called unused for it.
#[test]
fn a_run_without_infos_reports_the_same_findings() {
    let with_infos = agentspec(
        &formats_dir(),
        &["lint", "--show-infos", "--format", "concise", "specs"],
    );
    assert!(with_infos.stdout.contains("info[untyped-keyword]"));
    let without: String = with_infos
        .stdout
        .lines()
        .filter(|line| !line.contains(": info["))
        .map(|line| format!("{line}\n"))
        .collect();
    let run = agentspec(&formats_dir(), &["lint", "--format", "concise", "specs"]);
    assert_eq!(run.code, with_infos.code);
    assert_eq!(run.stdout, without);

    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("dated.session.yaml"),
        "agent: h/web-surfer-holo3-1-35b\nmax_steps: 10\nmessages:\n  - {type: user_message, message: When?}\n\
         answer_format:\n  type: object\n  properties:\n    \
         day: {type: string, format: date}  # agentspec: ignore[untyped-keyword] checked at run time\n",
    )
    .expect("write");
    for format in ["concise", "json", "github"] {
        let run = agentspec(dir.path(), &["lint", "--format", format, "."]);
        assert_eq!(run.code, 0, "{format}: {}", run.transcript());
        assert!(!run.stdout.contains("unused-suppression"), "{}", run.stdout);
    }
    let human = agentspec(dir.path(), &["lint", "--show-infos", "."]);
    assert_eq!(human.code, 0, "{}", human.transcript());
    assert!(
        !human.stdout.contains("unused-suppression"),
        "{}",
        human.stdout
    );
}

#[test]
fn rules_lists_one_group() {
    let run = agentspec(&formats_dir(), &["rules", "limits"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let names: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("  ") && !l.trim_start().starts_with("rule "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let limits: Vec<&str> = agentspec_lint::all_rules()
        .iter()
        .filter(|r| r.meta.group == "limits")
        .map(|r| r.meta.name)
        .collect();
    assert_eq!(names, limits);
    let unknown = agentspec(&formats_dir(), &["rules", "limtis"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `limits`?"),
        "{}",
        unknown.stderr
    );
}
