//! The open registration protocol (docs/PROTOCOL.md): the JSON bodies and the closed set of
//! error codes, shared by [`super::client`] and the reference service so the two can never
//! drift apart.
//!
//! Binary values travel as lowercase hex strings; durations as whole seconds; instants as
//! RFC 3339 UTC strings (display only: clients count down from `ttl_seconds`).

use serde::{Deserialize, Serialize};

pub use super::secret::{Password, SessionToken};

pub mod certificate;
mod demo;
mod errors;

pub use demo::{FaultKind, FaultRequest, MailKind, OutboxMessage, OutboxResponse};
pub use errors::{ErrorBody, ErrorCode};

/// Every endpoint lives under this prefix.
pub const API_PREFIX: &str = "/api/v1";

/// Lifetime of a device authentication code (裝置認證碼): 15 minutes, as the official service.
pub const DEVICE_CODE_TTL_SECONDS: u64 = 900;
/// Length of a device authentication code.
pub const DEVICE_CODE_LEN: usize = 8;
/// The code alphabet: digits and capitals without the look-alikes 0/O and 1/I, so a code read
/// off the screen and typed into a phone cannot be mistyped into another valid code.
pub const DEVICE_CODE_ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// The code in a verification or reset mail (信箱認證碼 / 密碼重設碼): twelve characters of
/// [`DEVICE_CODE_ALPHABET`] (60 random bits, single use, valid a day), written in three
/// groups of four (`K7QX-2M9D-HF3T`) so a person can read it off a phone and type it. The
/// service compares it ignoring case, spaces and hyphens ([`normalize_mail_code`]).
pub const MAIL_CODE_LEN: usize = 12;
/// Characters per group in the written form.
pub const MAIL_CODE_GROUP: usize = 4;

/// A mail code as typed or pasted (`k7qx 2m9d-hf3t`, line breaks around it) in its canonical
/// form: capitals, no separators.
pub fn normalize_mail_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The written form of a canonical mail code: groups of four joined by hyphens.
pub fn format_mail_code(code: &str) -> String {
    code.as_bytes()
        .chunks(MAIL_CODE_GROUP)
        .map(|group| String::from_utf8_lossy(group).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// The registration password (註冊密碼) is 6 to 12 characters.
pub const PASSWORD_MIN_CHARS: usize = 6;
pub const PASSWORD_MAX_CHARS: usize = 12;

/// `GET /api/v1/health`: the cheapest call there is, unauthenticated, for reachability and
/// latency checks (`nhi-companion diagnose`, the diagnostics screen). It says nothing about
/// any card or person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthResponse {
    /// Always `"ok"` when the service answers at all.
    pub status: String,
    /// The protocol version the service speaks (this document: 1).
    pub protocol: u32,
    /// What runs there, e.g. `"nhi-companion-reference 0.1.0"`: for support, not for logic.
    pub service: String,
}

/// The protocol version of this crate's client and reference service.
pub const PROTOCOL_VERSION: u32 = 1;

/// `true` when `code` has the shape of a device code (length and alphabet, case-insensitive).
pub fn is_device_code_shape(code: &str) -> bool {
    code.len() == DEVICE_CODE_LEN
        && code
            .bytes()
            .all(|b| DEVICE_CODE_ALPHABET.contains(&b.to_ascii_uppercase()))
}

/// A national ID (A123456789) or a resident certificate number, old (AB12345678) or new
/// (A812345678): a capital, a capital or digit, then 8 digits. The service refuses anything
/// else; the app checks it before a certificate sign-in spends a PIN try.
pub fn is_id_number_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[0].is_ascii_uppercase()
        && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
        && b[2..].iter().all(u8::is_ascii_digit)
}

/// A plausible e-mail address: one `@`, something before it, a dot inside the domain, no
/// spaces. The service refuses anything else (`invalid_request`); the app checks it first.
pub fn is_email_shape(email: &str) -> bool {
    email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            }
            None => false,
        }
}

/// `true` when `password` satisfies the length rule (counted in characters, not bytes).
pub fn password_length_ok(password: &str) -> bool {
    (PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&password.chars().count())
}

// ---------------------------------------------------------------------------------------------
// Card proof and sign-in
// ---------------------------------------------------------------------------------------------

/// `POST /api/v1/sign-in/challenge`: the card number and the card's GET CHALLENGE answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeRequest {
    pub card_number: String,
    /// 8 bytes, hex.
    pub card_random: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChallengeResponse {
    pub challenge_id: String,
    /// 32 bytes, hex: goes into the card's `00 82 11 12 20 <challenge> 10` APDU.
    pub challenge: String,
    /// Seconds the challenge stays usable (single use).
    pub expires_in: u64,
}

/// `POST /api/v1/sign-in`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub challenge_id: String,
    /// 16 bytes, hex: the card's answer to the authentication APDU.
    pub card_answer: String,
    pub id_number: String,
    pub password: Password,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInResponse {
    pub token: SessionToken,
    /// Always `"Bearer"`.
    pub token_type: String,
    /// Seconds the session lasts without use.
    pub expires_in: u64,
}

// ---------------------------------------------------------------------------------------------
// Application, e-mail, password
// ---------------------------------------------------------------------------------------------

/// `POST /api/v1/applications`: first-time application (首次登入請先申請), card proof required.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationRequest {
    pub challenge_id: String,
    pub card_answer: String,
    pub id_number: String,
    pub email: String,
    pub password: Password,
}

/// Answer to every call that sends an e-mail: where it went (masked).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSentResponse {
    pub email: String,
}

/// Card proof plus the ID number: resend verification mail, forgotten password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardProofRequest {
    pub challenge_id: String,
    pub card_answer: String,
    pub id_number: String,
}

/// `POST /api/v1/email/verify`: the token from the verification mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRequest {
    pub token: String,
}

/// `POST /api/v1/password/reset`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResetPasswordRequest {
    pub token: String,
    pub new_password: Password,
}

/// `POST /api/v1/account/password`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangePasswordRequest {
    pub current_password: Password,
    pub new_password: Password,
}

/// `POST /api/v1/account/email`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeEmailRequest {
    pub password: Password,
    pub new_email: String,
}

/// `GET /api/v1/account`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountResponse {
    pub card_number: String,
    pub email: String,
    pub email_verified: bool,
    /// A new address waiting for its verification mail to be followed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_email: Option<String>,
}

// Hand-written Debug for the bodies that carry personal data (the ID number): show only the
// fields listed. Passwords would print as `***` anyway.
macro_rules! debug_without_secrets {
    ($ty:ident { $($shown:ident),* }) => {
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($shown), &self.$shown))*
                    .finish_non_exhaustive()
            }
        }
    };
}
debug_without_secrets!(SignInRequest { challenge_id });
debug_without_secrets!(ApplicationRequest { challenge_id });
debug_without_secrets!(ResetPasswordRequest {});
debug_without_secrets!(ChangePasswordRequest {});
debug_without_secrets!(ChangeEmailRequest {});

// ---------------------------------------------------------------------------------------------
// Device codes and devices
// ---------------------------------------------------------------------------------------------

/// `POST /api/v1/device-codes` (201).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceCodeResponse {
    pub code: String,
    /// What the QR code encodes: the code itself.
    pub qr_payload: String,
    pub ttl_seconds: u64,
    /// RFC 3339 UTC, by the service's clock: for display only.
    pub expires_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceCodeState {
    Pending,
    Redeemed,
    Expired,
}

/// `GET /api/v1/device-codes/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceCodeStatusResponse {
    pub code: String,
    pub status: DeviceCodeState,
    pub expires_at: String,
    /// The phone that redeemed the code, once `status` is `redeemed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceInfo>,
}

/// `POST /api/v1/device-codes/{code}/redeem`: the phone's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemRequest {
    pub device_name: String,
    pub platform: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemResponse {
    pub device: DeviceInfo,
}

/// A device authenticated for a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceInfo {
    pub device_id: String,
    pub device_name: String,
    pub platform: String,
    /// RFC 3339 UTC.
    pub authenticated_at: String,
}

/// `GET /api/v1/devices`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceListResponse {
    pub devices: Vec<DeviceInfo>,
}

#[cfg(test)]
mod tests;
