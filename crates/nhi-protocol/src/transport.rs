//! The reqwest side of a call: reading an answer with a size cap, and sorting transport
//! failures into timeout, TLS, network or malformed.

use reqwest::header::{CONTENT_TYPE, HeaderName, RETRY_AFTER};
use zeroize::Zeroizing;

use super::error::ServiceError;
use super::reply::{Answer, Body};
use super::validate::MAX_REPLY_BYTES;

/// Reads `response` into an [`Answer`]. The body is read only when `read_body` says so for
/// its status, and never past [`MAX_REPLY_BYTES`]: a reply that announces more is not read
/// at all, one that streams more is cut off there (a 1 GB body is never buffered). A body
/// dripped slowly ends at the client's whole-request timeout.
pub async fn read_answer(
    mut response: reqwest::Response,
    read_body: impl Fn(u16) -> bool,
) -> Result<Answer, ServiceError> {
    let status = response.status().as_u16();
    let header = |name: HeaderName| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(200).collect::<String>())
    };
    let content_type = header(CONTENT_TYPE);
    let retry_after = header(RETRY_AFTER);
    let body = if !read_body(status) || Answer::body_unneeded(status) {
        Body::Skipped
    } else if response
        .content_length()
        .is_some_and(|n| n > MAX_REPLY_BYTES as u64)
    {
        Body::TooLarge
    } else {
        let mut bytes = Zeroizing::new(Vec::new());
        let mut too_large = false;
        while let Some(chunk) = response.chunk().await.map_err(transport_error)? {
            if bytes.len() + chunk.len() > MAX_REPLY_BYTES {
                too_large = true;
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        if too_large {
            Body::TooLarge
        } else {
            Body::Read(bytes)
        }
    };
    Ok(Answer {
        status,
        content_type,
        retry_after,
        body,
    })
}

/// Sorts a reqwest failure into timeout, TLS, network or malformed.
pub fn transport_error(err: reqwest::Error) -> ServiceError {
    if err.is_timeout() {
        return ServiceError::Timeout;
    }
    if let Some(tls) = find_tls_error(&err) {
        return ServiceError::Tls { detail: tls };
    }
    if err.is_decode() {
        return ServiceError::MalformedReply {
            status: err.status().map(|s| s.as_u16()),
            detail: error_chain(&err),
        };
    }
    ServiceError::Network {
        detail: error_chain(&err),
    }
}

/// rustls reports through hyper as a `rustls::Error` inside an `io::Error`, sometimes inside
/// another `io::Error`. `io::Error::source` skips the wrapped error itself, so step into it
/// with `get_ref` instead.
fn find_tls_error(err: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        current = match e
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    None
}

/// "outer: inner: innermost" — reqwest's own Display hides the useful part.
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut current = err.source();
    while let Some(e) = current {
        text.push_str(": ");
        text.push_str(&e.to_string());
        current = e.source();
    }
    text
}
