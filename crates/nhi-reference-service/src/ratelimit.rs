//! Fixed-window rate limits keyed by card number or client address. Small and exact enough for
//! a reference service; the answer carries `retry_after` so clients can wait instead of hammer.

use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: HashMap<String, Window>,
}

#[derive(Debug)]
struct Window {
    started: Instant,
    length: Duration,
    count: u32,
}

impl RateLimiter {
    /// Counts one event for `key`; `Err(seconds)` when over `max` in the current `window`.
    pub fn check(
        &mut self,
        key: &str,
        max: u32,
        window: Duration,
        now: Instant,
    ) -> Result<(), u64> {
        if self.windows.len() > 10_000 {
            self.windows
                .retain(|_, w| now.duration_since(w.started) < w.length);
        }
        let w = self.windows.entry(key.to_owned()).or_insert(Window {
            started: now,
            length: window,
            count: 0,
        });
        if now.duration_since(w.started) >= w.length {
            w.started = now;
            w.length = window;
            w.count = 0;
        }
        if w.count >= max {
            let left = (w.started + w.length).saturating_duration_since(now);
            // Round up: "retry after 0 seconds" would invite an immediate, refused retry.
            return Err(left.as_secs() + u64::from(left.subsec_nanos() > 0));
        }
        w.count += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_key_and_window() {
        let mut rl = RateLimiter::default();
        let t0 = Instant::now();
        let minute = Duration::from_secs(60);
        assert!(rl.check("a", 2, minute, t0).is_ok());
        assert!(rl.check("a", 2, minute, t0).is_ok());
        assert_eq!(
            rl.check("a", 2, minute, t0 + Duration::from_secs(10)),
            Err(50)
        );
        assert!(rl.check("b", 2, minute, t0).is_ok());
        assert!(rl.check("a", 2, minute, t0 + minute).is_ok());
    }
}
