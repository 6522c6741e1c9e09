//! The demo: practice cards in an in-process reader and, unless another service is given, the
//! reference service embedded on loopback. Two practice cards: 王小明's, registered there with
//! `Demo1234`, and a new card (陳美玲's) that has not applied yet, so the first-time
//! application can be practised end to end. And a practice Citizen Digital Certificate
//! (自然人憑證) on a software token, issued by a demo CA the embedded service trusts, bound to
//! 王小明's ID number. No pcscd, no network: everything stays inside this process.

use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use super::{Cards, Registration, Tokens};
use crate::card::demo::{DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_PASSWORD};
use crate::flow::TokenSlot;
use crate::service::reference::certificate::CertificateHolder;
use crate::service::reference::{ReferenceConfig, spawn_on_loopback};
use crate::service::{RegistrationClient, ServiceError};
use crate::token::SoftwareToken;
use crate::token::software::{DEMO_PIN, DEMO_SUBJECT_SERIAL, DemoToken};
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
    /// 王小明's practice Citizen Digital Certificate, PIN [`DEMO_PIN`] (embedded service only:
    /// another service does not trust the demo CA).
    Certificate,
}

impl PracticeCard {
    pub const ALL: [PracticeCard; 3] = [
        PracticeCard::Registered,
        PracticeCard::New,
        PracticeCard::Certificate,
    ];

    /// The NHI card's profile; `None` for the certificate (it is a token, not a card in the
    /// demo reader).
    fn profile(self) -> Option<CardProfile> {
        match self {
            PracticeCard::Registered => Some(CardProfile::default()),
            PracticeCard::New => CardProfile::builtin("second").ok(),
            PracticeCard::Certificate => None,
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
    /// The practice certificate, when the embedded service trusts its CA.
    certificate: Option<Arc<Mutex<SoftwareToken>>>,
    _service: Option<EmbeddedService>,
    /// The practice password was replaced (reset through the mail): per NHI card.
    password_chosen: [bool; 2],
}

/// The slot the practice certificate sits in.
pub const DEMO_TOKEN_SLOT: TokenSlot = TokenSlot(SoftwareToken::SLOT.0);

impl Demo {
    /// The demo card in its reader (inserted), and the registration service at `service_url`,
    /// or an embedded reference service when `None`.
    pub fn start(service_url: Option<&str>) -> Result<Demo, DemoError> {
        let reader = InProcessReader::new(DEMO_READER, CardProfile::default())
            .map_err(|e| DemoError::Service(e.to_string()))?;
        let (service, url, certificate) = match service_url {
            Some(url) => (None, url.to_owned(), None),
            None => {
                let mut config = ReferenceConfig::demo();
                // The practice certificate, out of the reader until asked for; without it
                // (it could not be made) the demo simply does not offer one.
                let certificate = match SoftwareToken::demo() {
                    Ok(DemoToken { mut token, ca_pem }) => {
                        token.set_present(false);
                        config.certificates.roots_pem = vec![ca_pem.into_bytes()];
                        config.certificates.holders = vec![CertificateHolder {
                            subject_serial: Some(DEMO_SUBJECT_SERIAL.into()),
                            certificate_sha256: None,
                            id_number: DEMO_ID_NUMBER.into(),
                        }];
                        Some(Arc::new(Mutex::new(token)))
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "no practice certificate in this demo");
                        None
                    }
                };
                let service = EmbeddedService::start(config).map_err(DemoError::Service)?;
                let url = service.base_url().to_owned();
                (Some(service), url, certificate)
            }
        };
        let client = RegistrationClient::new(&url)?;
        let cards_reader = reader.clone();
        let cards = Cards::new(Arc::new(move || Ok(cards_reader.service())));
        reader.insert();
        let mut backend = Registration::new(cards, client);
        if let Some(token) = &certificate {
            backend = backend.with_tokens(Tokens::software(token.clone()));
        }
        Ok(Demo {
            reader,
            backend,
            certificate,
            _service: service,
            password_chosen: [false, false],
        })
    }

    /// Which practice card is in the reader, if any.
    pub fn card_in(&self) -> Option<PracticeCard> {
        if self.certificate_in() {
            return Some(PracticeCard::Certificate);
        }
        self.reader.card_number().map(|n| PracticeCard::of(&n))
    }

    /// The practice cards this demo has (the certificate only with the embedded service).
    pub fn cards(&self) -> impl Iterator<Item = PracticeCard> + '_ {
        PracticeCard::ALL
            .into_iter()
            .filter(|c| *c != PracticeCard::Certificate || self.certificate.is_some())
    }

    fn certificate_in(&self) -> bool {
        self.certificate
            .as_ref()
            .is_some_and(|t| t.lock().is_ok_and(|t| t.is_present()))
    }

    /// Put `card` in (nothing if one is in already: take it out first).
    pub fn insert(&self, card: PracticeCard) {
        if self.card_in().is_some() {
            return;
        }
        match card.profile() {
            // The built-in profiles are valid.
            Some(profile) => {
                let _ = self.reader.insert_card(profile);
            }
            None => self.set_certificate_in(true),
        }
    }

    fn set_certificate_in(&self, present: bool) {
        if let Some(token) = &self.certificate
            && let Ok(mut token) = token.lock()
        {
            token.set_present(present);
        }
    }

    /// The practice certificate's PIN and the ID number it is registered to, while it is in.
    pub fn pin_hint(&self) -> Option<(&'static str, &'static str)> {
        self.certificate_in().then_some((DEMO_PIN, DEMO_ID_NUMBER))
    }

    /// The practice certificate's token (diagnostics show it like a module's).
    pub fn certificate_token(&self) -> Option<Arc<Mutex<SoftwareToken>>> {
        self.certificate.clone()
    }

    /// The card in the reader got a password the person chose (an application was sent, or
    /// a reset done): the practice password no longer applies.
    pub fn password_chosen(&mut self) {
        if let Some(i) = self.card_in().and_then(password_index) {
            self.password_chosen[i] = true;
        }
    }

    /// What to tell about the password of the card in the reader.
    pub fn password_hint(&self) -> Option<PasswordHint> {
        let card = self.card_in()?;
        let chosen = self.password_chosen[password_index(card)?];
        Some(match (card, chosen) {
            (_, true) => PasswordHint::ChosenByYou,
            (PracticeCard::Registered, false) => PasswordHint::Known(DEMO_PASSWORD),
            (PracticeCard::New | PracticeCard::Certificate, false) => PasswordHint::NotRegistered,
        })
    }

    pub fn client(&self) -> &RegistrationClient {
        self.backend.client()
    }

    /// Take the practice card out (the NHI card, or the certificate).
    pub fn remove(&self) {
        self.reader.remove();
        self.set_certificate_in(false);
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
            // The practice certificate, looked at like a module's token.
            token: match &self.certificate {
                Some(token) => crate::diagnostics::TokenProbe::Software(token.clone()),
                None => crate::diagnostics::TokenProbe::None,
            },
        }
    }
}

/// Which NHI card's password record a practice card has (the certificate has no password).
fn password_index(card: PracticeCard) -> Option<usize> {
    match card {
        PracticeCard::Registered => Some(0),
        PracticeCard::New => Some(1),
        PracticeCard::Certificate => None,
    }
}
