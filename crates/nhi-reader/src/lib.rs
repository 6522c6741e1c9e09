//! PC/SC behind a trait: the pcsc backend, the hot-plug monitor and (for tests, with the
//! `test-support` feature) the scripted fake.
//!
//! The app's backend only sees [`SmartCardService`] and [`CardConnection`], so the same code
//! runs on real PC/SC ([`pcsc_backend::PcscService`]), on the scripted fake
//! (`fake::ScriptedService`) and on the in-process demo card (`nhi-virtual-card`).

pub mod atr;
mod error;
pub mod events;
/// The scripted fake service, for tests only (the `test-support` feature; never in the
/// release app).
#[cfg(any(test, feature = "test-support"))]
pub mod fake;
pub mod monitor;
pub mod pcsc_backend;
pub mod read;
pub mod simulated;
pub mod snapshot;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;

pub use atr::{CardTypeGuess, guess_card_type};
pub use error::ReaderError;
pub use events::ReaderEvent;
pub use monitor::{Monitor, MonitorHandle, MonitorOptions};
pub use read::{CardReading, ReadError, read_card};
pub use snapshot::{ReaderSnapshot, read_reader_snapshot};

/// The PC/SC pseudo-reader whose event counter moves when a reader is attached or detached.
pub const PNP_READER: &str = r"\\?PnP?\Notification";

/// Opens a smart-card service (a PC/SC context, the demo's in-process reader, a fake): what
/// the monitor calls to build one and to rebuild it after the service died, and what the app's
/// card exchanges and diagnostics open one with. The one name for that idea.
pub type Connector = Arc<dyn Fn() -> Result<Box<dyn SmartCardService>, ReaderError> + Send + Sync>;

/// A smart-card service: one PC/SC context (or a fake of one).
///
/// Object-safe on purpose: the monitor and the flow hold a `Box<dyn SmartCardService>`.
pub trait SmartCardService: Send {
    /// The attached readers. No reader at all is `Ok(vec![])`, not an error: "no reader" is an
    /// ordinary state the UI shows, and PC/SC stacks disagree on whether it is an error.
    fn list_readers(&mut self) -> Result<Vec<String>, ReaderError>;

    /// Blocks until a watched reader differs from its [`ReaderWatch`] (then updates *every*
    /// watch and returns [`WaitOutcome::Changed`]), `timeout` elapses
    /// ([`WaitOutcome::TimedOut`], watches untouched), or a [`Canceller`] fires
    /// (`Err(ReaderError::Cancelled)`).
    ///
    /// A watch in state [`SlotState::Unaware`] always differs, so a zero timeout is a
    /// non-blocking status query. With an empty `watch` it simply waits for the timeout or a
    /// cancel (the macOS polling case).
    fn wait_for_change(
        &mut self,
        watch: &mut [ReaderWatch],
        timeout: Duration,
    ) -> Result<WaitOutcome, ReaderError>;

    /// Connects to the card in `reader`, shared, T=0 or T=1.
    fn connect(&mut self, reader: &str) -> Result<Box<dyn CardConnection>, ReaderError>;

    /// A handle that wakes a blocking [`wait_for_change`](Self::wait_for_change) of this
    /// service from another thread. Like `SCardCancel`, it only affects a wait in progress.
    fn canceller(&self) -> Canceller;

    /// Whether `\\?PnP?\Notification` reports reader attach/detach here (false on macOS, where
    /// the monitor polls the reader list instead).
    fn supports_pnp(&self) -> bool;
}

/// A connection to the card in one reader.
pub trait CardConnection: Send {
    /// The card's Answer To Reset.
    fn atr(&self) -> &[u8];

    /// Sends one command APDU and returns the whole answer, status word included.
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ReaderError>;

    /// Disconnects, always leaving the card as it is (never reset or unpower it: that would
    /// break another program's session with the same card). Dropping a connection without
    /// calling this also leaves the card.
    fn disconnect(self: Box<Self>) -> Result<(), ReaderError>;
}

/// The outcome of [`SmartCardService::wait_for_change`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitOutcome {
    Changed,
    TimedOut,
}

/// What a reader's card slot looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotState {
    /// Not asked yet: a watch in this state always counts as changed.
    Unaware,
    /// The reader is not known (any more): it was unplugged.
    Unknown,
    /// The reader exists but cannot be used right now.
    Unavailable,
    /// No card.
    Empty,
    /// A card is in and answered its reset.
    Present,
    /// A card is in and another program has it open (shared or exclusive).
    InUse,
    /// A card is in but does not answer (upside down, dirty, not a chip card).
    Mute,
}

impl SlotState {
    /// Whether a card is physically in the reader (answering or not).
    pub fn card_present(self) -> bool {
        matches!(
            self,
            SlotState::Present | SlotState::InUse | SlotState::Mute
        )
    }
}

/// One reader as [`SmartCardService::wait_for_change`] last saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderWatch {
    /// The reader name, or [`PNP_READER`].
    pub reader: String,
    pub state: SlotState,
    /// The ATR when a card is present, else empty.
    pub atr: Vec<u8>,
    /// The PC/SC event counter (upper 16 bits of `dwEventState`): it moves on every card
    /// insertion and removal, so a jump of 2 between two looks means the card was swapped.
    /// For the PnP pseudo-reader it moves when readers come and go.
    pub event_count: u32,
    /// Backend-private: the raw last-reported state, fed back as the "current state" so the
    /// next wait blocks until something really changes. Zero means "unaware".
    pub raw_state: u32,
}

impl ReaderWatch {
    /// A watch for `reader` that has not been looked at yet.
    pub fn new(reader: impl Into<String>) -> Self {
        ReaderWatch {
            reader: reader.into(),
            state: SlotState::Unaware,
            atr: Vec::new(),
            event_count: 0,
            raw_state: 0,
        }
    }

    /// A watch for the PnP pseudo-reader (reader attach/detach).
    pub fn pnp() -> Self {
        Self::new(PNP_READER)
    }

    pub fn is_pnp(&self) -> bool {
        self.reader == PNP_READER
    }
}

/// Cancels a blocking wait from another thread. Clone + Send + Sync.
#[derive(Clone)]
pub struct Canceller(Arc<dyn Fn() + Send + Sync>);

impl Canceller {
    pub fn new(cancel: impl Fn() + Send + Sync + 'static) -> Self {
        Canceller(Arc::new(cancel))
    }

    /// Wakes the service's blocking wait, if one is in progress.
    pub fn cancel(&self) {
        (self.0)()
    }
}

impl fmt::Debug for Canceller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Canceller")
    }
}
