//! The error answers: the closed set of codes and the body that carries one.

use serde::{Deserialize, Serialize};

/// The closed set of error codes. The strings are part of the protocol: never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Malformed JSON, missing field, bad hex, bad e-mail, unsupported method.
    InvalidRequest,
    /// The card's answer does not verify, or the card is unknown to the security module.
    CardAuthFailed,
    /// The challenge is unknown, used or past its lifetime: start again with a new one.
    ChallengeExpired,
    /// The registration password is wrong; `attempts_left` before the lock.
    WrongPassword,
    /// Too many wrong passwords; `retry_after` seconds until the lock lifts.
    Locked,
    /// The card has no registration yet: apply first (首次登入請先申請).
    NotRegistered,
    /// An application for a card that is already registered.
    AlreadyRegistered,
    /// The ID number does not belong to the card.
    IdMismatch,
    /// The e-mail address is not verified yet: follow the mail, or resend it.
    EmailNotVerified,
    /// The new password breaks the 6–12 character rule.
    WeakPassword,
    /// An e-mail token (verification, reset) that is unknown, used or expired.
    InvalidToken,
    /// No session, or the session ended (time, sign-out, service restart): sign in again.
    SessionExpired,
    /// The device code is past its 15 minutes.
    CodeExpired,
    /// The device code has already been used by a phone.
    CodeRedeemed,
    /// No such resource (device code, device, route).
    NotFound,
    /// Too many requests; `retry_after` seconds.
    RateLimited,
    /// The service failed; nothing the user did.
    Internal,
    // Certificate sign-in (protocol/certificate.rs): only its two routes answer these, so a
    // client that never calls them never meets them.
    /// The signature does not verify with the certificate's key, or was made for another origin.
    CertificateSignatureInvalid,
    /// The certificate's chain does not lead to a CA the service trusts.
    CertificateUnknownCa,
    CertificateExpired,
    CertificateNotYetValid,
    /// Not a signing certificate (no digitalSignature / nonRepudiation, a CA, a server's).
    CertificateWrongKeyUsage,
    /// The certificate is bound to another person's registration.
    CertificateBoundElsewhere,
    /// Not a certificate the service can use (not X.509, unsupported key or extension).
    CertificateUnsupported,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 24] = [
        ErrorCode::InvalidRequest,
        ErrorCode::CardAuthFailed,
        ErrorCode::ChallengeExpired,
        ErrorCode::WrongPassword,
        ErrorCode::Locked,
        ErrorCode::NotRegistered,
        ErrorCode::AlreadyRegistered,
        ErrorCode::IdMismatch,
        ErrorCode::EmailNotVerified,
        ErrorCode::WeakPassword,
        ErrorCode::InvalidToken,
        ErrorCode::SessionExpired,
        ErrorCode::CodeExpired,
        ErrorCode::CodeRedeemed,
        ErrorCode::NotFound,
        ErrorCode::RateLimited,
        ErrorCode::Internal,
        ErrorCode::CertificateSignatureInvalid,
        ErrorCode::CertificateUnknownCa,
        ErrorCode::CertificateExpired,
        ErrorCode::CertificateNotYetValid,
        ErrorCode::CertificateWrongKeyUsage,
        ErrorCode::CertificateBoundElsewhere,
        ErrorCode::CertificateUnsupported,
    ];

    /// The HTTP status that goes with the code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::InvalidRequest | ErrorCode::WeakPassword | ErrorCode::InvalidToken => 400,
            ErrorCode::CardAuthFailed | ErrorCode::WrongPassword | ErrorCode::SessionExpired => 401,
            ErrorCode::NotRegistered | ErrorCode::IdMismatch | ErrorCode::EmailNotVerified => 403,
            ErrorCode::CertificateUnsupported => 400,
            ErrorCode::CertificateSignatureInvalid
            | ErrorCode::CertificateUnknownCa
            | ErrorCode::CertificateExpired
            | ErrorCode::CertificateNotYetValid
            | ErrorCode::CertificateWrongKeyUsage => 401,
            ErrorCode::CertificateBoundElsewhere => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::AlreadyRegistered | ErrorCode::CodeRedeemed => 409,
            ErrorCode::ChallengeExpired | ErrorCode::CodeExpired => 410,
            ErrorCode::Locked => 423,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }

    /// The stable wire string, e.g. `"wrong_password"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidRequest => "invalid_request",
            ErrorCode::CardAuthFailed => "card_auth_failed",
            ErrorCode::ChallengeExpired => "challenge_expired",
            ErrorCode::WrongPassword => "wrong_password",
            ErrorCode::Locked => "locked",
            ErrorCode::NotRegistered => "not_registered",
            ErrorCode::AlreadyRegistered => "already_registered",
            ErrorCode::IdMismatch => "id_mismatch",
            ErrorCode::EmailNotVerified => "email_not_verified",
            ErrorCode::WeakPassword => "weak_password",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::SessionExpired => "session_expired",
            ErrorCode::CodeExpired => "code_expired",
            ErrorCode::CodeRedeemed => "code_redeemed",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
            ErrorCode::CertificateSignatureInvalid => "certificate_signature_invalid",
            ErrorCode::CertificateUnknownCa => "certificate_unknown_ca",
            ErrorCode::CertificateExpired => "certificate_expired",
            ErrorCode::CertificateNotYetValid => "certificate_not_yet_valid",
            ErrorCode::CertificateWrongKeyUsage => "certificate_wrong_key_usage",
            ErrorCode::CertificateBoundElsewhere => "certificate_bound_elsewhere",
            ErrorCode::CertificateUnsupported => "certificate_unsupported",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every error answer: `{"error": "<code>", "message": "...", ...details}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
}

impl ErrorBody {
    pub fn new(error: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error,
            message: message.into(),
            attempts_left: None,
            retry_after: None,
        }
    }
}
