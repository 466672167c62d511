//! Which pages may ask for a token: the server's own, the listed ones, nobody else.
//!
//! The check reads the `Origin` header, which browsers set and page scripts cannot change, so it
//! stops other websites from putting the owner's agent behind their own button. It does not stop
//! a script outside a browser, which can send any header: the rate limit and short token TTLs
//! are the guard there. A request without `Origin` (curl, a server-side integration) is served.
//!
//! CORS is not the enforcement: every origin may read the answers (`*`, no credentials), so a
//! refused page can read *why* it was refused and the widget can tell its owner what to list.

use axum::http::{header, HeaderMap};

use crate::config::AllowedOrigins;
use crate::error::ApiError;

/// Longer `Origin` values are cut in the refusal's body (a browser never sends one this long).
const MAX_ECHOED_ORIGIN: usize = 200;

/// Serves the request if its page may use this endpoint, else `origin_not_allowed`.
pub fn check(allowed: &AllowedOrigins, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return Ok(());
    };
    if *allowed == AllowedOrigins::Any {
        return Ok(());
    }
    let origin_text = origin.to_str().unwrap_or_default();
    let normalized = normalize(origin_text);
    if let Some(origin) = &normalized {
        if is_own(origin, headers) {
            return Ok(());
        }
        if let AllowedOrigins::Listed(listed) = allowed {
            if listed.iter().any(|l| l == origin) {
                return Ok(());
            }
        }
    }
    Err(ApiError::OriginNotAllowed {
        origin: normalized.unwrap_or_else(|| {
            String::from_utf8_lossy(origin.as_bytes())
                .chars()
                .take(MAX_ECHOED_ORIGIN)
                .collect()
        }),
    })
}

/// An origin as browsers serialise it: `scheme://host[:port]`, lower case, without the scheme's
/// default port. `None` for anything else, `null` (a sandboxed frame, a `file:` page) included.
pub fn normalize(origin: &str) -> Option<String> {
    let origin = origin.trim().to_ascii_lowercase();
    let (scheme, authority) = origin.split_once("://")?;
    let default_port = match scheme {
        "http" => ":80",
        "https" => ":443",
        _ => return None,
    };
    let host = authority.strip_suffix(default_port).unwrap_or(authority);
    let valid = !host.is_empty()
        && !host.starts_with(':')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_'));
    valid.then(|| format!("{scheme}://{host}"))
}

/// Same origin: the page's host and port are the ones the browser sent this request to. The
/// scheme is not compared: behind a TLS-terminating proxy this server cannot see it, and the
/// http and https sites of one host belong to one owner. A proxy in front must pass `Host`
/// through (nginx: `proxy_set_header Host $host`), or the site's origin must be listed.
fn is_own(origin: &str, headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let Some((scheme, _)) = origin.split_once("://") else {
        return false;
    };
    normalize(&format!("{scheme}://{host}")).as_deref() == Some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        if let Some(origin) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
        }
        h
    }

    fn listed(origins: &[&str]) -> AllowedOrigins {
        AllowedOrigins::Listed(origins.iter().map(|o| o.to_string()).collect())
    }

    fn refused(allowed: &AllowedOrigins, origin: &str, host: &str) -> Option<String> {
        match check(allowed, &headers(Some(origin), host)) {
            Ok(()) => None,
            Err(ApiError::OriginNotAllowed { origin }) => Some(origin),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn own_pages_are_served_without_a_list() {
        let none = listed(&[]);
        assert_eq!(
            refused(&none, "http://127.0.0.1:8080", "127.0.0.1:8080"),
            None
        );
        assert_eq!(refused(&none, "https://Shop.Example", "shop.example"), None);
        assert_eq!(
            refused(&none, "https://shop.example", "shop.example:443"),
            None
        );
        assert_eq!(refused(&none, "http://[::1]:8080", "[::1]:8080"), None);
        // Behind a TLS proxy the server sees http; the host decides.
        assert_eq!(refused(&none, "https://shop.example", "shop.example"), None);
    }

    #[test]
    fn other_sites_are_refused_and_named() {
        let none = listed(&[]);
        assert_eq!(
            refused(&none, "http://localhost:8080", "127.0.0.1:8080").as_deref(),
            Some("http://localhost:8080")
        );
        assert_eq!(
            refused(&none, "https://evil.example", "shop.example").as_deref(),
            Some("https://evil.example")
        );
        // Another port of the same host is another origin.
        assert!(refused(&none, "http://127.0.0.1:3000", "127.0.0.1:8080").is_some());
        // A look-alike host is not the same host.
        assert!(refused(&none, "https://evilshop.example", "shop.example").is_some());
        // Opaque origins (sandboxed frames, file: pages) are refused, echoed as sent.
        assert_eq!(
            refused(&none, "null", "shop.example").as_deref(),
            Some("null")
        );
    }

    #[test]
    fn listed_origins_and_star() {
        let list = listed(&["https://a.example", "http://localhost:3000"]);
        assert_eq!(refused(&list, "https://a.example", "api.example"), None);
        assert_eq!(
            refused(&list, "http://localhost:3000", "127.0.0.1:8080"),
            None
        );
        assert!(refused(&list, "http://a.example", "api.example").is_some());
        assert!(refused(&list, "https://b.example", "api.example").is_some());
        assert_eq!(
            refused(&AllowedOrigins::Any, "https://b.example", "api.example"),
            None
        );
    }

    #[test]
    fn no_origin_header_is_served() {
        assert!(check(&listed(&[]), &headers(None, "shop.example")).is_ok());
    }

    #[test]
    fn normalize_is_the_browsers_serialisation() {
        assert_eq!(
            normalize("HTTPS://A.example:443").as_deref(),
            Some("https://a.example")
        );
        assert_eq!(
            normalize("http://a.example:8080").as_deref(),
            Some("http://a.example:8080")
        );
        for bad in [
            "a.example",
            "https://a.example/",
            "ftp://a",
            "https://",
            "null",
            "https://a b",
        ] {
            assert_eq!(normalize(bad), None, "{bad}");
        }
    }
}
