//! The virtual card in an in-process reader: a [`SmartCardService`] with one reader whose card
//! is put in and taken out by calling [`InProcessReader::insert`] / [`remove`]. The demo runs
//! on it (no pcscd, no vsmartcard needed), through the same monitor and card code as real
//! PC/SC.
//!
//! [`remove`]: InProcessReader::remove

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{CardProfile, ProfileError, VirtualNhiCard};
use nhi_reader::simulated;
use nhi_reader::{
    Canceller, CardConnection, ReaderError, ReaderWatch, SlotState, SmartCardService, WaitOutcome,
};

struct Slot {
    card: Option<VirtualNhiCard>,
    /// Counts insertions and removals, like PC/SC's per-reader event counter.
    event_count: u32,
    /// Changes with every insertion, so a connection to a card that left stays dead.
    insertion: u64,
}

struct Shared {
    name: String,
    profile: CardProfile,
    slot: Mutex<Slot>,
    changed: Condvar,
}

/// One reader holding (or not) a virtual NHI card. Clones share the reader.
#[derive(Clone)]
pub struct InProcessReader(Arc<Shared>);

impl InProcessReader {
    /// A reader called `name`, empty; [`insert`](Self::insert) puts a card with `profile` in.
    pub fn new(name: &str, profile: CardProfile) -> Result<InProcessReader, ProfileError> {
        profile.validate()?;
        Ok(InProcessReader(Arc::new(Shared {
            name: name.to_owned(),
            profile,
            slot: Mutex::new(Slot {
                card: None,
                event_count: 0,
                insertion: 0,
            }),
            changed: Condvar::new(),
        })))
    }

    pub fn name(&self) -> &str {
        &self.0.name
    }

    fn lock(&self) -> MutexGuard<'_, Slot> {
        self.0.slot.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Puts a freshly powered card in (nothing if one is in already).
    pub fn insert(&self) {
        // Validated in `new`, so this cannot fail.
        let _ = self.insert_card(self.0.profile.clone());
    }

    /// Puts a freshly powered card made from `profile` in (nothing if one is in already): the
    /// demo lets a person choose which practice card to insert.
    pub fn insert_card(&self, profile: CardProfile) -> Result<(), ProfileError> {
        let card = VirtualNhiCard::new(profile)?;
        let mut slot = self.lock();
        if slot.card.is_none() {
            slot.card = Some(card);
            slot.event_count += 1;
            slot.insertion += 1;
            self.0.changed.notify_all();
        }
        Ok(())
    }

    /// The card number of the card in the reader, if any.
    pub fn card_number(&self) -> Option<String> {
        self.lock()
            .card
            .as_ref()
            .map(|card| card.profile().card_number.clone())
    }

    /// Takes the card out (nothing if the reader is empty).
    pub fn remove(&self) {
        let mut slot = self.lock();
        if slot.card.take().is_some() {
            slot.event_count += 1;
            self.0.changed.notify_all();
        }
    }

    pub fn has_card(&self) -> bool {
        self.lock().card.is_some()
    }

    /// A context on this reader (never fails: there is no service to be down).
    pub fn service(&self) -> Box<dyn SmartCardService> {
        Box::new(Context {
            reader: self.clone(),
            cancels: Arc::new(AtomicU64::new(0)),
        })
    }

    fn observe(&self, slot: &Slot, name: &str) -> (SlotState, Vec<u8>, u32) {
        if name != self.0.name {
            // The PnP pseudo-reader (nothing is ever plugged in or out) or an unknown reader.
            return (SlotState::Unknown, Vec::new(), 0);
        }
        match &slot.card {
            Some(card) => (SlotState::Present, card.atr().to_vec(), slot.event_count),
            None => (SlotState::Empty, Vec::new(), slot.event_count),
        }
    }
}

/// Subscriptions key their workers on the reader: clones are the same reader.
impl Hash for InProcessReader {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Arc::as_ptr(&self.0).hash(state);
    }
}

struct Context {
    reader: InProcessReader,
    cancels: Arc<AtomicU64>,
}

impl SmartCardService for Context {
    fn list_readers(&mut self) -> Result<Vec<String>, ReaderError> {
        Ok(vec![self.reader.0.name.clone()])
    }

    fn wait_for_change(
        &mut self,
        watch: &mut [ReaderWatch],
        timeout: Duration,
    ) -> Result<WaitOutcome, ReaderError> {
        let deadline = Instant::now() + timeout;
        let cancels_at_start = self.cancels.load(Ordering::SeqCst);
        let reader = &self.reader;
        simulated::wait_for_change(
            reader.lock(),
            &reader.0.changed,
            watch,
            deadline,
            |_| Ok(()),
            |slot, name| reader.observe(slot, name),
            || self.cancels.load(Ordering::SeqCst) != cancels_at_start,
        )
    }

    fn connect(&mut self, reader: &str) -> Result<Box<dyn CardConnection>, ReaderError> {
        if reader != self.reader.0.name {
            return Err(ReaderError::UnknownReader {
                name: reader.to_owned(),
            });
        }
        let slot = self.reader.lock();
        let card = slot.card.as_ref().ok_or(ReaderError::NoCard)?;
        Ok(Box::new(Connection {
            atr: card.atr().to_vec(),
            insertion: slot.insertion,
            reader: self.reader.clone(),
        }))
    }

    fn canceller(&self) -> Canceller {
        let reader = self.reader.clone();
        let cancels = Arc::clone(&self.cancels);
        Canceller::new(move || {
            // Under the lock, so a waiter between its check and its sleep cannot miss it.
            let _slot = reader.lock();
            cancels.fetch_add(1, Ordering::SeqCst);
            reader.0.changed.notify_all();
        })
    }

    fn supports_pnp(&self) -> bool {
        true
    }
}

struct Connection {
    reader: InProcessReader,
    atr: Vec<u8>,
    insertion: u64,
}

impl CardConnection for Connection {
    fn atr(&self) -> &[u8] {
        &self.atr
    }

    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ReaderError> {
        let mut slot = self.reader.lock();
        if slot.insertion != self.insertion {
            return Err(ReaderError::CardRemoved);
        }
        match slot.card.as_mut() {
            Some(card) => Ok(card.respond(command)),
            None => Err(ReaderError::CardRemoved),
        }
    }

    fn disconnect(self: Box<Self>) -> Result<(), ReaderError> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nhi_reader::{Monitor, MonitorOptions, ReaderEvent, read_card};

    fn reader() -> InProcessReader {
        InProcessReader::new("Demo", CardProfile::default()).unwrap()
    }

    #[test]
    fn reads_the_demo_card_and_forgets_it_when_removed() {
        let r = reader();
        let mut service = r.service();
        assert_eq!(
            read_card(service.as_mut(), "Demo").unwrap_err(),
            ReaderError::NoCard.into()
        );
        r.insert();
        let mut connection = service.connect("Demo").unwrap();
        let reading = read_card(service.as_mut(), "Demo").unwrap();
        assert_eq!(reading.profile.card_number.as_str(), "000012345678");
        r.remove();
        // A connection to a card that left stays dead, even once a card is back.
        r.insert();
        assert_eq!(
            connection.transmit(&nhi_card::apdu::SELECT_NHI),
            Err(ReaderError::CardRemoved)
        );
    }

    #[test]
    fn the_monitor_sees_insertion_and_removal() {
        let r = reader();
        let (tx, rx) = std::sync::mpsc::channel();
        let factory_reader = r.clone();
        let _monitor = Monitor::spawn(
            std::sync::Arc::new(move || Ok(factory_reader.service())),
            MonitorOptions::default(),
            Box::new(move |e| {
                let _ = tx.send(e);
            }),
        );
        let next = || rx.recv_timeout(Duration::from_secs(5)).expect("an event");
        let mut seen = Vec::new();
        while !matches!(seen.last(), Some(ReaderEvent::ReaderAdded { .. })) {
            seen.push(next());
        }
        r.insert();
        assert!(matches!(next(), ReaderEvent::CardInserted { .. }));
        r.remove();
        assert!(matches!(next(), ReaderEvent::CardRemoved { .. }));
    }
}
