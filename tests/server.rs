//! The language server driven over an in-memory connection, as an editor drives it: every
//! answer is compared with exact expected values, and the diagnostics with what
//! `agentspec lint --format json` prints for the same file.

use std::path::Path;
use std::process::Command;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const HELPER: &str = "\
name: acme/helper
description: Finds hotels near a place
environments:
  - id: browser
    kind: web
";

const BROKEN: &str = "\
agent: acme/helper
messages: Find a hotel in Lyon
max_step: 10
queue: yes
";

const MANAGER: &str = "\
name: acme/manager
description: Delegates the search
subagents:
  - acme/helper
";

/// A client of a server running on its own thread.
struct Client {
    connection: Connection,
    server: Option<JoinHandle<()>>,
    next_id: i32,
    /// Notifications received while waiting for a response.
    pending: Vec<Notification>,
}

impl Client {
    fn start(root: &Path, capabilities: Value) -> Client {
        let (server, connection) = Connection::memory();
        let handle = std::thread::spawn(move || {
            agentspec_server::run(server).expect("the server runs");
        });
        let mut client = Client {
            connection,
            server: Some(handle),
            next_id: 0,
            pending: Vec::new(),
        };
        let root_uri = uri(root);
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "ws"}],
                "capabilities": capabilities,
            }),
        );
        assert_eq!(result["serverInfo"]["name"], "agentspec");
        client.notify("initialized", json!({}));
        client
    }

    fn notify(&self, method: &str, params: Value) {
        let message = Message::Notification(Notification::new(method.to_string(), params));
        self.connection.sender.send(message).expect("send");
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let request = Request::new(id.clone(), method.to_string(), params);
        self.connection
            .sender
            .send(Message::Request(request))
            .expect("send");
        loop {
            match self.receive() {
                Message::Response(response) if response.id == id => {
                    match response.response_result {
                        Ok(result) => return result,
                        Err(error) => panic!("{method} failed: {}", error.message),
                    }
                }
                Message::Notification(notification) => self.pending.push(notification),
                _ => {}
            }
        }
    }

    fn receive(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            let found = self.pending.iter().position(|n| {
                n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri
            });
            if let Some(at) = found {
                let notification = self.pending.remove(at);
                return notification.params["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            match self.receive() {
                Message::Notification(notification) => self.pending.push(notification),
                Message::Request(request) => {
                    // Watcher registration: accept it.
                    let response = lsp_server::Response::new_ok(request.id, Value::Null);
                    self.connection
                        .sender
                        .send(Message::Response(response))
                        .expect("send");
                }
                Message::Response(_) => {}
            }
        }
    }

    fn open(&self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
        );
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        if let Some(handle) = self.server.take() {
            handle.join().expect("the server thread ends");
        }
    }
}

fn uri(path: &Path) -> String {
    agentspec_server::uri_of(path)
        .expect("a file URI")
        .as_str()
        .to_string()
}

/// A workspace with an agent, a broken session using it and a manager.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("helper.agent.yaml"), HELPER).expect("write");
    std::fs::write(dir.path().join("broken.session.yaml"), BROKEN).expect("write");
    std::fs::write(dir.path().join("manager.agent.yaml"), MANAGER).expect("write");
    dir
}

/// The diagnostics of `agentspec lint --format json` for one file of `dir`, in the shape
/// protocol diagnostics are compared in.
fn cli_diagnostics(dir: &Path, file: &str) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_agentspec"))
        .args(["lint", "--show-infos", "--format", "json", "."])
        .current_dir(dir)
        .output()
        .expect("run agentspec");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            let message = match d["help"].as_str() {
                Some(help) => format!("{}\nhelp: {help}", d["message"].as_str().unwrap_or("")),
                None => d["message"].as_str().unwrap_or("").to_string(),
            };
            json!({
                "line": d["line"], "column": d["column"],
                "end_line": d["end_line"], "end_column": d["end_column"],
                "rule": d["rule"], "severity": d["severity"], "message": message,
            })
        })
        .collect()
}

/// Protocol diagnostics in the CLI's terms (1-based lines and columns; the texts are ASCII, so
/// UTF-16 columns are character columns).
fn as_cli(diagnostics: &[Value]) -> Vec<Value> {
    diagnostics
        .iter()
        .map(|d| {
            let severity = match d["severity"].as_u64() {
                Some(1) => "error",
                Some(2) => "warning",
                _ => "info",
            };
            let at = |p: &str, f: &str| d["range"][p][f].as_u64().expect("position") + 1;
            assert_eq!(d["source"], "agentspec");
            json!({
                "line": at("start", "line"), "column": at("start", "character"),
                "end_line": at("end", "line"), "end_column": at("end", "character"),
                "rule": d["code"], "severity": severity, "message": d["message"],
            })
        })
        .collect()
}

#[test]
fn diagnostics_equal_the_cli_and_clear_when_fixed() {
    let dir = workspace();
    let root = dir.path().canonicalize().expect("root");
    let mut client = Client::start(&root, json!({}));
    let broken = uri(&root.join("broken.session.yaml"));
    client.open(&broken, BROKEN);
    let published = client.diagnostics(&broken);
    let expected = cli_diagnostics(&root, "broken.session.yaml");
    // `max_step` is read as `max_steps`: the typo is one finding, not an unbounded run too.
    assert_eq!(expected.len(), 2);
    assert_eq!(as_cli(&published), expected);

    // Fix the key and the boolean, incrementally.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": broken, "version": 2},
            "contentChanges": [
                {"range": {"start": {"line": 2, "character": 0}, "end": {"line": 2, "character": 8}},
                 "text": "max_steps"},
                {"range": {"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 10}},
                 "text": "true"},
            ],
        }),
    );
    assert_eq!(client.diagnostics(&broken), Vec::<Value>::new());
    client.stop();
}

#[test]
fn hover_shows_the_schema_description_and_the_rule_summary() {
    let dir = workspace();
    let root = dir.path().canonicalize().expect("root");
    let mut client = Client::start(&root, json!({}));
    let broken = uri(&root.join("broken.session.yaml"));
    client.open(&broken, BROKEN);
    client.diagnostics(&broken);
    let on_key = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": broken}, "position": {"line": 1, "character": 3}}),
    );
    assert_eq!(
        on_key,
        json!({
            "contents": {
                "kind": "markdown",
                "value": "`messages`: `Messages | null`\n\nMessages queued before the first \
                          step: a list, one message, or a bare string.",
            },
            "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 8}},
        })
    );
    let on_finding = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": broken}, "position": {"line": 3, "character": 8}}),
    );
    assert_eq!(
        on_finding["contents"]["value"],
        "`yaml-1-1-boolean` (error): Reports `yes`, `no`, `on`, `off`, `y` or `n` written \
         where a boolean is expected."
    );
    client.stop();
}

#[test]
fn completion_offers_keys_values_and_catalog_agents() {
    let dir = workspace();
    let root = dir.path().canonicalize().expect("root");
    let mut client = Client::start(&root, json!({}));
    let draft = uri(&root.join("draft.session.yaml"));
    let text = "agent: \nmessages:\n  - type: user_message\n    caller_id: \n    \nqueue: true\n";
    client.open(&draft, text);
    client.diagnostics(&draft);
    let labels = |result: &Value| -> Vec<String> {
        result
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["label"].as_str().expect("label").to_string())
            .collect()
    };
    // Keys of a user message not written yet.
    let keys = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": draft}, "position": {"line": 4, "character": 4}}),
    );
    assert_eq!(labels(&keys), ["message", "images"]);
    assert_eq!(keys[0]["textEdit"]["newText"], "message: ");
    assert_eq!(keys[0]["detail"], "string");
    // Values of `caller_id`.
    let values = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": draft}, "position": {"line": 3, "character": 15}}),
    );
    assert_eq!(labels(&values), ["user", "system", "subagent"]);
    // Root keys not written yet.
    let root_keys = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": draft}, "position": {"line": 6, "character": 0}}),
    );
    assert_eq!(
        labels(&root_keys),
        [
            "max_steps",
            "max_time_s",
            "idle_timeout_s",
            "group_id",
            "parent_session_id",
            "answer_format",
            "overrides",
            "delete_after_min",
            "delete_screenshot_after_min"
        ]
    );
    // Catalog agents after `agent:`, once the workspace is indexed.
    let agents = wait_for(|| {
        let result = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": draft}, "position": {"line": 0, "character": 7}}),
        );
        (!labels(&result).is_empty()).then_some(result)
    });
    assert_eq!(labels(&agents), ["acme/helper", "acme/manager"]);
    assert_eq!(agents[0]["detail"], "defined in helper.agent.yaml");
    client.stop();
}

#[test]
fn code_actions_offer_the_fix_and_a_suppression_that_silences_the_finding() {
    let dir = workspace();
    let root = dir.path().canonicalize().expect("root");
    let mut client = Client::start(&root, json!({}));
    let broken = uri(&root.join("broken.session.yaml"));
    client.open(&broken, BROKEN);
    let published = client.diagnostics(&broken);
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": broken},
            "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
            "context": {"diagnostics": []},
        }),
    );
    let boolean = published
        .iter()
        .find(|d| d["code"] == "yaml-1-1-boolean")
        .expect("the boolean finding");
    let comment = "# agentspec: ignore[yaml-1-1-boolean] TODO: say why this is accepted\n";
    assert_eq!(
        actions,
        json!([{
            "title": "write `true`",
            "kind": "quickfix",
            "diagnostics": [boolean],
            "edit": {"changes": {broken.clone(): [{
                "range": {"start": {"line": 3, "character": 7}, "end": {"line": 3, "character": 10}},
                "newText": "true",
            }]}},
            "isPreferred": true,
        }, {
            "title": "Suppress yaml-1-1-boolean on this line",
            "kind": "quickfix",
            "diagnostics": [boolean],
            "edit": {"changes": {broken.clone(): [{
                "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
                "newText": comment,
            }]}},
        }])
    );
    // Applied, it leaves the other findings only.
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": broken, "version": 2},
            "contentChanges": [{
                "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
                "text": comment,
            }],
        }),
    );
    let after: Vec<Value> = client
        .diagnostics(&broken)
        .iter()
        .map(|d| d["code"].clone())
        .collect();
    assert_eq!(after, [json!("unknown-field")]);
    client.stop();
}

#[test]
fn definition_of_a_catalog_agent_is_its_agent_file() {
    let dir = workspace();
    let root = dir.path().canonicalize().expect("root");
    let mut client = Client::start(&root, json!({"general": {"positionEncodings": ["utf-8"]}}));
    let manager = uri(&root.join("manager.agent.yaml"));
    client.open(&manager, MANAGER);
    client.diagnostics(&manager);
    let location = wait_for(|| {
        let result = client.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": manager}, "position": {"line": 3, "character": 6}}),
        );
        (!result.is_null()).then_some(result)
    });
    assert_eq!(
        location,
        json!({
            "uri": uri(&root.join("helper.agent.yaml")),
            "range": {"start": {"line": 0, "character": 6}, "end": {"line": 0, "character": 17}},
        })
    );
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": manager}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .expect("symbols")
        .iter()
        .map(|s| s["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["name", "description", "subagents"]);
    assert_eq!(symbols[2]["children"][0]["name"], "[0]");
    client.stop();
}

#[test]
fn a_changed_configuration_is_applied_to_open_documents() {
    let dir = workspace();
    let root = dir.path().canonicalize().expect("root");
    let config = root.join("agentspec.toml");
    std::fs::write(&config, "").expect("write");
    let mut client = Client::start(&root, json!({}));
    let broken = uri(&root.join("broken.session.yaml"));
    client.open(&broken, BROKEN);
    let codes = |diagnostics: Vec<Value>| -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| d["code"].as_str().expect("code").to_string())
            .collect()
    };
    assert_eq!(
        codes(client.diagnostics(&broken)),
        ["unknown-field", "yaml-1-1-boolean"]
    );
    std::fs::write(&config, "[rules]\nyaml-1-1-boolean = \"off\"\n").expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    assert_eq!(codes(client.diagnostics(&broken)), ["unknown-field"]);
    // A broken configuration is reported on its own file.
    std::fs::write(&config, "[rules]\nno-such-rule = \"off\"\n").expect("write");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&config), "type": 2}]}),
    );
    let errors = client.diagnostics(&uri(&config));
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["code"], "config");
    assert_eq!(
        errors[0]["range"],
        json!({"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 12}})
    );
    client.stop();
}

#[test]
fn renaming_an_agent_refreshes_the_files_that_use_it() {
    let dir = workspace();
    let root = dir.path().canonicalize().expect("root");
    let mut client = Client::start(&root, json!({}));
    let manager = uri(&root.join("manager.agent.yaml"));
    let helper = uri(&root.join("helper.agent.yaml"));
    client.open(&manager, MANAGER);
    client.diagnostics(&manager);
    // Once indexed, the manager's subagent resolves: go to definition answers.
    wait_for(|| {
        let result = client.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": manager}, "position": {"line": 3, "character": 6}}),
        );
        (!result.is_null()).then_some(())
    });
    client.open(&helper, HELPER);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": helper, "version": 2},
            "contentChanges": [{"text": HELPER.replace("acme/helper", "acme/helper2")}],
        }),
    );
    let start = Instant::now();
    loop {
        let found = client.diagnostics(&manager);
        if let Some(d) = found.iter().find(|d| d["code"] == "unresolved-agent") {
            assert_eq!(
                d["range"],
                json!({"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 15}})
            );
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "no refresh");
    }
    client.stop();
}

/// Retries `probe` until it gives a value: the workspace is indexed in the background.
fn wait_for<T>(mut probe: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(value) = probe() {
            return value;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "not indexed in 30 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
