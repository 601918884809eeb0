//! `agentspec.toml`: finding, reading and resolving the configuration that applies to a file.
//!
//! The closest `agentspec.toml` walking up from a file's directory applies to it; a config
//! inherits from another only through an explicit `extend`. `--config FILE` applies one file
//! to every path instead. Globs are relative to the directory of the file that wrote them.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use agentspec_lint::{Level, Options, Severity};
use globset::{GlobBuilder, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

/// The name of the configuration file.
pub const FILE_NAME: &str = "agentspec.toml";

/// The deepest chain of `extend`s followed.
const MAX_EXTEND_DEPTH: usize = 16;

/// `agentspec.toml` as written. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    extend: Option<Spanned<String>>,
    select: Option<Vec<Spanned<String>>>,
    extend_select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    per_file_ignores: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    unfixable: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    policy: RawPolicy,
    #[serde(default)]
    catalog: RawCatalog,
}

/// The `[catalog]` table: the whole-repository checks.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    namespaces: Option<Vec<String>>,
}

/// The `[policy]` table: the limits `docs/decisions.md` leaves to each project.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicy {
    max_steps_ceiling: Option<Spanned<u64>>,
    max_time_s_ceiling: Option<Spanned<f64>>,
    idle_timeout_s_ceiling: Option<Spanned<u64>>,
    known_models: Option<Vec<String>>,
    max_images_per_message: Option<Spanned<u64>>,
    max_image_bytes: Option<Spanned<u64>>,
}

/// A problem with a configuration file, at a position in it when there is one.
#[derive(Debug, Clone)]
pub struct ConfigError {
    /// The file at fault.
    pub path: PathBuf,
    /// Its text, when it could be read.
    pub text: Option<String>,
    /// What is wrong.
    pub message: String,
    /// Where, as a byte range of the text.
    pub span: Option<Range<usize>>,
    /// What to write instead.
    pub help: Option<String>,
}

impl ConfigError {
    fn new(path: &Path, message: impl Into<String>) -> Self {
        ConfigError {
            path: path.to_path_buf(),
            text: None,
            message: message.into(),
            span: None,
            help: None,
        }
    }

    fn at(layer: &Layer, span: Range<usize>, message: impl Into<String>) -> Self {
        ConfigError {
            path: layer.path.clone(),
            text: Some(layer.text.clone()),
            message: message.into(),
            span: Some(span),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// A glob of `include`, `exclude` or `per-file-ignores`, anchored at its file's directory.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The glob as written.
    pub text: String,
    /// The directory it is relative to.
    pub base: PathBuf,
    matcher: GlobMatcher,
    /// Whether the glob has no `/`, so it also matches a file name anywhere below `base`.
    name_only: bool,
}

impl Pattern {
    fn new(text: &str, base: &Path) -> Result<Pattern, globset::Error> {
        let mut glob = text.trim_start_matches("./").to_string();
        if glob.ends_with('/') {
            glob.push_str("**");
        }
        let matcher = GlobBuilder::new(&glob)
            .literal_separator(true)
            .build()?
            .compile_matcher();
        Ok(Pattern {
            text: text.to_string(),
            base: base.to_path_buf(),
            name_only: !glob.contains('/'),
            matcher,
        })
    }

    /// Whether an absolute, normalized file path matches.
    pub fn matches(&self, file: &Path) -> bool {
        let Ok(relative) = file.strip_prefix(&self.base) else {
            return false;
        };
        self.matcher.is_match(relative)
            || (self.name_only
                && relative
                    .file_name()
                    .is_some_and(|n| self.matcher.is_match(n)))
    }
}

/// One `per-file-ignores` entry.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    /// The files it applies to.
    pub pattern: Pattern,
    /// The rule and group names as written.
    pub names: Vec<String>,
    /// The rules they expand to.
    pub rules: Vec<&'static str>,
}

/// The resolved configuration of a directory.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The files read, the one that applies first and then each file it extends; empty for
    /// the built-in defaults.
    pub files: Vec<PathBuf>,
    /// Levels and policy for every file this configuration applies to.
    pub options: Options,
    /// Globs of files to check in walked directories besides `*.session.*` and `*.agent.*`.
    pub include: Vec<Pattern>,
    /// Globs of files never to check, even when named on the command line.
    pub exclude: Vec<Pattern>,
    /// Rules turned off for files matching a glob.
    pub per_file_ignores: Vec<PerFileIgnore>,
    /// The namespaces whose agent names must be defined in the run (`[catalog] namespaces`).
    pub catalog_namespaces: Option<Vec<String>>,
    /// Rules whose fixes `lint --fix` never applies.
    pub unfixable: Vec<&'static str>,
}

impl Config {
    /// The options for one file: this configuration's, with its `per-file-ignores` applied.
    /// `file` is absolute and normalized (see [`absolute`]).
    pub fn options_for(&self, file: &Path) -> Cow<'_, Options> {
        let mut options = Cow::Borrowed(&self.options);
        for ignore in self.ignores_for(file) {
            let levels = &mut options.to_mut().levels;
            for rule in &ignore.rules {
                levels.insert((*rule).to_string(), Level::Off);
            }
        }
        options
    }

    /// The `per-file-ignores` entries that match a file.
    pub fn ignores_for<'a>(&'a self, file: &'a Path) -> impl Iterator<Item = &'a PerFileIgnore> {
        self.per_file_ignores
            .iter()
            .filter(move |i| i.pattern.matches(file))
    }

    /// Whether `exclude` matches a file.
    pub fn excludes(&self, file: &Path) -> bool {
        self.exclude.iter().any(|p| p.matches(file))
    }

    /// Whether `include` matches a file.
    pub fn includes(&self, file: &Path) -> bool {
        self.include.iter().any(|p| p.matches(file))
    }
}

/// Finds and caches the configuration of each directory.
#[derive(Debug, Default)]
pub struct Resolver {
    /// The rule selection of the command line, applied over every configuration's.
    selection: Selection,
    explicit: Option<Arc<Config>>,
    by_dir: HashMap<PathBuf, Arc<Config>>,
    by_file: HashMap<PathBuf, Arc<Config>>,
    default: Arc<Config>,
}

impl Resolver {
    /// A resolver that discovers `agentspec.toml` files, or applies `explicit` to every path.
    pub fn new(explicit: Option<&Path>) -> Result<Resolver, Vec<ConfigError>> {
        Resolver::with_selection(explicit, Selection::default())
    }

    /// A resolver whose configurations all take the command line's `selection` last.
    pub fn with_selection(
        explicit: Option<&Path>,
        selection: Selection,
    ) -> Result<Resolver, Vec<ConfigError>> {
        let mut resolver = Resolver {
            default: Arc::new(resolve(&[], &selection)?),
            selection,
            ..Resolver::default()
        };
        if let Some(path) = explicit {
            let path = absolute(path);
            if !path.is_file() {
                return Err(vec![ConfigError::new(
                    &path,
                    "the configuration file does not exist",
                )]);
            }
            resolver.explicit = Some(Arc::new(load_with(&path, &resolver.selection)?));
        }
        Ok(resolver)
    }

    /// The configuration that applies to a file (absolute and normalized).
    pub fn for_file(&mut self, file: &Path) -> Result<Arc<Config>, Vec<ConfigError>> {
        match file.parent() {
            Some(dir) => self.for_dir(dir),
            None => Ok(self
                .explicit
                .clone()
                .unwrap_or_else(|| self.default.clone())),
        }
    }

    /// The configuration that applies to files in a directory (absolute and normalized).
    pub fn for_dir(&mut self, dir: &Path) -> Result<Arc<Config>, Vec<ConfigError>> {
        if let Some(explicit) = &self.explicit {
            return Ok(explicit.clone());
        }
        let mut visited = Vec::new();
        let mut found = None;
        for ancestor in dir.ancestors() {
            if let Some(config) = self.by_dir.get(ancestor) {
                found = Some(config.clone());
                break;
            }
            visited.push(ancestor.to_path_buf());
            let candidate = ancestor.join(FILE_NAME);
            if candidate.is_file() {
                let config = match self.by_file.get(&candidate) {
                    Some(config) => config.clone(),
                    None => {
                        let config = Arc::new(load_with(&candidate, &self.selection)?);
                        self.by_file.insert(candidate, config.clone());
                        config
                    }
                };
                found = Some(config);
                break;
            }
        }
        let config = found.unwrap_or_else(|| self.default.clone());
        for dir in visited {
            self.by_dir.insert(dir, config.clone());
        }
        Ok(config)
    }
}

/// One file of an `extend` chain.
struct Layer {
    path: PathBuf,
    text: String,
    raw: RawConfig,
}

impl Layer {
    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("/"))
    }
}

/// Rules chosen on the command line (`--select`, `--extend-select`, `--ignore`), as rule names
/// (groups expanded by [`Selection::expand`]). They apply after every configuration file: a
/// `--select` replaces the files' `select`, `--extend-select` adds to the selection, and
/// `--ignore` turns rules off whatever the files say.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--select`: only these rules run.
    pub select: Option<Vec<&'static str>>,
    /// `--extend-select`: these rules run too.
    pub extend_select: Vec<&'static str>,
    /// `--ignore`: these rules never run.
    pub ignore: Vec<&'static str>,
    /// Rules at `info` severity don't run: their findings would be neither shown nor counted
    /// (see [`Options::infos`]).
    pub without_infos: bool,
}

impl Selection {
    /// The rules a rule or group name stands for; an error with a suggestion otherwise.
    pub fn expand(name: &str) -> Result<Vec<&'static str>, String> {
        rules_named(name).ok_or_else(|| match closest_rule_or_group(name) {
            Some(close) => format!("no rule or group named `{name}`; did you mean `{close}`?"),
            None => format!("no rule or group named `{name}` (run `agentspec rules`)"),
        })
    }
}

/// The rules a rule or group name stands for, or `None` when it names neither; what both the
/// command line and `agentspec.toml` accept.
fn rules_named(name: &str) -> Option<Vec<&'static str>> {
    if let Some(rule) = agentspec_lint::find_rule(name) {
        return Some(vec![rule.name]);
    }
    let group: Vec<&'static str> = agentspec_lint::all_rules()
        .iter()
        .filter(|r| r.meta.group == name)
        .map(|r| r.meta.name)
        .collect();
    (!group.is_empty()).then_some(group)
}

/// The rule or group name closest to a name that is neither.
fn closest_rule_or_group(name: &str) -> Option<&'static str> {
    let mut candidates: Vec<&'static str> = agentspec_lint::all_rules()
        .iter()
        .flat_map(|r| [r.meta.name, r.meta.group])
        .collect();
    candidates.dedup();
    agentspec_lint::context::closest(name, candidates)
}

/// Reads a configuration file and the files it extends, and resolves them.
pub fn load(path: &Path) -> Result<Config, Vec<ConfigError>> {
    load_with(path, &Selection::default())
}

/// [`load`], with the command line's rule selection applied last.
pub fn load_with(path: &Path, selection: &Selection) -> Result<Config, Vec<ConfigError>> {
    let mut layers: Vec<Layer> = Vec::new();
    let mut next = Some(absolute(path));
    while let Some(path) = next.take() {
        if let Some(at) = layers.iter().position(|l| l.path == path) {
            let chain: Vec<String> = layers[at..]
                .iter()
                .map(|l| display_path(&l.path))
                .chain([display_path(&path)])
                .collect();
            let last = &layers[layers.len() - 1];
            let span = last.raw.extend.as_ref().map_or(0..0, |e| e.span());
            return Err(vec![ConfigError::at(last, span, "`extend` makes a cycle")
                .help(format!("the chain is {}", chain.join(" -> ")))]);
        }
        if layers.len() >= MAX_EXTEND_DEPTH {
            return Err(vec![ConfigError::new(
                &path,
                format!("more than {MAX_EXTEND_DEPTH} configuration files are chained by `extend`"),
            )]);
        }
        let layer = read_layer(&path, layers.last())?;
        next = layer
            .raw
            .extend
            .as_ref()
            .map(|e| normalize(&layer.dir().join(e.get_ref())));
        layers.push(layer);
    }
    resolve(&layers, selection)
}

fn read_layer(path: &Path, extended_by: Option<&Layer>) -> Result<Layer, Vec<ConfigError>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) => {
            let error = match extended_by {
                Some(parent) => {
                    let span = parent.raw.extend.as_ref().map_or(0..0, |e| e.span());
                    ConfigError::at(
                        parent,
                        span,
                        format!("cannot read {}: {error}", display_path(path)),
                    )
                }
                None => ConfigError::new(path, format!("cannot read the file: {error}")),
            };
            return Err(vec![error]);
        }
    };
    match toml::from_str::<RawConfig>(&text) {
        Ok(raw) => Ok(Layer {
            path: path.to_path_buf(),
            text,
            raw,
        }),
        Err(error) => {
            let mut message = error.message().trim_end().to_string();
            let help = unknown_key_help(&message);
            if help.is_some() {
                // serde's "unknown field `x`, expected one of …": the help lists the keys.
                let key = message.split('`').nth(1).unwrap_or_default().to_string();
                message = format!("unknown key `{key}`");
            }
            let mut error = ConfigError {
                path: path.to_path_buf(),
                text: Some(text),
                message,
                span: error.span(),
                help: None,
            };
            error.help = help;
            Err(vec![error])
        }
    }
}

/// For serde's "unknown field `x`, expected one of …" message: the closest expected key.
fn unknown_key_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (word, expected) = rest.split_once('`')?;
    let candidates: Vec<&str> = expected
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|c| !c.is_empty())
        .collect();
    match agentspec_lint::context::closest(word, candidates.iter().copied()) {
        Some(close) => Some(format!("did you mean `{close}`?")),
        None => Some(format!("the keys are `{}`", candidates.join("`, `"))),
    }
}

/// Folds the layers (the closest first) into one configuration.
fn resolve(layers: &[Layer], cli: &Selection) -> Result<Config, Vec<ConfigError>> {
    let mut errors = Vec::new();
    let mut config = Config {
        files: layers.iter().map(|l| l.path.clone()).collect(),
        ..Config::default()
    };
    let mut select: Option<Vec<&'static str>> = None;
    let mut extend_select: Vec<&'static str> = Vec::new();
    let mut ignore: Vec<&'static str> = Vec::new();
    // Rule name -> (is a group, level); applied groups first, then single rules.
    let mut rules: BTreeMap<String, (bool, Level, Vec<&'static str>)> = BTreeMap::new();
    let mut per_file: BTreeMap<(PathBuf, String), PerFileIgnore> = BTreeMap::new();
    // The farthest file first, so that closer files override it.
    for layer in layers.iter().rev() {
        let raw = &layer.raw;
        if let Some(list) = &raw.select {
            select = Some(expand_all(layer, list, &mut errors));
        }
        if let Some(list) = &raw.extend_select {
            extend_select = expand_all(layer, list, &mut errors);
        }
        if let Some(list) = &raw.ignore {
            ignore = expand_all(layer, list, &mut errors);
        }
        if let Some(list) = &raw.unfixable {
            config.unfixable = expand_all(layer, list, &mut errors);
        }
        for (name, value) in &raw.rules {
            let Some(expanded) = expand(layer, name, &mut errors) else {
                continue;
            };
            let level = match value.get_ref().as_str() {
                "off" => Level::Off,
                "info" => Level::On(Severity::Info),
                "warning" => Level::On(Severity::Warning),
                "error" => Level::On(Severity::Error),
                other => {
                    errors.push(
                        ConfigError::at(
                            layer,
                            value.span(),
                            format!("`{other}` is not a severity"),
                        )
                        .help(
                            match agentspec_lint::context::closest(
                                other,
                                ["off", "info", "warning", "error"],
                            ) {
                                Some(close) => format!("did you mean \"{close}\"?"),
                                None => "write \"off\", \"info\", \"warning\" or \"error\"".into(),
                            },
                        ),
                    );
                    continue;
                }
            };
            let is_group = expanded.len() != 1 || expanded[0] != name.get_ref();
            rules.insert(name.get_ref().clone(), (is_group, level, expanded));
        }
        for (which, list) in [("include", &raw.include), ("exclude", &raw.exclude)] {
            let Some(list) = list else { continue };
            let patterns = list
                .iter()
                .filter_map(|glob| pattern(layer, glob, &mut errors))
                .collect();
            match which {
                "include" => config.include = patterns,
                _ => config.exclude = patterns,
            }
        }
        for (glob, names) in &raw.per_file_ignores {
            let Some(pattern) = pattern(layer, glob, &mut errors) else {
                continue;
            };
            let rules = expand_all(layer, names, &mut errors);
            per_file.insert(
                (layer.dir().to_path_buf(), glob.get_ref().clone()),
                PerFileIgnore {
                    pattern,
                    names: names.iter().map(|n| n.get_ref().clone()).collect(),
                    rules,
                },
            );
        }
        apply_policy(layer, &mut config.options, &mut errors);
        if let Some(namespaces) = &raw.catalog.namespaces {
            config.catalog_namespaces = Some(namespaces.clone());
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The command line's selection replaces the files' `select`; both `extend-select`s add to
    // whichever applies.
    if let Some(list) = &cli.select {
        select = Some(list.clone());
    }
    if let Some(select) = &mut select {
        select.extend(extend_select.iter().chain(&cli.extend_select));
    }
    let levels = &mut config.options.levels;
    if let Some(select) = &select {
        for rule in agentspec_lint::all_rules() {
            if !select.contains(&rule.meta.name) {
                levels.insert(rule.meta.name.to_string(), Level::Off);
            }
        }
    }
    for name in ignore {
        levels.insert(name.to_string(), Level::Off);
    }
    for group_pass in [true, false] {
        for (is_group, level, expanded) in rules.values() {
            if *is_group == group_pass {
                for name in expanded {
                    levels.insert((*name).to_string(), *level);
                }
            }
        }
    }
    // The command line has the last word over `[rules]`.
    if cli.select.is_some() {
        for rule in agentspec_lint::all_rules() {
            if !select.as_ref().is_some_and(|s| s.contains(&rule.meta.name)) {
                levels.insert(rule.meta.name.to_string(), Level::Off);
            }
        }
    }
    for name in &cli.ignore {
        levels.insert((*name).to_string(), Level::Off);
    }
    config.options.infos = !cli.without_infos;
    config.per_file_ignores = per_file.into_values().collect();
    Ok(config)
}

fn apply_policy(layer: &Layer, options: &mut Options, errors: &mut Vec<ConfigError>) {
    let raw = &layer.raw.policy;
    let policy = &mut options.policy;
    let mut positive = |value: &Spanned<u64>, key: &str| -> Option<u64> {
        if *value.get_ref() == 0 {
            errors.push(
                ConfigError::at(layer, value.span(), format!("`{key}` must be at least 1"))
                    .help(format!("remove `{key}` to turn the check off")),
            );
            return None;
        }
        Some(*value.get_ref())
    };
    if let Some(v) = &raw.max_steps_ceiling {
        policy.max_steps_ceiling = positive(v, "max_steps_ceiling").or(policy.max_steps_ceiling);
    }
    if let Some(v) = &raw.idle_timeout_s_ceiling {
        policy.idle_timeout_s_ceiling =
            positive(v, "idle_timeout_s_ceiling").or(policy.idle_timeout_s_ceiling);
    }
    if let Some(v) = &raw.max_images_per_message {
        if let Some(v) = positive(v, "max_images_per_message") {
            policy.max_images_per_message = usize::try_from(v).unwrap_or(usize::MAX);
        }
    }
    if let Some(v) = &raw.max_image_bytes {
        if let Some(v) = positive(v, "max_image_bytes") {
            policy.max_image_bytes = usize::try_from(v).unwrap_or(usize::MAX);
        }
    }
    if let Some(v) = &raw.max_time_s_ceiling {
        let seconds = *v.get_ref();
        if seconds.is_finite() && seconds > 0.0 {
            policy.max_time_s_ceiling = Some(seconds);
        } else {
            errors.push(
                ConfigError::at(
                    layer,
                    v.span(),
                    "`max_time_s_ceiling` must be a number of seconds above 0",
                )
                .help("remove `max_time_s_ceiling` to turn the check off"),
            );
        }
    }
    if let Some(models) = &raw.known_models {
        policy.known_models = models.clone();
    }
}

fn pattern(
    layer: &Layer,
    glob: &Spanned<String>,
    errors: &mut Vec<ConfigError>,
) -> Option<Pattern> {
    match Pattern::new(glob.get_ref(), layer.dir()) {
        Ok(pattern) => Some(pattern),
        Err(error) => {
            errors.push(ConfigError::at(
                layer,
                glob.span(),
                format!("invalid glob: {}", error.kind()),
            ));
            None
        }
    }
}

fn expand_all(
    layer: &Layer,
    names: &[Spanned<String>],
    errors: &mut Vec<ConfigError>,
) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = names
        .iter()
        .filter_map(|name| expand(layer, name, errors))
        .flatten()
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// A rule name, or a group name (every rule of the group); an error with a suggestion otherwise.
fn expand(
    layer: &Layer,
    name: &Spanned<String>,
    errors: &mut Vec<ConfigError>,
) -> Option<Vec<&'static str>> {
    let text = name.get_ref().as_str();
    if let Some(rules) = rules_named(text) {
        return Some(rules);
    }
    let help = match closest_rule_or_group(text) {
        Some(close) => format!("did you mean `{close}`?"),
        None => "run `agentspec rules` for the rules and their groups".to_string(),
    };
    errors.push(
        ConfigError::at(
            layer,
            name.span(),
            format!("no rule or rule group is named `{text}`"),
        )
        .help(help),
    );
    None
}

/// An absolute path with `.` and `..` removed lexically (symbolic links are not followed).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    normalize(&joined)
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// A path relative to the current directory when it is below it, as given otherwise.
pub fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let shown = relative.unwrap_or_else(|| path.to_path_buf());
    if shown.as_os_str().is_empty() {
        ".".to_string()
    } else {
        shown.display().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_relative_to_their_file() {
        let base = Path::new("/repo/specs");
        let p = Pattern::new("legacy/*.json", base).expect("glob");
        assert!(p.matches(Path::new("/repo/specs/legacy/a.session.json")));
        assert!(!p.matches(Path::new("/repo/specs/legacy/deep/a.session.json")));
        assert!(!p.matches(Path::new("/repo/legacy/a.session.json")));
        let name = Pattern::new("*.agent.json", base).expect("glob");
        assert!(name.matches(Path::new("/repo/specs/a/b/x.agent.json")));
        let dir = Pattern::new("vendor/", base).expect("glob");
        assert!(dir.matches(Path::new("/repo/specs/vendor/x/y.session.yaml")));
    }

    #[test]
    fn unknown_key_help_suggests_the_closest_key() {
        let message = "unknown field `per_file_ignores`, expected one of `extend`, `select`, \
                       `per-file-ignores`";
        assert_eq!(
            unknown_key_help(message).as_deref(),
            Some("did you mean `per-file-ignores`?")
        );
    }

    #[test]
    fn normalize_removes_dots() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
    }
}
