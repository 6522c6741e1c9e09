//! `RegistrationClient`: the app's side of the registration protocol (docs/PROTOCOL.md).
//!
//! - HTTPS (rustls, ring) for every host; plain HTTP only to loopback, checked at construction.
//! - Connect, read and whole-request timeouts; no redirects (a redirect could downgrade to
//!   plain HTTP behind our back).
//! - Retries with a small doubling backoff, only for idempotent calls (GET, DELETE, sign-out),
//!   only on network errors, timeouts and 5xx. A POST that may have reached the service is
//!   never repeated: the user sees the error and decides.
//! - Every failure is a [`ServiceError`]; nothing here logs a password, ID number or token.

use std::net::IpAddr;
use std::time::{Duration, Instant, SystemTime};

use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::{Host, Url};
use zeroize::Zeroizing;

use super::error::ServiceError;
use super::protocol::{
    API_PREFIX, AccountResponse, ApplicationRequest, CardProofRequest, ChallengeRequest,
    ChallengeResponse, ChangeEmailRequest, ChangePasswordRequest, DeviceCodeResponse,
    DeviceCodeState, DeviceCodeStatusResponse, DeviceInfo, DeviceListResponse, ErrorBody,
    FaultRequest, HealthResponse, MailSentResponse, OutboxMessage, OutboxResponse, Password,
    RedeemRequest, RedeemResponse, ResetPasswordRequest, SessionToken, SignInRequest,
    SignInResponse, TokenRequest,
};
use crate::card::auth::{CARD_ANSWER_LEN, CARD_RANDOM_LEN, SERVICE_CHALLENGE_LEN};

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
        self.get_json("/health", None).await
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
            .json(Method::POST, "/sign-in/challenge", None, Some(&body))
            .await?;
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
            .json(Method::POST, "/sign-in", None, Some(&body))
            .await?;
        let expires_in = Duration::from_secs(reply.expires_in);
        Ok(Session {
            token: reply.token,
            expires_in,
            deadline: sent + expires_in,
        })
    }

    /// Ends the session. Idempotent: an already ended session is not an error.
    pub async fn sign_out(&self, session: &Session) -> Result<(), ServiceError> {
        self.no_content(
            Method::POST,
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
        self.json(Method::POST, "/applications", None, Some(&body))
            .await
    }

    /// Follows the verification mail's link.
    pub async fn verify_email(&self, token: &str) -> Result<MailSentResponse, ServiceError> {
        let body = TokenRequest {
            token: token.to_owned(),
        };
        self.json(Method::POST, "/email/verify", None, Some(&body))
            .await
    }

    /// Sends the verification mail again (card proof required).
    pub async fn resend_verification(
        &self,
        proof: &CardProof,
        id_number: &str,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = proof_body(proof, id_number);
        self.json(Method::POST, "/email/resend", None, Some(&body))
            .await
    }

    /// Forgotten password: mails a reset link to the registered address (card proof required).
    pub async fn forgot_password(
        &self,
        proof: &CardProof,
        id_number: &str,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = proof_body(proof, id_number);
        self.json(Method::POST, "/password/forgot", None, Some(&body))
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
        self.json(Method::POST, "/account/email", Some(session), Some(&body))
            .await
    }

    pub async fn account(&self, session: &Session) -> Result<AccountResponse, ServiceError> {
        self.get_json("/account", Some(session)).await
    }

    // --- device codes and devices -----------------------------------------------------------

    /// A new device authentication code, with its countdown deadline.
    pub async fn create_device_code(&self, session: &Session) -> Result<DeviceCode, ServiceError> {
        let sent = Instant::now();
        let reply: DeviceCodeResponse = self
            .json(Method::POST, "/device-codes", Some(session), None::<&()>)
            .await?;
        let ttl = Duration::from_secs(reply.ttl_seconds);
        Ok(DeviceCode {
            code: reply.code,
            qr_payload: reply.qr_payload,
            ttl,
            expires_at: reply.expires_at,
            deadline: sent + ttl,
        })
    }

    pub async fn device_code_status(
        &self,
        session: &Session,
        code: &str,
    ) -> Result<DeviceCodeStatus, ServiceError> {
        let path = format!("/device-codes/{}", path_segment(code)?);
        let reply: DeviceCodeStatusResponse = self.get_json(&path, Some(session)).await?;
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
        let reply: RedeemResponse = self.json(Method::POST, &path, None, Some(&body)).await?;
        Ok(reply.device)
    }

    pub async fn list_devices(&self, session: &Session) -> Result<Vec<DeviceInfo>, ServiceError> {
        let reply: DeviceListResponse = self.get_json("/devices", Some(session)).await?;
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
        let reply: OutboxResponse = self.get_json("/demo/outbox", None).await?;
        Ok(reply.messages)
    }

    /// Arms a fault in a reference service started with `--enable-faults`.
    pub async fn inject_fault(&self, fault: &FaultRequest) -> Result<(), ServiceError> {
        self.no_content(Method::POST, "/_faults", None, Some(fault), Idempotent::No)
            .await
    }

    /// Disarms every pending fault.
    pub async fn clear_faults(&self) -> Result<(), ServiceError> {
        self.no_content(
            Method::DELETE,
            "/_faults",
            None,
            None::<&()>,
            Idempotent::Yes,
        )
        .await
    }

    // --- plumbing ---------------------------------------------------------------------------

    async fn get_json<T: DeserializeOwned>(
        &self,
        path: &str,
        session: Option<&Session>,
    ) -> Result<T, ServiceError> {
        let (status, bytes) = self
            .send(Method::GET, path, session, None::<&()>, Idempotent::Yes)
            .await?;
        parse_success(status, &bytes)
    }

    /// A non-idempotent call with a JSON answer.
    async fn json<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        session: Option<&Session>,
        body: Option<&B>,
    ) -> Result<T, ServiceError> {
        let (status, bytes) = self
            .send(method, path, session, body, Idempotent::No)
            .await?;
        parse_success(status, &bytes)
    }

    async fn no_content<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        session: Option<&Session>,
        body: Option<&B>,
        idempotent: Idempotent,
    ) -> Result<(), ServiceError> {
        self.send(method, path, session, body, idempotent)
            .await
            .map(|_| ())
    }

    /// Sends with retries (idempotent calls only); returns a 2xx status and its body, or the
    /// error the answer or the transport amounts to.
    async fn send<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        session: Option<&Session>,
        body: Option<&B>,
        idempotent: Idempotent,
    ) -> Result<(StatusCode, Vec<u8>), ServiceError> {
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
            let result = self
                .send_once(method.clone(), url.clone(), session, body.as_deref())
                .await;
            match result {
                Err(e) if attempt < attempts && e.is_transient() => {
                    // The first path segment only: later ones may be codes or device ids.
                    let route = path.split('/').nth(1).unwrap_or_default();
                    tracing::debug!(%method, route, attempt, error = %e, "retrying idempotent call");
                    tokio::time::sleep(backoff).await;
                    backoff = backoff.saturating_mul(2);
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    async fn send_once(
        &self,
        method: Method,
        url: Url,
        session: Option<&Session>,
        body: Option<&Vec<u8>>,
    ) -> Result<(StatusCode, Vec<u8>), ServiceError> {
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
        let response = request.send().await.map_err(transport_error)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(transport_error)?.to_vec();
        if status.is_success() {
            Ok((status, bytes))
        } else {
            Err(error_from_answer(status, &bytes))
        }
    }

    fn endpoint(&self, path: &str) -> Result<Url, ServiceError> {
        let base = self.base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}{API_PREFIX}{path}")).map_err(|e| ServiceError::InvalidUrl {
            detail: e.to_string(),
        })
    }
}

/// Parses and checks a service root: `https` anywhere, `http` only to loopback.
fn checked_base_url(base_url: &str) -> Result<Url, ServiceError> {
    let url = Url::parse(base_url).map_err(|e| ServiceError::InvalidUrl {
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
fn is_loopback_host(url: &Url) -> bool {
    match url.host() {
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip).to_canonical().is_loopback(),
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// A value that goes into a path: it must stay one segment.
fn path_segment(value: &str) -> Result<&str, ServiceError> {
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

fn proof_body(proof: &CardProof, id_number: &str) -> CardProofRequest {
    CardProofRequest {
        challenge_id: proof.challenge_id.clone(),
        card_answer: hex::encode(proof.card_answer),
        id_number: id_number.to_owned(),
    }
}

fn decode_hex_array<const N: usize>(hex_str: &str, what: &str) -> Result<[u8; N], ServiceError> {
    let bytes = hex::decode(hex_str).map_err(|_| ServiceError::MalformedReply {
        status: Some(200),
        detail: format!("{what} is not hex"),
    })?;
    bytes.try_into().map_err(|_| ServiceError::MalformedReply {
        status: Some(200),
        detail: format!("{what} is not {N} bytes"),
    })
}

fn parse_success<T: DeserializeOwned>(status: StatusCode, bytes: &[u8]) -> Result<T, ServiceError> {
    serde_json::from_slice(bytes).map_err(|e| ServiceError::MalformedReply {
        status: Some(status.as_u16()),
        detail: e.to_string(),
    })
}

/// A non-2xx answer: the protocol error in its body, or a malformed reply.
fn error_from_answer(status: StatusCode, bytes: &[u8]) -> ServiceError {
    match serde_json::from_slice::<ErrorBody>(bytes) {
        Ok(body) => ServiceError::from_body(status.as_u16(), body),
        Err(e) => ServiceError::MalformedReply {
            status: Some(status.as_u16()),
            detail: format!("not an error body: {e}"),
        },
    }
}

/// Sorts a reqwest failure into timeout, TLS, network or malformed.
fn transport_error(err: reqwest::Error) -> ServiceError {
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
    fn path_segments_cannot_escape() {
        assert!(path_segment("ABCD2345").is_ok());
        assert!(path_segment("../x").is_err());
        assert!(path_segment("a/b").is_err());
        assert!(path_segment("").is_err());
    }

    #[test]
    fn device_code_countdown_is_monotonic() {
        let now = Instant::now();
        let code = DeviceCode {
            code: "ABCD2345".into(),
            qr_payload: "ABCD2345".into(),
            ttl: Duration::from_secs(900),
            expires_at: "2026-11-30T03:38:29Z".into(),
            deadline: now + Duration::from_secs(900),
        };
        assert_eq!(code.remaining_at(now), Duration::from_secs(900));
        assert_eq!(
            code.remaining_at(now + Duration::from_secs(901)),
            Duration::ZERO
        );
        assert!(code.expires_at_system_time().is_some());
    }
}
