//! [`Registration`]: the flow's effects carried out on the card and the registration service.
//!
//! Card proof (sign-in, application, resend, forgotten password) is three steps: the card's
//! GET CHALLENGE random, the service's challenge for it, the card's answer. Each card step is
//! its own short connection (see [`super::cards`]); the network call happens with the card
//! left alone.

use std::time::{Duration, Instant};

use chrono::{DateTime, Local, NaiveDateTime};

use super::{Backend, BoxFuture, Cards};
use crate::flow::{self, CodeStatus, Effect, Reply, Secret};
use crate::problem::Problem;
use crate::service::protocol::{DeviceInfo, OutboxMessage};
use crate::service::{
    CardProof, DeviceCodeStatus, Password, RegistrationClient, ServiceError, Session, SessionToken,
};

/// The real backend: cards through `cards`, everything else through `client`.
#[derive(Clone)]
pub struct Registration {
    cards: Cards,
    client: RegistrationClient,
}

fn problem(e: ServiceError) -> Problem {
    tracing::debug!(error = %e, "registration service call failed");
    Problem::from(&e)
}

/// The client's session for a token the flow holds. Only the token goes on the wire; the
/// flow tracks expiry itself (the service answers `session_expired`).
fn session(token: &Secret) -> Session {
    Session {
        token: SessionToken::new(token.expose()),
        expires_in: Duration::ZERO,
        deadline: Instant::now(),
    }
}

/// An RFC 3339 instant from the service, on this computer's local clock, for display.
fn local_time(rfc3339: &str) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc3339(rfc3339)
        .ok()
        .map(|t| t.with_timezone(&Local).naive_local())
}

/// The platform as people write it (the protocol sends lowercase identifiers).
fn platform(p: &str) -> &str {
    match p {
        "android" => "Android",
        "ios" => "iPhone",
        other => other,
    }
}

fn device(d: DeviceInfo) -> flow::DeviceInfo {
    flow::DeviceInfo {
        label: format!("{} · {}", d.device_name, platform(&d.platform)),
        authenticated_at: local_time(&d.authenticated_at),
        id: d.device_id,
    }
}

impl Registration {
    pub fn new(cards: Cards, client: RegistrationClient) -> Registration {
        Registration { cards, client }
    }

    pub fn client(&self) -> &RegistrationClient {
        &self.client
    }

    /// The reference service's outbox (demo mode shows the mails on screen).
    pub async fn outbox(&self) -> Result<Vec<OutboxMessage>, Problem> {
        self.client.demo_outbox().await.map_err(problem)
    }

    /// Fresh card proof from the card in `reader`.
    async fn card_proof(&self, reader: &str, card_number: &str) -> Result<CardProof, Problem> {
        let random = self.cards.card_random(reader.to_owned()).await?;
        let challenge = self
            .client
            .request_challenge(card_number, &random)
            .await
            .map_err(problem)?;
        let card_answer = self
            .cards
            .card_answer(reader.to_owned(), challenge.challenge)
            .await?;
        Ok(CardProof {
            challenge_id: challenge.challenge_id,
            card_answer,
        })
    }

    async fn answer(self, effect: Effect) -> Option<Reply> {
        Some(match effect {
            Effect::ReadCard { reader, .. } => {
                Reply::CardRead(self.cards.read_holder(reader).await)
            }
            Effect::SignIn {
                reader,
                card_number,
                id_number,
                password,
                ..
            } => Reply::SignedIn(
                async {
                    let proof = self.card_proof(&reader, card_number.expose()).await?;
                    let password = Password::new(password.expose());
                    let session = self
                        .client
                        .sign_in(&proof, id_number.expose(), &password)
                        .await
                        .map_err(problem)?;
                    Ok(Secret::new(session.token.expose()))
                }
                .await,
            ),
            Effect::Apply {
                reader,
                card_number,
                id_number,
                password,
                email,
                ..
            } => Reply::ApplicationSent(
                async {
                    let proof = self.card_proof(&reader, card_number.expose()).await?;
                    let password = Password::new(password.expose());
                    self.client
                        .apply(&proof, id_number.expose(), email.expose(), &password)
                        .await
                        .map(|sent| Secret::new(sent.email))
                        .map_err(problem)
                }
                .await,
            ),
            Effect::ResendVerification {
                reader,
                card_number,
                id_number,
                ..
            } => Reply::VerificationResent(
                async {
                    let proof = self.card_proof(&reader, card_number.expose()).await?;
                    self.client
                        .resend_verification(&proof, id_number.expose())
                        .await
                        .map(|sent| Secret::new(sent.email))
                        .map_err(problem)
                }
                .await,
            ),
            // The protocol sends the reset mail to the registered address, and says where.
            Effect::RequestPasswordReset {
                reader,
                card_number,
                id_number,
                ..
            } => Reply::PasswordResetSent(
                async {
                    let proof = self.card_proof(&reader, card_number.expose()).await?;
                    self.client
                        .forgot_password(&proof, id_number.expose())
                        .await
                        .map(|sent| Secret::new(sent.email))
                        .map_err(problem)
                }
                .await,
            ),
            // The mail's code is the proof: no card step, the card may even be elsewhere.
            Effect::VerifyEmail { token, .. } => Reply::EmailVerified(
                self.client
                    .verify_email(token.expose())
                    .await
                    .map(drop)
                    .map_err(problem),
            ),
            Effect::ResetPassword {
                token,
                new_password,
                ..
            } => Reply::PasswordChanged(
                self.client
                    .reset_password(token.expose(), &Password::new(new_password.expose()))
                    .await
                    .map_err(problem),
            ),
            Effect::CreateCode { token, .. } => Reply::CodeCreated(
                self.client
                    .create_device_code(&session(&token))
                    .await
                    .map(|c| flow::DeviceCode {
                        expires_at: local_time(&c.expires_at)
                            .unwrap_or_else(|| (Local::now() + c.ttl).naive_local()),
                        code: Secret::new(c.code.as_str()),
                        qr_payload: Secret::new(c.qr_payload.as_str()),
                        ttl: c.ttl,
                        deadline: Some(c.deadline),
                    })
                    .map_err(problem),
            ),
            Effect::PollCodeStatus { token, code, .. } => Reply::CodeStatus(
                self.client
                    .device_code_status(&session(&token), code.expose())
                    .await
                    .map(|s| match s {
                        DeviceCodeStatus::Pending => CodeStatus::Pending,
                        DeviceCodeStatus::Redeemed(d) => {
                            CodeStatus::Redeemed(Some(device(d).label))
                        }
                        DeviceCodeStatus::Expired => CodeStatus::Expired,
                    })
                    .map_err(problem),
            ),
            Effect::ListDevices { token, .. } => Reply::DevicesListed(
                self.client
                    .list_devices(&session(&token))
                    .await
                    .map(|list| list.into_iter().map(device).collect())
                    .map_err(problem),
            ),
            Effect::RevokeDevice {
                token, device_id, ..
            } => Reply::DeviceRevoked(
                self.client
                    .revoke_device(&session(&token), &device_id)
                    .await
                    .map(|()| device_id)
                    .map_err(problem),
            ),
            Effect::SignOut { token } => {
                // Idempotent at the service and retried by the client; if it still fails the
                // session ends by itself after its idle time.
                let _ = self.client.sign_out(&session(&token)).await;
                return None;
            }
            Effect::Cancel(_) => return None,
        })
    }
}

impl Backend for Registration {
    fn perform(&self, effect: Effect) -> BoxFuture<Option<Reply>> {
        Box::pin(self.clone().answer(effect))
    }
}
