//! What the server knows: the open documents, every spec file of the workspace with its
//! findings and catalog facts, the configuration of each, and what was last published.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use agentspec_lint::catalog::{Facts, FileFacts};
use agentspec_lint::{Diagnostic, Options, SpecKind};
use agentspec_project::config::{self, Config, ConfigError, Resolver};
use agentspec_project::{catalog, discover, read, FileResult};
use agentspec_syntax::{Encoding, LineIndex};
use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest,
    RegisterCapability, Request as _,
};
use lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    PublishDiagnosticsParams, Registration, RegistrationParams, Uri,
};
use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::convert;

/// One spec file as last linted: from the editor when it is open, else from disk.
pub struct Linted {
    /// The file, reported under its path relative to the workspace root, and its findings
    /// (the cross-file ones not included).
    pub file: FileResult,
    /// What the file defines and references, for the cross-file pass.
    pub facts: Facts,
    /// The configuration that applies to it.
    pub config: Arc<Config>,
    /// Whether its text changed since its findings were last published.
    dirty: bool,
}

/// An open document.
pub struct Open {
    /// Its URI as the client names it.
    pub uri: Uri,
    /// The client's version of its text.
    pub version: i32,
    /// Its text.
    pub text: String,
}

/// What the background walk of the workspace found.
pub struct Indexed {
    generation: u64,
    files: Vec<(PathBuf, Linted)>,
    config_errors: Vec<ConfigError>,
}

/// The server's state.
pub struct Server {
    sender: Sender<Message>,
    /// What editor columns count.
    pub encoding: Encoding,
    root: Option<PathBuf>,
    watch: bool,
    resolver: Resolver,
    /// Which walk of the workspace is current (a configuration change starts another).
    generation: u64,
    /// Whether a walk has finished, so the catalog is complete.
    indexed: bool,
    indexed_tx: Sender<Indexed>,
    indexed_rx: Receiver<Indexed>,
    /// Every spec file known, by absolute path, in path order (the order of a lint run).
    pub files: BTreeMap<PathBuf, Linted>,
    /// The open documents, by absolute path.
    pub open: HashMap<PathBuf, Open>,
    /// The findings last published for each file (cross-file ones included).
    pub published: HashMap<PathBuf, Vec<Diagnostic>>,
    /// Configuration files with errors published on them.
    config_errors: HashSet<PathBuf>,
}

impl Server {
    /// A server for the workspace the client named.
    pub fn new(sender: Sender<Message>, encoding: Encoding, params: &InitializeParams) -> Self {
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .and_then(|folder| convert::path_of(&folder.uri));
        #[allow(deprecated)]
        let root = root.or_else(|| params.root_uri.as_ref().and_then(convert::path_of));
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let (indexed_tx, indexed_rx) = crossbeam_channel::unbounded();
        Server {
            sender,
            encoding,
            root: root.map(|r| config::absolute(&r)),
            watch,
            resolver: Resolver::default(),
            generation: 0,
            indexed: false,
            indexed_tx,
            indexed_rx,
            files: BTreeMap::new(),
            open: HashMap::new(),
            published: HashMap::new(),
            config_errors: HashSet::new(),
        }
    }

    /// Where the results of background walks arrive.
    pub fn indexed_receiver(&self) -> Receiver<Indexed> {
        self.indexed_rx.clone()
    }

    /// Asks the client to report changes of spec and configuration files on disk, and starts
    /// the first walk of the workspace.
    pub fn start(&mut self) {
        if self.watch {
            let watchers = ["**/*.{yaml,yml,json}", "**/agentspec.toml"]
                .iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String((*glob).to_string()),
                    kind: None,
                })
                .collect();
            let options = DidChangeWatchedFilesRegistrationOptions { watchers };
            let params = RegistrationParams {
                registrations: vec![Registration {
                    id: "agentspec-files".to_string(),
                    method: DidChangeWatchedFiles::METHOD.to_string(),
                    register_options: serde_json::to_value(options).ok(),
                }],
            };
            let request = Request::new(
                RequestId::from("agentspec-register".to_string()),
                RegisterCapability::METHOD.to_string(),
                params,
            );
            self.send(Message::Request(request));
        }
        self.walk();
    }

    /// Starts a walk of the workspace on a background thread; without a workspace, the
    /// catalog is the open documents.
    fn walk(&mut self) {
        self.generation += 1;
        let Some(root) = self.root.clone() else {
            self.indexed = true;
            return;
        };
        let generation = self.generation;
        let sender = self.indexed_tx.clone();
        std::thread::spawn(move || {
            let _ = sender.send(index(&root, generation));
        });
    }

    /// Takes in the files a walk linted; open documents keep their editor text.
    pub fn indexed(&mut self, batch: Indexed) {
        if batch.generation != self.generation {
            return;
        }
        let found: HashSet<PathBuf> = batch.files.iter().map(|(p, _)| p.clone()).collect();
        let gone: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|p| !found.contains(*p) && !self.open.contains_key(*p))
            .cloned()
            .collect();
        for path in gone {
            self.files.remove(&path);
            self.publish_empty(&path);
        }
        for (path, linted) in batch.files {
            if !self.open.contains_key(&path) {
                self.files.insert(path, linted);
            }
        }
        self.indexed = true;
        self.publish_config_errors(batch.config_errors);
        self.publish();
    }

    /// Handles a request.
    pub fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let result = match request.method.as_str() {
            HoverRequest::METHOD => {
                respond::<HoverRequest>(request, |p| crate::hover::hover(self, p))
            }
            Completion::METHOD => {
                respond::<Completion>(request, |p| crate::completion::complete(self, p))
            }
            CodeActionRequest::METHOD => {
                respond::<CodeActionRequest>(request, |p| crate::actions::actions(self, p))
            }
            GotoDefinition::METHOD => {
                respond::<GotoDefinition>(request, |p| crate::navigate::definition(self, p))
            }
            DocumentSymbolRequest::METHOD => {
                respond::<DocumentSymbolRequest>(request, |p| crate::navigate::symbols(self, p))
            }
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("unknown request {}", request.method),
            )),
        };
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(Message::Response(response));
    }

    /// Handles a notification.
    pub fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Some(params) = params::<DidOpenTextDocument>(notification) {
                    let document = params.text_document;
                    self.opened(document.uri, document.version, document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(params) = params::<DidChangeTextDocument>(notification) {
                    self.changed(params);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(params) = params::<DidCloseTextDocument>(notification) {
                    self.closed(&params.text_document.uri);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(params) = params::<DidSaveTextDocument>(notification) {
                    self.on_disk(&params.text_document.uri);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Some(params) = params::<DidChangeWatchedFiles>(notification) {
                    for change in params.changes {
                        self.on_disk(&change.uri);
                    }
                }
            }
            _ => {}
        }
    }

    fn opened(&mut self, uri: Uri, version: i32, text: String) {
        let Some(path) = convert::path_of(&uri).map(|p| config::absolute(&p)) else {
            return;
        };
        self.open.insert(path.clone(), Open { uri, version, text });
        self.relint_open(&path);
        self.publish();
    }

    fn changed(&mut self, params: lsp_types::DidChangeTextDocumentParams) {
        let Some(path) = convert::path_of(&params.text_document.uri).map(|p| config::absolute(&p))
        else {
            return;
        };
        let encoding = self.encoding;
        let Some(open) = self.open.get_mut(&path) else {
            return;
        };
        for change in params.content_changes {
            match change.range {
                Some(range) => {
                    let index = LineIndex::new(&open.text);
                    let start = convert::offset(&index, range.start, encoding);
                    let end = convert::offset(&index, range.end, encoding).max(start);
                    open.text.replace_range(start..end, &change.text);
                }
                None => open.text = change.text,
            }
        }
        open.version = params.text_document.version;
        self.relint_open(&path);
        self.publish();
    }

    fn closed(&mut self, uri: &Uri) {
        let Some(path) = convert::path_of(uri).map(|p| config::absolute(&p)) else {
            return;
        };
        self.open.remove(&path);
        self.relint_disk(&path);
        self.publish();
    }

    /// A file changed on disk (saved, created, deleted or changed by another program).
    fn on_disk(&mut self, uri: &Uri) {
        let Some(path) = convert::path_of(uri).map(|p| config::absolute(&p)) else {
            return;
        };
        if path.file_name().is_some_and(|n| n == config::FILE_NAME) {
            self.reload();
        } else if !self.open.contains_key(&path) {
            self.relint_disk(&path);
            self.publish();
        }
    }

    /// Reads every configuration again: the open documents are linted with it now, the rest
    /// of the workspace when the walk it starts has finished.
    fn reload(&mut self) {
        self.resolver = Resolver::default();
        let open: Vec<PathBuf> = self.open.keys().cloned().collect();
        for path in open {
            self.relint_open(&path);
        }
        self.publish_config_errors(Vec::new());
        self.walk();
        self.publish();
    }

    /// The configuration of a file; a broken configuration is published on its file and the
    /// defaults apply meanwhile.
    fn config_for(&mut self, path: &Path) -> Arc<Config> {
        match self.resolver.for_file(path) {
            Ok(config) => config,
            Err(errors) => {
                self.publish_config_errors(errors);
                Arc::new(Config::default())
            }
        }
    }

    fn relint_open(&mut self, path: &Path) {
        let config = self.config_for(path);
        let Some(open) = self.open.get(path) else {
            return;
        };
        if !wanted(path, &config) {
            // Not a spec file: nothing to report.
            if self.files.remove(path).is_some() {
                self.publish_empty(path);
            }
            return;
        }
        let text = open.text.clone();
        let linted = lint(self.root.as_deref(), path, text, config);
        self.files.insert(path.to_path_buf(), linted);
    }

    fn relint_disk(&mut self, path: &Path) {
        let config = self.config_for(path);
        let linted = if wanted(path, &config) {
            read_and_lint(self.root.as_deref(), path, config)
        } else {
            None
        };
        match linted {
            Some(linted) => {
                self.files.insert(path.to_path_buf(), linted);
            }
            None => {
                if self.files.remove(path).is_some() {
                    self.publish_empty(path);
                }
            }
        }
    }

    /// Runs the cross-file pass over every known file (once the walk has finished) and
    /// publishes the findings of each file whose findings or text changed.
    fn publish(&mut self) {
        let paths: Vec<&PathBuf> = self.files.keys().collect();
        let linted: Vec<&Linted> = self.files.values().collect();
        let mut found: HashMap<usize, Vec<Diagnostic>> = HashMap::new();
        if self.indexed {
            let run: Vec<FileFacts<'_>> = linted
                .iter()
                .map(|l| FileFacts {
                    path: &l.file.path,
                    facts: &l.facts,
                })
                .collect();
            let catalog_options = catalog::catalog_options(linted.iter().map(|l| &*l.config));
            found = catalog::findings(&run, &catalog_options, |i| {
                linted[i].config.options_for(paths[i]).into_owned()
            })
            .into_iter()
            .collect();
        }
        let mut outgoing = Vec::new();
        for (i, (path, l)) in paths.iter().zip(&linted).enumerate() {
            let diagnostics = match found.remove(&i) {
                Some(extra) => {
                    let mut all = l.file.diagnostics.clone();
                    let options = l.config.options_for(path);
                    catalog::merge(&l.file.path, &l.file.source, &options, &mut all, extra);
                    all
                }
                None => l.file.diagnostics.clone(),
            };
            let unchanged = self.published.get(*path) == Some(&diagnostics);
            if l.dirty || !unchanged {
                outgoing.push(((*path).clone(), diagnostics));
            }
        }
        for (path, diagnostics) in outgoing {
            if let Some(l) = self.files.get_mut(&path) {
                l.dirty = false;
            }
            self.send_diagnostics(&path, &diagnostics);
            self.published.insert(path, diagnostics);
        }
    }

    fn publish_empty(&mut self, path: &Path) {
        if self.published.remove(path).is_some() {
            self.send_diagnostics(path, &[]);
        }
    }

    fn send_diagnostics(&self, path: &Path, diagnostics: &[Diagnostic]) {
        let (uri, version) = match self.open.get(path) {
            Some(open) => (open.uri.clone(), Some(open.version)),
            None => match convert::uri_of(path) {
                Some(uri) => (uri, None),
                None => return,
            },
        };
        let source = self.files.get(path).map_or("", |l| l.file.source.as_str());
        let index = LineIndex::new(source);
        let diagnostics = diagnostics
            .iter()
            .map(|d| convert::diagnostic(&uri, &index, d, self.encoding))
            .collect();
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        )));
    }

    /// Publishes configuration errors on their files, clearing those of files fixed since
    /// (an empty list clears them all, before a reload reports what is still wrong).
    fn publish_config_errors(&mut self, errors: Vec<ConfigError>) {
        let mut by_file: BTreeMap<PathBuf, Vec<ConfigError>> = BTreeMap::new();
        for error in errors {
            by_file.entry(error.path.clone()).or_default().push(error);
        }
        if by_file.is_empty() {
            let cleared: Vec<PathBuf> = self.config_errors.drain().collect();
            for path in cleared {
                self.send_config_errors(&path, &[]);
            }
            return;
        }
        for (path, errors) in by_file {
            self.send_config_errors(&path, &errors);
            self.config_errors.insert(path);
        }
    }

    fn send_config_errors(&self, path: &Path, errors: &[ConfigError]) {
        let Some(uri) = convert::uri_of(path) else {
            return;
        };
        let mut seen: Vec<(String, Option<std::ops::Range<usize>>)> = Vec::new();
        let mut diagnostics = Vec::new();
        for error in errors {
            let key = (error.message.clone(), error.span.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let text = error.text.as_deref().unwrap_or("");
            let index = LineIndex::new(text);
            let span = error.span.clone().unwrap_or(0..0);
            let span = agentspec_syntax::Span::new(span.start, span.end);
            let message = match &error.help {
                Some(help) => format!("{}\nhelp: {help}", error.message),
                None => error.message.clone(),
            };
            diagnostics.push(lsp_types::Diagnostic {
                range: convert::range(&index, span, self.encoding),
                severity: Some(lsp_types::DiagnosticSeverity::ERROR),
                code: Some(lsp_types::NumberOrString::String("config".to_string())),
                source: Some(convert::SOURCE.to_string()),
                message,
                ..lsp_types::Diagnostic::default()
            });
        }
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        };
        self.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.to_string(),
            params,
        )));
    }

    fn send(&self, message: Message) {
        // A closed connection ends the loop on its next read.
        let _ = self.sender.send(message);
    }

    /// The text of a document: the editor's when it is open, else the last one read.
    pub fn text(&self, path: &Path) -> Option<&str> {
        match self.open.get(path) {
            Some(open) => Some(&open.text),
            None => self.files.get(path).map(|l| l.file.source.as_str()),
        }
    }

    /// The options of a document (defaults when it is not a known spec file).
    pub fn options(&self, path: &Path) -> Options {
        match self.files.get(path) {
            Some(l) => l.config.options_for(path).into_owned(),
            None => Options::default(),
        }
    }

    /// The kind a document is checked as: by its name, else by its shape.
    pub fn kind(&self, path: &Path, root: Option<&agentspec_syntax::Node>) -> Option<SpecKind> {
        SpecKind::from_path(path).or_else(|| root.and_then(SpecKind::from_shape))
    }
}

/// Whether a file is checked: spec-named, or a YAML or JSON file its configuration includes
/// (what a walk of `agentspec lint` takes), and not excluded.
fn wanted(path: &Path, config: &Config) -> bool {
    let taken = SpecKind::from_path(path).is_some()
        || (discover::is_data_file(path) && config.includes(path));
    taken && !config.excludes(path)
}

/// The path a file is reported under: relative to the workspace root when it is below it, as
/// `agentspec lint` run from the root names it.
fn shown(root: Option<&Path>, path: &Path) -> PathBuf {
    root.and_then(|r| path.strip_prefix(r).ok())
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| path.to_path_buf(), Path::to_path_buf)
}

fn lint(root: Option<&Path>, path: &Path, text: String, config: Arc<Config>) -> Linted {
    let options = config.options_for(path);
    let (file, facts) = catalog::lint_text(&shown(root, path), text, None, &options);
    Linted {
        file,
        facts,
        config,
        dirty: true,
    }
}

/// Reads and lints a file on disk as `agentspec lint` does: a file over the size limit is
/// reported without being read; one that can't be read (gone, a directory) is `None`.
fn read_and_lint(root: Option<&Path>, path: &Path, config: Arc<Config>) -> Option<Linted> {
    let options = config.options_for(path);
    let shown = shown(root, path);
    let max = options.max_file_size;
    let (file, facts) = match read::read_limited(path, max) {
        Ok(bytes) => catalog::lint_bytes(&shown, bytes, None, &options),
        Err(read::ReadError::TooLarge(size)) => (
            agentspec_project::too_large(&shown, size, max, &options),
            Facts::default(),
        ),
        Err(read::ReadError::Io(_)) => return None,
    };
    drop(options);
    Some(Linted {
        file,
        facts,
        config,
        dirty: true,
    })
}

/// Lints one document's text as the server does on every change, with the options that
/// apply to it; the findings are those `agentspec lint` reports for the file alone.
pub fn lint_document(
    path: &Path,
    text: &str,
    options: &Options,
    encoding: Encoding,
) -> Vec<lsp_types::Diagnostic> {
    let (file, _) = catalog::lint_text(path, text.to_string(), None, options);
    let index = LineIndex::new(&file.source);
    let uri = convert::uri_of(&config::absolute(path))
        .unwrap_or_else(|| "file:///".parse().expect("a valid URI"));
    file.diagnostics
        .iter()
        .map(|d| convert::diagnostic(&uri, &index, d, encoding))
        .collect()
}

/// Walks the workspace and lints its spec files (in parallel), with the configuration of
/// each. Files too large or unreadable are left out.
fn index(root: &Path, generation: u64) -> Indexed {
    let mut resolver = Resolver::default();
    let mut config_errors = Vec::new();
    let mut configured: Vec<(PathBuf, Arc<Config>)> = Vec::new();
    let found = discover::discover_with(&[root.to_path_buf()], |path| {
        SpecKind::from_path(path).is_some() || discover::is_data_file(path)
    });
    for path in found.files {
        let path = config::absolute(&path);
        let config = match resolver.for_file(&path) {
            Ok(config) => config,
            Err(errors) => {
                config_errors.extend(errors);
                Arc::new(Config::default())
            }
        };
        if wanted(&path, &config) {
            configured.push((path, config));
        }
    }
    let files = configured
        .into_par_iter()
        .filter_map(|(path, config)| {
            let linted = read_and_lint(Some(root), &path, config)?;
            Some((path, linted))
        })
        .collect();
    Indexed {
        generation,
        files,
        config_errors,
    }
}

type Failure = (ErrorCode, String);

fn respond<R: lsp_types::request::Request>(
    request: Request,
    handle: impl FnOnce(R::Params) -> R::Result,
) -> Result<serde_json::Value, Failure>
where
    R::Params: DeserializeOwned,
{
    let params: R::Params = serde_json::from_value(request.params)
        .map_err(|e| (ErrorCode::InvalidParams, e.to_string()))?;
    let result = handle(params);
    serde_json::to_value(result).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

fn params<N: lsp_types::notification::Notification>(notification: Notification) -> Option<N::Params>
where
    N::Params: DeserializeOwned,
{
    serde_json::from_value(notification.params).ok()
}
