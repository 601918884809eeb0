//! `agentspec rules`: list the rules, or explain one from its documentation.

use std::process::ExitCode;

use clap::Args;

/// List every rule, the rules of a group, or print one rule's documentation.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The rule to explain (e.g. `duplicate-environment-kind`), or a group to list (e.g.
    /// `structure`).
    name: Option<String>,
}

/// Runs `agentspec rules`.
pub fn run(args: &RulesArgs) -> anyhow::Result<ExitCode> {
    match &args.name {
        Some(name) => match agentspec_lint::find_rule(name) {
            Some(rule) => {
                let policy = if rule.policy {
                    " (policy: a project decision, configurable)"
                } else {
                    ""
                };
                let fix = match rule.fix {
                    Some(applicability) => format!(
                        " Fix: {} (`lint --fix{}`).",
                        applicability.as_str(),
                        match applicability {
                            agentspec_lint::Applicability::Safe => "",
                            agentspec_lint::Applicability::Unsafe => " --unsafe-fixes",
                        }
                    ),
                    None => String::new(),
                };
                let docs = rule
                    .docs
                    .lines()
                    .map(|l| l.strip_prefix(' ').unwrap_or(l))
                    .collect::<Vec<_>>()
                    .join("\n");
                crate::stdout::write(format!(
                    "# {}\n\nGroup: {}. Default severity: {}{policy}.{fix}\n\n{docs}\n",
                    rule.name,
                    rule.group,
                    rule.default_severity.as_str()
                ))?;
                Ok(ExitCode::SUCCESS)
            }
            None if agentspec_lint::all_rules()
                .iter()
                .any(|r| r.meta.group == name) =>
            {
                crate::stdout::write(table(|group| group == name))?;
                Ok(ExitCode::SUCCESS)
            }
            None => {
                let names: Vec<&str> = agentspec_lint::all_rules()
                    .iter()
                    .flat_map(|r| [r.meta.name, r.meta.group])
                    .collect();
                let hint = agentspec_lint::context::closest(name, names.iter().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                eprintln!(
                    "error: no rule or group named `{name}`{hint} (run `agentspec rules` for the \
                     list)"
                );
                Ok(ExitCode::from(crate::EXIT_FAILURE))
            }
        },
        None => {
            crate::stdout::write(table(|_| true))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The table of the rules whose group `groups` takes, under their group names.
fn table(groups: impl Fn(&str) -> bool) -> String {
    let width = agentspec_lint::all_rules()
        .iter()
        .map(|r| r.meta.name.len())
        .max()
        .unwrap_or(0);
    let mut group = "";
    let mut text = format!(
        "  {:width$}  {:7}  {:6}  what it reports\n",
        "rule", "default", "fix"
    );
    for rule in agentspec_lint::all_rules() {
        let meta = rule.meta;
        if !groups(meta.group) {
            continue;
        }
        if meta.group != group {
            group = meta.group;
            text.push_str(&format!("\n{group}\n"));
        }
        text.push_str(&format!(
            "  {:width$}  {:7}  {:6}  {}\n",
            meta.name,
            meta.default_severity.as_str(),
            meta.fix.map_or("-", |f| f.as_str()),
            meta.summary()
        ));
    }
    text
}
