//! `agentspec config`: print the configuration that applies to a path.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use agentspec_lint::{Level, Options};
use clap::Args;

use crate::config::{self, display_path, Config, Resolver};

/// Print the effective configuration for a file or directory, as TOML.
///
/// Shows which `agentspec.toml` applies (and what it extends), then `include`, `exclude`,
/// `unfixable`, every rule's severity, the policy limits, `per-file-ignores` and `[catalog]`. For a file, the severities
/// are the ones its `per-file-ignores` leave. Exit status 2 when a configuration is invalid.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// A file or directory (default: the current directory).
    #[arg(value_name = "PATH")]
    path: Option<PathBuf>,
    /// Use this configuration file instead of the closest `agentspec.toml`.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

/// Runs `agentspec config`.
pub fn run(args: &ConfigArgs) -> anyhow::Result<ExitCode> {
    let path = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let absolute = config::absolute(&path);
    let is_dir = absolute.is_dir();
    let resolved = Resolver::new(args.config.as_deref()).and_then(|mut resolver| {
        if is_dir {
            resolver.for_dir(&absolute)
        } else {
            resolver.for_file(&absolute)
        }
    });
    match resolved {
        Ok(config) => {
            let file = (!is_dir).then_some(absolute.as_path());
            crate::stdout::write(render(&path.display().to_string(), &config, file))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stderr().is_terminal();
            eprint!(
                "{}",
                crate::output::human::render_config_errors(&errors, color)
            );
            Ok(ExitCode::from(crate::EXIT_FAILURE))
        }
    }
}

/// The effective configuration as commented TOML; `file` narrows it to one file.
pub fn render(shown: &str, config: &Config, file: Option<&std::path::Path>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Effective configuration for {shown}");
    match config.files.split_first() {
        None => {
            let _ = writeln!(
                out,
                "# No {} applies: built-in defaults.",
                config::FILE_NAME
            );
        }
        Some((first, extended)) => {
            let _ = writeln!(out, "# From {}", display_path(first));
            for path in extended {
                let _ = writeln!(out, "#   which extends {}", display_path(path));
            }
        }
    }
    let options = match file {
        Some(file) => config.options_for(file),
        None => std::borrow::Cow::Borrowed(&config.options),
    };
    let matching: Vec<&str> = file
        .map(|file| {
            config
                .ignores_for(file)
                .map(|i| i.pattern.text.as_str())
                .collect()
        })
        .unwrap_or_default();
    out.push('\n');
    let globs = |patterns: &[config::Pattern]| -> String {
        let items: Vec<String> = patterns.iter().map(|p| quote(&p.text)).collect();
        format!("[{}]", items.join(", "))
    };
    let _ = writeln!(out, "include = {}", globs(&config.include));
    let _ = writeln!(out, "exclude = {}", globs(&config.exclude));
    let unfixable: Vec<String> = config.unfixable.iter().map(|r| quote(r)).collect();
    let _ = writeln!(out, "unfixable = [{}]", unfixable.join(", "));
    out.push_str("\n[rules]\n");
    if !matching.is_empty() {
        let _ = writeln!(
            out,
            "# per-file-ignores matching this file: {}",
            matching.join(", ")
        );
    }
    render_rules(&mut out, &options);
    out.push_str("\n[policy]\n");
    let policy = &options.policy;
    let optional = |out: &mut String, key: &str, value: Option<String>| {
        let _ = match value {
            Some(value) => writeln!(out, "{key} = {value}"),
            None => writeln!(out, "# {key} is not set: no ceiling"),
        };
    };
    optional(
        &mut out,
        "max_steps_ceiling",
        policy.max_steps_ceiling.map(|v| v.to_string()),
    );
    optional(
        &mut out,
        "max_time_s_ceiling",
        policy.max_time_s_ceiling.map(float),
    );
    optional(
        &mut out,
        "idle_timeout_s_ceiling",
        policy.idle_timeout_s_ceiling.map(|v| v.to_string()),
    );
    let models: Vec<String> = policy.known_models.iter().map(|m| quote(m)).collect();
    let _ = writeln!(out, "known_models = [{}]", models.join(", "));
    let _ = writeln!(
        out,
        "max_images_per_message = {}",
        policy.max_images_per_message
    );
    let _ = writeln!(out, "max_image_bytes = {}", policy.max_image_bytes);
    out.push_str("\n[per-file-ignores]\n");
    for ignore in &config.per_file_ignores {
        let names: Vec<String> = ignore.names.iter().map(|n| quote(n)).collect();
        let _ = writeln!(
            out,
            "{} = [{}]  # relative to {}",
            quote(&ignore.pattern.text),
            names.join(", "),
            display_path(&ignore.pattern.base)
        );
    }
    out.push_str("\n[catalog]\n");
    match &config.catalog_namespaces {
        Some(namespaces) => {
            let names: Vec<String> = namespaces.iter().map(|n| quote(n)).collect();
            let _ = writeln!(out, "namespaces = [{}]", names.join(", "));
        }
        None => {
            let _ = writeln!(
                out,
                "# namespaces is not set: those of the repository's agent files are checked"
            );
        }
    }
    out
}

fn render_rules(out: &mut String, options: &Options) {
    for rule in agentspec_lint::all_rules() {
        let meta = rule.meta;
        let value = match options.levels.get(meta.name) {
            Some(Level::Off) => "off",
            Some(Level::On(severity)) => severity.as_str(),
            None => meta.default_severity.as_str(),
        };
        let note = if value == meta.default_severity.as_str() {
            String::new()
        } else {
            format!("  # default: {}", meta.default_severity.as_str())
        };
        let _ = writeln!(out, "{} = \"{value}\"{note}", meta.name);
    }
}

/// A TOML basic string.
fn quote(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// A TOML float (always with a fraction or exponent).
fn float(value: f64) -> String {
    toml::Value::Float(value).to_string()
}
