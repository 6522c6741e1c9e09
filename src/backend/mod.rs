//! Carries out the flow's effects: the card in the reader and the registration service.
//!
//! Plain Rust and tokio, no iced: the desktop app only hands effects to a [`Backend`] and
//! turns the replies back into flow events, so this layer is tested without a window.
//!
//! - [`cards`]: the card exchanges off the async executor: the read, in a short connection of
//!   its own; a card proof's GET CHALLENGE and authentication, in one connection held across
//!   the service's round trip ([`held_card`]). Every connection leaves the card as it was.
//! - [`registration`]: [`Registration`], the real backend: cards + `service::RegistrationClient`.
//! - [`demo`]: the demo card in an in-process reader and the embedded reference service.
//! - [`tokens`]: the certificate tokens (自然人憑證) through their PKCS#11 module, or the
//!   demo's; `certificate_sign_in` carries out the certificate effects with them.
//! - [`readers`]: the readers watched (PC/SC's or the demo's), as the flow's signals.
//! - [`Unavailable`]: what runs when no service can be used (a bad URL): every request says
//!   why.
//!
//! The desktop app reaches the readers and the service only through here ([`connect`],
//! [`service_address`], [`readers`], [`Demo`]), and the few protocol words its screens show.

pub mod cards;
mod certificate_sign_in;
pub mod demo;
pub mod held_card;
pub mod readers;
pub mod registration;
pub mod token_watch;
pub mod tokens;

use std::future::Future;
use std::pin::Pin;

pub use cards::{Cards, Connector, ProofCard, StepError};
pub use demo::{DEMO_READER, DEMO_TOKEN_SLOT, Demo, PasswordHint, PracticeCard};
pub use registration::Registration;
pub use tokens::Tokens;

/// The protocol's words the screens show or check: the demo mailbox's mails, the password
/// and e-mail rules the forms check before anything is sent.
pub use crate::service::protocol::{
    MailKind, OutboxMessage, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, is_email_shape,
    is_id_number_shape,
};

use crate::flow::{Effect, Reply};
use crate::problem::{AsProblem, Problem};
use crate::service::RegistrationClient;

/// The real backend: cards through `cards`, certificate tokens through `tokens`, the
/// registration service at `url`; or why that address cannot be used.
pub fn connect(cards: Cards, tokens: Tokens, url: &str) -> Result<Registration, Problem> {
    RegistrationClient::new(url)
        .map(|client| Registration::new(cards, client).with_tokens(tokens))
        .map_err(|e| e.problem())
}

/// A service address as typed in settings, as it will be used and stored: trimmed, a pasted
/// endpoint (`…/api/v1`) taken back to the service root; or why it cannot be used.
pub fn service_address(typed: &str) -> Result<String, Problem> {
    let url = crate::service::address::normalise_service_url_from(typed, "settings");
    RegistrationClient::new(&url)
        .map(|_| url)
        .map_err(|e| e.problem())
}

pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Carries out the flow's request effects.
pub trait Backend: Send + Sync {
    /// The reply to a request effect (`None` for effects without one, e.g. sign-out).
    fn perform(&self, effect: Effect) -> BoxFuture<Option<Reply>>;
}

/// No registration service can be used (e.g. the configured URL is invalid): every request,
/// the card read included, answers with why, so the person sees it at the first step.
pub struct Unavailable(pub Problem);

impl Backend for Unavailable {
    fn perform(&self, effect: Effect) -> BoxFuture<Option<Reply>> {
        let reply = effect.failed(self.0.clone());
        Box::pin(async move { reply })
    }
}
