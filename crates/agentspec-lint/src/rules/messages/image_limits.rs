use crate::shared::image;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a message with more images than the configured limit (5 by default), and an
    /// image larger than the configured size once decoded (5 MiB by default).
    ///
    /// ## Why is this bad?
    /// The Agent Platform documents no image limits; the Models API behind it accepts at most
    /// 5 images per request. Images past such a limit may be dropped or the run rejected, and
    /// large images are slow to upload and costly to read. The limits are project policy,
    /// taken from the Models API.
    ///
    /// ## Example
    /// ```yaml session
    /// agent: h/web-surfer-holo3-1-35b
    /// messages:
    ///   - type: user_message
    ///     message: Which of these six photos shows the Eiffel Tower?
    ///     images:     # 6 images in one message, above the limit of 5
    ///       - &photo data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC
    ///       - *photo
    ///       - *photo
    ///       - *photo
    ///       - *photo
    ///       - *photo
    /// max_steps: 30
    /// ```
    pub static IMAGE_LIMITS = ("image-limits", "messages", Warning, policy);
}

const MIB: usize = 1024 * 1024;

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    let max_count = cx.options.policy.max_images_per_message;
    let max_bytes = cx.options.policy.max_image_bytes;
    for (images_key, sites) in image::image_lists(cx) {
        if let Some(first_extra) = sites.get(max_count) {
            cx.report(
                &IMAGE_LIMITS,
                first_extra.node.span,
                &first_extra.pointer,
                format!(
                    "{} images in one message, above the limit of {max_count}",
                    sites.len()
                ),
            )
            .label(format!(
                "image {} of {}",
                first_extra.index + 1,
                sites.len()
            ))
            .related(images_key, "the message's images")
            .help(format!(
                "send at most {max_count} images a message: split them across messages; the \
                 limit is project policy (`max_images_per_message`)"
            ));
        }
        for site in &sites {
            let Some(Ok(found)) = site.node.as_str().map(image::parse) else {
                continue;
            };
            if found.bytes.len() <= max_bytes {
                continue;
            }
            cx.report(
                &IMAGE_LIMITS,
                site.node.span,
                &site.pointer,
                format!(
                    "the image decodes to {}, above the limit of {}",
                    size(found.bytes.len()),
                    size(max_bytes)
                ),
            )
            .label("image too large")
            .help(format!(
                "scale or compress the image below {}; the limit is project policy \
                 (`max_image_bytes`)",
                size(max_bytes)
            ));
        }
    }
}

/// A byte count as people read it: `5 MiB`, `6.2 MiB`, `900 bytes`.
fn size(bytes: usize) -> String {
    if bytes >= MIB {
        if bytes % MIB == 0 {
            format!("{} MiB", bytes / MIB)
        } else {
            format!("{:.1} MiB ({bytes} bytes)", bytes as f64 / MIB as f64)
        }
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::{lint_source, Options};

    #[test]
    fn reports_an_image_over_the_size_limit() {
        let mut options = Options::default();
        options.policy.max_image_bytes = 4;
        let source = "agent: h/web-surfer-holo3-1-35b\nmax_steps: 5\nmessages:\n  - type: \
                      user_message\n    message: Read this\n    images:\n      - \
                      data:image/gif;base64,R0lGODlhAQABAAAAACw=\n";
        let report = lint_source(Path::new("a.session.yaml"), source, None, &options);
        let found: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.rule == "image-limits")
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(
            found,
            ["the image decodes to 14 bytes, above the limit of 4 bytes"]
        );
    }
}
