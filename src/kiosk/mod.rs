//! Service-center kiosk mode, as plain Rust (no iced): the machine-wide configuration, the
//! idle timer, the administrator PIN, and the policy that ties them together: when to warn
//! and when to reset the screen. The app (`ui::app`) asks [`Kiosk::check`] after every
//! update and carries out the verdict; the flow does the reset itself (`flow::Event::Reset`).

pub mod config;
pub mod idle;
pub mod pin;
#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

pub use config::MachineConfig;
pub use idle::IdleTimer;
pub use pin::{Attempt, PinGate};

/// What the app should do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing to show.
    Quiet,
    /// Show "this screen will reset in N s" with a button to keep going.
    Warn(u64),
    /// Sign out, clear everything, back to waiting for a card.
    Reset,
}

/// The kiosk's configuration and timers.
#[derive(Debug, Clone)]
pub struct Kiosk {
    pub config: MachineConfig,
    idle: IdleTimer,
    /// Runs only while a finished code's result is on screen (`config.result`). Any input
    /// restarts it: the person is still there, e.g. for another phone.
    result: Option<IdleTimer>,
    pub gate: PinGate,
}

impl Kiosk {
    pub fn new(config: MachineConfig, now: Instant) -> Kiosk {
        Kiosk {
            idle: IdleTimer::new(config.idle, config.warning, now),
            result: None,
            gate: PinGate::default(),
            config,
        }
    }

    /// A key, a click or a touch.
    pub fn activity(&mut self, now: Instant) {
        self.idle.activity(now);
        if let Some(r) = &mut self.result {
            r.activity(now);
        }
    }

    /// Decide at `now`. `guarding`: something personal (or the administrator screen) is on
    /// show; otherwise the timer just keeps starting over, so that it measures from the
    /// moment there is something to protect. `result`: a finished code is on screen.
    pub fn check(&mut self, now: Instant, guarding: bool, result: bool) -> Verdict {
        if !guarding {
            self.idle.activity(now);
            self.result = None;
            return Verdict::Quiet;
        }
        if !result {
            self.result = None;
        } else if self.result.is_none() {
            self.result = Some(IdleTimer::new(self.config.result, self.config.result, now));
        }
        let timers = std::iter::once(&self.idle).chain(self.result.as_ref());
        let mut verdict = Verdict::Quiet;
        for timer in timers {
            if timer.expired(now) {
                return Verdict::Reset;
            }
            if let Some(n) = timer.warning(now) {
                verdict = match verdict {
                    Verdict::Warn(m) => Verdict::Warn(m.min(n)),
                    _ => Verdict::Warn(n),
                };
            }
        }
        verdict
    }

    /// After a reset: everything starts over (the PIN cooldown excepted).
    pub fn restart(&mut self, now: Instant) {
        self.idle = IdleTimer::new(self.config.idle, self.config.warning, now);
        self.result = None;
    }

    /// The time left before the idle reset (for tests and diagnostics).
    pub fn remaining(&self, now: Instant) -> Duration {
        self.idle.remaining(now)
    }
}
