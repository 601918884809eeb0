use crate::schema_walk::value_findings;
use crate::shared::override_path::Target;
use crate::{declare_rule, find_rule, Context, Diagnostic, Severity};

declare_rule! {
    /// ## What it does
    /// Reports an `overrides` value that is not valid for the field its path names: a wrong
    /// type, an unknown or missing field, a value outside an enum. The value is checked as the
    /// structure rules check the field in place, and the findings are reported under this
    /// rule's name. Warnings that are not about validity (such as `ambiguous-yaml-scalar`)
    /// keep their own rule. A value replaces its target whole, so an object missing a required
    /// field is reported. Paths that lead inside a free-form object
    /// (`agent.answer_format.properties`) and invalid paths are not checked; ranges are left to
    /// the dedicated rules (`invalid-limit`).
    ///
    /// ## Why is this bad?
    /// Each override value must match the target field's type; the server applies it to the
    /// resolved request and rejects it, or runs with a broken setting.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: acme/price-finder
    /// overrides:
    ///   agent.environments[kind=web].headless: "yes"   # `headless` expects a boolean
    /// ```
    pub static INVALID_OVERRIDE_VALUE = ("invalid-override-value", "overrides", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for site in &cx.view.overrides {
        let Ok(path) = site.path() else {
            continue;
        };
        let Target::Schemas(schemas) = &path.resolved.target else {
            continue;
        };
        let key = site.key;
        let field = path.segments.last().map_or(key, |s| s.name.text.as_str());
        let pointer = &site.pointer;
        // Where the path may reach several shapes (a selector by `id` matches a web and a
        // desktop environment), the value is valid when it fits one of them.
        let mut best: Option<Vec<Diagnostic>> = None;
        for &schema in schemas {
            let findings = value_findings(cx, &site.entry.value, schema, pointer, field);
            let errors = findings.iter().filter(|d| is_error(d)).count();
            if best
                .as_ref()
                .is_none_or(|b| errors < b.iter().filter(|d| is_error(d)).count())
            {
                best = Some(findings);
            }
        }
        for mut finding in best.unwrap_or_default() {
            let Some(rule) = find_rule(finding.rule) else {
                continue;
            };
            if rule.default_severity == Severity::Error {
                finding.rule = INVALID_OVERRIDE_VALUE.name;
                finding.message = format!("override `{key}`: {}", finding.message);
                cx.push(&INVALID_OVERRIDE_VALUE, finding);
            } else {
                cx.push(rule, finding);
            }
        }
    }
}

fn is_error(finding: &Diagnostic) -> bool {
    find_rule(finding.rule).is_some_and(|r| r.default_severity == Severity::Error)
}
