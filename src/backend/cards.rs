//! The card side of the backend, off the UI's executor (PC/SC calls block).
//!
//! Reading the card is one short shared connection that disconnects leaving the card (never
//! held across user input). A card proof holds one shared connection from GET CHALLENGE to the
//! card's answer, across the service's challenge round trip, because the card forgets its
//! random once pcscd powers it down ([`HeldCard`]); no PC/SC transaction is held meanwhile.

use std::sync::Arc;

use super::held_card::HeldCard;
use crate::card::apdu::StatusWord;
use crate::card::session::{self, SessionError};
use crate::card::{CardError, UnreadableReason, mask_id, mask_name};
use crate::flow::Holder;
use crate::problem::{AsProblem, Problem};
use crate::reader::{CardConnection, ReadError, ReaderError, SmartCardService, read_card};

pub use crate::reader::Connector;

/// Card exchanges through a [`Connector`].
#[derive(Clone)]
pub struct Cards {
    connector: Connector,
}

impl Cards {
    pub fn new(connector: Connector) -> Cards {
        Cards { connector }
    }

    /// Real PC/SC.
    pub fn pcsc() -> Cards {
        Cards::new(Arc::new(|| {
            crate::reader::pcsc_backend::PcscService::establish()
                .map(|s| Box::new(s) as Box<dyn SmartCardService>)
        }))
    }

    /// Reads the card's public data; the flow keeps the identifiers and the masked forms.
    pub async fn read_holder(&self, reader: String) -> Result<Holder, Problem> {
        let connector = Arc::clone(&self.connector);
        blocking(move || {
            let mut service = connector().map_err(|e| e.problem())?;
            let reading = read_card(service.as_mut(), &reader).map_err(|e| e.problem())?;
            let profile = &reading.profile;
            Ok(Holder {
                card_number: profile.card_number.as_str().into(),
                id_number: profile.id_number.as_str().into(),
                masked_name: mask_name(&profile.name).into(),
                masked_id: mask_id(&profile.id_number).into(),
            })
        })
        .await
    }

    /// Holds the card in `reader` for one card proof: one shared connection from GET
    /// CHALLENGE to the card's answer, so the card stays powered (and keeps its random)
    /// across the service's round trip. Let go when the [`ProofCard`] is dropped.
    pub async fn hold(&self, reader: String) -> Result<ProofCard, StepError> {
        HeldCard::open(Arc::clone(&self.connector), reader)
            .await
            .map(ProofCard)
            .map_err(|e| step_error(SessionError::Transport(e)))
    }
}

/// Why a card step of a card proof failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepError {
    /// The card lost the state the proof needs: it was reset (by another program or the
    /// reader: `SCARD_W_RESET_CARD`), or it answers the authentication with `69 85`
    /// (conditions not satisfied: it has no GET CHALLENGE random, because it was powered down
    /// or reset in between). A fresh proof may well succeed.
    SessionLost,
    /// Anything else, as the person is to be told.
    Failed(Problem),
}

/// The card of one card proof, held open (see [`Cards::hold`]).
pub struct ProofCard(HeldCard);

impl ProofCard {
    /// SELECT the NHI applet and GET CHALLENGE: the card's 8 random bytes, the first half of
    /// card proof.
    pub async fn card_random(&self) -> Result<[u8; 8], StepError> {
        self.step(|c| session::select_applet(c).and_then(|()| session::get_challenge(c)))
            .await
    }

    /// Card authentication of the service's challenge: the card's 16-byte answer, made with
    /// the random of the GET CHALLENGE before it on this same connection.
    pub async fn card_answer(&self, challenge: [u8; 32]) -> Result<[u8; 16], StepError> {
        self.step(move |c| session::authenticate(c, &challenge))
            .await
    }

    async fn step<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut dyn CardConnection) -> Result<T, SessionError<ReaderError>> + Send + 'static,
    ) -> Result<T, StepError> {
        match self.0.run(f).await {
            Some(result) => result.map_err(step_error),
            // A panicked step reads as an unreadable card, as in `blocking`.
            None => Err(StepError::Failed(Problem::CardUnreadable)),
        }
    }
}

/// Sorts a card step's failure: a lost card session is worth one fresh proof, the rest is
/// told as it is.
fn step_error(e: SessionError<ReaderError>) -> StepError {
    match e {
        SessionError::Transport(ReaderError::CardReset) => StepError::SessionLost,
        SessionError::Card(CardError::Unreadable(UnreadableReason::UnexpectedStatus(
            StatusWord::CONDITIONS_NOT_SATISFIED,
        ))) => StepError::SessionLost,
        e => StepError::Failed(ReadError::from(e).problem()),
    }
}

/// Runs PC/SC work off the async executor. A panicked worker reads as an unreadable card.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or(Err(Problem::CardUnreadable))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::apdu::SELECT_NHI;
    use crate::reader::atr::CITIZEN_DIGITAL_CERTIFICATE_ATR;
    use crate::reader::fake::{FakeCard, FakeWorld};

    #[tokio::test]
    async fn a_citizen_digital_certificate_is_named_as_such() {
        let world = FakeWorld::new();
        world.add_reader("R");
        world.insert_card(
            "R",
            FakeCard::new(CITIZEN_DIGITAL_CERTIFICATE_ATR).answer(SELECT_NHI, [0x6A, 0x82]),
        );
        let w = world.clone();
        let cards = Cards::new(Arc::new(move || {
            w.service()
                .map(|s| Box::new(s) as Box<dyn SmartCardService>)
        }));
        assert_eq!(
            cards.read_holder("R".into()).await.err(),
            Some(Problem::CitizenDigitalCertificate)
        );
        assert_eq!(world.open_connections(), 0);
    }
}
