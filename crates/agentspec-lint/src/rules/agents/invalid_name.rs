use std::ops::Range;

use agentspec_model::limits::{NAME_MAX_LEN, NAME_SEGMENT_MAX_LEN};
use agentspec_syntax::Node;

use crate::context::child;
use agentspec_syntax::value_span;

use crate::shared::agents::items;
use crate::{declare_rule, Context, SpecKind};

declare_rule! {
    /// ## What it does
    /// Reports an agent name, environment id or skill name, defined inline or referenced from
    /// the catalog, that the catalog would not accept. A name uses lowercase letters, digits
    /// and `-`, starts and ends with a letter or digit, has at most one `org/` prefix, and is
    /// at most 63 characters a segment and 127 in all. The message says which part is wrong
    /// and the help suggests a valid name.
    ///
    /// ## Why is this bad?
    /// The API answers 422 to a definition with an invalid name, and a reference with an
    /// invalid name can't name anything in the catalog, so the session does not start.
    ///
    /// ## Example
    /// ```yaml session
    /// agent:
    ///   name: acme/Weather_Agent   # uppercase `W` in `Weather_Agent`; write `acme/weather-agent`
    ///   description: Looks up weather by city
    ///   environments: [h/browser]
    /// ```
    pub static INVALID_NAME = ("invalid-name", "agents", Error);
}

/// What a checked name is.
#[derive(Clone, Copy)]
enum Role {
    AgentName,
    EnvironmentId,
    SkillName,
    AgentReference,
    EnvironmentReference,
    SkillReference,
    SubagentReference,
}

impl Role {
    fn noun(self) -> &'static str {
        match self {
            Role::AgentName => "agent name",
            Role::EnvironmentId => "environment id",
            Role::SkillName => "skill name",
            Role::AgentReference => "catalog agent",
            Role::EnvironmentReference => "catalog environment",
            Role::SkillReference => "catalog skill",
            Role::SubagentReference => "catalog subagent",
        }
    }
}

/// What is wrong with a name, and which bytes of it are at fault.
struct Problem {
    message: String,
    label: String,
    range: Range<usize>,
    too_long: bool,
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let mut sites: Vec<(&Node, String, Role)> = Vec::new();
    if cx.kind == SpecKind::Session {
        if let Some(agent) = cx.root.get("agent").filter(|a| a.as_str().is_some()) {
            sites.push((agent, "/agent".into(), Role::AgentReference));
        }
    }
    for agent in &cx.view.agents {
        if let Some(name) = agent.node.get("name") {
            sites.push((name, child(&agent.pointer, "name"), Role::AgentName));
        }
    }
    for env in &cx.view.environments {
        if let Some(id) = env.node.get("id") {
            sites.push((id, child(&env.pointer, "id"), Role::EnvironmentId));
        }
    }
    for item in items(cx, "environments") {
        if item.node.as_str().is_some() {
            sites.push((item.node, item.pointer, Role::EnvironmentReference));
        }
    }
    for item in items(cx, "skills") {
        if item.node.as_str().is_some() {
            sites.push((item.node, item.pointer, Role::SkillReference));
        } else if let Some(name) = item.node.get("name") {
            sites.push((name, child(&item.pointer, "name"), Role::SkillName));
        }
    }
    for item in items(cx, "subagents") {
        if item.node.as_str().is_some() {
            sites.push((item.node, item.pointer, Role::SubagentReference));
        }
    }
    for (node, pointer, role) in sites {
        let Some(name) = node.as_str() else { continue };
        let Some(problem) = problem(name) else {
            continue;
        };
        let span = if problem.range.is_empty() {
            node.span
        } else {
            value_span(cx.source, node, problem.range.clone())
        };
        let help = match fixed(name) {
            Some(fix) => format!("write `{fix}`"),
            None if problem.too_long => format!(
                "shorten it: at most {NAME_SEGMENT_MAX_LEN} characters a segment and \
                 {NAME_MAX_LEN} in all"
            ),
            None if name.is_empty() => "write a name, such as `acme/weather-agent`".to_string(),
            None => "use lowercase letters, digits and `-`, starting and ending with a letter or \
                     digit, with at most one `org/` prefix (`acme/weather-agent`)"
                .to_string(),
        };
        let message = if name.is_empty() {
            format!("empty {}", role.noun())
        } else {
            format!("invalid {} `{name}`: {}", role.noun(), problem.message)
        };
        cx.report(&INVALID_NAME, span, &pointer, message)
            .label(problem.label)
            .help(help);
    }
}

/// The first thing wrong with a name, if any.
fn problem(name: &str) -> Option<Problem> {
    if name.is_empty() {
        return Some(Problem {
            message: "it is empty".into(),
            label: "empty name".into(),
            range: 0..0,
            too_long: false,
        });
    }
    let slashes: Vec<usize> = name.match_indices('/').map(|(i, _)| i).collect();
    if let [_, second, ..] = slashes.as_slice() {
        return Some(Problem {
            message: format!(
                "it has {} `/` separators, but only one `org/` prefix is allowed",
                slashes.len()
            ),
            label: "second `/`".into(),
            range: *second..*second + 1,
            too_long: false,
        });
    }
    let segments: Vec<(usize, &str)> = match slashes.first() {
        Some(&slash) => vec![(0, &name[..slash]), (slash + 1, &name[slash + 1..])],
        None => vec![(0, name)],
    };
    let namespaced = segments.len() > 1;
    for (index, &(offset, segment)) in segments.iter().enumerate() {
        let part = if !namespaced {
            String::new()
        } else if index == 0 {
            format!(" in the namespace `{segment}`")
        } else {
            format!(" in `{segment}`")
        };
        if segment.is_empty() {
            let slash = slashes[0];
            let (message, label) = if index == 0 {
                ("the namespace before `/` is empty", "nothing before `/`")
            } else {
                ("nothing follows the `/`", "nothing after `/`")
            };
            return Some(Problem {
                message: message.into(),
                label: label.into(),
                range: slash..slash + 1,
                too_long: false,
            });
        }
        if let Some((i, c)) = segment
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
        {
            let what = match c {
                c if c.is_uppercase() => format!("uppercase `{c}`"),
                '_' => "underscore `_`".to_string(),
                ' ' => "a space".to_string(),
                c if c.is_whitespace() || c.is_control() => format!("the character {c:?}"),
                c => format!("`{c}`"),
            };
            return Some(Problem {
                message: format!(
                    "{what}{part} is not allowed; names use lowercase letters, digits and `-`"
                ),
                label: "not allowed in a name".into(),
                range: offset + i..offset + i + c.len_utf8(),
                too_long: false,
            });
        }
        let first = segment.as_bytes()[0];
        let last = segment.as_bytes()[segment.len() - 1];
        if !first.is_ascii_alphanumeric() || !last.is_ascii_alphanumeric() {
            let (edge, at) = if !first.is_ascii_alphanumeric() {
                ("starts", offset)
            } else {
                ("ends", offset + segment.len() - 1)
            };
            let subject = if namespaced {
                format!("`{segment}`")
            } else {
                "it".to_string()
            };
            return Some(Problem {
                message: format!(
                    "{subject} {edge} with `-`; a name must start and end with a letter or digit"
                ),
                label: format!("{edge} with `-`"),
                range: at..at + 1,
                too_long: false,
            });
        }
        if segment.len() > NAME_SEGMENT_MAX_LEN {
            let subject = if namespaced {
                format!("`{segment}`")
            } else {
                "it".to_string()
            };
            return Some(Problem {
                message: format!(
                    "{subject} is {} characters long, more than the {NAME_SEGMENT_MAX_LEN} \
                     allowed a segment",
                    segment.len()
                ),
                label: "too long".into(),
                range: offset..offset + segment.len(),
                too_long: true,
            });
        }
    }
    if name.len() > NAME_MAX_LEN {
        return Some(Problem {
            message: format!(
                "it is {} characters long, more than the {NAME_MAX_LEN} allowed",
                name.len()
            ),
            label: "too long".into(),
            range: 0..name.len(),
            too_long: true,
        });
    }
    None
}

/// A valid name close to `name` (lowercased, `_` and spaces turned into `-`), if there is one.
fn fixed(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    for c in name.trim().chars() {
        let c = match c {
            '_' | '.' => '-',
            c if c.is_whitespace() => '-',
            c => c.to_ascii_lowercase(),
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '/' {
            out.push(c);
        }
    }
    // Keep the first namespace; fold any further ones into the name.
    let candidate = match out.split_once('/') {
        Some((namespace, rest)) => format!(
            "{}/{}",
            namespace.trim_matches('-'),
            rest.replace('/', "-").trim_matches('-')
        ),
        None => out.trim_matches('-').to_string(),
    };
    (candidate != name && problem(&candidate).is_none()).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_catalog_names() {
        for name in [
            "h/web-surfer-holo3-1-35b",
            "weather-agent",
            "acme/a",
            "a1",
            "x--y",
        ] {
            assert!(problem(name).is_none(), "{name}");
        }
    }

    #[test]
    fn points_at_the_part_at_fault() {
        let p = problem("acme/Weather_Agent").expect("invalid");
        assert_eq!(p.range, 5..6);
        let p = problem("a/b/c").expect("invalid");
        assert_eq!(p.range, 3..4);
        let p = problem("acme/-x").expect("invalid");
        assert_eq!(p.range, 5..6);
        assert!(problem(&"a".repeat(NAME_SEGMENT_MAX_LEN + 1)).is_some());
        let long = format!(
            "{}/{}",
            "a".repeat(NAME_SEGMENT_MAX_LEN),
            "b".repeat(NAME_SEGMENT_MAX_LEN)
        );
        assert!(long.len() <= NAME_MAX_LEN && problem(&long).is_none());
    }

    #[test]
    fn suggests_a_fixed_name() {
        assert_eq!(
            fixed("acme/Weather_Agent").as_deref(),
            Some("acme/weather-agent")
        );
        assert_eq!(fixed("My Agent ").as_deref(), Some("my-agent"));
        assert_eq!(
            fixed("acme/travel/flights").as_deref(),
            Some("acme/travel-flights")
        );
        assert_eq!(fixed("a/-b"), Some("a/b".to_string()));
    }
}
