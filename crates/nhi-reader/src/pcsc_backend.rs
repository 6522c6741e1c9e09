//! The real implementation, on the `pcsc` crate (pcsclite, WinSCard, macOS PCSC framework).

use std::ffi::CString;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use pcsc::{Context, Disposition, Protocols, ReaderState, Scope, ShareMode, State};

use super::{
    Canceller, CardConnection, ReaderError, ReaderWatch, SlotState, SmartCardService, WaitOutcome,
};

/// One PC/SC context. Dropping it releases the context.
pub struct PcscService {
    ctx: Context,
    pnp: bool,
    idle: Arc<IdleWait>,
}

impl PcscService {
    /// What the [`Monitor`](super::Monitor) calls to build (and, after the service died,
    /// rebuild) a real PC/SC context.
    pub fn connector() -> super::Connector {
        std::sync::Arc::new(|| {
            PcscService::establish().map(|s| Box::new(s) as Box<dyn SmartCardService>)
        })
    }

    /// Establishes a user-scope context. Fails with [`ReaderError::NoService`] when pcscd /
    /// SCardSvr is not running (see [`establish_error`]).
    pub fn establish() -> Result<Self, ReaderError> {
        let ctx = Context::establish(Scope::User).map_err(establish_error)?;
        let pnp = probe_pnp(&ctx)?;
        tracing::debug!(pnp, "PC/SC context established");
        Ok(PcscService {
            ctx,
            pnp,
            idle: Arc::new(IdleWait::default()),
        })
    }
}

/// What a failed `SCardEstablishContext` means. No reader or card takes part in it, so a
/// failure the general mapping would blame on the reader (an internal, communication or
/// unknown error) is the smart-card service's: it is not there or not working, and the advice
/// is to (re)start it, not to replug a reader. Wine's stand-in WinSCard, for one, answers
/// every call with SCARD_F_INTERNAL_ERROR.
fn establish_error(error: pcsc::Error) -> ReaderError {
    match error {
        pcsc::Error::InternalError | pcsc::Error::CommError | pcsc::Error::UnknownError => {
            tracing::debug!(
                ?error,
                "no PC/SC context: treating it as the service missing"
            );
            ReaderError::NoService
        }
        other => ReaderError::from(other),
    }
}

/// macOS has no working PnP pseudo-reader; elsewhere we ask: a stack that does not know it
/// reports it as UNKNOWN.
fn probe_pnp(ctx: &Context) -> Result<bool, ReaderError> {
    if cfg!(target_os = "macos") {
        return Ok(false);
    }
    let mut rs = [ReaderState::new(pcsc::PNP_NOTIFICATION(), State::UNAWARE)];
    match ctx.get_status_change(Duration::ZERO, &mut rs) {
        Ok(()) => Ok(!rs[0].event_state().intersects(State::UNKNOWN)),
        Err(pcsc::Error::Timeout) => Ok(true),
        Err(e) => match ReaderError::from(e) {
            ReaderError::NoService => Err(ReaderError::NoService),
            other => {
                tracing::debug!(error = %other, "PnP probe failed; polling the reader list");
                Ok(false)
            }
        },
    }
}

impl SmartCardService for PcscService {
    fn list_readers(&mut self) -> Result<Vec<String>, ReaderError> {
        match self.ctx.list_readers_owned() {
            Ok(names) => Ok(names
                .into_iter()
                .filter_map(|n| match n.into_string() {
                    Ok(s) => Some(s),
                    Err(e) => {
                        // We could not connect by a lossy name anyway.
                        tracing::warn!(name = ?e.into_cstring(), "skipping a non-UTF-8 reader name");
                        None
                    }
                })
                .collect()),
            Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
            Err(e) => Err(e.into()),
        }
    }

    fn wait_for_change(
        &mut self,
        watch: &mut [ReaderWatch],
        timeout: Duration,
    ) -> Result<WaitOutcome, ReaderError> {
        if watch.is_empty() {
            // GetStatusChange with no reader returns at once on some stacks; wait ourselves
            // so a polling caller never spins.
            return self.idle.wait(timeout);
        }
        let mut states = Vec::with_capacity(watch.len());
        for w in watch.iter() {
            let name = CString::new(w.reader.as_str()).map_err(|_| ReaderError::UnknownReader {
                name: w.reader.clone(),
            })?;
            states.push(ReaderState::new(
                name,
                State::from_bits_retain(w.raw_state as _),
            ));
        }
        match self.ctx.get_status_change(timeout, &mut states) {
            Ok(()) => {
                for (w, rs) in watch.iter_mut().zip(&states) {
                    update_watch(w, rs);
                }
                Ok(WaitOutcome::Changed)
            }
            Err(pcsc::Error::Timeout) => Ok(WaitOutcome::TimedOut),
            Err(e) => Err(e.into()),
        }
    }

    fn connect(&mut self, reader: &str) -> Result<Box<dyn CardConnection>, ReaderError> {
        let unknown = || ReaderError::UnknownReader {
            name: reader.to_owned(),
        };
        let name = CString::new(reader).map_err(|_| unknown())?;
        let card = match self.ctx.connect(&name, ShareMode::Shared, Protocols::ANY) {
            Ok(card) => card,
            Err(pcsc::Error::UnknownReader | pcsc::Error::ReaderUnavailable) => {
                return Err(unknown());
            }
            Err(e) => return Err(e.into()),
        };
        let mut conn = PcscConnection {
            card: Some(card),
            atr: Vec::new(),
        };
        // The ATR at connect time, not the monitor's: the card may have been swapped since.
        match conn.card.as_ref().map(|c| c.status2_owned()) {
            Some(Ok(status)) => conn.atr = status.atr().to_vec(),
            Some(Err(e)) => return Err(e.into()), // conn's Drop leaves the card
            None => unreachable!("card was just set"),
        }
        tracing::debug!(reader, atr = %hex::encode_upper(&conn.atr), "connected");
        Ok(Box::new(conn))
    }

    fn canceller(&self) -> Canceller {
        let ctx = self.ctx.clone();
        let idle = Arc::clone(&self.idle);
        Canceller::new(move || {
            // SCardCancel fails harmlessly when no wait is in progress.
            if let Err(e) = ctx.cancel() {
                tracing::trace!(error = ?e, "SCardCancel");
            }
            idle.cancel();
        })
    }

    fn supports_pnp(&self) -> bool {
        self.pnp
    }
}

fn update_watch(w: &mut ReaderWatch, rs: &ReaderState) {
    let state = rs.event_state();
    // event_state() drops the counter bits; keep them so the next wait's "current state"
    // carries the count (Windows reports PnP as always-changed without it).
    // DWORD is u64 on Linux and macOS but already u32 on Windows, where the cast is a no-op.
    #[allow(clippy::unnecessary_cast)]
    let low_bits = (state.bits() & 0xFFFF) as u32;
    w.raw_state = low_bits | (rs.event_count() << 16);
    w.event_count = rs.event_count();
    w.state = slot_state(state);
    w.atr = if w.state.card_present() {
        rs.atr().to_vec()
    } else {
        Vec::new()
    };
}

fn slot_state(s: State) -> SlotState {
    if s.intersects(State::UNKNOWN | State::IGNORE) {
        SlotState::Unknown
    } else if s.contains(State::UNAVAILABLE) {
        SlotState::Unavailable
    } else if s.contains(State::PRESENT) {
        if s.contains(State::MUTE) {
            SlotState::Mute
        } else if s.intersects(State::INUSE | State::EXCLUSIVE) {
            SlotState::InUse
        } else {
            SlotState::Present
        }
    } else if s.contains(State::EMPTY) {
        SlotState::Empty
    } else {
        // Only CHANGED / UNAWARE bits: the PnP pseudo-reader, or a stack telling us nothing.
        SlotState::Unknown
    }
}

/// A cancellable sleep for waits with nothing to watch (a generation counter, so a cancel
/// wakes exactly the waits in progress, like SCardCancel).
#[derive(Default)]
struct IdleWait {
    generation: Mutex<u64>,
    cv: Condvar,
}

impl IdleWait {
    fn wait(&self, timeout: Duration) -> Result<WaitOutcome, ReaderError> {
        let guard = self.generation.lock().unwrap_or_else(|p| p.into_inner());
        let start = *guard;
        let (_guard, result) = self
            .cv
            .wait_timeout_while(guard, timeout, |g| *g == start)
            .unwrap_or_else(|p| p.into_inner());
        if result.timed_out() {
            Ok(WaitOutcome::TimedOut)
        } else {
            Err(ReaderError::Cancelled)
        }
    }

    fn cancel(&self) {
        *self.generation.lock().unwrap_or_else(|p| p.into_inner()) += 1;
        self.cv.notify_all();
    }
}

/// A shared connection that always leaves the card as it found it.
struct PcscConnection {
    /// `None` once disconnected. Never dropped as a `pcsc::Card`: its Drop resets the card.
    card: Option<pcsc::Card>,
    atr: Vec<u8>,
}

impl PcscConnection {
    fn leave(&mut self) -> Result<(), ReaderError> {
        let Some(card) = self.card.take() else {
            return Ok(());
        };
        match card.disconnect(Disposition::LeaveCard) {
            Ok(()) => Ok(()),
            Err((card, e)) => {
                // Dropping `card` would retry with ResetCard. The handle is almost surely dead
                // (card or service gone), so leaking it costs little; a reset could break
                // another program's session.
                std::mem::forget(card);
                Err(e.into())
            }
        }
    }
}

impl CardConnection for PcscConnection {
    fn atr(&self) -> &[u8] {
        &self.atr
    }

    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ReaderError> {
        let card = self.card.as_ref().ok_or(ReaderError::CardRemoved)?;
        // Short APDUs only: every NHI command is short, and 258 bytes (256 + SW) fits.
        let mut buf = [0u8; pcsc::MAX_BUFFER_SIZE];
        let answer = card.transmit(command, &mut buf)?;
        Ok(answer.to_vec())
    }

    fn disconnect(mut self: Box<Self>) -> Result<(), ReaderError> {
        self.leave()
    }
}

impl Drop for PcscConnection {
    fn drop(&mut self) {
        if let Err(e) = self.leave() {
            tracing::debug!(error = %e, "disconnect on drop failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slot_states() {
        assert_eq!(slot_state(State::EMPTY), SlotState::Empty);
        assert_eq!(slot_state(State::PRESENT), SlotState::Present);
        assert_eq!(slot_state(State::PRESENT | State::INUSE), SlotState::InUse);
        assert_eq!(slot_state(State::PRESENT | State::MUTE), SlotState::Mute);
        assert_eq!(
            slot_state(State::UNKNOWN | State::CHANGED),
            SlotState::Unknown
        );
        assert_eq!(slot_state(State::UNAVAILABLE), SlotState::Unavailable);
    }

    #[test]
    fn a_context_that_cannot_be_established_is_the_service() {
        for e in [
            pcsc::Error::InternalError,
            pcsc::Error::CommError,
            pcsc::Error::UnknownError,
            pcsc::Error::NoService,
            pcsc::Error::ServiceStopped,
        ] {
            assert_eq!(establish_error(e), ReaderError::NoService, "{e:?}");
        }
        // Not every failure: the rest keep their own meaning.
        assert_eq!(
            establish_error(pcsc::Error::NoMemory),
            ReaderError::from(pcsc::Error::NoMemory)
        );
        assert_eq!(
            establish_error(pcsc::Error::NoReadersAvailable),
            ReaderError::NoReaders
        );
    }

    #[test]
    fn idle_wait_times_out_and_cancels() {
        let idle = Arc::new(IdleWait::default());
        assert_eq!(
            idle.wait(Duration::from_millis(10)),
            Ok(WaitOutcome::TimedOut)
        );
        let other = Arc::clone(&idle);
        let t = std::thread::spawn(move || other.wait(Duration::from_secs(30)));
        // Cancel until the waiter has seen it (a cancel before the wait starts is lost).
        while !t.is_finished() {
            idle.cancel();
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(t.join().unwrap(), Err(ReaderError::Cancelled));
    }
}
