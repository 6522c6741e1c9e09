//! pcscd + vpcd for tests: start it, lock it, put virtual cards in, wait for pcscd to see
//! them, restart it.

use std::ffi::CString;
use std::fs::File;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use nhi_companion::virtual_card::{CardProfile, VpcdCard, vpcd};
use pcsc::{Context, Disposition, Protocols, ReaderState, Scope, ShareMode, State};

/// Held by every test process that uses pcscd (there is only one pcscd).
pub const LOCK_PATH: &str = "/tmp/nhi-companion-pcscd.lock";

/// How long pcscd may take to notice an insert or a removal (it polls about once a second).
pub const SEEN_TIMEOUT: Duration = Duration::from_secs(5);

/// Exclusive use of pcscd and its vpcd readers until dropped.
pub struct Pcscd {
    _lock: File,
}

/// How [`Pcscd::restart`] stops pcscd.
#[derive(Debug, Clone, Copy)]
pub enum Stop {
    /// SIGTERM: an orderly shutdown.
    Term,
    /// SIGKILL: a crash (stale pid file and socket left behind).
    Kill,
}

fn script(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("scripts")
        .join(name)
}

fn run_script(name: &str, envs: &[(&str, &str)]) {
    let output = Command::new(script(name))
        .envs(envs.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("cannot run scripts/{name}: {e}"));
    assert!(
        output.status.success(),
        "scripts/{name} failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The reader name of vpcd slot 0 or 1.
pub fn reader(slot: u8) -> String {
    vpcd::reader_name(slot)
}

impl Pcscd {
    /// Waits for the lock, makes sure pcscd runs (scripts/pcscd-start.sh), and waits until
    /// both vpcd readers are empty, so that a card the previous test just removed cannot be
    /// mistaken for this test's card.
    pub fn acquire() -> Pcscd {
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(LOCK_PATH)
            .unwrap_or_else(|e| panic!("cannot open {LOCK_PATH}: {e}"));
        // fs4's trait, named explicitly: std's own `File::lock` is newer than our MSRV.
        fs4::FileExt::lock(&lock).unwrap_or_else(|e| panic!("cannot lock {LOCK_PATH}: {e}"));
        run_script("pcscd-start.sh", &[]);
        let pcscd = Pcscd { _lock: lock };
        for slot in [0, 1] {
            pcscd
                .wait_for_card(&reader(slot), false, SEEN_TIMEOUT)
                .unwrap_or_else(|e| panic!("reader {slot} never became empty: {e}"));
        }
        pcscd
    }

    /// Inserts a card into vpcd slot 0 or 1 (returns once connected to vpcd; pcscd sees it
    /// up to a second later: see [`Pcscd::wait_for_card`]).
    pub fn insert(&self, slot: u8, profile: CardProfile) -> VpcdCard {
        VpcdCard::insert(profile, vpcd::port_for_slot(slot))
            .unwrap_or_else(|e| panic!("cannot insert a virtual card into slot {slot}: {e}"))
    }

    /// Inserts and waits until pcscd reports the card present; returns how long that took.
    pub fn insert_and_wait(&self, slot: u8, profile: CardProfile) -> (VpcdCard, Duration) {
        let card = self.insert(slot, profile);
        let seen = self
            .wait_for_card(&reader(slot), true, SEEN_TIMEOUT)
            .unwrap_or_else(|e| panic!("pcscd did not see the card in slot {slot}: {e}"));
        (card, seen)
    }

    /// Takes a card out (closes its vpcd connection).
    pub fn remove(&self, card: VpcdCard) {
        card.remove();
    }

    /// Waits until pcscd reports `reader` with a card (`present`) or empty (`!present`);
    /// returns how long it took. Rebuilds the PC/SC context whenever pcscd is down or was
    /// restarted, so it also serves as "wait for pcscd to come back".
    pub fn wait_for_card(
        &self,
        reader: &str,
        present: bool,
        timeout: Duration,
    ) -> Result<Duration, String> {
        let started = Instant::now();
        let deadline = started + timeout;
        let name = CString::new(reader).map_err(|e| e.to_string())?;
        let mut last = String::from("no answer from pcscd");
        while Instant::now() < deadline {
            let ctx = match Context::establish(Scope::User) {
                Ok(ctx) => ctx,
                Err(e) => {
                    last = format!("SCardEstablishContext: {e}");
                    std::thread::sleep(Duration::from_millis(50));
                    continue;
                }
            };
            let mut states = [ReaderState::new(name.clone(), State::UNAWARE)];
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                // Short waits: GetStatusChange blocks, and the deadline must be honoured.
                match ctx.get_status_change(left.min(Duration::from_millis(500)), &mut states) {
                    Ok(()) => {
                        let state = states[0].event_state();
                        let known = !state.intersects(State::UNKNOWN | State::UNAVAILABLE);
                        if known && state.contains(State::PRESENT) == present {
                            return Ok(started.elapsed());
                        }
                        last = format!("reader state {state:?}");
                        states[0].sync_current_state();
                    }
                    Err(pcsc::Error::Timeout) => {}
                    Err(e) => {
                        last = format!("SCardGetStatusChange: {e}");
                        std::thread::sleep(Duration::from_millis(50));
                        break;
                    }
                }
            }
        }
        Err(format!(
            "{reader}: card {} not seen within {timeout:?} ({last})",
            if present { "present" } else { "absent" }
        ))
    }

    /// Stops pcscd (scripts/pcscd-stop.sh, waits until it is gone) and starts it again
    /// (scripts/pcscd-start.sh, waits until vpcd listens).
    pub fn restart(&self, how: Stop) {
        let signal = match how {
            Stop::Term => "TERM",
            Stop::Kill => "KILL",
        };
        run_script("pcscd-stop.sh", &[("PCSCD_SIGNAL", signal)]);
        run_script("pcscd-start.sh", &[]);
    }

    /// The first half of [`Pcscd::restart`]: stops pcscd and returns once it is gone (vpcd
    /// ports closed). Cards inserted stay "in" and reconnect when pcscd is back.
    pub fn stop(&self, how: Stop) {
        let signal = match how {
            Stop::Term => "TERM",
            Stop::Kill => "KILL",
        };
        run_script("pcscd-stop.sh", &[("PCSCD_SIGNAL", signal)]);
    }

    /// The second half of [`Pcscd::restart`]: starts pcscd and returns once vpcd listens,
    /// i.e. at "pcscd's return" in the recovery-time bars.
    pub fn start(&self) {
        run_script("pcscd-start.sh", &[]);
    }
}

/// A shared connection to the card in `reader` (any protocol), handed to `f`, then
/// disconnected leaving the card as it is (never reset: other programs may use it).
pub fn with_card<T>(reader: &str, f: impl FnOnce(&Card) -> T) -> T {
    try_with_card(reader, f).unwrap_or_else(|e| panic!("{reader}: {e}"))
}

/// [`with_card`] that reports a failed connect instead of panicking (a card pcscd has not
/// caught up with yet, pcscd down).
pub fn try_with_card<T>(reader: &str, f: impl FnOnce(&Card) -> T) -> Result<T, pcsc::Error> {
    let ctx = Context::establish(Scope::User)?;
    let name = CString::new(reader).map_err(|_| pcsc::Error::UnknownReader)?;
    let card = Card(ctx.connect(&name, ShareMode::Shared, Protocols::ANY)?);
    let result = f(&card);
    card.0
        .disconnect(Disposition::LeaveCard)
        .map_err(|(_, e)| e)?;
    Ok(result)
}

/// A connected card.
pub struct Card(pub pcsc::Card);

impl Card {
    /// Sends a command APDU; returns the whole response (data + SW1 SW2).
    pub fn transmit(&self, apdu: &[u8]) -> Vec<u8> {
        let mut buf = [0u8; pcsc::MAX_BUFFER_SIZE];
        self.0
            .transmit(apdu, &mut buf)
            .unwrap_or_else(|e| panic!("SCardTransmit {apdu:02X?}: {e}"))
            .to_vec()
    }

    pub fn atr(&self) -> Vec<u8> {
        self.0.status2_owned().expect("SCardStatus").atr().to_vec()
    }

    pub fn protocol(&self) -> Option<pcsc::Protocol> {
        self.0.status2_owned().expect("SCardStatus").protocol2()
    }
}

/// Splits a response into data and status word.
pub fn split_sw(response: &[u8]) -> (&[u8], u16) {
    assert!(
        response.len() >= 2,
        "response without status word: {response:02X?}"
    );
    let (data, sw) = response.split_at(response.len() - 2);
    (data, u16::from_be_bytes([sw[0], sw[1]]))
}
