use agentspec_model::limits;
use base64::Engine;

use crate::context::closest;
use crate::shared::image::{self, Problem};
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an `images` item that is not a base64 data URI of a PNG, JPEG, WebP or GIF
    /// image. The accepted form is `data:image/png;base64,...`; a remote `https://` URL, another
    /// media type, a missing `;base64`, or a payload that does not decode as standard, padded
    /// base64 is reported.
    ///
    /// ## Why is this bad?
    /// The API takes images inline, as base64 data URIs; it does not fetch URLs or read files.
    /// A payload that does not decode is not an image the agent can see.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// messages:
    ///   - type: user_message
    ///     message: What is on this receipt?
    ///     images:
    ///       - https://example.com/receipt.png   # the API takes data URIs only
    /// ```
    pub static INVALID_IMAGE = ("invalid-image", "messages", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for (_, sites) in image::image_lists(cx) {
        for site in sites {
            let Some(text) = site.node.as_str() else {
                continue;
            };
            let Err(problem) = image::parse(text) else {
                continue;
            };
            let quoted = image::quote(text);
            let (message, label, help, span) = match problem {
                Problem::Remote => (
                    format!(
                        "`{quoted}` is a remote URL, but the API takes images as data URIs only"
                    ),
                    "not a data URI".to_string(),
                    "embed the image: `data:image/png;base64,` followed by the file's base64"
                        .to_string(),
                    site.node.span,
                ),
                Problem::NotDataUri => (
                    format!("`{quoted}` is not a `data:image/...;base64,` URI"),
                    "not a data URI".to_string(),
                    bare_payload_help(text),
                    site.node.span,
                ),
                Problem::NoComma => (
                    format!("`{quoted}` has no `,` before its payload"),
                    "no payload".to_string(),
                    "write `data:image/png;base64,` followed by the base64 of the image"
                        .to_string(),
                    site.node.span,
                ),
                Problem::MediaType { found, range } => {
                    let accepted = limits::IMAGE_MEDIA_TYPES
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let help = match similar_type(&found) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("convert the image to one of {accepted}"),
                    };
                    (
                        format!("unsupported image type `{found}`: expected one of {accepted}"),
                        "unsupported type".to_string(),
                        help,
                        agentspec_syntax::value_span(cx.source, site.node, range),
                    )
                }
                Problem::NotBase64 { range } => (
                    format!(
                        "`{quoted}` is not base64-encoded: `;base64` is missing before the `,`"
                    ),
                    "no `;base64`".to_string(),
                    "encode the image as base64 and write `;base64,` before it".to_string(),
                    agentspec_syntax::value_span(cx.source, site.node, range),
                ),
                Problem::EmptyPayload => (
                    format!("`{quoted}` has an empty payload"),
                    "no image data".to_string(),
                    "write the base64 of the image after the `,`".to_string(),
                    site.node.span,
                ),
                Problem::BadPayload { reason, range } => (
                    reason,
                    "not base64".to_string(),
                    "encode the file with standard base64 (`base64 -w0 image.png`), with its \
                     `=` padding"
                        .to_string(),
                    agentspec_syntax::value_span(cx.source, site.node, range),
                ),
            };
            cx.report(&INVALID_IMAGE, span, &site.pointer, message)
                .label(label)
                .help(help);
        }
    }
}

/// The accepted media type whose subtype is closest to that of `found` (`image/jpg`), so that
/// the shared `image/` prefix does not make every type look alike.
fn similar_type(found: &str) -> Option<&'static str> {
    let subtype = |t: &str| {
        t.rsplit('/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let wanted = subtype(found);
    let subtypes: Vec<String> = limits::IMAGE_MEDIA_TYPES
        .iter()
        .map(|t| subtype(t))
        .collect();
    let best = closest(&wanted, subtypes.iter().map(String::as_str))?;
    let index = subtypes.iter().position(|s| s == best)?;
    limits::IMAGE_MEDIA_TYPES.get(index).copied()
}

/// Help for a value without a `data:` scheme: a bare payload gets the prefix it needs.
fn bare_payload_help(text: &str) -> String {
    let sniffed = base64::engine::general_purpose::STANDARD
        .decode(text)
        .ok()
        .and_then(|bytes| image::sniff(&bytes));
    match sniffed {
        Some(media_type) => format!(
            "this looks like a bare base64 {} image: prefix it with `data:{media_type};base64,`",
            image::format_name(media_type)
        ),
        None => "embed the image: `data:image/png;base64,` followed by the file's base64".into(),
    }
}
