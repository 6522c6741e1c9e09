//! First-time application, e-mail verification, resend, forgotten password and reset, and the
//! signed-in account changes (password, e-mail).
//!
//! Every call that acts on a card without a session needs fresh card proof: the card in the
//! reader is what stands for the person, as on the official site.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use nhi_protocol::protocol::{
    AccountResponse, ApplicationRequest, CardProofRequest, ChangeEmailRequest,
    ChangePasswordRequest, ErrorCode, MailKind, MailSentResponse, ResetPasswordRequest,
    TokenRequest, normalize_mail_code,
};

use super::super::api_error::{ApiError, ApiJson, ApiResult};
use super::super::cards::is_id_number;
use super::super::clock::rfc3339;
use super::super::mail::{is_email, mask_email};
use super::super::state::{Account, AppState, persist};
use super::{
    Authed, check_id_number, check_mail_rate, check_password, consume_proof, hash_new_password,
    send_mail,
};

fn mail_sent(to: &str) -> Json<MailSentResponse> {
    Json(MailSentResponse {
        email: mask_email(to),
    })
}

/// `POST /api/v1/applications` (201): card proof + ID number + e-mail + password. The account
/// exists at once, unverified; signing in needs the verification mail followed.
pub async fn apply(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ApplicationRequest>,
) -> ApiResult<(StatusCode, Json<MailSentResponse>)> {
    let card_number = consume_proof(&state, &req.challenge_id, &req.card_answer)?;
    if state.store().accounts.contains_key(&card_number) {
        return Err(ApiError::new(
            ErrorCode::AlreadyRegistered,
            "this card is already registered; sign in or reset the password",
        ));
    }
    match state.cards.id_number(&card_number) {
        Some(known) => check_id_number(known, &req.id_number)?,
        None if is_id_number(&req.id_number) => {}
        None => return Err(ApiError::invalid("id_number is not in a known format")),
    }
    if !is_email(&req.email) {
        return Err(ApiError::invalid("email is not a valid address"));
    }
    let hash = hash_new_password(&state, &req.password).await?;
    check_mail_rate(&state, &card_number)?;
    {
        let mut store = state.store();
        // Checked again: another application may have won while the hash was computed.
        if store.accounts.contains_key(&card_number) {
            return Err(ApiError::new(
                ErrorCode::AlreadyRegistered,
                "this card is already registered",
            ));
        }
        store.accounts.insert(
            card_number.clone(),
            Account {
                card_number: card_number.clone(),
                id_number: req.id_number.clone(),
                email: req.email.clone(),
                email_verified: false,
                pending_email: None,
                password_hash: hash,
                registered_at: rfc3339(state.clock.wall_now()),
                failed_attempts: 0,
                locked_until: None,
            },
        );
    }
    persist(&state).await;
    send_mail(&state, &card_number, MailKind::Verification, &req.email).await;
    tracing::info!("application received");
    Ok((StatusCode::CREATED, mail_sent(&req.email)))
}

/// `POST /api/v1/email/verify`: the token from a verification mail. Verifies the registered
/// address, or makes a pending new address the registered one.
pub async fn verify_email(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<TokenRequest>,
) -> ApiResult<Json<MailSentResponse>> {
    let now = state.clock.now();
    let verified = {
        let mut store = state.store();
        let token = store
            .mail_tokens
            .remove(&normalize_mail_code(&req.token))
            .filter(|t| t.kind == MailKind::Verification && t.expires > now)
            .ok_or_else(invalid_token)?;
        let account = store
            .accounts
            .get_mut(&token.card_number)
            .ok_or_else(invalid_token)?;
        if account.pending_email.as_deref() == Some(token.email.as_str()) {
            account.email = token.email.clone();
            account.pending_email = None;
            account.email_verified = true;
        } else if account.email == token.email {
            account.email_verified = true;
        } else {
            // A mail for an address that has since been replaced.
            return Err(invalid_token());
        }
        token.email
    };
    persist(&state).await;
    Ok(mail_sent(&verified))
}

fn invalid_token() -> ApiError {
    ApiError::new(
        ErrorCode::InvalidToken,
        "the link is invalid, already used or expired",
    )
}

/// `POST /api/v1/email/resend` (202): card proof + ID number.
pub async fn resend_verification(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<CardProofRequest>,
) -> ApiResult<(StatusCode, Json<MailSentResponse>)> {
    let card_number = proven_registered_card(&state, &req)?;
    let to = {
        let store = state.store();
        let account = &store.accounts[&card_number];
        match (&account.pending_email, account.email_verified) {
            (Some(pending), _) => pending.clone(),
            (None, false) => account.email.clone(),
            (None, true) => {
                return Err(ApiError::invalid("the e-mail address is already verified"));
            }
        }
    };
    check_mail_rate(&state, &card_number)?;
    send_mail(&state, &card_number, MailKind::Verification, &to).await;
    Ok((StatusCode::ACCEPTED, mail_sent(&to)))
}

/// `POST /api/v1/password/forgot` (202): card proof + ID number; mails a reset token to the
/// registered address.
pub async fn forgot_password(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<CardProofRequest>,
) -> ApiResult<(StatusCode, Json<MailSentResponse>)> {
    let card_number = proven_registered_card(&state, &req)?;
    let to = state.store().accounts[&card_number].email.clone();
    check_mail_rate(&state, &card_number)?;
    send_mail(&state, &card_number, MailKind::PasswordReset, &to).await;
    Ok((StatusCode::ACCEPTED, mail_sent(&to)))
}

/// Card proof for a registered card whose ID number matches.
fn proven_registered_card(state: &AppState, req: &CardProofRequest) -> ApiResult<String> {
    let card_number = consume_proof(state, &req.challenge_id, &req.card_answer)?;
    let store = state.store();
    let account = store.accounts.get(&card_number).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotRegistered,
            "this card is not registered; apply first",
        )
    })?;
    check_id_number(&account.id_number, &req.id_number)?;
    Ok(card_number)
}

/// `POST /api/v1/password/reset` (204): reset token + new password. Lifts a lock and ends the
/// card's sessions (whoever had them knew the old password). Following the mail also proves
/// the address, so it counts as verification.
pub async fn reset_password(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<ResetPasswordRequest>,
) -> ApiResult<StatusCode> {
    let now = state.clock.now();
    let code = normalize_mail_code(&req.token);
    let card_number = {
        let store = state.store();
        store
            .mail_tokens
            .get(&code)
            .filter(|t| t.kind == MailKind::PasswordReset && t.expires > now)
            .map(|t| t.card_number.clone())
            .ok_or_else(invalid_token)?
    };
    let hash = hash_new_password(&state, &req.new_password).await?;
    {
        let mut store = state.store();
        // Used up only now, so a weak new password does not burn the mail.
        store.mail_tokens.remove(&code).ok_or_else(invalid_token)?;
        let account = store
            .accounts
            .get_mut(&card_number)
            .ok_or_else(invalid_token)?;
        account.password_hash = hash;
        account.failed_attempts = 0;
        account.locked_until = None;
        account.email_verified = true;
        store.sessions.retain(|_, s| s.card_number != card_number);
    }
    persist(&state).await;
    tracing::info!("password reset");
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/account/password` (204).
pub async fn change_password(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(req): ApiJson<ChangePasswordRequest>,
) -> ApiResult<StatusCode> {
    check_password(&state, &authed.card_number, &req.current_password).await?;
    let hash = hash_new_password(&state, &req.new_password).await?;
    if let Some(account) = state.store().accounts.get_mut(&authed.card_number) {
        account.password_hash = hash;
    }
    persist(&state).await;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/account/email` (202): password + new address. The new address becomes the
/// registered one when its verification mail is followed; until then the old one stays.
pub async fn change_email(
    State(state): State<AppState>,
    authed: Authed,
    ApiJson(req): ApiJson<ChangeEmailRequest>,
) -> ApiResult<(StatusCode, Json<MailSentResponse>)> {
    if !is_email(&req.new_email) {
        return Err(ApiError::invalid("new_email is not a valid address"));
    }
    check_password(&state, &authed.card_number, &req.password).await?;
    check_mail_rate(&state, &authed.card_number)?;
    if let Some(account) = state.store().accounts.get_mut(&authed.card_number) {
        account.pending_email = Some(req.new_email.clone());
    }
    persist(&state).await;
    send_mail(
        &state,
        &authed.card_number,
        MailKind::Verification,
        &req.new_email,
    )
    .await;
    Ok((StatusCode::ACCEPTED, mail_sent(&req.new_email)))
}

/// `GET /api/v1/account`.
pub async fn account(
    State(state): State<AppState>,
    authed: Authed,
) -> ApiResult<Json<AccountResponse>> {
    let store = state.store();
    let account = store
        .accounts
        .get(&authed.card_number)
        .ok_or_else(|| ApiError::new(ErrorCode::NotRegistered, "this card is not registered"))?;
    Ok(Json(AccountResponse {
        card_number: account.card_number.clone(),
        email: account.email.clone(),
        email_verified: account.email_verified,
        pending_email: account.pending_email.clone(),
    }))
}
