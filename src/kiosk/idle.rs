//! The idle timer: when the person at the kiosk stopped touching it, and when the screen must
//! warn and then reset. Time is always an argument (monotonic `Instant`s), never read here, so
//! tests drive it with simulated time and nothing counts down by itself.

use std::time::{Duration, Instant};

/// Last activity, the timeout and the warning window before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IdleTimer {
    last_activity: Instant,
    timeout: Duration,
    warning: Duration,
}

impl IdleTimer {
    /// A timer whose last activity is `now`. A warning window longer than the timeout is
    /// shortened to it (the config already clamps both; this keeps the type sound on its own).
    pub fn new(timeout: Duration, warning: Duration, now: Instant) -> IdleTimer {
        IdleTimer {
            last_activity: now,
            timeout,
            warning: warning.min(timeout),
        }
    }

    /// The person did something: start over. An instant older than the last one (events are
    /// not always delivered in order) never moves the timer back.
    pub fn activity(&mut self, now: Instant) {
        self.last_activity = self.last_activity.max(now);
    }

    pub fn last_activity(&self) -> Instant {
        self.last_activity
    }

    /// Time left before the reset.
    pub fn remaining(&self, now: Instant) -> Duration {
        self.timeout
            .saturating_sub(now.saturating_duration_since(self.last_activity))
    }

    /// Inside the warning window: the whole seconds left, rounded up (the banner says "5 s"
    /// from 5.0 down to 4.001 s, and never "0"). `None` before the window and once expired.
    pub fn warning(&self, now: Instant) -> Option<u64> {
        let remaining = self.remaining(now);
        if remaining.is_zero() || remaining > self.warning {
            return None;
        }
        Some(remaining.as_secs() + u64::from(remaining.subsec_nanos() > 0))
    }

    pub fn expired(&self, now: Instant) -> bool {
        self.remaining(now).is_zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: fn(u64) -> Duration = Duration::from_secs;

    fn timer() -> (IdleTimer, Instant) {
        let t0 = Instant::now();
        (IdleTimer::new(S(120), S(20), t0), t0)
    }

    #[test]
    fn quiet_then_warning_then_expired() {
        let (t, t0) = timer();
        assert_eq!(t.remaining(t0), S(120));
        assert_eq!(t.warning(t0 + S(99)), None);
        assert_eq!(t.warning(t0 + S(100)), Some(20));
        assert_eq!(t.warning(t0 + S(100) + Duration::from_millis(1)), Some(20));
        assert_eq!(t.warning(t0 + S(101)), Some(19));
        assert_eq!(t.warning(t0 + S(119)), Some(1));
        assert_eq!(t.warning(t0 + Duration::from_millis(119_900)), Some(1));
        assert!(!t.expired(t0 + Duration::from_millis(119_999)));
        assert!(t.expired(t0 + S(120)));
        assert_eq!(t.warning(t0 + S(120)), None);
        assert!(t.expired(t0 + S(5000)));
        assert_eq!(t.remaining(t0 + S(5000)), Duration::ZERO);
    }

    #[test]
    fn activity_postpones_and_never_goes_back() {
        let (mut t, t0) = timer();
        t.activity(t0 + S(110));
        assert_eq!(t.warning(t0 + S(119)), None);
        assert_eq!(t.remaining(t0 + S(119)), S(111));
        t.activity(t0 + S(50));
        assert_eq!(t.last_activity(), t0 + S(110));
        assert_eq!(t.warning(t0 + S(210)), Some(20));
    }

    #[test]
    fn a_warning_longer_than_the_timeout_is_the_timeout() {
        let t0 = Instant::now();
        let t = IdleTimer::new(S(10), S(60), t0);
        assert_eq!(t.warning(t0), Some(10));
        // A clock before the last activity counts as no time passed.
        assert_eq!(t.remaining(t0), S(10));
    }
}
