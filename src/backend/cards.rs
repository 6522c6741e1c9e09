//! The card side of the backend. Every exchange opens its own shared connection, does one
//! short thing and disconnects leaving the card (DESIGN: never hold the card across user
//! input or a network round trip), on a blocking thread so the UI's executor never waits on
//! PC/SC.

use std::sync::Arc;

use crate::card::session::{self, SessionError};
use crate::card::{mask_id, mask_name};
use crate::flow::Holder;
use crate::problem::Problem;
use crate::reader::{CardConnection, ReadError, ReaderError, SmartCardService, read_card};

/// Opens a smart-card context: real PC/SC, or the in-process demo reader.
pub type Connector = Arc<dyn Fn() -> Result<Box<dyn SmartCardService>, ReaderError> + Send + Sync>;

/// Short card exchanges through a [`Connector`].
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
            let mut service = connector().map_err(|e| Problem::from(&e))?;
            let reading = read_card(service.as_mut(), &reader).map_err(|e| Problem::from(&e))?;
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

    /// GET CHALLENGE: the card's 8 random bytes, the first half of card proof.
    pub async fn card_random(&self, reader: String) -> Result<[u8; 8], Problem> {
        self.exchange(reader, |c| session::get_challenge(c)).await
    }

    /// Card authentication of the service's challenge: the card's 16-byte answer. The card
    /// pairs it with its last GET CHALLENGE random, which survives the disconnect in between
    /// (leaving the card does not reset it).
    pub async fn card_answer(
        &self,
        reader: String,
        challenge: [u8; 32],
    ) -> Result<[u8; 16], Problem> {
        self.exchange(reader, move |c| session::authenticate(c, &challenge))
            .await
    }

    /// Connect, SELECT the NHI applet, run `f`, disconnect leaving the card.
    async fn exchange<T: Send + 'static>(
        &self,
        reader: String,
        f: impl FnOnce(&mut dyn CardConnection) -> Result<T, SessionError<ReaderError>> + Send + 'static,
    ) -> Result<T, Problem> {
        let connector = Arc::clone(&self.connector);
        blocking(move || {
            let mut service = connector().map_err(|e| Problem::from(&e))?;
            let mut connection = service.connect(&reader).map_err(|e| Problem::from(&e))?;
            let result =
                session::select_applet(connection.as_mut()).and_then(|()| f(connection.as_mut()));
            if let Err(e) = connection.disconnect() {
                tracing::debug!(error = %e, "disconnect after a card exchange failed");
            }
            result.map_err(|e| Problem::from(&ReadError::from(e)))
        })
        .await
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
