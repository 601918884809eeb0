use crate::{declare_rule, Context, SpecKind};

declare_rule! {
    /// ## What it does
    /// Reports a `parent_session_id` that is not a UUID (`8-4-4-4-12` hexadecimal digits).
    ///
    /// ## Why is this bad?
    /// Session ids are UUIDs, so anything else cannot name the parent session and the child
    /// run is not linked to it; a placeholder copied from an example (`parent-session-uuid`)
    /// is the usual cause. The API types the field as a plain string, so this is a warning,
    /// and a project decision.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// parent_session_id: parent-session-uuid   # not a UUID
    /// ```
    pub static INVALID_PARENT_SESSION_ID = ("invalid-parent-session-id", "messages", Warning, policy);
}

/// Lengths of the hyphen-separated groups of a UUID.
const UUID_GROUPS: [usize; 5] = [8, 4, 4, 4, 12];

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    if cx.kind != SpecKind::Session {
        return;
    }
    let Some(node) = cx.root.get("parent_session_id") else {
        return;
    };
    let Some(value) = node.as_str() else { return };
    if is_uuid(value) {
        return;
    }
    cx.report(
        &INVALID_PARENT_SESSION_ID,
        node.span,
        "/parent_session_id",
        format!("`parent_session_id` `{value}` is not a UUID"),
    )
    .label("not a session id")
    .help(
        "write the `id` of the parent session (a UUID such as \
         `a1b2c3d4-e5f6-7890-abcd-ef1234567890`); the API types the field as a plain string, \
         so this is a warning",
    );
}

/// Whether `text` is a UUID in its hyphenated form (any version, either case).
fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == UUID_GROUPS.len()
        && groups
            .iter()
            .zip(UUID_GROUPS)
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}
