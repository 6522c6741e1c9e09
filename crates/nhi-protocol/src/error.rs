//! `ServiceError`: everything a call to the registration service can end in, closed, so the
//! UI maps each variant to one bilingual message and one suggested action.

use std::time::Duration;

use super::protocol::certificate::CertificateRejection;
use super::protocol::{ErrorBody, ErrorCode};

/// One variant per protocol [`ErrorCode`] (except `internal`, which is [`ServiceError::Server`]),
/// plus the ways the transport itself can fail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ServiceError {
    #[error("the service rejected the request: {message}")]
    InvalidRequest { message: String },
    #[error("card authentication failed")]
    CardAuthFailed,
    #[error("the card challenge expired; start again")]
    ChallengeExpired,
    #[error("wrong registration password ({attempts_left:?} attempts left)")]
    WrongPassword { attempts_left: Option<u32> },
    #[error("account locked after too many wrong passwords (retry after {retry_after:?})")]
    Locked { retry_after: Option<Duration> },
    #[error("this card is not registered yet; apply first")]
    NotRegistered,
    #[error("this card is already registered")]
    AlreadyRegistered,
    #[error("the ID number does not belong to this card")]
    IdMismatch,
    #[error("the e-mail address is not verified yet")]
    EmailNotVerified,
    #[error("the password does not meet the rules: {message}")]
    WeakPassword { message: String },
    #[error("the e-mail link is invalid or has expired")]
    InvalidToken,
    #[error("the session has ended; sign in again")]
    SessionExpired,
    #[error("the device code has expired")]
    CodeExpired,
    #[error("the device code has already been used")]
    CodeRedeemed,
    #[error("not found")]
    NotFound,
    #[error("too many requests (retry after {retry_after:?})")]
    RateLimited { retry_after: Option<Duration> },
    /// Certificate sign-in: the service refused the certificate or its signature.
    #[error("the service refused the certificate: {0:?}")]
    CertificateRejected(CertificateRejection),
    /// Certificate sign-in: the service does not offer it (`not_found` from its routes).
    #[error("the service does not offer certificate sign-in")]
    CertificateSignInUnavailable,

    /// The service answered 5xx with a well-formed error body (`internal`).
    #[error("the service failed (HTTP {status}): {message}")]
    Server { status: u16, message: String },
    /// Down for now: 502/503/504 from a gateway or the service, or an error page that is not
    /// the protocol's (a proxy's HTML page).
    #[error("the service is temporarily unavailable (HTTP {status})")]
    Unavailable { status: u16 },
    /// Whatever answers at this address is not a registration service: a web page instead
    /// of JSON, a redirect, `not_found` from a route every registration service has.
    #[error("the address does not answer as a registration service{}: {detail}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    NotAService { status: Option<u16>, detail: String },
    /// The service is unreachable: refused, reset, DNS, connection dropped mid-answer.
    #[error("cannot reach the service: {detail}")]
    Network { detail: String },
    /// Connect or read timed out.
    #[error("the service did not answer in time")]
    Timeout,
    /// TLS handshake or certificate failure.
    #[error("secure connection failed: {detail}")]
    Tls { detail: String },
    /// An answer we cannot read: not JSON, the wrong shape, an unknown error code.
    #[error("unreadable answer from the service{}: {detail}", status.map(|s| format!(" (HTTP {s})")).unwrap_or_default())]
    MalformedReply { status: Option<u16>, detail: String },
    /// `http://` to a host that is not loopback.
    #[error("refusing plain HTTP to a non-loopback host: {url}")]
    InsecureUrl { url: String },
    #[error("invalid service URL: {detail}")]
    InvalidUrl { detail: String },
}

impl ServiceError {
    /// The protocol error from an error body.
    pub fn from_body(status: u16, body: ErrorBody) -> Self {
        let retry_after = body.retry_after.map(Duration::from_secs);
        match body.error {
            ErrorCode::InvalidRequest => Self::InvalidRequest {
                message: body.message,
            },
            ErrorCode::CardAuthFailed => Self::CardAuthFailed,
            ErrorCode::ChallengeExpired => Self::ChallengeExpired,
            ErrorCode::WrongPassword => Self::WrongPassword {
                attempts_left: body.attempts_left,
            },
            ErrorCode::Locked => Self::Locked { retry_after },
            ErrorCode::NotRegistered => Self::NotRegistered,
            ErrorCode::AlreadyRegistered => Self::AlreadyRegistered,
            ErrorCode::IdMismatch => Self::IdMismatch,
            ErrorCode::EmailNotVerified => Self::EmailNotVerified,
            ErrorCode::WeakPassword => Self::WeakPassword {
                message: body.message,
            },
            ErrorCode::InvalidToken => Self::InvalidToken,
            ErrorCode::SessionExpired => Self::SessionExpired,
            ErrorCode::CodeExpired => Self::CodeExpired,
            ErrorCode::CodeRedeemed => Self::CodeRedeemed,
            ErrorCode::NotFound => Self::NotFound,
            ErrorCode::RateLimited => Self::RateLimited { retry_after },
            ErrorCode::Internal => Self::Server {
                status,
                message: body.message,
            },
            ErrorCode::CertificateSignatureInvalid => {
                Self::CertificateRejected(CertificateRejection::SignatureInvalid)
            }
            ErrorCode::CertificateUnknownCa => {
                Self::CertificateRejected(CertificateRejection::UnknownCa)
            }
            ErrorCode::CertificateExpired => {
                Self::CertificateRejected(CertificateRejection::Expired)
            }
            ErrorCode::CertificateNotYetValid => {
                Self::CertificateRejected(CertificateRejection::NotYetValid)
            }
            ErrorCode::CertificateWrongKeyUsage => {
                Self::CertificateRejected(CertificateRejection::WrongKeyUsage)
            }
            ErrorCode::CertificateBoundElsewhere => {
                Self::CertificateRejected(CertificateRejection::BoundElsewhere)
            }
            ErrorCode::CertificateUnsupported => {
                Self::CertificateRejected(CertificateRejection::Unsupported)
            }
        }
    }

    /// The protocol code behind this error, if it came from the service.
    pub fn code(&self) -> Option<ErrorCode> {
        Some(match self {
            Self::InvalidRequest { .. } => ErrorCode::InvalidRequest,
            Self::CardAuthFailed => ErrorCode::CardAuthFailed,
            Self::ChallengeExpired => ErrorCode::ChallengeExpired,
            Self::WrongPassword { .. } => ErrorCode::WrongPassword,
            Self::Locked { .. } => ErrorCode::Locked,
            Self::NotRegistered => ErrorCode::NotRegistered,
            Self::AlreadyRegistered => ErrorCode::AlreadyRegistered,
            Self::IdMismatch => ErrorCode::IdMismatch,
            Self::EmailNotVerified => ErrorCode::EmailNotVerified,
            Self::WeakPassword { .. } => ErrorCode::WeakPassword,
            Self::InvalidToken => ErrorCode::InvalidToken,
            Self::SessionExpired => ErrorCode::SessionExpired,
            Self::CodeExpired => ErrorCode::CodeExpired,
            Self::CodeRedeemed => ErrorCode::CodeRedeemed,
            Self::NotFound => ErrorCode::NotFound,
            Self::RateLimited { .. } => ErrorCode::RateLimited,
            Self::Server { .. } => ErrorCode::Internal,
            Self::CertificateRejected(rejection) => rejection.code(),
            Self::CertificateSignInUnavailable
            | Self::Network { .. }
            | Self::Timeout
            | Self::Tls { .. }
            | Self::MalformedReply { .. }
            | Self::Unavailable { .. }
            | Self::NotAService { .. }
            | Self::InsecureUrl { .. }
            | Self::InvalidUrl { .. } => return None,
        })
    }

    /// Worth repeating an idempotent call: the failure may be passing.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            Self::Network { .. } | Self::Timeout | Self::Server { .. } | Self::Unavailable { .. }
        ) || matches!(self, Self::MalformedReply { status: Some(s), .. } if *s >= 500)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_protocol_code_maps_to_a_variant_and_back() {
        for code in ErrorCode::ALL {
            let err = ServiceError::from_body(code.http_status(), ErrorBody::new(code, "m"));
            assert_eq!(err.code(), Some(code));
        }
    }

    #[test]
    fn details_are_carried() {
        let mut body = ErrorBody::new(ErrorCode::WrongPassword, "m");
        body.attempts_left = Some(3);
        assert_eq!(
            ServiceError::from_body(401, body),
            ServiceError::WrongPassword {
                attempts_left: Some(3)
            }
        );
        let mut body = ErrorBody::new(ErrorCode::Locked, "m");
        body.retry_after = Some(900);
        assert_eq!(
            ServiceError::from_body(423, body),
            ServiceError::Locked {
                retry_after: Some(Duration::from_secs(900))
            }
        );
    }
}
