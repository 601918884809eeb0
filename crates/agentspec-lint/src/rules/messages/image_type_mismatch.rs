use agentspec_model::limits;

use crate::shared::image;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an image whose decoded bytes do not start with the signature of the format its
    /// data URI declares: a JPEG sent as `data:image/png;base64,...`, or bytes that are no
    /// image at all. The message says which format the bytes look like.
    ///
    /// ## Why is this bad?
    /// The declared type travels with the image to the model; a wrong one may make the image
    /// unreadable, and bytes that match no image format usually mean the wrong file was
    /// encoded.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// messages:
    ///   - type: user_message
    ///     message: What is the total on this receipt?
    ///     images:     # the bytes are a JPEG
    ///       - data:image/png;base64,/9j/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k=
    /// max_steps: 30
    /// ```
    pub static IMAGE_TYPE_MISMATCH = ("image-type-mismatch", "messages", Warning);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for (_, sites) in image::image_lists(cx) {
        for site in sites {
            let Some(Ok(found)) = site.node.as_str().map(image::parse) else {
                continue;
            };
            let actual = image::sniff(&found.bytes);
            if actual == Some(found.media_type) {
                continue;
            }
            let declared = image::format_name(found.media_type);
            let span =
                agentspec_syntax::value_span(cx.source, site.node, found.media_range.clone());
            let (message, help) = match actual {
                Some(actual) => (
                    format!(
                        "the image is declared `{}`, but its bytes look like {}",
                        found.media_type,
                        image::format_name(actual)
                    ),
                    format!("declare it as `data:{actual};base64,`"),
                ),
                None => {
                    let others = limits::IMAGE_MEDIA_TYPES
                        .iter()
                        .filter(|t| **t != found.media_type)
                        .map(|t| image::format_name(t))
                        .collect::<Vec<_>>()
                        .join(", ");
                    (
                        format!(
                            "the image is declared `{}`, but its bytes start with no {declared} \
                             signature, nor that of another image format ({others})",
                            found.media_type
                        ),
                        "check that the payload is the base64 of the image file itself".into(),
                    )
                }
            };
            cx.report(&IMAGE_TYPE_MISMATCH, span, &site.pointer, message)
                .label(format!("declared {declared}"))
                .help(help);
        }
    }
}
