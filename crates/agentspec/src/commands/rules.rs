//! `agentspec rules`: list the rules, or explain one from its documentation.

use std::process::ExitCode;

use clap::Args;

/// List every rule, or print one rule's documentation.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// The rule to explain (e.g. `duplicate-environment-kind`).
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
            None => {
                let names: Vec<&str> = agentspec_lint::all_rules()
                    .iter()
                    .map(|r| r.meta.name)
                    .collect();
                let hint = agentspec_lint::context::closest(name, names.iter().copied())
                    .map(|n| format!("; did you mean `{n}`?"))
                    .unwrap_or_default();
                eprintln!(
                    "error: no rule named `{name}`{hint} (run `agentspec rules` for the list)"
                );
                Ok(ExitCode::from(crate::EXIT_FAILURE))
            }
        },
        None => {
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
            crate::stdout::write(&text)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
