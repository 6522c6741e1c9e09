//! Insert→profile latency: our monitor + reader layer against a bare `pcsc` SELECT+READ of the
//! same virtual card, through the same real pcscd, alternating in one run.
//!
//! Both sides start the clock when the virtual card connects to vpcd (the card "enters the
//! reader") and stop it when the 57-byte basic data is in hand:
//! - baseline: one `pcsc` context blocked in GetStatusChange on the reader; on PRESENT,
//!   connect shared, SELECT, READ, disconnect leaving the card. No parsing.
//! - ours: `reader::Monitor` (PnP + GetStatusChange thread, events through a channel), then
//!   `reader::read_card` (connect, SELECT, READ, parse, disconnect).
//!
//! pcscd notices a card by polling, so each sample carries up to one poll interval of noise
//! shared by both sides; medians over alternating rounds cancel the drift of a noisy machine.
//!
//! `cargo bench --bench insert_to_profile` (ROUNDS=20 by default). Under `cargo test` it runs
//! two rounds as a smoke test. Needs pcscd with vsmartcard-vpcd (tests/support starts it).

#[path = "../tests/support/mod.rs"]
mod support;

use std::ffi::CString;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nhi_companion::card::apdu::{READ_BASIC_DATA, SELECT_NHI};
use nhi_companion::card::demo::DEMO_ID_NUMBER;
use nhi_companion::reader::pcsc_backend::PcscService;
use nhi_companion::reader::{Connector, Monitor, MonitorOptions, ReaderEvent, read_card};
use nhi_companion::virtual_card::{CardProfile, VpcdCard, vpcd};
use pcsc::{Context, Disposition, Protocols, ReaderState, Scope, ShareMode, State};

const SLOT: u8 = 0;
const EVENT_TIMEOUT: Duration = Duration::from_secs(10);

fn main() {
    let measuring = std::env::args().any(|a| a == "--bench");
    let rounds: usize = if measuring {
        std::env::var("ROUNDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(20)
    } else {
        2
    };
    let pcscd = support::pcscd::Pcscd::acquire();
    let reader = vpcd::reader_name(SLOT);
    let profile = CardProfile::builtin("demo").expect("demo profile");

    let (events, received) = mpsc::channel();
    let factory: Connector = PcscService::connector();
    let monitor = Monitor::spawn(
        factory,
        MonitorOptions::default(),
        Box::new(move |e| {
            let _ = events.send(e);
        }),
    );
    let mut ours = Ours {
        events: received,
        service: PcscService::establish().expect("PC/SC context"),
        reader: reader.clone(),
    };
    let mut bare = Bare::new(&reader);
    // Let the monitor's start announcement pass before the first round.
    std::thread::sleep(Duration::from_millis(300));
    ours.drain();

    let mut bare_samples = Vec::new();
    let mut our_samples = Vec::new();
    for round in 0..rounds {
        // Alternate who goes first, so neither side always follows a removal more closely.
        if round % 2 == 0 {
            bare_samples.push(bare.round(&pcscd, &profile));
            our_samples.push(ours.round(&pcscd, &profile));
        } else {
            our_samples.push(ours.round(&pcscd, &profile));
            bare_samples.push(bare.round(&pcscd, &profile));
        }
    }
    monitor.stop();

    let bare_median = median(&mut bare_samples);
    let our_median = median(&mut our_samples);
    println!("insert_to_profile: {rounds} alternating rounds, virtual card through pcscd");
    println!(
        "  bare pcsc SELECT+READ   median {:>8.1} ms  (min {:.1}, max {:.1})",
        ms(bare_median),
        ms(bare_samples[0]),
        ms(*bare_samples.last().unwrap())
    );
    println!(
        "  monitor + read_card     median {:>8.1} ms  (min {:.1}, max {:.1})",
        ms(our_median),
        ms(our_samples[0]),
        ms(*our_samples.last().unwrap())
    );
    println!(
        "  ratio (ours / bare)     {:.2}x   (goal <= 1.2x)",
        our_median.as_secs_f64() / bare_median.as_secs_f64()
    );
}

/// The baseline: nothing but the pcsc crate.
struct Bare {
    context: Context,
    reader: CString,
}

impl Bare {
    fn new(reader: &str) -> Self {
        Bare {
            context: Context::establish(Scope::User).expect("PC/SC context"),
            reader: CString::new(reader).expect("reader name"),
        }
    }

    fn round(&mut self, pcscd: &support::pcscd::Pcscd, profile: &CardProfile) -> Duration {
        let mut states = [ReaderState::new(self.reader.clone(), State::UNAWARE)];
        // Learn the current (empty) state so the next call blocks until the insert.
        self.context
            .get_status_change(Duration::ZERO, &mut states)
            .or_else(|e| {
                if e == pcsc::Error::Timeout {
                    Ok(())
                } else {
                    Err(e)
                }
            })
            .expect("GetStatusChange");
        states[0].sync_current_state();

        let started = Instant::now();
        let card = insert(profile);
        while !states[0].event_state().contains(State::PRESENT) {
            states[0].sync_current_state();
            self.context
                .get_status_change(EVENT_TIMEOUT, &mut states)
                .expect("the insert was not seen");
        }
        let connection = self
            .context
            .connect(&self.reader, ShareMode::Shared, Protocols::ANY)
            .expect("connect");
        let mut buffer = [0u8; pcsc::MAX_BUFFER_SIZE];
        let select = connection
            .transmit(&SELECT_NHI, &mut buffer)
            .expect("SELECT")
            .to_vec();
        assert_eq!(
            select,
            [0x90, 0x00],
            "SELECT; ATR {:02X?}",
            connection.status2_owned().map(|s| s.atr().to_vec())
        );
        let read_len = connection
            .transmit(&READ_BASIC_DATA, &mut buffer)
            .expect("READ")
            .len();
        assert_eq!(read_len, 59, "READ gives 57 bytes + SW");
        connection
            .disconnect(Disposition::LeaveCard)
            .map_err(|(_, e)| e)
            .expect("disconnect");
        let elapsed = started.elapsed();

        remove(pcscd, card, &self.reader.to_string_lossy());
        elapsed
    }
}

/// Ours: the monitor's event, then the reader layer's read.
struct Ours {
    events: mpsc::Receiver<ReaderEvent>,
    service: PcscService,
    reader: String,
}

impl Ours {
    fn drain(&self) {
        while self.events.try_recv().is_ok() {}
    }

    fn round(&mut self, pcscd: &support::pcscd::Pcscd, profile: &CardProfile) -> Duration {
        self.drain();
        let started = Instant::now();
        let card = insert(profile);
        loop {
            match self.events.recv_timeout(EVENT_TIMEOUT) {
                Ok(ReaderEvent::CardInserted { reader, .. }) if reader == self.reader => break,
                Ok(_) => continue,
                Err(e) => panic!("no CardInserted from the monitor: {e}"),
            }
        }
        let reading = read_card(&mut self.service, &self.reader).expect("read_card");
        let elapsed = started.elapsed();
        assert_eq!(reading.profile.id_number, DEMO_ID_NUMBER);

        remove(pcscd, card, &self.reader);
        elapsed
    }
}

fn insert(profile: &CardProfile) -> VpcdCard {
    VpcdCard::insert(profile.clone(), vpcd::port_for_slot(SLOT)).expect("insert the virtual card")
}

fn remove(pcscd: &support::pcscd::Pcscd, card: VpcdCard, reader: &str) {
    card.remove();
    pcscd
        .wait_for_card(reader, false, EVENT_TIMEOUT)
        .expect("the removal was not seen");
}

fn median(samples: &mut [Duration]) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
