//! Settings that change what the rules report: severities and policy limits.

use std::collections::HashMap;

use agentspec_model::limits;

use crate::{RuleMeta, Severity};

/// A configured rule level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The rule does not run.
    Off,
    /// Report at this severity.
    On(Severity),
}

/// Policy limits that the project decides (see `docs/decisions.md`), all configurable.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Highest accepted `max_steps` (off when `None`).
    pub max_steps_ceiling: Option<u64>,
    /// Highest accepted `max_time_s` (off when `None`).
    pub max_time_s_ceiling: Option<f64>,
    /// Highest accepted `idle_timeout_s` (off when `None`).
    pub idle_timeout_s_ceiling: Option<u64>,
    /// Model ids that exist.
    pub known_models: Vec<String>,
    /// Images per message above which a warning is given.
    pub max_images_per_message: usize,
    /// Decoded image size above which a warning is given.
    pub max_image_bytes: usize,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            max_steps_ceiling: None,
            max_time_s_ceiling: None,
            idle_timeout_s_ceiling: None,
            known_models: limits::KNOWN_MODELS.iter().map(|m| m.to_string()).collect(),
            max_images_per_message: limits::MAX_IMAGES_PER_MESSAGE,
            max_image_bytes: limits::MAX_IMAGE_BYTES,
        }
    }
}

/// Everything that shapes one lint run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Per-rule levels, by rule name; rules not listed run at their default severity.
    pub levels: HashMap<String, Level>,
    /// Policy limits.
    pub policy: Policy,
    /// Parser limits (nesting depth, alias expansion).
    pub limits: agentspec_syntax::Limits,
    /// Most diagnostics kept per file; the rest are counted in one `input-limit` finding.
    pub max_diagnostics: usize,
    /// Largest file read, in bytes; a larger file is reported without being read.
    pub max_file_size: u64,
    /// Whether findings of `info` severity are wanted. When `false` (a run that would neither
    /// show nor count them), rules at `info` severity don't run at all: the report is the same,
    /// without the cost of, say, planning every `answer_format`'s types.
    pub infos: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            levels: HashMap::new(),
            policy: Policy::default(),
            limits: agentspec_syntax::Limits::default(),
            max_diagnostics: DEFAULT_MAX_DIAGNOSTICS,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            infos: true,
        }
    }
}

impl Options {
    /// The effective severity of a rule, or `None` when it is off.
    pub fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        let severity = match self.levels.get(rule.name) {
            Some(Level::Off) => None,
            Some(Level::On(severity)) => Some(*severity),
            None => Some(rule.default_severity),
        };
        severity.filter(|s| self.infos || *s != Severity::Info)
    }
}

/// Default most diagnostics per file.
pub const DEFAULT_MAX_DIAGNOSTICS: usize = 200;

/// Default largest file read: 10 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;
