//! `RegistrationClient`: the app's side of the registration protocol (docs/PROTOCOL.md).
//!
//! - HTTPS (rustls, ring) for every host; plain HTTP only to loopback, checked at construction.
//! - Connect, read and whole-request timeouts; no redirects (a redirect could downgrade to
//!   plain HTTP behind our back).
//! - Retries with a small doubling backoff, only for idempotent calls (GET, DELETE, sign-out),
//!   only on network errors, timeouts and 5xx. A POST that may have reached the service is
//!   never repeated: the user sees the error and decides.
//! - Every failure is a [`ServiceError`]; nothing here logs a password, ID number or token.

#[cfg(feature = "test-support")]
use crate::protocol::FaultRequest;
use std::time::{Duration, Instant, SystemTime};

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;
use zeroize::Zeroizing;

use super::address::{checked_base_url, is_loopback_host, path_segment};
use super::error::ServiceError;
use super::protocol::{
    API_PREFIX, AccountResponse, ApplicationRequest, CardProofRequest, ChallengeRequest,
    ChallengeResponse, ChangeEmailRequest, ChangePasswordRequest, DeviceCodeResponse,
    DeviceCodeState, DeviceCodeStatusResponse, DeviceInfo, DeviceListResponse, HealthResponse,
    MailSentResponse, OutboxMessage, OutboxResponse, Password, RedeemRequest, RedeemResponse,
    ResetPasswordRequest, SessionToken, SignInRequest, SignInResponse, TokenRequest,
};
use super::reply::{self, Answer, Route};
use super::transport;
use super::validate::Checked;
use nhi_card::auth::{CARD_ANSWER_LEN, CARD_RANDOM_LEN, SERVICE_CHALLENGE_LEN};

mod account;
mod certificate;
mod devices;
mod plumbing;
pub use certificate::CertificateProof;

/// The routes, and what `not_found` from each means (docs/PROTOCOL.md).
mod routes {
    use super::Route;
    pub const HEALTH: Route = Route::resource("/health");
    pub const CHALLENGE: Route = Route::fixed("/sign-in/challenge");
    pub const SIGN_IN: Route = Route::fixed("/sign-in");
    pub const SIGN_OUT: Route = Route::fixed("/sign-out");
    pub const APPLICATIONS: Route = Route::fixed("/applications");
    pub const VERIFY: Route = Route::fixed("/email/verify");
    pub const RESEND: Route = Route::fixed("/email/resend");
    pub const FORGOT: Route = Route::fixed("/password/forgot");
    pub const RESET: Route = Route::fixed("/password/reset");
    pub const ACCOUNT: Route = Route::fixed("/account");
    pub const ACCOUNT_PASSWORD: Route = Route::fixed("/account/password");
    pub const ACCOUNT_EMAIL: Route = Route::fixed("/account/email");
    pub const CREATE_CODE: Route = Route::fixed("/device-codes");
    pub const CODE_STATUS: Route = Route::resource("/device-codes/{code}");
    pub const REDEEM: Route = Route::resource("/device-codes/{code}/redeem");
    pub const DEVICES: Route = Route::fixed("/devices");
    pub const DEVICE: Route = Route::resource("/devices/{device_id}");
    /// Reference service only: absent (404) unless it runs as the demo.
    pub const OUTBOX: Route = Route::resource("/demo/outbox");
    /// Reference service only: absent (404) unless started with `--enable-faults`.
    #[cfg(feature = "test-support")]
    pub const FAULTS: Route = Route::resource("/_faults");
}

/// How the client talks to the service.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// TCP (and TLS) connection set-up.
    pub connect_timeout: Duration,
    /// Longest silence while reading an answer.
    pub read_timeout: Duration,
    /// Whole request, first byte out to last byte in.
    pub request_timeout: Duration,
    /// Extra attempts for idempotent calls.
    pub max_retries: u32,
    /// Pause before the first retry; doubled each time.
    pub retry_backoff: Duration,
    /// PEM root certificates trusted besides the platform's (a training site's own CA).
    pub extra_root_certs_pem: Vec<Vec<u8>>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            read_timeout: Duration::from_secs(15),
            request_timeout: Duration::from_secs(30),
            max_retries: 2,
            retry_backoff: Duration::from_millis(200),
            extra_root_certs_pem: Vec::new(),
        }
    }
}

/// A service challenge for card proof (sign-in, application, resend, forgotten password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub challenge_id: String,
    /// Goes into the card's `00 82 11 12 20 <challenge> 10` APDU.
    pub challenge: [u8; SERVICE_CHALLENGE_LEN],
    pub expires_in: Duration,
}

/// The card's answer to a [`Challenge`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardProof {
    pub challenge_id: String,
    pub card_answer: [u8; CARD_ANSWER_LEN],
}

/// A signed-in session. The token is a zeroizing secret.
#[derive(Debug, Clone)]
pub struct Session {
    pub token: SessionToken,
    pub expires_in: Duration,
    /// Local monotonic instant after which the service will have dropped the idle session.
    pub deadline: Instant,
}

/// A device authentication code and its countdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceCode {
    pub code: String,
    pub qr_payload: String,
    pub ttl: Duration,
    /// The service's own expiry, RFC 3339: for showing the absolute time only.
    pub expires_at: String,
    /// When the countdown reaches zero, on the local monotonic clock. Taken as the instant the
    /// request was sent plus `ttl`: the service started its 15 minutes after that, so the
    /// countdown can only end a round trip early, never late, and a wrong wall clock (the PC's
    /// or the service's) cannot move it.
    pub deadline: Instant,
}

impl DeviceCode {
    /// Time left at `now` (zero once past the deadline).
    pub fn remaining_at(&self, now: Instant) -> Duration {
        self.deadline.saturating_duration_since(now)
    }

    pub fn remaining(&self) -> Duration {
        self.remaining_at(Instant::now())
    }

    /// The service's expiry parsed, if it is in the UTC `Z` form the reference service sends.
    pub fn expires_at_system_time(&self) -> Option<SystemTime> {
        humantime::parse_rfc3339(&self.expires_at).ok()
    }
}

/// Where a device code stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceCodeStatus {
    Pending,
    Redeemed(DeviceInfo),
    Expired,
}

/// Whether a failed attempt may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Idempotent {
    Yes,
    No,
}

/// The client of the registration service. Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct RegistrationClient {
    http: reqwest::Client,
    base: Url,
    options: ClientOptions,
}

impl RegistrationClient {
    /// A client with the default timeouts and retries.
    pub fn new(base_url: &str) -> Result<Self, ServiceError> {
        Self::with_options(base_url, ClientOptions::default())
    }

    /// `base_url` is the service root, e.g. `https://register.example.tw` or
    /// `http://127.0.0.1:8443`; endpoints are appended under `/api/v1`.
    pub fn with_options(base_url: &str, options: ClientOptions) -> Result<Self, ServiceError> {
        let base = checked_base_url(base_url)?;
        let tls = super::tls::client_config(&options.extra_root_certs_pem)
            .map_err(|detail| ServiceError::Tls { detail })?;
        let mut builder = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(options.connect_timeout)
            .read_timeout(options.read_timeout)
            .timeout(options.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("nhi-companion/", env!("CARGO_PKG_VERSION")));
        if is_loopback_host(&base) {
            // A proxy from the environment must not see loopback traffic.
            builder = builder.no_proxy();
        }
        let http = builder.build().map_err(|e| ServiceError::InvalidUrl {
            detail: format!("cannot build the HTTP client: {e}"),
        })?;
        Ok(Self {
            http,
            base,
            options,
        })
    }

    /// The service root this client talks to.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// Whether the service is on this computer (the only case plain HTTP is allowed).
    pub fn is_loopback(&self) -> bool {
        is_loopback_host(&self.base)
    }

    /// `GET /health`: reachability, unauthenticated. Retried like any GET unless the options
    /// say `max_retries: 0` (latency probes want one round trip per call).
    pub async fn health(&self) -> Result<HealthResponse, ServiceError> {
        self.get_json(routes::HEALTH, "/health", None).await
    }

    // --- card proof and sign-in -------------------------------------------------------------

    /// Step 1 of any card proof: send the card number and the card's GET CHALLENGE random.
    pub async fn request_challenge(
        &self,
        card_number: &str,
        card_random: &[u8; CARD_RANDOM_LEN],
    ) -> Result<Challenge, ServiceError> {
        let body = ChallengeRequest {
            card_number: card_number.to_owned(),
            card_random: hex::encode(card_random),
        };
        let reply: ChallengeResponse = self
            .json(
                Method::POST,
                routes::CHALLENGE,
                "/sign-in/challenge",
                None,
                Some(&body),
            )
            .await?;
        // Checked: `challenge` is 32 bytes of hex, `expires_in` within bounds.
        let challenge = decode_hex_array(&reply.challenge, "challenge")?;
        Ok(Challenge {
            challenge_id: reply.challenge_id,
            challenge,
            expires_in: Duration::from_secs(reply.expires_in),
        })
    }

    /// Step 2: the card's answer, the ID number and the registration password.
    pub async fn sign_in(
        &self,
        proof: &CardProof,
        id_number: &str,
        password: &Password,
    ) -> Result<Session, ServiceError> {
        let body = SignInRequest {
            challenge_id: proof.challenge_id.clone(),
            card_answer: hex::encode(proof.card_answer),
            id_number: id_number.to_owned(),
            password: password.clone(),
        };
        let sent = Instant::now();
        let reply: SignInResponse = self
            .json(Method::POST, routes::SIGN_IN, "/sign-in", None, Some(&body))
            .await?;
        Ok(Session {
            deadline: deadline(sent, reply.expires_in, "expires_in")?,
            expires_in: Duration::from_secs(reply.expires_in),
            token: reply.token,
        })
    }

    /// Ends the session. Idempotent: an already ended session is not an error.
    pub async fn sign_out(&self, session: &Session) -> Result<(), ServiceError> {
        self.no_content(
            Method::POST,
            routes::SIGN_OUT,
            "/sign-out",
            Some(session),
            None::<&()>,
            Idempotent::Yes,
        )
        .await
    }
}

fn proof_body(proof: &CardProof, id_number: &str) -> CardProofRequest {
    CardProofRequest {
        challenge_id: proof.challenge_id.clone(),
        card_answer: hex::encode(proof.card_answer),
        id_number: id_number.to_owned(),
    }
}

/// A checked hex field into its bytes (the check already made sure of the length).
fn decode_hex_array<const N: usize>(hex_str: &str, what: &str) -> Result<[u8; N], ServiceError> {
    hex::decode(hex_str)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| ServiceError::MalformedReply {
            status: Some(200),
            detail: format!("{what} is not {N} bytes of hex"),
        })
}

/// `sent + seconds`, or a malformed reply if that is beyond what an `Instant` can hold (the
/// checks bound every lifetime, so this is the second line of defence, not the first).
fn deadline(sent: Instant, seconds: u64, what: &str) -> Result<Instant, ServiceError> {
    sent.checked_add(Duration::from_secs(seconds))
        .ok_or_else(|| ServiceError::MalformedReply {
            status: Some(200),
            detail: format!("{what} is out of range"),
        })
}

#[cfg(test)]
mod tests;
