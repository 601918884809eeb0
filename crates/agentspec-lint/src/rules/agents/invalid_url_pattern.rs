use agentspec_model::limits::URL_PATTERN_MAX_LEN;
use agentspec_syntax::Span;

use crate::context::child;
use agentspec_syntax::value_span;

use crate::shared::agents::items;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports an inline skill whose `url_pattern` is empty, longer than 1024 characters, or
    /// not a valid regular expression. The regex error is shown at its position.
    ///
    /// ## Why is this bad?
    /// The API accepts 1 to 1024 characters and answers 422 otherwise. The pattern tells the
    /// agent which pages the skill is for; the API treats it as information and doesn't match
    /// it, so a broken pattern goes unnoticed. Requiring a valid regular expression is a
    /// project decision. Look-around and backreferences, which the checker's regex engine
    /// lacks but other engines have, are not reported.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/weather-agent
    /// description: Looks up the weather forecast of a city
    /// skills:
    ///   - name: acme/read-forecast
    ///     description: Use this when a forecast page shows hourly tables
    ///     body: Read the table row by row.
    ///     url_pattern: ^https://(www\.meteo   # unclosed group
    /// environments: [{id: browser, kind: web}]
    /// ```
    pub static INVALID_URL_PATTERN = ("invalid-url-pattern", "agents", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for item in items(cx, "skills") {
        let Some(node) = item.node.get("url_pattern") else {
            continue;
        };
        let Some(pattern) = node.as_str() else {
            continue;
        };
        let pointer = child(&item.pointer, "url_pattern");
        let length = pattern.chars().count();
        if pattern.is_empty() {
            cx.report(
                &INVALID_URL_PATTERN,
                node.span,
                &pointer,
                "`url_pattern` is empty: it takes 1 to 1024 characters",
            )
            .label("empty pattern")
            .help("write the pages the skill is for, such as `^https://www\\.example\\.com/`, or remove `url_pattern`");
            continue;
        }
        if length > URL_PATTERN_MAX_LEN {
            cx.report(
                &INVALID_URL_PATTERN,
                node.span,
                &pointer,
                format!(
                    "`url_pattern` is {length} characters long, more than the \
                     {URL_PATTERN_MAX_LEN} allowed"
                ),
            )
            .label("too long")
            .help(format!(
                "shorten it to at most {URL_PATTERN_MAX_LEN} characters; it only needs to \
                 match the start of the URLs the skill is for"
            ));
            continue;
        }
        let Some(text) = syntax_error(pattern) else {
            continue;
        };
        let Some(error) = RegexError::parse(&text, pattern) else {
            continue;
        };
        if error.unsupported_elsewhere() {
            continue;
        }
        let span = match error.range {
            Some((start, end)) => value_span(cx.source, node, start..end),
            None => node.span,
        };
        let span = if span.is_empty() { node.span } else { span };
        report_syntax(cx, span, &pointer, pattern, &error.message);
    }
}

fn report_syntax(cx: &Context<'_>, span: Span, pointer: &str, pattern: &str, error: &str) {
    let shown: String = pattern.chars().take(60).collect();
    let ellipsis = if shown.len() < pattern.len() {
        "…"
    } else {
        ""
    };
    cx.report(
        &INVALID_URL_PATTERN,
        span,
        pointer,
        format!("`url_pattern` `{shown}{ellipsis}` is not a valid regular expression: {error}"),
    )
    .label(if error.len() <= 30 {
        error
    } else {
        "invalid here"
    })
    .help(
        "fix the pattern, escaping literal characters such as `.`, `?`, `(` with `\\`; a valid \
         regular expression is a project policy (the API only documents its length)",
    );
}

/// A regex syntax error: its message and the bytes of the pattern it points at.
struct RegexError {
    message: String,
    range: Option<(usize, usize)>,
}

impl RegexError {
    /// Reads the text of `regex::Error::Syntax`: a header, the pattern, a line of carets, and
    /// `error: <message>`.
    fn parse(text: &str, pattern: &str) -> Option<RegexError> {
        let lines: Vec<&str> = text.lines().collect();
        let message = lines
            .iter()
            .rev()
            .find_map(|l| l.strip_prefix("error: "))?
            .to_string();
        let range = match lines.as_slice() {
            [_, shown, carets, ..] if shown.strip_prefix("    ") == Some(pattern) => {
                let carets = carets.strip_prefix("    ").unwrap_or(carets);
                let column = carets.find('^');
                let width = carets.matches('^').count();
                column.and_then(|column| {
                    let start = pattern.char_indices().nth(column).map(|(i, _)| i)?;
                    let end = pattern
                        .char_indices()
                        .nth(column + width)
                        .map_or(pattern.len(), |(i, _)| i);
                    Some((start, end))
                })
            }
            _ => None,
        };
        Some(RegexError { message, range })
    }

    /// Whether the error is a feature this engine lacks but common regex engines have.
    fn unsupported_elsewhere(&self) -> bool {
        self.message.starts_with("look-around") || self.message.starts_with("backreferences")
    }
}

/// The regex syntax error of a pattern, if any. Parsing is enough to tell validity and far
/// cheaper than compiling; results are kept per process, since skills are often shared.
fn syntax_error(pattern: &str) -> Option<String> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    /// Most patterns remembered.
    const CACHE_LIMIT: usize = 4096;
    static CACHE: OnceLock<Mutex<HashMap<String, Option<String>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(known) = cache.lock().ok().and_then(|c| c.get(pattern).cloned()) {
        return known;
    }
    let error = regex_syntax::Parser::new()
        .parse(pattern)
        .err()
        .map(|e| e.to_string());
    if let Ok(mut cache) = cache.lock() {
        if cache.len() < CACHE_LIMIT {
            cache.insert(pattern.to_string(), error.clone());
        }
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(pattern: &str) -> RegexError {
        let Err(regex::Error::Syntax(text)) = regex::Regex::new(pattern) else {
            panic!("{pattern} should not compile");
        };
        RegexError::parse(&text, pattern).expect("parsed")
    }

    #[test]
    fn reads_the_message_and_position() {
        let e = error("^https://(www");
        assert_eq!(e.message, "unclosed group");
        assert_eq!(e.range, Some((9, 10)));
        let e = error("a{2,1}");
        assert_eq!(e.range, Some((1, 6)));
    }

    #[test]
    fn skips_features_of_other_engines() {
        assert!(error("a(?=b)").unsupported_elsewhere());
        assert!(error(r"(a)\1").unsupported_elsewhere());
        assert!(!error("(a").unsupported_elsewhere());
    }
}
