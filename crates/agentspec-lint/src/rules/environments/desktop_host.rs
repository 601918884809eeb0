use crate::context::child;
use crate::fix::{insert_entry, replace_string};
use crate::shared::agents::{describe_value, snippet};
use crate::{declare_rule, Context, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a Desktop environment (`kind: desktop`) whose `host` is missing or is not
    /// `user_device`.
    ///
    /// ## Why is this bad?
    /// A desktop runs only on the user's own device: the OpenAPI file requires `host` and
    /// allows only `user_device`. There is no cloud desktop; the API answers 422.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/desk-assistant
    /// description: Files expense reports from the user's desktop
    /// environments:
    ///   - id: my-desktop
    ///     kind: desktop
    ///     host: cloud          # write `host: user_device`
    /// ```
    ///
    /// ## Fix
    /// Writes `user_device`, the only value, in place of another string, or adds
    /// `host: user_device` before the environment's first key when `host` is missing. Unsafe:
    /// the desktop the request asked for elsewhere now runs on the user's device.
    pub static DESKTOP_HOST = ("desktop-host", "environments", Error; fix = Unsafe);
}

const HOST: &str = "user_device";

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for env in &cx.view.environments {
        let Some(kind) = env
            .node
            .get("kind")
            .filter(|k| k.as_str() == Some("desktop"))
        else {
            continue;
        };
        let title = match env.node.get("id").and_then(|i| i.as_str()) {
            Some(id) if !id.is_empty() => format!("desktop environment `{id}`"),
            _ => "the desktop environment".to_string(),
        };
        let pointer = child(&env.pointer, "host");
        let host_field = snippet(cx, "host", HOST, &format!("\"{HOST}\""));
        let help = format!("write {host_field}: a desktop runs only on the user's device");
        let Some(entry) = env.node.entry("host") else {
            let fix = insert_entry(cx.source, env.node, "host", HOST)
                .map(|edit| Fix::unsafe_(format!("add `host: {HOST}`"), vec![edit]));
            cx.report(
                &DESKTOP_HOST,
                kind.span,
                &pointer,
                format!("{title} has no `host`"),
            )
            .label(format!("a desktop needs `host: {HOST}`"))
            .help(format!(
                "add {host_field}: a desktop runs only on the user's device"
            ))
            .fix_some(fix);
            continue;
        };
        let host = &entry.value;
        let message = match host.as_str() {
            Some(HOST) => continue,
            Some("cloud") => format!(
                "{title} has `host: cloud`, but a desktop can't run in the cloud: expected \
                 `{HOST}`"
            ),
            Some(other) => format!("{title} has `host: {other}`: expected `{HOST}`"),
            None => format!(
                "`host` of {title} expects `{HOST}`, found {}",
                describe_value(cx, host)
            ),
        };
        let span = if host.span.is_empty() {
            entry.key.span
        } else {
            host.span
        };
        let fix = host
            .as_str()
            .and_then(|_| replace_string(cx.source, host, HOST))
            .map(|edit| Fix::unsafe_(format!("write `{HOST}`"), vec![edit]));
        cx.report(&DESKTOP_HOST, span, &pointer, message)
            .label(format!("expected `{HOST}`"))
            .help(help)
            .fix_some(fix);
    }
}
