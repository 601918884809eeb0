//! The agentspec language server: the linter inside the editor.
//!
//! [`run`] speaks the Language Server Protocol over a [`Connection`] (standard input and
//! output for `agentspec server`, an in-memory pair in tests). It publishes the findings of
//! `agentspec lint` for every spec file of the workspace as they are typed, and answers hover,
//! completion, code action, definition and outline requests. Everything a finding depends on
//! comes from the crates the command line uses: `agentspec_project` configures, finds and
//! reads files and runs the cross-file pass, `agentspec_lint` checks, `agentspec_syntax`
//! parses and converts positions.
//!
//! The workspace is walked and linted on a background thread; the server answers while it
//! runs, and reports cross-file (`catalog`) findings only once the walk has finished, so that
//! an agent defined in a file not read yet is never reported as unresolved.

mod actions;
mod completion;
mod convert;
mod hover;
mod navigate;
mod schema;
mod state;

use std::error::Error;

use agentspec_syntax::Encoding;
use crossbeam_channel::select;
use lsp_server::{Connection, Message};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, InitializeParams, OneOf, PositionEncodingKind, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

pub use convert::{path_of, uri_of};
pub use state::lint_document;

/// What the server's loop can fail with: a broken connection or a malformed handshake.
pub type ServerError = Box<dyn Error + Send + Sync>;

/// Serves one client over standard input and output until it exits.
pub fn run_stdio() -> Result<(), ServerError> {
    let (connection, threads) = Connection::stdio();
    run(connection)?;
    threads.join()?;
    Ok(())
}

/// Serves one client over `connection`: the initialize handshake, then requests and
/// notifications until `shutdown` and `exit`.
pub fn run(connection: Connection) -> Result<(), ServerError> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let encoding = negotiate(&params);
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "agentspec".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;
    let mut server = state::Server::new(connection.sender.clone(), encoding, &params);
    let indexed = server.indexed_receiver();
    server.start();
    loop {
        select! {
            recv(connection.receiver) -> message => match message {
                Ok(Message::Request(request)) => {
                    if connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    server.request(request);
                }
                Ok(Message::Notification(notification)) => {
                    if notification.method == "exit" {
                        return Ok(());
                    }
                    server.notification(notification);
                }
                Ok(Message::Response(_)) => {}
                Err(_) => return Ok(()),
            },
            recv(indexed) -> batch => {
                if let Ok(batch) = batch {
                    server.indexed(batch);
                }
            }
        }
    }
}

/// UTF-8 columns when the client offers them (no conversion on either side), else the
/// protocol's default, UTF-16.
fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".to_string(), " ".to_string(), "-".to_string()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        definition_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}
