//! Certificate sign-in (以自然人憑證登入): challenge for a checked certificate, then the
//! signature and the ID number (docs/PROTOCOL.md, "Certificate sign-in").

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, Uri, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use rand::RngCore;

use nhi_card::auth::SERVICE_CHALLENGE_LEN;
use nhi_protocol::protocol::certificate::{
    CertificateChallengeRequest, CertificateRejection, CertificateSignInRequest,
    MAX_CERTIFICATE_BYTES, MAX_CHAIN_CERTIFICATES, MAX_SIGNATURE_BYTES, signed_message,
};
use nhi_protocol::protocol::{ChallengeResponse, ErrorCode, SessionToken, SignInResponse};

use super::super::api_error::{ApiError, ApiJson, ApiResult};
use super::super::cards::is_id_number;
use super::super::certificate::verify::{verify_certificate, verify_signature};
use super::super::certificate::{Bound, PendingCertificateChallenge};
use super::super::state::{AppState, SessionRecord, persist, random_hex};

fn rejected(rejection: CertificateRejection, message: &str) -> ApiError {
    ApiError::new(rejection.code(), message)
}

fn decode_certificate(field: &str, value: &str) -> ApiResult<Vec<u8>> {
    let der = BASE64
        .decode(value.trim())
        .map_err(|_| ApiError::invalid(format!("{field} is not base64")))?;
    if der.is_empty() || der.len() > MAX_CERTIFICATE_BYTES {
        return Err(ApiError::invalid(format!(
            "{field} must be 1..={MAX_CERTIFICATE_BYTES} bytes of DER"
        )));
    }
    Ok(der)
}

/// `POST /api/v1/sign-in/certificate/challenge`.
pub async fn challenge(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<CertificateChallengeRequest>,
) -> ApiResult<Json<ChallengeResponse>> {
    let leaf = decode_certificate("certificate", &req.certificate)?;
    if req.chain.len() > MAX_CHAIN_CERTIFICATES {
        return Err(ApiError::invalid(format!(
            "chain has more than {MAX_CHAIN_CERTIFICATES} certificates"
        )));
    }
    let chain = req
        .chain
        .iter()
        .map(|c| decode_certificate("chain", c))
        .collect::<ApiResult<Vec<_>>>()?;
    let certificates = &state.certificates;
    let certificate = verify_certificate(
        &leaf,
        &chain,
        certificates.roots_der(),
        state.clock.wall_now(),
    )
    .map_err(|rejection| {
        tracing::info!(?rejection, "certificate refused");
        rejected(rejection, "the certificate was not accepted")
    })?;

    let mut challenge = [0u8; SERVICE_CHALLENGE_LEN];
    rand::rng().fill_bytes(&mut challenge);
    let challenge_id = random_hex(16);
    let now = state.clock.now();
    let ttl = state.policy.challenge_ttl;
    state
        .store()
        .limits
        .check(
            &format!("certificate:{}", certificate.identity),
            state.policy.challenges_per_card_per_minute,
            Duration::from_secs(60),
            now,
        )
        .map_err(ApiError::rate_limited)?;
    certificates.insert_challenge(
        challenge_id.clone(),
        PendingCertificateChallenge {
            certificate,
            challenge,
            expires: now + ttl,
        },
        now,
    );
    Ok(Json(ChallengeResponse {
        challenge_id,
        challenge: hex::encode(challenge),
        expires_in: ttl.as_secs(),
    }))
}

/// The origin the client signed for is this service: its host and port are the ones the
/// request was sent to (HTTP/1 `Host`, HTTP/2 `:authority`).
fn is_our_origin(origin: &str, uri: &Uri, headers: &HeaderMap) -> bool {
    let Ok(url) = url::Url::parse(origin) else {
        return false;
    };
    if url.origin().ascii_serialization() != origin {
        return false;
    }
    let Some(host) = url.host_str() else {
        return false;
    };
    let signed_for = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let asked = uri.authority().map(|a| a.as_str().to_owned()).or_else(|| {
        headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
    });
    asked.is_some_and(|asked| asked.eq_ignore_ascii_case(&signed_for))
}

/// The NHI card of the person with `id_number`: a registration's, else one the security
/// module knows by its ID number.
fn card_of(state: &AppState, id_number: &str) -> Option<String> {
    let from_account = state
        .store()
        .accounts
        .values()
        .find(|a| a.id_number == id_number)
        .map(|a| a.card_number.clone());
    from_account.or_else(|| state.cards.card_for_id_number(id_number))
}

/// `POST /api/v1/sign-in/certificate`. Order of checks: the challenge (single use), the
/// signature and its origin, the ID number's registration, the certificate's binding.
pub async fn sign_in(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    ApiJson(req): ApiJson<CertificateSignInRequest>,
) -> ApiResult<Json<SignInResponse>> {
    let now = state.clock.now();
    let pending = state
        .certificates
        .take_challenge(&req.challenge_id, now)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::ChallengeExpired,
                "the challenge is unknown, used or expired; start again",
            )
        })?;
    let signature = hex::decode(&req.signature)
        .ok()
        .filter(|s| !s.is_empty() && s.len() <= MAX_SIGNATURE_BYTES)
        .ok_or_else(|| ApiError::invalid("signature must be hex, at most 1024 bytes"))?;
    let message = signed_message(&req.origin, &pending.challenge);
    verify_signature(
        &pending.certificate,
        req.signature_algorithm,
        &message,
        &signature,
    )
    .map_err(|rejection| {
        tracing::info!("certificate signature does not verify");
        rejected(
            rejection,
            "the signature does not verify with the certificate",
        )
    })?;
    if !is_our_origin(&req.origin, &uri, &headers) {
        tracing::warn!("certificate signature made for another origin");
        return Err(rejected(
            CertificateRejection::SignatureInvalid,
            "the signature was made for another service (origin)",
        ));
    }
    if !is_id_number(&req.id_number) {
        return Err(ApiError::invalid("id_number is not in a known format"));
    }
    let card_number = card_of(&state, &req.id_number).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotRegistered,
            "no registration or NHI card for this ID number",
        )
    })?;
    let certificates = &state.certificates;
    let bound = match certificates.bound(&pending.certificate) {
        Bound::Unbound if certificates.bind_at_first_use => {
            let bound = certificates.bind(&pending.certificate, &req.id_number);
            persist(&state).await;
            tracing::info!("certificate bound at first use");
            bound
        }
        Bound::Unbound => {
            return Err(ApiError::new(
                ErrorCode::NotRegistered,
                "the certificate is not registered for anyone",
            ));
        }
        bound => bound,
    };
    if bound != Bound::To(req.id_number.clone()) {
        return Err(rejected(
            CertificateRejection::BoundElsewhere,
            "the certificate belongs to another registration",
        ));
    }

    let token = random_hex(32);
    let ttl = state.policy.session_ttl;
    {
        let mut store = state.store();
        store.prune(now, &state.policy);
        store.sessions.insert(
            token.clone(),
            SessionRecord {
                card_number,
                last_used: now,
            },
        );
    }
    tracing::info!("signed in with a certificate");
    Ok(Json(SignInResponse {
        token: SessionToken::new(token),
        token_type: "Bearer".into(),
        expires_in: ttl.as_secs(),
    }))
}
