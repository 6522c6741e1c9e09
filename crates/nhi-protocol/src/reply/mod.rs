//! What an answer from a service amounts to: a checked value, or the [`ServiceError`] that
//! says what really happened. Pure (no I/O): the client reads the answer into an [`Answer`]
//! (status, two headers, a size-capped body) and hands it here; the property tests in
//! `crates/nhi-protocol/tests/reply_props.rs` feed it arbitrary answers.
//!
//! The rules, in order (docs/PROTOCOL.md, "What a client accepts"):
//! - 502, 503, 504: a gateway or the service says it is down for now → `Unavailable`.
//! - 3xx: the address redirects elsewhere (the client never follows) → `NotAService`.
//! - other non-2xx with a protocol error body → the typed error; but `not_found` from a route
//!   that always exists (sign-in, say) means the address is wrong, not the code → `NotAService`.
//! - other non-2xx without one: 404/405 → `NotAService`; 429 → `RateLimited` (with the
//!   `Retry-After` header); 5xx or an HTML error page → `Unavailable`; broken JSON →
//!   `MalformedReply`.
//! - 2xx: must be JSON (`application/json`), within [`MAX_REPLY_BYTES`], of the call's shape,
//!   and follow the rules of [`super::validate`]; an HTML page instead → `NotAService`
//!   (a web site or a Wi-Fi sign-in page at that address); anything else → `MalformedReply`.

use std::time::Duration;

use serde::de::DeserializeOwned;
use zeroize::Zeroizing;

use super::error::ServiceError;
use super::protocol::{ErrorBody, ErrorCode};
use super::validate::{Checked, MAX_REPLY_BYTES, MAX_RETRY_AFTER_SECONDS};

/// What a `not_found` answer from a route means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotFound {
    /// The route names something that may not exist (a device code, a device): a real answer.
    IsAnAnswer,
    /// The route always exists on a registration service: whoever answered is not one.
    MeansWrongAddress,
}

/// The call an answer belongs to, as far as reading the answer needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route {
    /// For logs: the route without identifiers, e.g. `"/device-codes/{code}"`.
    pub name: &'static str,
    pub not_found: NotFound,
}

impl Route {
    /// A route every registration service has.
    pub const fn fixed(name: &'static str) -> Route {
        Route {
            name,
            not_found: NotFound::MeansWrongAddress,
        }
    }

    /// A route naming a resource that may be gone.
    pub const fn resource(name: &'static str) -> Route {
        Route {
            name,
            not_found: NotFound::IsAnAnswer,
        }
    }
}

/// An answer's body as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Read in full (zeroized when dropped: a sign-in answer carries the session token).
    Read(Zeroizing<Vec<u8>>),
    /// Longer than [`MAX_REPLY_BYTES`]: reading stopped there.
    TooLarge,
    /// Not read: not needed for this answer.
    Skipped,
}

impl Body {
    pub fn read(bytes: impl Into<Vec<u8>>) -> Body {
        Body::Read(Zeroizing::new(bytes.into()))
    }
}

/// An HTTP answer as the client received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub content_type: Option<String>,
    pub retry_after: Option<String>,
    pub body: Body,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Whether the body need not be read at all: a gateway's page says nothing we use.
    pub fn body_unneeded(status: u16) -> bool {
        matches!(status, 502..=504)
    }

    fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(is_json_type)
    }

    fn looks_like_html(&self) -> bool {
        let by_type = self.content_type.as_deref().is_some_and(|t| {
            let t = t.trim_start().to_ascii_lowercase();
            t.starts_with("text/html") || t.starts_with("application/xhtml")
        });
        let by_body = match &self.body {
            Body::Read(bytes) => bytes
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|&b| b == b'<'),
            _ => false,
        };
        by_type || by_body
    }

    /// "a text/html body", "no body" … for details (never the body itself).
    fn describe_body(&self) -> String {
        let kind = match self.content_type.as_deref() {
            Some(t) => {
                let t: String = t.chars().take(60).filter(|c| !c.is_control()).collect();
                format!("a {t} body")
            }
            None => "a body without a content type".to_owned(),
        };
        match &self.body {
            Body::Read(bytes) if bytes.is_empty() => "no body".to_owned(),
            Body::TooLarge => format!("{kind} over {MAX_REPLY_BYTES} bytes"),
            _ => kind,
        }
    }
}

/// `application/json`, `application/problem+json` …, parameters allowed.
fn is_json_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

fn malformed(answer: &Answer, detail: impl Into<String>) -> ServiceError {
    ServiceError::MalformedReply {
        status: Some(answer.status),
        detail: detail.into(),
    }
}

/// A 2xx answer to a call that expects a JSON body of type `T`; any other answer as its error.
pub fn decode<T: DeserializeOwned + Checked>(
    route: Route,
    answer: &Answer,
) -> Result<T, ServiceError> {
    if !answer.is_success() {
        return Err(failure(route, answer));
    }
    let bytes = match &answer.body {
        Body::Read(bytes) => bytes,
        Body::TooLarge => {
            return Err(malformed(
                answer,
                format!(
                    "{}: the reply is larger than {MAX_REPLY_BYTES} bytes",
                    route.name
                ),
            ));
        }
        Body::Skipped => return Err(malformed(answer, format!("{}: body not read", route.name))),
    };
    if !answer.is_json() {
        return Err(if answer.looks_like_html() {
            not_a_service(route, answer)
        } else {
            malformed(
                answer,
                format!(
                    "{}: {}, not application/json",
                    route.name,
                    answer.describe_body()
                ),
            )
        });
    }
    let value: T = parse(bytes).map_err(|e| malformed(answer, format!("{}: {e}", route.name)))?;
    value
        .check()
        .map_err(|e| malformed(answer, format!("{}: {e}", route.name)))?;
    Ok(value)
}

/// A 2xx answer to a call that expects no body (204); any other answer as its error.
pub fn expect_success(route: Route, answer: &Answer) -> Result<(), ServiceError> {
    if answer.is_success() {
        Ok(())
    } else {
        Err(failure(route, answer))
    }
}

/// What a non-2xx answer means.
pub fn failure(route: Route, answer: &Answer) -> ServiceError {
    let status = answer.status;
    if Answer::body_unneeded(status) {
        return ServiceError::Unavailable { status };
    }
    if (300..400).contains(&status) {
        return not_a_service(route, answer);
    }
    if let Some(body) = protocol_error(answer) {
        let error = ServiceError::from_body(status, body);
        return match error {
            ServiceError::NotFound if route.not_found == NotFound::MeansWrongAddress => {
                ServiceError::NotAService {
                    status: Some(status),
                    detail: format!(
                        "not_found from {}, which every registration service has",
                        route.name
                    ),
                }
            }
            other => other,
        };
    }
    match status {
        404 | 405 => not_a_service(route, answer),
        429 => ServiceError::RateLimited {
            retry_after: retry_after(answer),
        },
        _ if status >= 500 || answer.looks_like_html() || !answer.is_json() => {
            ServiceError::Unavailable { status }
        }
        _ => malformed(
            answer,
            format!(
                "{}: HTTP {status} without a protocol error body",
                route.name
            ),
        ),
    }
}

fn not_a_service(route: Route, answer: &Answer) -> ServiceError {
    ServiceError::NotAService {
        status: Some(answer.status),
        detail: format!(
            "{}: HTTP {} with {}",
            route.name,
            answer.status,
            answer.describe_body()
        ),
    }
}

/// The protocol's error body, if the answer carries a well-formed one. Its `message` is for
/// logs: line breaks and other control characters become spaces.
fn protocol_error(answer: &Answer) -> Option<ErrorBody> {
    let Body::Read(bytes) = &answer.body else {
        return None;
    };
    if !answer.is_json() {
        return None;
    }
    let mut body: ErrorBody = parse(bytes).ok()?;
    body.check().ok()?;
    if body.message.chars().any(char::is_control) {
        body.message = body
            .message
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
    }
    if body.error == ErrorCode::RateLimited && body.retry_after.is_none() {
        body.retry_after = retry_after(answer).map(|d| d.as_secs());
    }
    Some(body)
}

/// `Retry-After: <seconds>` (the HTTP-date form is not used by the protocol), bounded.
fn retry_after(answer: &Answer) -> Option<Duration> {
    answer
        .retry_after
        .as_deref()?
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|s| *s <= MAX_RETRY_AFTER_SECONDS)
        .map(Duration::from_secs)
}

/// JSON into `T`, with an error that names where it went wrong but never quotes the value
/// (serde's own messages do: "invalid type: string \"A123456789\"").
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let inner = e.inner();
        let what = match inner.classify() {
            serde_json::error::Category::Io => "cannot be read".to_owned(),
            serde_json::error::Category::Syntax => "is not JSON".to_owned(),
            serde_json::error::Category::Eof => "ends too early".to_owned(),
            serde_json::error::Category::Data => {
                let message = inner.to_string();
                // "missing field `code`" names a field only: safe to keep.
                match message.strip_prefix("missing field ") {
                    Some(rest) => format!(
                        "misses the field {}",
                        rest.split(" at line").next().unwrap_or(rest)
                    ),
                    None => "has a value of the wrong type or out of range".to_owned(),
                }
            }
        };
        match e.path().to_string().as_str() {
            "." | "" => format!("the reply {what}"),
            path => format!("`{path}` {what}"),
        }
    })?;
    deserializer
        .end()
        .map_err(|_| "the reply has more after its JSON value".to_owned())?;
    Ok(value)
}

#[cfg(test)]
mod tests;
