//! The hot-plug monitor against the scripted fake: exact event sequences, recovery, stop.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use nhi_companion::reader::fake::{Call, FakeCard, FakeWorld};
use nhi_companion::reader::{
    Monitor, MonitorHandle, MonitorOptions, ReaderError, ReaderEvent, ReaderSnapshot, SlotState,
    SmartCardService, read_reader_snapshot,
};

const NHI_ATR: [u8; 23] = nhi_companion::reader::atr::NHI_CARD_ATR;
const OTHER_ATR: [u8; 4] = [0x3B, 0x8F, 0x80, 0x01];
/// Generous: events from the fake arrive in microseconds; this only bounds a failing test.
const EVENT_TIMEOUT: Duration = Duration::from_secs(3);

fn spawn(world: &FakeWorld, options: MonitorOptions) -> (MonitorHandle, Receiver<ReaderEvent>) {
    let (tx, rx) = mpsc::channel();
    let handle = Monitor::spawn(
        world.connector(),
        options,
        Box::new(move |e| {
            let _ = tx.send(e);
        }),
    );
    (handle, rx)
}

fn expect(rx: &Receiver<ReaderEvent>, expected: &[ReaderEvent]) {
    for (i, want) in expected.iter().enumerate() {
        match rx.recv_timeout(EVENT_TIMEOUT) {
            Ok(got) => assert_eq!(&got, want, "event #{i} of {expected:#?}"),
            Err(e) => panic!("event #{i} ({want:?}) never came: {e:?}"),
        }
    }
}

/// No further event within `window` (a bounded wait for something that must not happen).
fn expect_quiet(rx: &Receiver<ReaderEvent>, window: Duration) {
    match rx.recv_timeout(window) {
        Err(RecvTimeoutError::Timeout) => {}
        other => panic!("unexpected event: {other:?}"),
    }
}

fn added(r: &str) -> ReaderEvent {
    ReaderEvent::ReaderAdded { reader: r.into() }
}
fn removed(r: &str) -> ReaderEvent {
    ReaderEvent::ReaderRemoved { reader: r.into() }
}
fn inserted(r: &str, atr: &[u8]) -> ReaderEvent {
    ReaderEvent::CardInserted {
        reader: r.into(),
        atr: atr.to_vec(),
    }
}
fn card_removed(r: &str) -> ReaderEvent {
    ReaderEvent::CardRemoved { reader: r.into() }
}
fn swapped(r: &str, atr: &[u8]) -> ReaderEvent {
    ReaderEvent::CardSwapped {
        reader: r.into(),
        atr: atr.to_vec(),
    }
}

#[test]
fn start_announces_every_reader_and_card() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    world.add_reader("R2");
    world.insert_card("R1", FakeCard::new(NHI_ATR));
    let (_m, rx) = spawn(&world, MonitorOptions::default());
    expect(
        &rx,
        &[
            ReaderEvent::ServiceUp,
            added("R1"),
            inserted("R1", &NHI_ATR),
            added("R2"),
        ],
    );
    expect_quiet(&rx, Duration::from_millis(300));
}

#[test]
fn insert_remove_and_swap() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    let (_m, rx) = spawn(&world, MonitorOptions::default());
    expect(&rx, &[ReaderEvent::ServiceUp, added("R1")]);

    world.insert_card("R1", FakeCard::new(NHI_ATR));
    expect(&rx, &[inserted("R1", &NHI_ATR)]);
    world.remove_card("R1");
    expect(&rx, &[card_removed("R1")]);

    world.insert_card("R1", FakeCard::new(NHI_ATR));
    expect(&rx, &[inserted("R1", &NHI_ATR)]);
    // Same ATR: only the event counter (+2) tells the cards apart.
    world.swap_card("R1", FakeCard::new(NHI_ATR));
    expect(&rx, &[swapped("R1", &NHI_ATR)]);
    world.swap_card("R1", FakeCard::new(OTHER_ATR));
    expect(&rx, &[swapped("R1", &OTHER_ATR)]);
    expect_quiet(&rx, Duration::from_millis(200));
}

#[test]
fn two_readers_are_independent() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    world.add_reader("R2");
    let (_m, rx) = spawn(&world, MonitorOptions::default());
    expect(&rx, &[ReaderEvent::ServiceUp, added("R1"), added("R2")]);
    world.insert_card("R2", FakeCard::new(OTHER_ATR));
    expect(&rx, &[inserted("R2", &OTHER_ATR)]);
    world.insert_card("R1", FakeCard::new(NHI_ATR));
    expect(&rx, &[inserted("R1", &NHI_ATR)]);
    world.remove_card("R2");
    expect(&rx, &[card_removed("R2")]);
    expect_quiet(&rx, Duration::from_millis(200));
}

#[test]
fn readers_hot_plug_and_unplug_with_a_card_in() {
    let world = FakeWorld::new();
    let (_m, rx) = spawn(&world, MonitorOptions::default());
    expect(&rx, &[ReaderEvent::ServiceUp]);
    world.add_reader("R1");
    expect(&rx, &[added("R1")]);
    world.insert_card("R1", FakeCard::new(NHI_ATR));
    expect(&rx, &[inserted("R1", &NHI_ATR)]);
    // Unplugged with the card in: consumers that only watch cards still clear their data.
    world.remove_reader("R1");
    expect(&rx, &[card_removed("R1"), removed("R1")]);
    world.add_reader("R1");
    expect(&rx, &[added("R1")]);
    expect_quiet(&rx, Duration::from_millis(200));
}

#[test]
fn polls_the_reader_list_without_pnp() {
    let world = FakeWorld::new();
    world.set_pnp_supported(false);
    let options = MonitorOptions {
        poll_interval: Duration::from_millis(100),
        ..MonitorOptions::default()
    };
    let (_m, rx) = spawn(&world, options);
    expect(&rx, &[ReaderEvent::ServiceUp]);
    world.add_reader("R1");
    expect(&rx, &[added("R1")]);
    world.insert_card("R1", FakeCard::new(NHI_ATR));
    expect(&rx, &[inserted("R1", &NHI_ATR)]);
    world.remove_reader("R1");
    expect(&rx, &[card_removed("R1"), removed("R1")]);
}

#[test]
fn service_stop_and_restore_reannounces() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    world.add_reader("R2");
    world.insert_card("R2", FakeCard::new(NHI_ATR));
    let (_m, rx) = spawn(&world, MonitorOptions::default());
    expect(
        &rx,
        &[
            ReaderEvent::ServiceUp,
            added("R1"),
            added("R2"),
            inserted("R2", &NHI_ATR),
        ],
    );

    world.stop_service();
    expect(&rx, &[ReaderEvent::ServiceDown]);
    // Several rebuild attempts fail meanwhile; still only one ServiceDown.
    expect_quiet(&rx, Duration::from_millis(700));
    assert!(world.count(Call::Establish) >= 3, "{:?}", world.calls());

    let restored = Instant::now();
    world.restore_service();
    expect(
        &rx,
        &[
            ReaderEvent::ServiceUp,
            added("R1"),
            added("R2"),
            inserted("R2", &NHI_ATR),
        ],
    );
    // Backoff is capped at 1 s, so recovery stays well under the 3 s bar.
    assert!(restored.elapsed() < Duration::from_millis(1500));
    expect_quiet(&rx, Duration::from_millis(200));
}

#[test]
fn service_absent_at_start_then_started() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    world.insert_card("R1", FakeCard::new(NHI_ATR));
    world.stop_service();
    let (_m, rx) = spawn(&world, MonitorOptions::default());
    expect(&rx, &[ReaderEvent::ServiceDown]);
    world.restore_service();
    expect(
        &rx,
        &[
            ReaderEvent::ServiceUp,
            added("R1"),
            inserted("R1", &NHI_ATR),
        ],
    );
}

#[test]
fn injected_no_service_on_a_call_rebuilds_the_context() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    // Short waits, so the next wait (the one that fails) comes without any card event.
    let options = MonitorOptions {
        wait_timeout: Duration::from_millis(200),
        ..MonitorOptions::default()
    };
    let (_m, rx) = spawn(&world, options);
    expect(&rx, &[ReaderEvent::ServiceUp, added("R1")]);
    // The monitor's next wait fails once, as with a pcscd that just died and came back.
    world.fail_next(Call::WaitForChange, ReaderError::NoService);
    expect(
        &rx,
        &[
            ReaderEvent::ServiceDown,
            ReaderEvent::ServiceUp,
            added("R1"),
        ],
    );
    expect_quiet(&rx, Duration::from_millis(300));
}

#[test]
fn other_errors_rebuild_silently_and_keep_state() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    world.insert_card("R1", FakeCard::new(NHI_ATR));
    let (_m, rx) = spawn(&world, MonitorOptions::default());
    expect(
        &rx,
        &[
            ReaderEvent::ServiceUp,
            added("R1"),
            inserted("R1", &NHI_ATR),
        ],
    );
    let establish_before = world.count(Call::Establish);
    world.fail_next(
        Call::WaitForChange,
        ReaderError::Other {
            code: "CommError".into(),
        },
    );
    world.remove_card("R1");
    // Only the real change, no ServiceDown and no re-announcement.
    expect(&rx, &[card_removed("R1")]);
    expect_quiet(&rx, Duration::from_millis(300));
    assert_eq!(world.count(Call::Establish), establish_before + 1);
}

#[test]
fn mute_and_in_use_cards_count_as_inserted() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    world.add_reader("R2");
    world.insert_card("R1", FakeCard::mute());
    world.insert_card("R2", FakeCard::new(NHI_ATR));
    world.set_exclusive_by_other("R2", true);
    let (_m, rx) = spawn(&world, MonitorOptions::default());
    expect(
        &rx,
        &[
            ReaderEvent::ServiceUp,
            added("R1"),
            inserted("R1", &[]),
            added("R2"),
            inserted("R2", &NHI_ATR),
        ],
    );
    // Another program letting go of the card is not a card event.
    world.set_exclusive_by_other("R2", false);
    expect_quiet(&rx, Duration::from_millis(300));
}

#[test]
fn sharing_violation_on_connect() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    world.insert_card("R1", FakeCard::new(NHI_ATR));
    let mut svc = world.service().unwrap();

    world.set_exclusive_by_other("R1", true);
    assert_eq!(svc.connect("R1").err(), Some(ReaderError::SharingViolation));
    world.set_exclusive_by_other("R1", false);

    world.fail_next(Call::Connect, ReaderError::SharingViolation);
    assert_eq!(svc.connect("R1").err(), Some(ReaderError::SharingViolation));
    let conn = svc.connect("R1").unwrap();
    assert_eq!(conn.atr(), NHI_ATR);
    drop(conn);
    assert_eq!(world.open_connections(), 0);
    assert_eq!(
        svc.connect("nope").err(),
        Some(ReaderError::UnknownReader {
            name: "nope".into()
        })
    );
}

#[test]
fn stop_is_prompt_while_waiting_and_while_backing_off() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    let (m, rx) = spawn(&world, MonitorOptions::default());
    expect(&rx, &[ReaderEvent::ServiceUp, added("R1")]);
    let t = Instant::now();
    m.stop();
    let latency = t.elapsed();
    assert!(
        latency < Duration::from_millis(500),
        "stop took {latency:?}"
    );
    // The sink was dropped with the thread.
    assert_eq!(
        rx.recv_timeout(EVENT_TIMEOUT),
        Err(RecvTimeoutError::Disconnected)
    );

    world.stop_service();
    let (m, rx) = spawn(&world, MonitorOptions::default());
    expect(&rx, &[ReaderEvent::ServiceDown]);
    let t = Instant::now();
    drop(m);
    let latency = t.elapsed();
    assert!(
        latency < Duration::from_millis(500),
        "drop took {latency:?}"
    );
}

#[test]
fn idle_monitor_does_not_spin() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    world.insert_card("R1", FakeCard::new(NHI_ATR));
    let (_m, rx) = spawn(&world, MonitorOptions::default());
    expect(
        &rx,
        &[
            ReaderEvent::ServiceUp,
            added("R1"),
            inserted("R1", &NHI_ATR),
        ],
    );
    let waits = world.count(Call::WaitForChange);
    let lists = world.count(Call::ListReaders);
    expect_quiet(&rx, Duration::from_millis(1500));
    // One 2 s wait may end in this window; a spinning loop would make thousands of calls.
    assert!(world.count(Call::WaitForChange) - waits <= 2);
    assert!(world.count(Call::ListReaders) - lists <= 2);
}

#[test]
fn snapshot_lists_state_and_atr() {
    let world = FakeWorld::new();
    world.add_reader("R1");
    world.add_reader("R2");
    world.insert_card("R2", FakeCard::new(NHI_ATR));
    let mut svc: Box<dyn SmartCardService> = Box::new(world.service().unwrap());
    assert_eq!(
        read_reader_snapshot(svc.as_mut()).unwrap(),
        vec![
            ReaderSnapshot {
                reader: "R1".into(),
                state: SlotState::Empty,
                atr: vec![],
            },
            ReaderSnapshot {
                reader: "R2".into(),
                state: SlotState::Present,
                atr: NHI_ATR.to_vec(),
            },
        ]
    );
    world.stop_service();
    assert_eq!(
        read_reader_snapshot(svc.as_mut()),
        Err(ReaderError::NoService)
    );
}

/// A misbehaving stack: answers a zero-timeout query with "timed out" (never reporting the
/// unaware reader), or reports "changed" on every wait without any change.
struct Misbehaving {
    spurious_changes: bool,
    waits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    cancel: std::sync::Arc<(std::sync::Mutex<u64>, std::sync::Condvar)>,
}

impl SmartCardService for Misbehaving {
    fn list_readers(&mut self) -> Result<Vec<String>, ReaderError> {
        Ok(vec!["R".into()])
    }

    fn wait_for_change(
        &mut self,
        watch: &mut [nhi_companion::reader::ReaderWatch],
        timeout: Duration,
    ) -> Result<nhi_companion::reader::WaitOutcome, ReaderError> {
        use nhi_companion::reader::WaitOutcome;
        self.waits.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        if self.spurious_changes {
            for w in watch.iter_mut() {
                w.state = SlotState::Empty;
            }
            return Ok(WaitOutcome::Changed);
        }
        let (lock, cv) = &*self.cancel;
        let start = *lock.lock().unwrap();
        let (_g, r) = cv
            .wait_timeout_while(lock.lock().unwrap(), timeout, |g| *g == start)
            .unwrap();
        if r.timed_out() {
            Ok(WaitOutcome::TimedOut)
        } else {
            Err(ReaderError::Cancelled)
        }
    }

    fn connect(
        &mut self,
        _reader: &str,
    ) -> Result<Box<dyn nhi_companion::reader::CardConnection>, ReaderError> {
        Err(ReaderError::NoCard)
    }

    fn canceller(&self) -> nhi_companion::reader::Canceller {
        let cancel = std::sync::Arc::clone(&self.cancel);
        nhi_companion::reader::Canceller::new(move || {
            *cancel.0.lock().unwrap() += 1;
            cancel.1.notify_all();
        })
    }

    fn supports_pnp(&self) -> bool {
        true
    }
}

fn count_waits_of_misbehaving(spurious_changes: bool, window: Duration) -> usize {
    let waits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&waits);
    let monitor = Monitor::spawn(
        std::sync::Arc::new(move || {
            Ok(Box::new(Misbehaving {
                spurious_changes,
                waits: std::sync::Arc::clone(&counter),
                cancel: Default::default(),
            }) as Box<dyn SmartCardService>)
        }),
        MonitorOptions::default(),
        Box::new(|_| {}),
    );
    let (_tx, rx) = mpsc::channel::<()>();
    let _ = rx.recv_timeout(window); // just the observation window
    let t = Instant::now();
    monitor.stop();
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "stop took {:?}",
        t.elapsed()
    );
    waits.load(std::sync::atomic::Ordering::SeqCst)
}

#[test]
fn a_stack_that_never_answers_a_query_does_not_spin() {
    // One zero-timeout query, then blocking 2 s waits.
    let waits = count_waits_of_misbehaving(false, Duration::from_millis(1000));
    assert!(waits <= 3, "{waits} waits in 1 s");
}

#[test]
fn a_stack_that_always_reports_changes_is_throttled() {
    // 5 in a row, then one every 200 ms.
    let waits = count_waits_of_misbehaving(true, Duration::from_millis(1000));
    assert!(waits <= 12, "{waits} waits in 1 s");
}
