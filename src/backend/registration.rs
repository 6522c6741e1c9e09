//! [`Registration`]: the flow's effects carried out on the card and the registration service.
//!
//! Card proof (sign-in, application, resend, forgotten password) is three steps: the card's
//! GET CHALLENGE random, the service's challenge for it, the card's answer. The card is held in
//! one shared connection across the challenge request (see [`super::held_card`]), and the
//! whole proof is made once more when the card lost its session on the way.

use std::future::Future;
use std::time::{Duration, Instant};

use chrono::{DateTime, Local, NaiveDateTime};

use super::{Backend, BoxFuture, Cards, StepError};
use crate::flow::{self, CodeStatus, Effect, Reply, Secret};
use crate::problem::{AsProblem, Problem};
use crate::service::protocol::{DeviceInfo, OutboxMessage};
use crate::service::{
    CardProof, DeviceCodeStatus, Password, RegistrationClient, ServiceError, Session, SessionToken,
};

/// The real backend: cards through `cards`, everything else through `client`.
#[derive(Clone)]
pub struct Registration {
    cards: Cards,
    client: RegistrationClient,
    /// The certificate tokens (the Citizen Digital Certificate's module, or the demo's).
    pub(super) tokens: super::Tokens,
}

/// Why one card proof (with the call it authorises) failed.
enum Attempt {
    /// Worth one fresh proof: the card lost its session, or the service did not accept the
    /// answer. `then` is what to tell the person if the fresh proof fails this way too.
    Again { then: Problem },
    /// Tell the person.
    Failed(Problem),
}

impl Attempt {
    fn into_problem(self) -> Problem {
        match self {
            Attempt::Again { then } | Attempt::Failed(then) => then,
        }
    }
}

impl From<StepError> for Attempt {
    fn from(e: StepError) -> Attempt {
        match e {
            StepError::SessionLost => Attempt::Again {
                then: Problem::CardSessionLost,
            },
            StepError::Failed(problem) => Attempt::Failed(problem),
        }
    }
}

/// What to tell the person about a failed service call. Nothing answering at a loopback
/// address is the service on this computer not running, not the internet connection.
pub(super) fn problem_at(e: ServiceError, loopback: bool) -> Problem {
    tracing::debug!(error = %e, "registration service call failed");
    match e.problem() {
        Problem::NetworkDown if loopback => Problem::LocalServiceNotRunning,
        other => other,
    }
}

/// The client's session for a token the flow holds. Only the token goes on the wire; the
/// flow tracks expiry itself (the service answers `session_expired`).
pub(super) fn session(token: &Secret) -> Session {
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
        Registration {
            cards,
            client,
            tokens: super::Tokens::pkcs11(None),
        }
    }

    /// The same, with certificate tokens from `tokens` (by default the vendor module in its
    /// usual install locations).
    pub fn with_tokens(self, tokens: super::Tokens) -> Registration {
        Registration { tokens, ..self }
    }

    pub fn client(&self) -> &RegistrationClient {
        &self.client
    }

    /// The reference service's outbox (demo mode shows the mails on screen).
    pub async fn outbox(&self) -> Result<Vec<OutboxMessage>, Problem> {
        let problem = |e| problem_at(e, self.client.is_loopback());
        self.client.demo_outbox().await.map_err(problem)
    }

    /// Card proof from the card in `reader`, then `call` with it (sign-in, application,
    /// resend, forgotten password). When the card lost its session on the way (reset, or its
    /// random gone: `69 85`) or the service did not accept the answer (`card_auth_failed`:
    /// another program may have replaced the random; `challenge_expired`), the whole proof is
    /// made once more with a fresh GET CHALLENGE before anything is said. Each of those calls
    /// checks the card proof before anything else, so a repeat costs no password attempt.
    async fn with_card_proof<T, F, Fut>(
        &self,
        reader: &str,
        card_number: &str,
        call: F,
    ) -> Result<T, Problem>
    where
        F: Fn(CardProof) -> Fut,
        Fut: Future<Output = Result<T, ServiceError>>,
    {
        match self.prove_and_call(reader, card_number, &call).await {
            Err(Attempt::Again { then }) => {
                tracing::info!(
                    why = then.message_id(),
                    "card proof failed on the way; proving once more with a fresh challenge"
                );
                self.prove_and_call(reader, card_number, &call)
                    .await
                    .map_err(Attempt::into_problem)
            }
            other => other.map_err(Attempt::into_problem),
        }
    }

    /// One card proof and the call it authorises. The card is held from GET CHALLENGE to its
    /// answer, across the challenge request, and let go before `call`.
    async fn prove_and_call<T, F, Fut>(
        &self,
        reader: &str,
        card_number: &str,
        call: &F,
    ) -> Result<T, Attempt>
    where
        F: Fn(CardProof) -> Fut,
        Fut: Future<Output = Result<T, ServiceError>>,
    {
        let problem = |e| problem_at(e, self.client.is_loopback());
        let card = self.cards.hold(reader.to_owned()).await?;
        let random = card.card_random().await?;
        let challenge = self
            .client
            .request_challenge(card_number, &random)
            .await
            .map_err(|e| Attempt::Failed(problem(e)))?;
        let card_answer = card.card_answer(challenge.challenge).await?;
        drop(card);
        let proof = CardProof {
            challenge_id: challenge.challenge_id,
            card_answer,
        };
        call(proof).await.map_err(|e| match e {
            ServiceError::CardAuthFailed | ServiceError::ChallengeExpired => {
                Attempt::Again { then: problem(e) }
            }
            e => Attempt::Failed(problem(e)),
        })
    }

    async fn answer(self, effect: Effect) -> Option<Reply> {
        let loopback = self.client.is_loopback();
        let problem = move |e| problem_at(e, loopback);
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
                self.with_card_proof(&reader, card_number.expose(), |proof| {
                    let password = Password::new(password.expose());
                    let (client, id_number) = (self.client.clone(), id_number.clone());
                    async move {
                        let session = client
                            .sign_in(&proof, id_number.expose(), &password)
                            .await?;
                        Ok(Secret::new(session.token.expose()))
                    }
                })
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
                self.with_card_proof(&reader, card_number.expose(), |proof| {
                    let password = Password::new(password.expose());
                    let (client, id_number, email) =
                        (self.client.clone(), id_number.clone(), email.clone());
                    async move {
                        client
                            .apply(&proof, id_number.expose(), email.expose(), &password)
                            .await
                            .map(|sent| Secret::new(sent.email))
                    }
                })
                .await,
            ),
            Effect::ResendVerification {
                reader,
                card_number,
                id_number,
                ..
            } => Reply::VerificationResent(
                self.with_card_proof(&reader, card_number.expose(), |proof| {
                    let (client, id_number) = (self.client.clone(), id_number.clone());
                    async move {
                        client
                            .resend_verification(&proof, id_number.expose())
                            .await
                            .map(|sent| Secret::new(sent.email))
                    }
                })
                .await,
            ),
            // The protocol sends the reset mail to the registered address, and says where.
            Effect::RequestPasswordReset {
                reader,
                card_number,
                id_number,
                ..
            } => Reply::PasswordResetSent(
                self.with_card_proof(&reader, card_number.expose(), |proof| {
                    let (client, id_number) = (self.client.clone(), id_number.clone());
                    async move {
                        client
                            .forgot_password(&proof, id_number.expose())
                            .await
                            .map(|sent| Secret::new(sent.email))
                    }
                })
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
            Effect::ReadCertificate { reader, slot, .. } => {
                Reply::CertificateRead(self.read_certificate(reader, slot).await)
            }
            Effect::CertificateSignIn {
                slot,
                id_number,
                pin,
                ..
            } => Reply::CertificateSignedIn(self.certificate_sign_in(slot, id_number, pin).await),
            Effect::Cancel(_) => return None,
        })
    }
}

impl Backend for Registration {
    fn perform(&self, effect: Effect) -> BoxFuture<Option<Reply>> {
        Box::pin(self.clone().answer(effect))
    }
}
