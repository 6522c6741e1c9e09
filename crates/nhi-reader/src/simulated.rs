//! `wait_for_change` for readers simulated in memory (the scripted fake and the demo's
//! in-process reader): the world sits behind a mutex, and a condition variable is notified on
//! every insertion, removal or cancel.

use std::sync::{Condvar, MutexGuard};
use std::time::Instant;

use super::{ReaderError, ReaderWatch, SlotState, WaitOutcome};

/// How a simulated reader looks right now: its state, the ATR and the event counter.
pub type Observation = (SlotState, Vec<u8>, u32);

/// Blocks until a watched reader differs from its watch (then updates every watch), the
/// deadline passes, `cancelled()` turns true, or `check` fails (a stopped service).
pub fn wait_for_change<T>(
    mut world: MutexGuard<'_, T>,
    changed: &Condvar,
    watch: &mut [ReaderWatch],
    deadline: Instant,
    check: impl Fn(&T) -> Result<(), ReaderError>,
    observe: impl Fn(&T, &str) -> Observation,
    cancelled: impl Fn() -> bool,
) -> Result<WaitOutcome, ReaderError> {
    loop {
        check(&world)?;
        let differs = watch.iter().any(|w| {
            let (state, atr, count) = observe(&world, &w.reader);
            w.state != state || w.atr != atr || w.event_count != count
        });
        if differs {
            for w in watch.iter_mut() {
                (w.state, w.atr, w.event_count) = observe(&world, &w.reader);
                w.raw_state = 1; // anything but "unaware"
            }
            return Ok(WaitOutcome::Changed);
        }
        if cancelled() {
            return Err(ReaderError::Cancelled);
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(WaitOutcome::TimedOut);
        }
        world = changed
            .wait_timeout(world, deadline - now)
            .unwrap_or_else(|p| p.into_inner())
            .0;
    }
}
