//! One module per screen. Each has its own `Message`, an `update` that may ask for something
//! (an [`Event`]: usually a flow event) and a `view` of the flow's state in the chosen
//! language(s). The root `App` holds the current [`Screen`] and routes between them.

pub mod account;
pub mod admin;
pub mod card_ready;
pub mod certificate;
pub mod code_layout;
pub mod device_code;
pub mod devices;
pub mod diagnostics;
pub mod error;
pub mod mailbox;
pub mod settings;
pub mod signed_in;
pub mod waiting;

use std::time::Instant;

use crate::flow::{self, Kind, State};
use crate::ui::look::Look;

/// What a screen asks the root to do (the overlays have theirs: `settings::Event`, …).
#[derive(Debug, Clone)]
pub enum Event {
    Flow(flow::Event),
    /// Put the device code on the clipboard.
    Copy(String),
    /// Save the QR, with the code and its expiry under it, as a PNG picture.
    SaveQr(crate::ui::qr::Saved),
    /// Switch to the demo (offered when there is no reader or no smart-card service).
    TryDemo,
    /// Demo only: show the practice service's outbox.
    OpenMailbox,
    /// Put a mail's code on the clipboard (the demo mailbox).
    CopyText(String),
    /// Open the diagnostics screen (from a reader or service problem).
    OpenDiagnostics,
}

impl From<flow::Event> for Event {
    fn from(event: flow::Event) -> Event {
        Event::Flow(event)
    }
}

/// What every view needs to know besides its own state.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub look: Look,
    pub state: &'a State,
    pub now: Instant,
    pub demo: bool,
    /// Service-center kiosk: no copy or save (nothing leaves with the next person).
    pub kiosk: bool,
    /// Kiosk: the screen was reset while a card was left in the reader.
    pub card_left_in: bool,
    /// Caps Lock seems to be on (from the letters typed): password fields warn.
    pub caps_lock: bool,
    /// Demo: what to say about the password of the practice card in the reader.
    pub demo_password: Option<crate::backend::PasswordHint>,
    /// Demo: the practice certificate's PIN and the ID number it is registered to.
    pub demo_pin: Option<(&'static str, &'static str)>,
    /// The window's size (logical pixels): a kiosk's QR uses the room its screen has.
    pub window: iced::Size,
    /// A short window at 100 % text (`ui::compact`): tighter layout, nothing must scroll.
    pub compact: bool,
}

/// The screen on show, with its local state (typed text, the QR picture).
pub enum Screen {
    Waiting(waiting::Waiting),
    Error(error::ErrorScreen),
    CardReady(card_ready::CardReady),
    Certificate(certificate::Certificate),
    Account(account::Account),
    SignedIn(signed_in::SignedIn),
    DeviceCode(device_code::DeviceCodeScreen),
    Devices(devices::Devices),
}

/// Which screen shows a flow state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Waiting,
    Error,
    CardReady,
    Certificate,
    Account,
    SignedIn,
    DeviceCode,
    Devices,
}

pub fn which(kind: Kind) -> Which {
    match kind {
        Kind::SmartCardServiceMissing
        | Kind::NoReader
        | Kind::WaitingForCard
        | Kind::Reading
        | Kind::OpeningToken => Which::Waiting,
        Kind::NotNhiCard | Kind::ReadFailed | Kind::CertificateFailed | Kind::Failed => {
            Which::Error
        }
        Kind::CertificateReady | Kind::CertificateSigningIn => Which::Certificate,
        Kind::CardReady | Kind::SigningIn => Which::CardReady,
        Kind::FirstTimeApplication | Kind::EmailVerification | Kind::PasswordReset => {
            Which::Account
        }
        Kind::SignedIn | Kind::CreatingCode => Which::SignedIn,
        Kind::DeviceCodeShown | Kind::Verified | Kind::Expired => Which::DeviceCode,
        Kind::Devices => Which::Devices,
    }
}

impl Screen {
    pub fn which(&self) -> Which {
        match self {
            Screen::Waiting(_) => Which::Waiting,
            Screen::Error(_) => Which::Error,
            Screen::CardReady(_) => Which::CardReady,
            Screen::Certificate(_) => Which::Certificate,
            Screen::Account(_) => Which::Account,
            Screen::SignedIn(_) => Which::SignedIn,
            Screen::DeviceCode(_) => Which::DeviceCode,
            Screen::Devices(_) => Which::Devices,
        }
    }

    /// A fresh screen for `state` (the old one, with anything typed into it, is dropped).
    pub fn for_state(state: &State) -> Screen {
        match which(state.kind()) {
            Which::Waiting => Screen::Waiting(waiting::Waiting::default()),
            Which::Error => Screen::Error(error::ErrorScreen),
            Which::CardReady => Screen::CardReady(card_ready::CardReady::default()),
            Which::Certificate => Screen::Certificate(certificate::Certificate::default()),
            Which::Account => Screen::Account(account::Account::default()),
            Which::SignedIn => Screen::SignedIn(signed_in::SignedIn),
            Which::DeviceCode => Screen::DeviceCode(device_code::DeviceCodeScreen::new(state)),
            Which::Devices => Screen::Devices(devices::Devices::default()),
        }
    }
}
