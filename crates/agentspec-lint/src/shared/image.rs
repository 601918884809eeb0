//! Message images: where they are, how a data URI is read, and what its bytes look like.

use std::ops::Range;

use agentspec_model::limits;
use agentspec_syntax::{Node, Span};
use base64::Engine;

use crate::context::child;
use crate::Context;

/// One item of a message's `images`.
#[derive(Debug, Clone)]
pub struct ImageSite<'a> {
    /// The item (a string when well-typed).
    pub node: &'a Node,
    /// Its JSON Pointer.
    pub pointer: String,
    /// Its index in `images`.
    pub index: usize,
}

/// The `images` lists of the session's messages (with the span of their `images` key), one
/// entry a message that has one.
pub fn image_lists<'a>(cx: &Context<'a>) -> Vec<(Span, Vec<ImageSite<'a>>)> {
    let mut out = Vec::new();
    for message in &cx.view.messages {
        let Some(entry) = message.node.entry("images") else {
            continue;
        };
        let Some(items) = entry.value.as_seq() else {
            continue;
        };
        let base = child(&message.pointer, "images");
        let sites = items
            .iter()
            .enumerate()
            .map(|(index, node)| ImageSite {
                node,
                pointer: child(&base, index),
                index,
            })
            .collect();
        out.push((entry.key.span, sites));
    }
    out
}

/// A data URI whose payload decoded.
#[derive(Debug, Clone)]
pub struct Image {
    /// The declared media type, as listed in `limits::IMAGE_MEDIA_TYPES`.
    pub media_type: &'static str,
    /// Where the media type sits in the URI text (bytes).
    pub media_range: Range<usize>,
    /// The decoded bytes.
    pub bytes: Vec<u8>,
}

/// Why an `images` item is not a usable data URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// An `http://` or `https://` URL.
    Remote,
    /// Not a `data:` URI at all.
    NotDataUri,
    /// A `data:` URI without the `,` that starts its payload.
    NoComma,
    /// A media type other than the accepted image types.
    MediaType {
        /// The media type as written.
        found: String,
        /// Where it sits in the URI text.
        range: Range<usize>,
    },
    /// No `;base64` before the payload.
    NotBase64 {
        /// Where the header (`data:...,`) sits.
        range: Range<usize>,
    },
    /// Nothing after the comma.
    EmptyPayload,
    /// A payload that is not standard, padded base64.
    BadPayload {
        /// What is wrong with it.
        reason: String,
        /// Where in the URI text.
        range: Range<usize>,
    },
}

const DATA_SCHEME: &str = "data:";
const BASE64_PARAMETER: &str = "base64";
/// Base64 encodes in groups of this many characters (padded with `=`).
const BASE64_QUANTUM: usize = 4;

/// Reads a data URI `data:image/<type>[;params];base64,<payload>`.
pub fn parse(text: &str) -> Result<Image, Problem> {
    let lower = text.get(..DATA_SCHEME.len()).map(str::to_ascii_lowercase);
    if lower.as_deref() != Some(DATA_SCHEME) {
        let scheme = text.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
        return Err(match scheme.as_deref() {
            Some("http" | "https") => Problem::Remote,
            _ => Problem::NotDataUri,
        });
    }
    let Some(comma) = text.find(',') else {
        return Err(Problem::NoComma);
    };
    let header = &text[DATA_SCHEME.len()..comma];
    let mut parts = header.split(';');
    let media = parts.next().unwrap_or_default();
    let media_range = DATA_SCHEME.len()..DATA_SCHEME.len() + media.len();
    let Some(media_type) = limits::IMAGE_MEDIA_TYPES
        .iter()
        .copied()
        .find(|t| t.eq_ignore_ascii_case(media))
    else {
        return Err(Problem::MediaType {
            found: media.to_string(),
            range: media_range,
        });
    };
    if !parts
        .next_back()
        .is_some_and(|p| p.eq_ignore_ascii_case(BASE64_PARAMETER))
    {
        return Err(Problem::NotBase64 {
            range: 0..comma + 1,
        });
    }
    let start = comma + 1;
    let payload = &text[start..];
    if payload.is_empty() {
        return Err(Problem::EmptyPayload);
    }
    match base64::engine::general_purpose::STANDARD.decode(payload) {
        Ok(bytes) => Ok(Image {
            media_type,
            media_range,
            bytes,
        }),
        Err(error) => Err(bad_payload(payload, start, error)),
    }
}

/// Explains a base64 decoding error, with the range of the character at fault.
fn bad_payload(payload: &str, start: usize, error: base64::DecodeError) -> Problem {
    use base64::DecodeError;
    let at = |offset: usize| {
        let len = payload[offset..].chars().next().map_or(1, char::len_utf8);
        start + offset..start + offset + len
    };
    let (reason, range) = match error {
        DecodeError::InvalidByte(offset, byte) => {
            let found = payload[offset..].chars().next().unwrap_or(byte as char);
            let reason = match found {
                ' ' | '\t' | '\n' | '\r' => format!(
                    "the payload is not valid base64: {} at character {} of the payload (it \
                     must be one unbroken line)",
                    describe_space(found),
                    offset + 1
                ),
                '-' | '_' => format!(
                    "the payload is not valid base64: `{found}` at character {} of the payload \
                     belongs to the URL-safe alphabet, not the standard one",
                    offset + 1
                ),
                '=' => format!(
                    "the payload is not valid base64: `=` padding at character {} of the payload \
                     is not at its end",
                    offset + 1
                ),
                _ => format!(
                    "the payload is not valid base64: unexpected `{found}` at character {} of \
                     the payload",
                    offset + 1
                ),
            };
            (reason, at(offset))
        }
        DecodeError::InvalidLength(len) => (
            format!(
                "the payload is not valid base64: {len} characters of data is not a possible \
                 length (the payload is truncated)"
            ),
            start..start + payload.len(),
        ),
        DecodeError::InvalidLastSymbol(offset, _) => (
            "the payload is not valid base64: its last character encodes bits beyond the data \
             (the payload is truncated or corrupted)"
                .to_string(),
            at(offset),
        ),
        DecodeError::InvalidPadding if payload.len() % BASE64_QUANTUM != 0 => (
            format!(
                "the payload is not valid base64: its {} characters are not a multiple of \
                 {BASE64_QUANTUM} (the `=` padding is missing, or the payload is truncated)",
                payload.len()
            ),
            start..start + payload.len(),
        ),
        DecodeError::InvalidPadding => (
            "the payload is not valid base64: its `=` padding is wrong".to_string(),
            start..start + payload.len(),
        ),
    };
    Problem::BadPayload { reason, range }
}

fn describe_space(c: char) -> &'static str {
    match c {
        ' ' => "a space",
        '\t' => "a tab",
        _ => "a line break",
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
const JPEG_SIGNATURE: &[u8] = b"\xFF\xD8\xFF";
const GIF_SIGNATURES: [&[u8]; 2] = [b"GIF87a", b"GIF89a"];
const RIFF_TAG: &[u8] = b"RIFF";
const WEBP_TAG: &[u8] = b"WEBP";
/// Where `WEBP` sits in a WebP file (after `RIFF` and the chunk size).
const WEBP_TAG_OFFSET: usize = 8;

/// The image media type whose signature `bytes` start with, if any.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(PNG_SIGNATURE) {
        Some("image/png")
    } else if bytes.starts_with(JPEG_SIGNATURE) {
        Some("image/jpeg")
    } else if GIF_SIGNATURES.iter().any(|s| bytes.starts_with(s)) {
        Some("image/gif")
    } else if bytes.starts_with(RIFF_TAG)
        && bytes.get(WEBP_TAG_OFFSET..WEBP_TAG_OFFSET + WEBP_TAG.len()) == Some(WEBP_TAG)
    {
        Some("image/webp")
    } else {
        None
    }
}

/// The format's common name: `PNG`, `JPEG`, `WebP`, `GIF`.
pub fn format_name(media_type: &str) -> &'static str {
    match media_type {
        "image/png" => "PNG",
        "image/jpeg" => "JPEG",
        "image/webp" => "WebP",
        "image/gif" => "GIF",
        _ => "an unknown format",
    }
}

/// A short quotation of a long value (data URIs are long).
pub fn quote(text: &str) -> String {
    const QUOTE_CHARS: usize = 40;
    let short: String = text.chars().take(QUOTE_CHARS).collect();
    if short.len() < text.len() {
        format!("{short}…")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_data_uri() {
        let image = parse("data:image/png;base64,iVBORw0KGgo=").expect("valid");
        assert_eq!(image.media_type, "image/png");
        assert_eq!(sniff(&image.bytes), Some("image/png"));
    }

    #[test]
    fn tells_what_is_wrong() {
        assert_eq!(parse("https://x.test/a.png").unwrap_err(), Problem::Remote);
        assert_eq!(parse("./a.png").unwrap_err(), Problem::NotDataUri);
        assert_eq!(
            parse("data:image/png;base64").unwrap_err(),
            Problem::NoComma
        );
        assert!(matches!(
            parse("data:image/bmp;base64,AAAA"),
            Err(Problem::MediaType { .. })
        ));
        assert!(matches!(
            parse("data:image/png,AAAA"),
            Err(Problem::NotBase64 { .. })
        ));
        assert_eq!(
            parse("data:image/png;base64,").unwrap_err(),
            Problem::EmptyPayload
        );
        match parse("data:image/png;base64,AA AA") {
            Err(Problem::BadPayload { range, .. }) => assert_eq!(range, 24..25),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sniffs_webp_and_gif() {
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"GIF89a...."), Some("image/gif"));
        assert_eq!(sniff(b"hello"), None);
    }
}
