//! The monitor's thread: one service watched until it dies, then rebuilt with backoff.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Control, EventSink, MonitorOptions};
use crate::{
    Connector, ReaderError, ReaderEvent, ReaderWatch, SlotState, SmartCardService, WaitOutcome,
};

/// Why watching one service ended.
enum Exit {
    Stopped,
    ServiceDown,
    /// An unexpected error: rebuild the context but keep what we announced (the next sync
    /// reports only differences).
    Broken(ReaderError),
}

/// What the consumer was told about one reader.
struct Tracked {
    announced: bool,
    card_present: bool,
    atr: Vec<u8>,
    event_count: u32,
}

pub(super) struct Worker {
    factory: Connector,
    sink: EventSink,
    options: MonitorOptions,
    control: Arc<Control>,
    backoff: Duration,
    /// What the consumer was last told: `None` before the first `ServiceUp`/`ServiceDown`.
    up: Option<bool>,
    tracked: HashMap<String, Tracked>,
}

impl Worker {
    pub(super) fn new(
        factory: Connector,
        options: MonitorOptions,
        sink: EventSink,
        control: Arc<Control>,
    ) -> Worker {
        Worker {
            factory,
            sink,
            backoff: options.backoff_start,
            options,
            control,
            up: None,
            tracked: HashMap::new(),
        }
    }

    pub(super) fn run(mut self) {
        while let Some(mut service) = self.establish() {
            self.control.set_canceller(Some(service.canceller()));
            let started = Instant::now();
            let exit = self.watch(service.as_mut());
            self.control.set_canceller(None);
            drop(service);
            match exit {
                Exit::Stopped => break,
                Exit::ServiceDown => self.service_down(),
                Exit::Broken(e) => {
                    // pcsc-lite reports a killed pcscd as CommError before NoService: routine, so
                    // not a warning.
                    tracing::info!(error = %e, "smart-card context broken; rebuilding it");
                }
            }
            // A service that dies right after coming up must not make us spin.
            if started.elapsed() < self.options.backoff_max {
                if self.control.sleep(self.backoff) {
                    break;
                }
                self.backoff = (self.backoff * 2).min(self.options.backoff_max);
            } else {
                self.backoff = self.options.backoff_start;
            }
        }
        tracing::debug!("reader monitor stopped");
    }

    fn emit(&mut self, event: ReaderEvent) {
        tracing::debug!(?event, "reader event");
        (self.sink)(event);
    }

    fn service_down(&mut self) {
        self.tracked.clear();
        if self.up != Some(false) {
            tracing::info!("smart-card service down");
            self.up = Some(false);
            self.emit(ReaderEvent::ServiceDown);
        }
    }

    /// Builds a service, retrying with backoff; `None` when stopped.
    fn establish(&mut self) -> Option<Box<dyn SmartCardService>> {
        loop {
            if self.control.is_stopped() {
                return None;
            }
            match (self.factory)() {
                Ok(service) => {
                    if self.up != Some(true) {
                        tracing::info!("smart-card service up");
                        self.up = Some(true);
                        self.emit(ReaderEvent::ServiceUp);
                    }
                    return Some(service);
                }
                Err(e) => {
                    tracing::debug!(error = %e, retry_in = ?self.backoff, "no smart-card service");
                    self.service_down();
                    if self.control.sleep(self.backoff) {
                        return None;
                    }
                    self.backoff = (self.backoff * 2).min(self.options.backoff_max);
                }
            }
        }
    }

    fn watch(&mut self, service: &mut dyn SmartCardService) -> Exit {
        let pnp = service.supports_pnp();
        let mut watches = if pnp {
            vec![ReaderWatch::pnp()]
        } else {
            Vec::new()
        };
        // Fresh watches are Unaware, so the first wait below returns at once with every state:
        // that is the initial announcement.
        if let Err(e) = self.sync_readers(service, &mut watches) {
            return classify(e);
        }
        let mut spurious = 0u32;
        // Set when a zero-timeout query timed out: then the next wait blocks, whatever is
        // still Unaware, so a stack that does not answer "unaware" at once cannot spin us.
        let mut query_timed_out = false;
        loop {
            if self.control.is_stopped() {
                return Exit::Stopped;
            }
            // A new reader's state is asked for at once; the PnP watch is never a reason to
            // (an unaware PnP watch with no reader may legitimately block).
            let new_reader = watches
                .iter()
                .any(|w| !w.is_pnp() && w.state == SlotState::Unaware);
            let timeout = if new_reader && !query_timed_out {
                Duration::ZERO
            } else if pnp {
                self.options.wait_timeout
            } else {
                self.options.poll_interval
            };
            let before: Vec<u32> = watches.iter().map(|w| w.event_count).collect();
            let pnp_primed = watches
                .first()
                .is_some_and(|w| w.is_pnp() && w.state != SlotState::Unaware);
            let relist = match service.wait_for_change(&mut watches, timeout) {
                Ok(WaitOutcome::TimedOut) | Err(ReaderError::Timeout) => {
                    spurious = 0;
                    query_timed_out = timeout.is_zero();
                    // The safety net where PnP works, the only way where it does not.
                    true
                }
                Ok(WaitOutcome::Changed) => {
                    query_timed_out = false;
                    let pnp_moved = pnp && (!pnp_primed || watches[0].event_count != before[0]);
                    let (emitted, reader_gone) = self.apply(&watches);
                    if emitted || pnp_moved || reader_gone {
                        spurious = 0;
                    } else {
                        // Legitimate (another program connected: INUSE flipped), but a stack
                        // that keeps returning "changed" must not make us spin.
                        spurious += 1;
                        if spurious >= 5 && self.control.sleep(Duration::from_millis(200)) {
                            return Exit::Stopped;
                        }
                    }
                    pnp_moved || reader_gone
                }
                Err(ReaderError::Cancelled) => false,
                // The reader set changed under the wait.
                Err(ReaderError::UnknownReader { .. } | ReaderError::NoReaders) => true,
                Err(e) => return classify(e),
            };
            if relist && let Err(e) = self.sync_readers(service, &mut watches) {
                return classify(e);
            }
        }
    }

    /// Re-reads the reader list: announces removals now, and adds new readers as Unaware
    /// watches (announced by `apply` once their state is known).
    fn sync_readers(
        &mut self,
        service: &mut dyn SmartCardService,
        watches: &mut Vec<ReaderWatch>,
    ) -> Result<(), ReaderError> {
        let names = service.list_readers()?;
        let gone: Vec<String> = watches
            .iter()
            .filter(|w| !w.is_pnp() && !names.contains(&w.reader))
            .map(|w| w.reader.clone())
            .collect();
        for reader in gone {
            watches.retain(|w| w.reader != reader);
            if let Some(t) = self.tracked.remove(&reader)
                && t.announced
            {
                if t.card_present {
                    self.emit(ReaderEvent::CardRemoved {
                        reader: reader.clone(),
                    });
                }
                self.emit(ReaderEvent::ReaderRemoved { reader });
            }
        }
        for name in names {
            if !watches.iter().any(|w| w.reader == name) {
                self.tracked.entry(name.clone()).or_insert(Tracked {
                    announced: false,
                    card_present: false,
                    atr: Vec::new(),
                    event_count: 0,
                });
                watches.push(ReaderWatch::new(name));
            }
        }
        Ok(())
    }

    /// Turns the watches' new states into events. Returns (any event emitted, a watched
    /// reader looks gone so the list must be re-read).
    fn apply(&mut self, watches: &[ReaderWatch]) -> (bool, bool) {
        let mut events = Vec::new();
        let mut reader_gone = false;
        for w in watches.iter().filter(|w| !w.is_pnp()) {
            let Some(t) = self.tracked.get_mut(&w.reader) else {
                continue;
            };
            let present = w.state.card_present();
            let reader = w.reader.clone();
            match w.state {
                SlotState::Unaware => continue,
                SlotState::Unknown => {
                    // Unplugged: sync_readers reports CardRemoved + ReaderRemoved.
                    reader_gone = true;
                    continue;
                }
                // Driver trouble: the reader may come back; re-read the list to see.
                SlotState::Unavailable => reader_gone = true,
                _ => {}
            }
            if !t.announced {
                t.announced = true;
                events.push(ReaderEvent::ReaderAdded {
                    reader: reader.clone(),
                });
                if present {
                    events.push(ReaderEvent::CardInserted {
                        reader,
                        atr: w.atr.clone(),
                    });
                }
            } else {
                // 16-bit counter: +1 per insertion or removal, so +2 with a card still in
                // means it was swapped between two looks.
                let moved = w.event_count.wrapping_sub(t.event_count) & 0xFFFF;
                match (t.card_present, present) {
                    (false, true) => events.push(ReaderEvent::CardInserted {
                        reader,
                        atr: w.atr.clone(),
                    }),
                    (true, false) => events.push(ReaderEvent::CardRemoved { reader }),
                    (true, true) if moved >= 2 || w.atr != t.atr => {
                        events.push(ReaderEvent::CardSwapped {
                            reader,
                            atr: w.atr.clone(),
                        })
                    }
                    _ => {}
                }
            }
            t.card_present = present;
            t.atr.clone_from(&w.atr);
            t.event_count = w.event_count;
        }
        let emitted = !events.is_empty();
        for e in events {
            self.emit(e);
        }
        (emitted, reader_gone)
    }
}

fn classify(e: ReaderError) -> Exit {
    if e.is_service_down() {
        Exit::ServiceDown
    } else {
        Exit::Broken(e)
    }
}
