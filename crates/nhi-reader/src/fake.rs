//! A scripted fake of PC/SC for unit tests: readers and cards added and removed by the test,
//! APDU scripts, and one injected error per call.
//!
//! [`FakeWorld`] is the shared handle (clone it into a test thread); [`ScriptedService`] is one
//! "context" on it, built by [`FakeWorld::service`] or the monitor's [`FakeWorld::connector`].
//! Like a restarted pcscd, [`FakeWorld::stop_service`] kills every existing context and
//! connection for good: after [`FakeWorld::restore_service`] only new contexts work.
//!
//! It mimics the PC/SC behaviours the monitor relies on: the per-reader event counter (+1 per
//! insertion or removal), the PnP counter (+1 per reader attach/detach), an "unaware" watch
//! always being reported as changed, and a cancel only waking a wait already in progress.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::Connector;
use super::{
    Canceller, CardConnection, PNP_READER, ReaderError, ReaderWatch, SlotState, SmartCardService,
    WaitOutcome,
};

/// A call on the fake, for error injection and call recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Call {
    /// Building a context (the monitor's factory).
    Establish,
    ListReaders,
    WaitForChange,
    Connect,
    Transmit,
    Disconnect,
}

type Responder = Box<dyn FnMut(&[u8]) -> Vec<u8> + Send>;

/// A card to insert: its ATR and how it answers APDUs.
pub struct FakeCard {
    atr: Vec<u8>,
    script: Vec<(Vec<u8>, Vec<u8>)>,
    responder: Option<Responder>,
    mute: bool,
}

impl FakeCard {
    /// A card with this ATR. Unscripted commands get `6D 00` (instruction not supported).
    pub fn new(atr: impl Into<Vec<u8>>) -> Self {
        FakeCard {
            atr: atr.into(),
            script: Vec::new(),
            responder: None,
            mute: false,
        }
    }

    /// A card that is in the reader but does not answer its reset.
    pub fn mute() -> Self {
        FakeCard {
            mute: true,
            ..FakeCard::new(Vec::new())
        }
    }

    /// Answers `command` (exact bytes) with `answer`, every time it is sent.
    pub fn answer(mut self, command: impl Into<Vec<u8>>, answer: impl Into<Vec<u8>>) -> Self {
        self.script.push((command.into(), answer.into()));
        self
    }

    /// Answers every command the script does not cover with `f`.
    pub fn responder(mut self, f: impl FnMut(&[u8]) -> Vec<u8> + Send + 'static) -> Self {
        self.responder = Some(Box::new(f));
        self
    }

    fn respond(&mut self, command: &[u8]) -> Vec<u8> {
        if let Some((_, answer)) = self.script.iter().find(|(c, _)| c == command) {
            return answer.clone();
        }
        match &mut self.responder {
            Some(f) => f(command),
            None => vec![0x6D, 0x00],
        }
    }
}

struct InsertedCard {
    id: u64,
    card: FakeCard,
    resets: u32,
}

struct FakeReader {
    name: String,
    card: Option<InsertedCard>,
    event_count: u32,
    exclusive_by_other: bool,
}

struct World {
    readers: Vec<FakeReader>,
    pnp_count: u32,
    pnp_supported: bool,
    /// Bumped by `stop_service`: contexts from an older epoch are dead.
    epoch: u64,
    stopped: bool,
    failures: Vec<(Call, ReaderError)>,
    calls: Vec<Call>,
    transmitted: Vec<(String, Vec<u8>)>,
    open_connections: usize,
    next_card_id: u64,
}

impl World {
    fn enter(&mut self, call: Call, epoch: Option<u64>) -> Result<(), ReaderError> {
        self.calls.push(call);
        if let Some(i) = self.failures.iter().position(|(c, _)| *c == call) {
            return Err(self.failures.remove(i).1);
        }
        self.alive(epoch)
    }

    fn alive(&self, epoch: Option<u64>) -> Result<(), ReaderError> {
        if self.stopped || epoch.is_some_and(|e| e != self.epoch) {
            Err(ReaderError::NoService)
        } else {
            Ok(())
        }
    }

    fn reader(&self, name: &str) -> Option<&FakeReader> {
        self.readers.iter().find(|r| r.name == name)
    }

    fn reader_mut(&mut self, name: &str) -> &mut FakeReader {
        self.readers
            .iter_mut()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("fake: no reader {name:?}"))
    }

    /// What a watch on `name` would report now: (state, atr, event counter).
    fn observe(&self, name: &str) -> (SlotState, Vec<u8>, u32) {
        if name == PNP_READER {
            let count = if self.pnp_supported {
                self.pnp_count
            } else {
                0
            };
            return (SlotState::Unknown, Vec::new(), count);
        }
        let Some(r) = self.reader(name) else {
            return (SlotState::Unknown, Vec::new(), 0);
        };
        match &r.card {
            None => (SlotState::Empty, Vec::new(), r.event_count),
            Some(c) if c.card.mute => (SlotState::Mute, Vec::new(), r.event_count),
            Some(c) if r.exclusive_by_other => {
                (SlotState::InUse, c.card.atr.clone(), r.event_count)
            }
            Some(c) => (SlotState::Present, c.card.atr.clone(), r.event_count),
        }
    }
}

struct Shared {
    world: Mutex<World>,
    changed: Condvar,
}

/// The shared handle on the fake smart-card world.
#[derive(Clone)]
pub struct FakeWorld(Arc<Shared>);

impl Default for FakeWorld {
    fn default() -> Self {
        Self::new()
    }
}

impl FakeWorld {
    /// A running service with no reader, where PnP works.
    pub fn new() -> Self {
        FakeWorld(Arc::new(Shared {
            world: Mutex::new(World {
                readers: Vec::new(),
                pnp_count: 0,
                pnp_supported: true,
                epoch: 0,
                stopped: false,
                failures: Vec::new(),
                calls: Vec::new(),
                transmitted: Vec::new(),
                open_connections: 0,
                next_card_id: 0,
            }),
            changed: Condvar::new(),
        }))
    }

    fn lock(&self) -> MutexGuard<'_, World> {
        self.0.world.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Applies a change and wakes every blocked wait so it can look.
    fn change<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        let out = f(&mut self.lock());
        self.0.changed.notify_all();
        out
    }

    /// Whether `\\?PnP?\Notification` works (set false to act like macOS).
    pub fn set_pnp_supported(&self, supported: bool) {
        self.change(|w| w.pnp_supported = supported);
    }

    /// Plugs in an empty reader.
    pub fn add_reader(&self, name: &str) {
        self.change(|w| {
            assert!(w.reader(name).is_none(), "fake: reader {name:?} exists");
            w.readers.push(FakeReader {
                name: name.to_owned(),
                card: None,
                event_count: 0,
                exclusive_by_other: false,
            });
            w.pnp_count += 1;
        });
    }

    /// Unplugs a reader (with whatever card is in it).
    pub fn remove_reader(&self, name: &str) {
        self.change(|w| {
            let before = w.readers.len();
            w.readers.retain(|r| r.name != name);
            assert!(w.readers.len() < before, "fake: no reader {name:?}");
            w.pnp_count += 1;
        });
    }

    /// Inserts a card into an empty reader.
    pub fn insert_card(&self, reader: &str, card: FakeCard) {
        self.change(|w| {
            let id = w.next_card_id;
            w.next_card_id += 1;
            let r = w.reader_mut(reader);
            assert!(r.card.is_none(), "fake: {reader:?} already holds a card");
            r.card = Some(InsertedCard {
                id,
                card,
                resets: 0,
            });
            r.event_count += 1;
        });
    }

    /// Removes the card from a reader.
    pub fn remove_card(&self, reader: &str) {
        self.change(|w| {
            let r = w.reader_mut(reader);
            assert!(r.card.take().is_some(), "fake: {reader:?} holds no card");
            r.event_count += 1;
        });
    }

    /// Removes the card and inserts another one with no wait in between: the event counter
    /// moves by 2, as when a user swaps cards faster than the monitor looks.
    pub fn swap_card(&self, reader: &str, card: FakeCard) {
        self.change(|w| {
            let id = w.next_card_id;
            w.next_card_id += 1;
            let r = w.reader_mut(reader);
            assert!(r.card.is_some(), "fake: {reader:?} holds no card");
            r.card = Some(InsertedCard {
                id,
                card,
                resets: 0,
            });
            r.event_count += 2;
        });
    }

    /// Another program resets the card: open connections then get `CardReset`.
    pub fn reset_card(&self, reader: &str) {
        self.change(|w| {
            let r = w.reader_mut(reader);
            r.card.as_mut().expect("fake: no card to reset").resets += 1;
        });
    }

    /// Another program holds the card exclusively: connect fails with `SharingViolation`.
    pub fn set_exclusive_by_other(&self, reader: &str, exclusive: bool) {
        self.change(|w| w.reader_mut(reader).exclusive_by_other = exclusive);
    }

    /// The service stops: every call fails with `NoService` (waits in progress too), and
    /// existing contexts and connections stay dead after a restore.
    pub fn stop_service(&self) {
        self.change(|w| {
            w.stopped = true;
            w.epoch += 1;
        });
    }

    /// The service is back: new contexts work again.
    pub fn restore_service(&self) {
        self.change(|w| w.stopped = false);
    }

    /// The next `call` fails with `error` (queued per call kind, first in first out).
    pub fn fail_next(&self, call: Call, error: ReaderError) {
        self.change(|w| w.failures.push((call, error)));
    }

    /// Every call made so far, in order.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// How many times `call` was made.
    pub fn count(&self, call: Call) -> usize {
        self.lock().calls.iter().filter(|c| **c == call).count()
    }

    /// Every command APDU transmitted, with its reader.
    pub fn transmitted(&self) -> Vec<(String, Vec<u8>)> {
        self.lock().transmitted.clone()
    }

    /// Connections not yet disconnected or dropped.
    pub fn open_connections(&self) -> usize {
        self.lock().open_connections
    }

    /// A new context on this world (counts as [`Call::Establish`]).
    pub fn service(&self) -> Result<ScriptedService, ReaderError> {
        let mut w = self.lock();
        w.enter(Call::Establish, None)?;
        Ok(ScriptedService {
            world: self.clone(),
            epoch: w.epoch,
            cancels: Arc::new(AtomicU64::new(0)),
        })
    }

    /// A connector for [`Monitor::spawn`](super::Monitor::spawn).
    pub fn connector(&self) -> Connector {
        let world = self.clone();
        Arc::new(move || Ok(Box::new(world.service()?) as Box<dyn SmartCardService>))
    }
}

mod service;

pub use service::ScriptedService;

#[cfg(test)]
mod tests;
