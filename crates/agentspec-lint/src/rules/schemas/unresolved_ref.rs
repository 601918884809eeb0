use crate::context::{child, ReportExt};
use crate::{declare_rule, Context};
use agentspec_syntax::Node;

declare_rule! {
    /// ## What it does
    /// Reports a local `$ref` (`#/...` or `#anchor`) that points at nothing in the schema.
    ///
    /// ## Why is this bad?
    /// Validators fail on an unresolvable reference, so every answer is rejected (or the
    /// platform refuses the schema).
    ///
    /// ## Example
    /// ```yaml
    /// answer_format:
    ///   type: object
    ///   properties:
    ///     story: {$ref: "#/$defs/Stroy"}   # `$defs` has `Story`
    ///   $defs:
    ///     Story: {type: object}
    /// ```
    pub static UNRESOLVED_REF = ("unresolved-ref", "schemas", Error);
}

/// Runs the rule.
pub fn check(cx: &mut Context<'_>) {
    let mut found = Vec::new();
    for site in &cx.view.schemas {
        let mut anchors = Vec::new();
        site.subschemas().for_each(|(node, _)| {
            let node: &Node = node;
            if let Some(a) = node.get("$anchor").and_then(|a| a.as_str()) {
                anchors.push(a.to_string());
            }
            if let Some(id) = node
                .get("$id")
                .and_then(|a| a.as_str())
                .and_then(|i| i.strip_prefix('#'))
            {
                anchors.push(id.to_string());
            }
        });
        site.subschemas().for_each(|(node, pointer)| {
            let node: &Node = node;
            let Some(reference) = node.get("$ref") else {
                return;
            };
            let Some(text) = reference.as_str() else {
                return;
            };
            let Some(fragment) = text.strip_prefix('#') else {
                return;
            };
            let decoded = percent_decode(fragment);
            let resolves = if decoded.is_empty() {
                true
            } else if decoded.starts_with('/') {
                site.node
                    .at_pointer(&decoded)
                    .is_some_and(|n| n.as_map().is_some() || n.as_bool().is_some())
            } else {
                anchors.contains(&decoded)
            };
            if !resolves {
                let target = decoded.rsplit('/').next().unwrap_or("").to_string();
                let mut names = Vec::new();
                for defs in ["$defs", "definitions"] {
                    for e in site
                        .node
                        .get(defs)
                        .and_then(|d| d.as_map())
                        .unwrap_or_default()
                    {
                        names.push(format!("#/{defs}/{}", e.key.text));
                    }
                }
                let best = crate::context::closest(text, names.iter().map(String::as_str))
                    .map(str::to_string);
                found.push((
                    reference.span,
                    child(pointer, "$ref"),
                    text.to_string(),
                    target,
                    best,
                ));
            }
        });
    }
    for (span, pointer, text, _target, best) in found {
        let help = match best {
            Some(b) => format!("did you mean `{b}`?"),
            None => "define the target under `$defs`, or fix the reference".into(),
        };
        cx.report(
            &UNRESOLVED_REF,
            span,
            &pointer,
            format!("`$ref` to `{text}` does not resolve within the schema"),
        )
        .label("points at nothing")
        .help(help);
    }
}

/// Decodes `%XX` escapes of a URI fragment.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
