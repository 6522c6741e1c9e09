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

mod certificate;
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

    // --- application, e-mail, password ------------------------------------------------------

    /// First-time application (首次登入請先申請): card proof, ID number, e-mail and password.
    /// The service mails a verification link; sign-in works once it is followed.
    pub async fn apply(
        &self,
        proof: &CardProof,
        id_number: &str,
        email: &str,
        password: &Password,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = ApplicationRequest {
            challenge_id: proof.challenge_id.clone(),
            card_answer: hex::encode(proof.card_answer),
            id_number: id_number.to_owned(),
            email: email.to_owned(),
            password: password.clone(),
        };
        self.json(
            Method::POST,
            routes::APPLICATIONS,
            "/applications",
            None,
            Some(&body),
        )
        .await
    }

    /// Follows the verification mail's link.
    pub async fn verify_email(&self, token: &str) -> Result<MailSentResponse, ServiceError> {
        let body = TokenRequest {
            token: token.to_owned(),
        };
        self.json(
            Method::POST,
            routes::VERIFY,
            "/email/verify",
            None,
            Some(&body),
        )
        .await
    }

    /// Sends the verification mail again (card proof required).
    pub async fn resend_verification(
        &self,
        proof: &CardProof,
        id_number: &str,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = proof_body(proof, id_number);
        self.json(
            Method::POST,
            routes::RESEND,
            "/email/resend",
            None,
            Some(&body),
        )
        .await
    }

    /// Forgotten password: mails a reset link to the registered address (card proof required).
    pub async fn forgot_password(
        &self,
        proof: &CardProof,
        id_number: &str,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = proof_body(proof, id_number);
        self.json(
            Method::POST,
            routes::FORGOT,
            "/password/forgot",
            None,
            Some(&body),
        )
        .await
    }

    /// Sets a new password with the token from the reset mail. Also lifts a lock.
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &Password,
    ) -> Result<(), ServiceError> {
        let body = ResetPasswordRequest {
            token: token.to_owned(),
            new_password: new_password.clone(),
        };
        self.no_content(
            Method::POST,
            routes::RESET,
            "/password/reset",
            None,
            Some(&body),
            Idempotent::No,
        )
        .await
    }

    pub async fn change_password(
        &self,
        session: &Session,
        current: &Password,
        new_password: &Password,
    ) -> Result<(), ServiceError> {
        let body = ChangePasswordRequest {
            current_password: current.clone(),
            new_password: new_password.clone(),
        };
        self.no_content(
            Method::POST,
            routes::ACCOUNT_PASSWORD,
            "/account/password",
            Some(session),
            Some(&body),
            Idempotent::No,
        )
        .await
    }

    /// Asks to change the e-mail address; the new one takes effect once its mail is followed.
    pub async fn change_email(
        &self,
        session: &Session,
        password: &Password,
        new_email: &str,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = ChangeEmailRequest {
            password: password.clone(),
            new_email: new_email.to_owned(),
        };
        self.json(
            Method::POST,
            routes::ACCOUNT_EMAIL,
            "/account/email",
            Some(session),
            Some(&body),
        )
        .await
    }

    pub async fn account(&self, session: &Session) -> Result<AccountResponse, ServiceError> {
        self.get_json(routes::ACCOUNT, "/account", Some(session))
            .await
    }

    // --- device codes and devices -----------------------------------------------------------

    /// A new device authentication code, with its countdown deadline.
    pub async fn create_device_code(&self, session: &Session) -> Result<DeviceCode, ServiceError> {
        let sent = Instant::now();
        let reply: DeviceCodeResponse = self
            .json(
                Method::POST,
                routes::CREATE_CODE,
                "/device-codes",
                Some(session),
                None::<&()>,
            )
            .await?;
        // Checked: the code's shape, the payload carries it, 1 ≤ ttl ≤ 3600 s.
        Ok(DeviceCode {
            deadline: deadline(sent, reply.ttl_seconds, "ttl_seconds")?,
            ttl: Duration::from_secs(reply.ttl_seconds),
            code: reply.code,
            qr_payload: reply.qr_payload,
            expires_at: reply.expires_at,
        })
    }

    pub async fn device_code_status(
        &self,
        session: &Session,
        code: &str,
    ) -> Result<DeviceCodeStatus, ServiceError> {
        let path = format!("/device-codes/{}", path_segment(code)?);
        let reply: DeviceCodeStatusResponse = self
            .get_json(routes::CODE_STATUS, &path, Some(session))
            .await?;
        if !reply.code.eq_ignore_ascii_case(code) {
            return Err(ServiceError::MalformedReply {
                status: Some(200),
                detail: "the status is for another code".into(),
            });
        }
        match (reply.status, reply.device) {
            (DeviceCodeState::Pending, _) => Ok(DeviceCodeStatus::Pending),
            (DeviceCodeState::Expired, _) => Ok(DeviceCodeStatus::Expired),
            (DeviceCodeState::Redeemed, Some(device)) => Ok(DeviceCodeStatus::Redeemed(device)),
            (DeviceCodeState::Redeemed, None) => Err(ServiceError::MalformedReply {
                status: Some(200),
                detail: "redeemed code without its device".into(),
            }),
        }
    }

    /// The phone's side: redeem a code (the demo and the tests play the phone).
    pub async fn redeem_device_code(
        &self,
        code: &str,
        device_name: &str,
        platform: &str,
    ) -> Result<DeviceInfo, ServiceError> {
        let path = format!("/device-codes/{}/redeem", path_segment(code)?);
        let body = RedeemRequest {
            device_name: device_name.to_owned(),
            platform: platform.to_owned(),
        };
        let reply: RedeemResponse = self
            .json(Method::POST, routes::REDEEM, &path, None, Some(&body))
            .await?;
        Ok(reply.device)
    }

    pub async fn list_devices(&self, session: &Session) -> Result<Vec<DeviceInfo>, ServiceError> {
        let reply: DeviceListResponse = self
            .get_json(routes::DEVICES, "/devices", Some(session))
            .await?;
        Ok(reply.devices)
    }

    /// Revokes a device (lost phone). Idempotent: revoking a revoked device succeeds.
    pub async fn revoke_device(
        &self,
        session: &Session,
        device_id: &str,
    ) -> Result<(), ServiceError> {
        let path = format!("/devices/{}", path_segment(device_id)?);
        self.no_content(
            Method::DELETE,
            routes::DEVICE,
            &path,
            Some(session),
            None::<&()>,
            Idempotent::Yes,
        )
        .await
    }

    // --- reference service extras -----------------------------------------------------------

    /// The reference service's demo outbox (verification and reset mails).
    pub async fn demo_outbox(&self) -> Result<Vec<OutboxMessage>, ServiceError> {
        let reply: OutboxResponse = self.get_json(routes::OUTBOX, "/demo/outbox", None).await?;
        Ok(reply.messages)
    }

    /// Arms a fault in a reference service started with `--enable-faults`. Tests only: not in
    /// a build without the `test-support` feature (the release app has no fault hooks).
    #[cfg(feature = "test-support")]
    pub async fn inject_fault(&self, fault: &FaultRequest) -> Result<(), ServiceError> {
        self.no_content(
            Method::POST,
            routes::FAULTS,
            "/_faults",
            None,
            Some(fault),
            Idempotent::No,
        )
        .await
    }

    /// Disarms every pending fault. Tests only, like [`Self::inject_fault`].
    #[cfg(feature = "test-support")]
    pub async fn clear_faults(&self) -> Result<(), ServiceError> {
        self.no_content(
            Method::DELETE,
            routes::FAULTS,
            "/_faults",
            None,
            None::<&()>,
            Idempotent::Yes,
        )
        .await
    }

    // --- plumbing ---------------------------------------------------------------------------

    async fn get_json<T: DeserializeOwned + Checked>(
        &self,
        route: Route,
        path: &str,
        session: Option<&Session>,
    ) -> Result<T, ServiceError> {
        self.call(
            Method::GET,
            route,
            path,
            session,
            None::<&()>,
            Idempotent::Yes,
            true,
            |a| reply::decode(route, a),
        )
        .await
    }

    /// A non-idempotent call with a JSON answer.
    async fn json<T: DeserializeOwned + Checked, B: Serialize>(
        &self,
        method: Method,
        route: Route,
        path: &str,
        session: Option<&Session>,
        body: Option<&B>,
    ) -> Result<T, ServiceError> {
        self.call(
            method,
            route,
            path,
            session,
            body,
            Idempotent::No,
            true,
            |a| reply::decode(route, a),
        )
        .await
    }

    async fn no_content<B: Serialize>(
        &self,
        method: Method,
        route: Route,
        path: &str,
        session: Option<&Session>,
        body: Option<&B>,
        idempotent: Idempotent,
    ) -> Result<(), ServiceError> {
        self.call(method, route, path, session, body, idempotent, false, |a| {
            reply::expect_success(route, a)
        })
        .await
    }

    /// Sends with retries (idempotent calls only) and reads each answer through `decode`.
    #[allow(clippy::too_many_arguments)]
    async fn call<T, B: Serialize>(
        &self,
        method: Method,
        route: Route,
        path: &str,
        session: Option<&Session>,
        body: Option<&B>,
        idempotent: Idempotent,
        expects_body: bool,
        decode: impl Fn(&Answer) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        let url = self.endpoint(path)?;
        // Serialised once; zeroized when this call ends because it may carry a password.
        let body: Option<Zeroizing<Vec<u8>>> = body
            .map(|b| serde_json::to_vec(b).map(Zeroizing::new))
            .transpose()
            .map_err(|e| ServiceError::InvalidRequest {
                message: format!("cannot encode the request: {e}"),
            })?;
        let attempts = match idempotent {
            Idempotent::Yes => 1 + self.options.max_retries,
            Idempotent::No => 1,
        };
        let mut backoff = self.options.retry_backoff;
        let mut attempt = 1;
        loop {
            let result = match self
                .send_once(method.clone(), url.clone(), session, body.as_deref())
                .await
            {
                // A 2xx answer to a call that expects none is not read: nothing in it is used.
                Ok(response) => transport::read_answer(response, |status| {
                    expects_body || !(200..300).contains(&status)
                })
                .await
                .and_then(|answer| decode(&answer)),
                Err(e) => Err(e),
            };
            match result {
                Err(e) if attempt < attempts && e.is_transient() => {
                    tracing::debug!(%method, route = route.name, attempt, error = %e, "retrying idempotent call");
                    tokio::time::sleep(backoff).await;
                    backoff = backoff.saturating_mul(2);
                    attempt += 1;
                }
                Err(e) => {
                    log_refused(route, &e);
                    return Err(e);
                }
                ok => return ok,
            }
        }
    }

    async fn send_once(
        &self,
        method: Method,
        url: Url,
        session: Option<&Session>,
        body: Option<&Vec<u8>>,
    ) -> Result<reqwest::Response, ServiceError> {
        let mut request = self
            .http
            .request(method, url)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(session) = session {
            request = request.bearer_auth(session.token.expose());
        }
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        request.send().await.map_err(transport::transport_error)
    }

    fn endpoint(&self, path: &str) -> Result<Url, ServiceError> {
        let base = self.base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}{API_PREFIX}{path}")).map_err(|e| ServiceError::InvalidUrl {
            detail: e.to_string(),
        })
    }
}

/// A reply the client refused is worth a warning: it says what was wrong (the field and the
/// rule, or what answered instead), never a value from it.
fn log_refused(route: Route, error: &ServiceError) {
    if let ServiceError::MalformedReply { .. } | ServiceError::NotAService { .. } = error {
        tracing::warn!(route = route.name, %error, "refused the service's reply");
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
