//! Card sign-in (challenge, then answer + ID + password) and sign-out.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use rand::RngCore;

use nhi_card::auth::{CARD_RANDOM_LEN, SERVICE_CHALLENGE_LEN};
use nhi_protocol::protocol::{
    ChallengeRequest, ChallengeResponse, ErrorCode, SessionToken, SignInRequest, SignInResponse,
};

use super::super::api_error::{ApiError, ApiJson, ApiResult};
use super::super::cards::is_card_number;
use super::super::state::{AppState, PendingChallenge, SessionRecord, random_hex};
use super::{bearer, check_id_number, check_password, consume_proof};

/// `POST /api/v1/sign-in/challenge`.
pub async fn challenge(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ChallengeRequest>,
) -> ApiResult<Json<ChallengeResponse>> {
    if !is_card_number(&req.card_number) {
        return Err(ApiError::invalid("card_number must be 12 digits"));
    }
    let card_random: [u8; CARD_RANDOM_LEN] = hex::decode(&req.card_random)
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| ApiError::invalid("card_random must be 8 bytes of hex"))?;
    if state.cards.key(&req.card_number).is_none() {
        return Err(ApiError::new(
            ErrorCode::CardAuthFailed,
            "the card is not known to the service",
        ));
    }
    let mut challenge = [0u8; SERVICE_CHALLENGE_LEN];
    rand::rng().fill_bytes(&mut challenge);
    let challenge_id = random_hex(16);
    let now = state.clock.now();
    let ttl = state.policy.challenge_ttl;
    {
        let mut store = state.store();
        store
            .limits
            .check(
                &format!("challenge:{}", req.card_number),
                state.policy.challenges_per_card_per_minute,
                Duration::from_secs(60),
                now,
            )
            .map_err(ApiError::rate_limited)?;
        store.prune(now, &state.policy);
        store.challenges.insert(
            challenge_id.clone(),
            PendingChallenge {
                card_number: req.card_number,
                card_random,
                challenge,
                expires: now + ttl,
            },
        );
    }
    Ok(Json(ChallengeResponse {
        challenge_id,
        challenge: hex::encode(challenge),
        expires_in: ttl.as_secs(),
    }))
}

/// `POST /api/v1/sign-in`. Order of checks: card proof, registration, ID number, lock and
/// password, then e-mail verification (told only to someone who knows the password).
pub async fn sign_in(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SignInRequest>,
) -> ApiResult<Json<SignInResponse>> {
    let card_number = consume_proof(&state, &req.challenge_id, &req.card_answer)?;
    let id_number = state
        .store()
        .accounts
        .get(&card_number)
        .map(|a| a.id_number.clone())
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotRegistered,
                "this card is not registered; apply first",
            )
        })?;
    check_id_number(&id_number, &req.id_number)?;
    check_password(&state, &card_number, &req.password).await?;

    let token = random_hex(32);
    let now = state.clock.now();
    let ttl = state.policy.session_ttl;
    {
        let mut store = state.store();
        let verified = store
            .accounts
            .get(&card_number)
            .is_some_and(|a| a.email_verified);
        if !verified {
            return Err(ApiError::new(
                ErrorCode::EmailNotVerified,
                "verify the e-mail address first (or resend the mail)",
            ));
        }
        store.prune(now, &state.policy);
        store.sessions.insert(
            token.clone(),
            SessionRecord {
                card_number,
                last_used: now,
            },
        );
    }
    tracing::info!("signed in");
    Ok(Json(SignInResponse {
        token: SessionToken::new(token),
        token_type: "Bearer".into(),
        expires_in: ttl.as_secs(),
    }))
}

/// `POST /api/v1/sign-out`: ends the session if there is one. Always 204, so a retry after a
/// lost answer is harmless.
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> StatusCode {
    if let Some(token) = bearer(&headers) {
        state.store().sessions.remove(token);
    }
    StatusCode::NO_CONTENT
}
