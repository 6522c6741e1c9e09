//! The service's clock, injectable so expiry tests move time instead of sleeping 15 minutes.
//!
//! Expiries are kept on a monotonic `Instant` (plus a test offset); the wall clock is used only
//! for the RFC 3339 strings shown to people, and tests can skew it to play a service whose
//! clock is wrong.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

#[derive(Debug, Clone, Default)]
pub struct Clock {
    inner: Arc<Offsets>,
}

#[derive(Debug, Default)]
struct Offsets {
    /// Added to both clocks: simulated passage of time.
    advanced_ms: AtomicU64,
    /// Added to the wall clock only: a service whose clock is wrong.
    wall_skew_s: AtomicI64,
}

impl Clock {
    pub fn new() -> Self {
        Self::default()
    }

    /// Monotonic now, for every expiry decision.
    pub fn now(&self) -> Instant {
        Instant::now() + Duration::from_millis(self.inner.advanced_ms.load(Ordering::Relaxed))
    }

    /// Wall-clock now, for display strings only.
    pub fn wall_now(&self) -> SystemTime {
        let advanced = SystemTime::now()
            + Duration::from_millis(self.inner.advanced_ms.load(Ordering::Relaxed));
        let skew = self.inner.wall_skew_s.load(Ordering::Relaxed);
        if skew >= 0 {
            advanced + Duration::from_secs(skew.unsigned_abs())
        } else {
            advanced - Duration::from_secs(skew.unsigned_abs())
        }
    }

    /// Moves both clocks forward (tests).
    pub fn advance(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.inner.advanced_ms.fetch_add(ms, Ordering::Relaxed);
    }

    /// Makes the wall clock wrong by `seconds` (tests).
    pub fn set_wall_skew(&self, seconds: i64) {
        self.inner.wall_skew_s.store(seconds, Ordering::Relaxed);
    }
}

/// RFC 3339 UTC with whole seconds, e.g. `2026-11-30T03:38:29Z`.
pub fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_moves_both_clocks_and_skew_only_the_wall() {
        let clock = Clock::new();
        let before = clock.now();
        clock.advance(Duration::from_secs(600));
        assert!(clock.now() >= before + Duration::from_secs(600));
        clock.set_wall_skew(-3 * 3600);
        let wall = clock.wall_now();
        assert!(wall < SystemTime::now() - Duration::from_secs(3600));
    }
}
