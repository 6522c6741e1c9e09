//! The service address: what people type (or paste) as it, and what the client accepts.
//!
//! - [`normalise_service_url`]: spaces trimmed, and the protocol's own `/api/v1` suffix taken
//!   off (people paste an endpoint they saw somewhere; the client adds `/api/v1` itself, and
//!   doubling it made every call a 404). Settings, the kiosk's machine file and `--service`
//!   all pass through it, and so does every client built.
//! - [`checked_base_url`]: `https` anywhere, `http` only to loopback, no credentials.

use std::net::IpAddr;

use url::{Host, Url};

use super::error::ServiceError;
use super::protocol::API_PREFIX;

/// The service root for `input`: trimmed, without a trailing `/api/v1` (or `/api/v1/`).
/// Anything that does not parse as a URL comes back trimmed, for the client to refuse.
pub fn normalise_service_url(input: &str) -> String {
    let trimmed = input.trim();
    let Ok(mut url) = Url::parse(trimmed) else {
        return trimmed.to_owned();
    };
    let path = url.path().trim_end_matches('/');
    let lower = path.to_ascii_lowercase();
    if let Some(root) = lower.strip_suffix(API_PREFIX) {
        let root = path[..root.len()].to_owned();
        url.set_path(&root);
    } else {
        return trimmed.to_owned();
    }
    let mut text = url.to_string();
    // `Url` writes an empty path as "/": keep the root as people write it.
    if url.path() == "/" && url.query().is_none() && url.fragment().is_none() {
        text.pop();
    }
    text
}

/// [`normalise_service_url`], saying so in the log when it changed something (a warning: it
/// is a configuration worth correcting, and the default log level shows it). `source` says
/// where the address came from ("settings", "--service", the machine file).
pub fn normalise_service_url_from(input: &str, source: &str) -> String {
    let url = normalise_service_url(input);
    if url != input.trim() {
        tracing::warn!(
            source,
            given = input.trim(),
            using = %url,
            "the service address ended in the protocol's {API_PREFIX}, which the app adds itself: using the service root"
        );
    }
    url
}

/// Parses and checks a service root: `https` anywhere, `http` only to loopback.
pub fn checked_base_url(base_url: &str) -> Result<Url, ServiceError> {
    let url =
        Url::parse(&normalise_service_url(base_url)).map_err(|e| ServiceError::InvalidUrl {
            detail: e.to_string(),
        })?;
    if url.host().is_none() {
        return Err(ServiceError::InvalidUrl {
            detail: "no host".into(),
        });
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(ServiceError::InvalidUrl {
            detail: "credentials in the URL".into(),
        });
    }
    match url.scheme() {
        "https" => Ok(url),
        "http" if is_loopback_host(&url) => Ok(url),
        "http" => Err(ServiceError::InsecureUrl {
            url: url.to_string(),
        }),
        other => Err(ServiceError::InvalidUrl {
            detail: format!("unsupported scheme {other:?}"),
        }),
    }
}

/// 127.0.0.0/8, ::1 (also as IPv4-mapped) or the name `localhost`.
pub fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).to_canonical().is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// A value that goes into a path: it must stay one segment.
pub fn path_segment(value: &str) -> Result<&str, ServiceError> {
    if value.is_empty()
        || !value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(ServiceError::InvalidRequest {
            message: "not a valid identifier".into(),
        });
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_http_only_to_loopback() {
        for ok in [
            "http://127.0.0.1:8080",
            "http://127.1.2.3",
            "http://[::1]:9000",
            "http://localhost:1",
            "https://register.example.tw",
            "https://10.0.0.1",
        ] {
            assert!(checked_base_url(ok).is_ok(), "{ok}");
        }
        for insecure in [
            "http://register.example.tw",
            "http://10.0.0.1",
            "http://localhost.example.com",
            "http://[::2]",
        ] {
            assert!(
                matches!(
                    checked_base_url(insecure),
                    Err(ServiceError::InsecureUrl { .. })
                ),
                "{insecure}"
            );
        }
        for invalid in ["ftp://127.0.0.1", "not a url", "https://user:pw@host"] {
            assert!(
                matches!(
                    checked_base_url(invalid),
                    Err(ServiceError::InvalidUrl { .. })
                ),
                "{invalid}"
            );
        }
    }

    #[test]
    fn the_protocol_prefix_is_taken_off() {
        for (given, root) in [
            (
                "https://register.example.tw/api/v1",
                "https://register.example.tw",
            ),
            (
                "https://register.example.tw/api/v1/",
                "https://register.example.tw",
            ),
            (
                "  https://register.example.tw/API/V1  ",
                "https://register.example.tw",
            ),
            ("http://127.0.0.1:8480/api/v1", "http://127.0.0.1:8480"),
            ("https://example.org/nhi/api/v1", "https://example.org/nhi"),
            ("https://example.org/nhi/", "https://example.org/nhi/"),
            ("https://register.example.tw", "https://register.example.tw"),
            ("https://example.org/api/v10", "https://example.org/api/v10"),
            ("not a url ", "not a url"),
        ] {
            assert_eq!(normalise_service_url(given), root, "{given}");
        }
        let url = checked_base_url("http://127.0.0.1:8480/api/v1/").unwrap();
        assert_eq!(url.path(), "/");
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert!(path_segment("ABCD2345").is_ok());
        assert!(path_segment("../x").is_err());
        assert!(path_segment("a/b").is_err());
        assert!(path_segment("").is_err());
    }
}
