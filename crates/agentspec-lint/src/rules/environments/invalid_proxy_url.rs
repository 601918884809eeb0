use crate::context::child;
use crate::{declare_rule, Context};

declare_rule! {
    /// ## What it does
    /// Reports a Browser `network.proxy_url` that is not an absolute proxy URL: a scheme
    /// (`http`, `https` or a `socks` one), `://`, and a host, such as
    /// `http://user:pass@proxy.example.com:8080`.
    ///
    /// ## Why is this bad?
    /// The browser sends its traffic through this URL; one it can't parse fails the session
    /// when the browser starts, after the request was accepted.
    ///
    /// ## Example
    /// ```yaml agent
    /// name: acme/price-finder
    /// description: Finds the price of a product as French shoppers see it
    /// environments:
    ///   - id: browser
    ///     kind: web
    ///     network:
    ///       proxy_url: proxy.example.com:8080   # write `http://proxy.example.com:8080`
    /// ```
    pub static INVALID_PROXY_URL = ("invalid-proxy-url", "environments", Error);
}

/// Runs the rule.
pub fn check(cx: &Context<'_>) {
    for env in cx.view.browsers() {
        let Some(node) = env.node.get("network").and_then(|n| n.get("proxy_url")) else {
            continue;
        };
        let Some(url) = node.as_str() else { continue };
        let Some(problem) = problem(url) else {
            continue;
        };
        let example = "`http://user:pass@proxy.example.com:8080`";
        let help = if url.trim().is_empty() {
            "write the proxy's URL, or remove `proxy_url`".to_string()
        } else if !url.contains("://") && !url.contains(char::is_whitespace) {
            format!("write the scheme before the host, such as `http://{url}`")
        } else {
            format!("write a proxy URL such as {example}")
        };
        cx.report(
            &INVALID_PROXY_URL,
            node.span,
            &child(&child(&env.pointer, "network"), "proxy_url"),
            format!("`proxy_url` {problem}"),
        )
        .label("not a proxy URL")
        .help(help);
    }
}

/// What is wrong with a proxy URL, if anything.
fn problem(url: &str) -> Option<String> {
    if url.trim().is_empty() {
        return Some("is empty".into());
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some(format!(
            "`{url}` is not a URL: it has no scheme (`http://`, `https://`, `socks5://`)"
        ));
    };
    if url.contains(|c: char| c.is_whitespace() || c.is_control()) {
        return Some(format!("`{url}` contains a space or a control character"));
    }
    let scheme = scheme.to_ascii_lowercase();
    if !(scheme == "http" || scheme == "https" || scheme.starts_with("socks")) {
        return Some(format!(
            "`{url}` has the scheme `{scheme}:`; a proxy is `http`, `https` or `socks`"
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let host = if host.starts_with('[') {
        host.split(']').next().unwrap_or("").trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or("")
    };
    if host.is_empty() {
        return Some(format!("`{url}` has no host"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn proxy_urls() {
        for good in [
            "http://proxy.example.com:8080",
            "https://user:pass@proxy.example.com",
            "socks5://127.0.0.1:1080",
            "SOCKS5H://[::1]:1080",
        ] {
            assert_eq!(problem(good), None, "{good}");
        }
        for bad in [
            "not a url",
            "",
            "proxy.example.com:8080",
            "ftp://x",
            "http://",
            "http://:80",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
