use crate::context::child;
use agentspec_syntax::value_span;

use crate::fix::{replace_string, scalar_token};
use crate::shared::agents::snippet;
use crate::{declare_rule, Context, Edit, Fix};

declare_rule! {
    /// ## What it does
    /// Reports a Browser `start_url` that is not an absolute `http://` or `https://` URL. The
    /// usual culprits are `about:blank`, a bare host such as `www.bing.com`, a path, another
    /// scheme, and spaces.
    ///
    /// ## Why is this bad?
    /// The browser opens `start_url` before the first step; a URL it can't load fails the
    /// session or leaves the agent on an error page. `null` is the documented way to start on
    /// a blank page.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product on a shop's site
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     start_url: www.bing.com    # write `https://www.bing.com`
    /// ```
    ///
    /// ## Fix
    /// Writes the URL the help names, in the value's own quotes: `https://` before a URL
    /// without a scheme (`www.bing.com`, `//cdn.example.com`), the URL without the spaces
    /// around it, `%20` for a space inside it, and `null` for an empty URL or `about:blank`.
    /// Unsafe: the browser then opens a page it did not open before (the scheme is a guess:
    /// the site may want `http://`).
    pub static INVALID_START_URL = ("invalid-start-url", "environments", Error; fix = Unsafe);
}

/// What is wrong with a URL: the message, the label, when one is obvious a fixed URL, and the
/// bytes at fault when they are not the whole URL.
struct Problem {
    message: String,
    label: &'static str,
    fix: Option<String>,
    at: Option<(usize, usize)>,
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for env in cx.view.browsers() {
        let Some(node) = env.node.get("start_url") else {
            continue;
        };
        let Some(url) = node.as_str() else { continue };
        let Some(problem) = problem(url) else {
            continue;
        };
        let span = match problem.at {
            Some((start, end)) => value_span(cx.source, node, start..end),
            None => node.span,
        };
        let fix = problem.fix.as_deref().and_then(|url| {
            let edit = if url == "null" {
                Edit::replace(scalar_token(cx.source, node)?, "null")
            } else {
                replace_string(cx.source, node, url)?
            };
            Some(Fix::unsafe_(format!("write `{url}`"), vec![edit]))
        });
        let help = match problem.fix {
            Some(fix) if fix == "null" => format!(
                "write {} to start on a blank page, or leave it out for the default \
                 (`https://www.bing.com`)",
                snippet(cx, "start_url", "null", "null")
            ),
            Some(fix) => format!("write `{fix}`"),
            None => "write an absolute `https://` URL, such as `https://www.bing.com`, or `null` \
                     for a blank page"
                .to_string(),
        };
        cx.report(
            &INVALID_START_URL,
            span,
            &child(&env.pointer, "start_url"),
            if url.is_empty() {
                format!("`start_url` {}", problem.message)
            } else {
                format!("`start_url` `{url}` {}", problem.message)
            },
        )
        .label(problem.label)
        .help(help)
        .fix_some(fix);
    }
}

fn problem(url: &str) -> Option<Problem> {
    let trimmed = url.trim();
    if trimmed.is_empty() {
        return Some(Problem {
            message: "is empty".into(),
            label: "empty URL",
            fix: Some("null".into()),
            at: None,
        });
    }
    if trimmed != url {
        return Some(Problem {
            message: "has spaces around it".into(),
            label: "spaces around the URL",
            fix: problem(trimmed).is_none().then(|| trimmed.to_string()),
            at: None,
        });
    }
    if let Some(rest) = url.strip_prefix("//") {
        let fix = format!("https://{rest}");
        return Some(Problem {
            message: "has no scheme".into(),
            label: "no `https:`",
            fix: problem(&fix).is_none().then_some(fix),
            at: None,
        });
    }
    if url.eq_ignore_ascii_case("about:blank") {
        return Some(Problem {
            message: "is not an http(s) URL".into(),
            label: "not an http(s) URL",
            fix: Some("null".into()),
            at: None,
        });
    }
    match scheme(url) {
        Some(scheme)
            if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") => {}
        Some(scheme) => {
            return Some(Problem {
                message: format!("has the scheme `{scheme}:`; only `http` and `https` open"),
                label: "not http or https",
                fix: None,
                at: None,
            })
        }
        None if url.starts_with('/') || url.starts_with('.') || url.starts_with('?') => {
            return Some(Problem {
                message: "is a relative path, not an absolute URL".into(),
                label: "relative URL",
                fix: None,
                at: None,
            })
        }
        None => {
            let fix = format!("https://{url}");
            return Some(Problem {
                message: "has no scheme".into(),
                label: "no `https://`",
                fix: problem(&fix).is_none().then_some(fix),
                at: None,
            });
        }
    }
    let Some(after) = url.split_once("://").map(|(_, rest)| rest) else {
        return Some(Problem {
            message: "has no `//` after the scheme".into(),
            label: "missing `//`",
            fix: None,
            at: None,
        });
    };
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    if host.is_empty() {
        return Some(Problem {
            message: "has no host".into(),
            label: "no host",
            fix: None,
            at: None,
        });
    }
    if let Some((i, c)) = url
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control())
    {
        let what = if c == ' ' {
            "a space".to_string()
        } else {
            format!("the character {c:?}")
        };
        let fix = url.replace(' ', "%20");
        return Some(Problem {
            message: format!("contains {what}"),
            label: "not allowed in a URL",
            // Only spaces have a fix: checking an unchanged URL again would never end.
            fix: (fix != url && problem(&fix).is_none()).then_some(fix),
            at: Some((i, i + c.len_utf8())),
        });
    }
    None
}

/// The scheme of a URL (`https` of `https://…`, `about` of `about:blank`), if it has one. A
/// `host:port` prefix is not a scheme.
fn scheme(url: &str) -> Option<&str> {
    let (head, rest) = url.split_once(':')?;
    let mut chars = head.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    let port = rest.starts_with(|c: char| c.is_ascii_digit());
    let dotted = head.contains('.') && !rest.starts_with("//");
    (valid && !port && !dotted).then_some(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_absolute_http_urls() {
        for url in [
            "https://www.bing.com",
            "http://localhost:8080/x?q=1#top",
            "HTTPS://Example.com",
            "http://user:pass@host:3128",
        ] {
            assert!(problem(url).is_none(), "{url}");
        }
    }

    #[test]
    fn fixes_what_it_can() {
        let fix = |u: &str| problem(u).and_then(|p| p.fix);
        assert_eq!(fix("about:blank").as_deref(), Some("null"));
        assert_eq!(fix("www.bing.com").as_deref(), Some("https://www.bing.com"));
        assert_eq!(
            fix("localhost:3000").as_deref(),
            Some("https://localhost:3000")
        );
        assert_eq!(
            fix("https://a.com/a b").as_deref(),
            Some("https://a.com/a%20b")
        );
        assert_eq!(fix(" https://a.com").as_deref(), Some("https://a.com"));
        assert!(problem("ftp://a.com").is_some_and(|p| p.fix.is_none()));
        assert!(problem("/search").is_some());
        assert!(problem("https://").is_some());
    }
}
