//! The demo: practice cards in an in-process reader and, unless another service is given, the
//! reference service embedded on loopback. Two practice cards: 王小明's, registered there with
//! `Demo1234`, and a new card (陳美玲's) that has not applied yet, so the first-time
//! application can be practised end to end. No pcscd, no network: everything stays inside
//! this process.

use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use super::{Cards, Registration};
use crate::card::demo::{DEMO_CARD_NUMBER, DEMO_PASSWORD};
use crate::service::reference::{ReferenceConfig, spawn_on_loopback};
use crate::service::{RegistrationClient, ServiceError};
use crate::virtual_card::{CardProfile, InProcessReader};

/// The name of the in-process demo reader.
pub const DEMO_READER: &str = "NHI Companion Demo Reader";

/// The reference service on `127.0.0.1:<free port>`, on a thread of its own with its own
/// runtime, so it runs the same whichever runtime (or none) the caller has. Dropping it stops
/// the service and waits for the thread.
pub struct EmbeddedService {
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl EmbeddedService {
    pub fn start(config: ReferenceConfig) -> Result<EmbeddedService, String> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("demo-service".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.to_string()));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match spawn_on_loopback(config).await {
                        Ok((_, handle)) => {
                            let _ = ready_tx.send(Ok(handle.base_url()));
                            let _ = stopped.await;
                            let _ = handle.shutdown().await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e.to_string()));
                        }
                    }
                });
            })
            .map_err(|e| e.to_string())?;
        let base_url = ready_rx
            .recv()
            .map_err(|_| "the demo service thread ended".to_owned())??;
        Ok(EmbeddedService {
            base_url,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

impl Drop for EmbeddedService {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Why the demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo service did not start: {0}")]
    Service(String),
    #[error(transparent)]
    Client(#[from] ServiceError),
}

/// The practice cards a person can put into the demo reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PracticeCard {
    /// 王小明's card, registered at the embedded service with [`DEMO_PASSWORD`].
    Registered,
    /// 陳美玲's card (the built-in `second` profile): not registered anywhere yet.
    New,
}

impl PracticeCard {
    pub const ALL: [PracticeCard; 2] = [PracticeCard::Registered, PracticeCard::New];

    fn profile(self) -> CardProfile {
        match self {
            PracticeCard::Registered => CardProfile::default(),
            PracticeCard::New => {
                CardProfile::builtin("second").expect("the built-in `second` profile exists")
            }
        }
    }

    fn of(card_number: &str) -> PracticeCard {
        if card_number == DEMO_CARD_NUMBER {
            PracticeCard::Registered
        } else {
            PracticeCard::New
        }
    }
}

/// What the card-ready screen tells a demo user about the password of the card in the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordHint {
    /// The practice password, still unchanged.
    Known(&'static str),
    /// The person chose this card's password (by applying or resetting it): theirs to recall.
    ChosenByYou,
    /// The card has not applied yet: 首次登入請先申請.
    NotRegistered,
}

/// A running demo: the reader (insert / take out a practice card), the backend on it, the
/// embedded service if this demo started one, and what the person did with each card.
pub struct Demo {
    pub reader: InProcessReader,
    pub backend: Registration,
    _service: Option<EmbeddedService>,
    /// The practice password was replaced (reset through the mail): per card.
    password_chosen: [bool; 2],
}

impl Demo {
    /// The demo card in its reader (inserted), and the registration service at `service_url`,
    /// or an embedded reference service when `None`.
    pub fn start(service_url: Option<&str>) -> Result<Demo, DemoError> {
        let reader = InProcessReader::new(DEMO_READER, CardProfile::default())
            .map_err(|e| DemoError::Service(e.to_string()))?;
        let (service, url) = match service_url {
            Some(url) => (None, url.to_owned()),
            None => {
                let service =
                    EmbeddedService::start(ReferenceConfig::demo()).map_err(DemoError::Service)?;
                let url = service.base_url().to_owned();
                (Some(service), url)
            }
        };
        let client = RegistrationClient::new(&url)?;
        let cards_reader = reader.clone();
        let cards = Cards::new(Arc::new(move || Ok(cards_reader.service())));
        reader.insert();
        Ok(Demo {
            reader,
            backend: Registration::new(cards, client),
            _service: service,
            password_chosen: [false, false],
        })
    }

    /// Which practice card is in the reader, if any.
    pub fn card_in(&self) -> Option<PracticeCard> {
        self.reader.card_number().map(|n| PracticeCard::of(&n))
    }

    /// Put `card` into the reader (nothing if one is in already).
    pub fn insert(&self, card: PracticeCard) {
        // The built-in profiles are valid.
        let _ = self.reader.insert_card(card.profile());
    }

    /// The card in the reader got a password the person chose (an application was sent, or
    /// a reset done): the practice password no longer applies.
    pub fn password_chosen(&mut self) {
        if let Some(card) = self.card_in() {
            self.password_chosen[card as usize] = true;
        }
    }

    /// What to tell about the password of the card in the reader.
    pub fn password_hint(&self) -> Option<PasswordHint> {
        let card = self.card_in()?;
        Some(match (card, self.password_chosen[card as usize]) {
            (_, true) => PasswordHint::ChosenByYou,
            (PracticeCard::Registered, false) => PasswordHint::Known(DEMO_PASSWORD),
            (PracticeCard::New, false) => PasswordHint::NotRegistered,
        })
    }

    pub fn client(&self) -> &RegistrationClient {
        self.backend.client()
    }

    /// Take the practice card out.
    pub fn remove(&self) {
        self.reader.remove();
    }

    /// The address of the service this demo uses.
    pub fn service_url(&self) -> String {
        self.client().base_url().to_string()
    }

    /// Its reader, for the monitor.
    pub fn watched(&self) -> super::readers::Watched {
        super::readers::Watched::Demo(self.reader.clone())
    }

    /// What diagnostics looks at in the demo: its reader and its service.
    pub fn diagnostic_sources(&self) -> crate::diagnostics::Sources {
        let reader = self.reader.clone();
        crate::diagnostics::Sources {
            smart_cards: Arc::new(move || Ok(reader.service())),
            service_url: self.service_url().trim_end_matches('/').to_owned(),
            probe: Default::default(),
            // The demo's practice certificate is wired in with the demo's token.
            token: crate::diagnostics::TokenProbe::None,
        }
    }
}
