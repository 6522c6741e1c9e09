//! Request handlers, one module per part of the protocol, and what they share: card proof,
//! the session extractor, password checks with lockout, and mail tokens.

pub mod account;
pub mod certificate;
pub mod demo;
pub mod device_codes;
pub mod sign_in;

use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};

use nhi_protocol::protocol::{
    DEVICE_CODE_ALPHABET, ErrorCode, MAIL_CODE_LEN, MailKind, Password, format_mail_code,
};

use super::api_error::{ApiError, ApiResult};
use super::cards::is_id_number;
use super::password;
use super::state::{AppState, MailToken};

/// Whole seconds, rounded up, so a client waiting `retry_after` is never a moment too early.
pub fn ceil_secs(d: Duration) -> u64 {
    d.as_secs() + u64::from(d.subsec_nanos() > 0)
}

/// Checks a card proof and uses the challenge up (single use, even when the answer is wrong).
/// Returns the card number the challenge was issued to.
pub fn consume_proof(
    state: &AppState,
    challenge_id: &str,
    card_answer_hex: &str,
) -> ApiResult<String> {
    let answer =
        hex::decode(card_answer_hex).map_err(|_| ApiError::invalid("card_answer must be hex"))?;
    let now = state.clock.now();
    let pending = state
        .store()
        .challenges
        .remove(challenge_id)
        .filter(|c| c.expires > now)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::ChallengeExpired,
                "the challenge is unknown, used or expired; start again",
            )
        })?;
    let key = state.cards.key(&pending.card_number).ok_or_else(|| {
        ApiError::new(
            ErrorCode::CardAuthFailed,
            "the card is not known to the service",
        )
    })?;
    if !key.verify(&pending.card_random, &pending.challenge, &answer) {
        tracing::info!("card authentication failed");
        return Err(ApiError::new(
            ErrorCode::CardAuthFailed,
            "the card's answer does not verify",
        ));
    }
    Ok(pending.card_number)
}

/// The ID number in a request must be well formed and belong to the card's registration.
pub fn check_id_number(expected: &str, given: &str) -> ApiResult<()> {
    if !is_id_number(given) {
        return Err(ApiError::invalid("id_number is not in a known format"));
    }
    if expected != given {
        return Err(ApiError::new(
            ErrorCode::IdMismatch,
            "the ID number does not belong to this card",
        ));
    }
    Ok(())
}

/// Verifies the registration password, counting wrong ones towards the lock.
pub async fn check_password(
    state: &AppState,
    card_number: &str,
    candidate: &Password,
) -> ApiResult<()> {
    let stored = {
        let now = state.clock.now();
        let mut store = state.store();
        let account = store.accounts.get_mut(card_number).ok_or_else(|| {
            ApiError::new(ErrorCode::NotRegistered, "this card is not registered")
        })?;
        if let Some(until) = account.locked_until {
            if until > now {
                return Err(ApiError::locked(ceil_secs(until - now)));
            }
            account.locked_until = None;
            account.failed_attempts = 0;
        }
        account.password_hash.clone()
    };
    let candidate = candidate.clone();
    let ok = {
        let _slot = hash_slot(state).await?;
        tokio::task::spawn_blocking(move || password::verify(&candidate, &stored))
            .await
            .map_err(|_| ApiError::internal("password check failed"))?
    };

    let now = state.clock.now();
    let policy = &state.policy;
    let mut store = state.store();
    let account = store
        .accounts
        .get_mut(card_number)
        .ok_or_else(|| ApiError::new(ErrorCode::NotRegistered, "this card is not registered"))?;
    if ok {
        account.failed_attempts = 0;
        return Ok(());
    }
    account.failed_attempts += 1;
    if account.failed_attempts >= policy.max_failed_attempts {
        account.failed_attempts = 0;
        account.locked_until = Some(now + policy.lockout);
        tracing::info!("account locked after repeated wrong passwords");
        return Err(ApiError::locked(ceil_secs(policy.lockout)));
    }
    Err(ApiError::wrong_password(
        policy.max_failed_attempts - account.failed_attempts,
    ))
}

/// Hashes a new password after checking the length rule.
pub async fn hash_new_password(state: &AppState, new_password: &Password) -> ApiResult<String> {
    if !nhi_protocol::protocol::password_length_ok(new_password.expose()) {
        return Err(ApiError::new(
            ErrorCode::WeakPassword,
            "the registration password must be 6 to 12 characters",
        ));
    }
    let pw = new_password.clone();
    let cost = state.policy.password_hashing;
    let _slot = hash_slot(state).await?;
    tokio::task::spawn_blocking(move || password::hash(&pw, cost))
        .await
        .map_err(|_| ApiError::internal("password hashing failed"))?
        .map_err(ApiError::internal)
}

/// Waits for a free hashing slot (see `Shared::hash_slots`).
async fn hash_slot(state: &AppState) -> ApiResult<tokio::sync::SemaphorePermit<'_>> {
    state
        .hash_slots
        .acquire()
        .await
        .map_err(|_| ApiError::internal("service shutting down"))
}

/// One mail per card per `mail_interval`.
pub fn check_mail_rate(state: &AppState, card_number: &str) -> ApiResult<()> {
    let now = state.clock.now();
    state
        .store()
        .limits
        .check(
            &format!("mail:{card_number}"),
            1,
            state.policy.mail_interval,
            now,
        )
        .map_err(ApiError::rate_limited)
}

/// A mail code: twelve characters of the device-code alphabet, uniform (256 is a multiple of
/// 32), kept in its canonical form (the mail shows it in groups).
fn new_mail_code() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; MAIL_CODE_LEN];
    rand::rng().fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(DEVICE_CODE_ALPHABET[usize::from(b & 31)]))
        .collect()
}

/// Issues a mail code and places the mail in the outbox.
pub async fn send_mail(state: &AppState, card_number: &str, kind: MailKind, to: &str) {
    let token = new_mail_code();
    {
        let now = state.clock.now();
        let mut store = state.store();
        store.prune(now, &state.policy);
        store.mail_tokens.insert(
            token.clone(),
            MailToken {
                card_number: card_number.to_owned(),
                kind,
                email: to.to_owned(),
                expires: now + state.policy.mail_token_ttl,
            },
        );
    }
    state
        .outbox
        .send(kind, to, &format_mail_code(&token), state.clock.wall_now())
        .await;
}

/// A signed-in caller: `Authorization: Bearer <token>` naming a live session. The idle
/// lifetime restarts with each use.
#[derive(Debug)]
pub struct Authed {
    pub card_number: String,
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(&parts.headers)
            .ok_or_else(|| ApiError::new(ErrorCode::SessionExpired, "not signed in"))?;
        let now = state.clock.now();
        let ttl = state.policy.session_ttl;
        let mut store = state.store();
        let live = match store.sessions.get_mut(token) {
            Some(session) if now.duration_since(session.last_used) < ttl => {
                session.last_used = now;
                Some(session.card_number.clone())
            }
            _ => None,
        };
        match live {
            Some(card_number) => Ok(Self { card_number }),
            None => {
                store.sessions.remove(token);
                Err(ApiError::new(
                    ErrorCode::SessionExpired,
                    "the session has ended; sign in again",
                ))
            }
        }
    }
}

/// The bearer token of a request, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty())
}
