//! The token watcher: which PKCS#11 slots hold a token, polled once a second on a thread of
//! its own, as the flow's [`TokenSignal`]s. It catches what the reader monitor cannot name: a
//! Citizen Digital Certificate whose ATR is not on our list, a USB token with no reader.
//!
//! PKCS#11 has `C_WaitForSlotEvent`, but modules differ in whether it blocks, and HiCOS's
//! behaviour is not documented; a poll of `C_GetSlotList(tokenPresent)` is what every module
//! answers the same. The UI runs the watcher only while the flow could take a token (never
//! during an NHI card's read or sign-in: a vendor module looking for its cards may talk to
//! the card in the reader). A poll never waits for a token call in progress: that round is
//! skipped.

use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use super::Tokens;
use crate::flow::{TokenSignal, TokenSlot};

/// How often the slots are looked at.
pub const POLL: Duration = Duration::from_secs(1);
/// After the module could not be loaded: look again this much later (HiCOS may be installed
/// while the app runs), without loading a broken file every second.
pub const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// The tokens watched, as a subscription's key: one watcher per configured module.
#[derive(Clone)]
pub struct WatchedTokens(pub Tokens);

impl Hash for WatchedTokens {
    fn hash<H: Hasher>(&self, state: &mut H) {
        "tokens".hash(state);
        self.0.explicit_module().hash(state);
    }
}

/// The running watcher; dropping it stops the thread (within one poll).
pub struct TokenWatch {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for TokenWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

/// Watch `tokens` until the handle is dropped: the tokens present now first, then each
/// change.
pub fn watch(tokens: Tokens, on_signal: impl Fn(TokenSignal) + Send + 'static) -> TokenWatch {
    let stop = Arc::new(AtomicBool::new(false));
    let stopping = stop.clone();
    let thread = std::thread::Builder::new()
        .name("token-watch".into())
        .spawn(move || {
            let mut present: BTreeSet<u64> = BTreeSet::new();
            while !stopping.load(Ordering::Relaxed) {
                let wait = match poll(&tokens, &mut present, &on_signal) {
                    Some(true) => POLL,
                    Some(false) => RETRY_AFTER_FAILURE,
                    // Busy with a token call: look again at the next round.
                    None => POLL,
                };
                std::thread::park_timeout(wait);
            }
        })
        .ok();
    TokenWatch { stop, thread }
}

/// One look at the slots; `Some(false)` when the module could not be asked, `None` when it
/// was busy.
fn poll(
    tokens: &Tokens,
    present: &mut BTreeSet<u64>,
    on_signal: &impl Fn(TokenSignal),
) -> Option<bool> {
    let now = match tokens.try_present_blocking()? {
        Ok(slots) => slots.into_iter().map(|s| s.0).collect::<BTreeSet<u64>>(),
        Err(e) => {
            tracing::debug!(error = %e, "token slots not listed");
            // A module gone (or never there) has no tokens.
            for slot in std::mem::take(present) {
                on_signal(TokenSignal::Gone {
                    slot: TokenSlot(slot),
                });
            }
            return Some(false);
        }
    };
    for slot in present.difference(&now) {
        on_signal(TokenSignal::Gone {
            slot: TokenSlot(*slot),
        });
    }
    let arrived: Vec<u64> = now.difference(present).copied().collect();
    if !arrived.is_empty() {
        // Which reader each sits in, as the module names its slot.
        let descriptions = tokens.summaries_blocking().unwrap_or_default();
        for slot in arrived {
            let reader = descriptions
                .iter()
                .find(|t| t.slot.0 == slot)
                .map(|t| t.slot_description.clone())
                .filter(|d| !d.is_empty());
            on_signal(TokenSignal::Present {
                slot: TokenSlot(slot),
                reader,
            });
        }
    }
    *present = now;
    Some(true)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::sync::mpsc;

    use super::*;
    use crate::token::SoftwareToken;
    use crate::token::software::DemoToken;

    #[test]
    fn a_token_put_in_and_taken_out_is_reported_once_each() {
        let DemoToken { token, .. } = SoftwareToken::demo().unwrap();
        let token = Arc::new(Mutex::new(token));
        let tokens = Tokens::software(token.clone());
        let (tx, rx) = mpsc::channel();
        let mut present = BTreeSet::new();
        let send = move |s| tx.send(s).unwrap();
        assert_eq!(poll(&tokens, &mut present, &send), Some(true));
        let slot = TokenSlot(SoftwareToken::SLOT.0);
        assert_eq!(
            rx.try_recv().unwrap(),
            TokenSignal::Present {
                slot,
                reader: Some(SoftwareToken::SLOT_DESCRIPTION.into())
            }
        );
        // No change, no signal.
        poll(&tokens, &mut present, &send);
        assert!(rx.try_recv().is_err());
        token.lock().unwrap().set_present(false);
        poll(&tokens, &mut present, &send);
        assert_eq!(rx.try_recv().unwrap(), TokenSignal::Gone { slot });
        assert!(rx.try_recv().is_err());
    }

    #[test]
    fn a_busy_token_is_not_waited_for() {
        let DemoToken { token, .. } = SoftwareToken::demo().unwrap();
        let tokens = Tokens::software(Arc::new(Mutex::new(token)));
        let _busy = tokens.0.lock().unwrap();
        let mut present = BTreeSet::new();
        assert_eq!(poll(&tokens, &mut present, &|_| {}), None);
    }

    #[test]
    fn the_watcher_stops_when_dropped() {
        let tokens = Tokens::pkcs11(Some("/nonexistent/module.so".into()));
        let watch = watch(tokens, |_| {});
        let started = std::time::Instant::now();
        drop(watch);
        assert!(started.elapsed() < RETRY_AFTER_FAILURE);
    }
}
