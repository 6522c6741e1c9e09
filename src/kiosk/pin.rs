//! The administrator PIN: its Argon2 hash lives in the machine-wide file, and a gate allows a
//! few tries, then makes the next one wait, so a stranger at the kiosk cannot guess it.

use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;

/// Shorter PINs are refused by `nhi-companion kiosk-pin`: four digits fall to a patient person
/// even with the cooldown.
pub const MIN_PIN_LEN: usize = 6;
/// Wrong PINs in a row before the cooldown.
pub const MAX_TRIES: u32 = 3;
pub const COOLDOWN: Duration = Duration::from_secs(60);

/// The PHC string for `pin` (Argon2id, the crate's default cost, a random salt). Spaces
/// around the PIN do not count, here or in [`verify`]: cmd's `echo 246810 | …` sends one.
pub fn hash(pin: &str) -> Result<String, String> {
    let pin = pin.trim();
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| format!("salt: {e}"))?;
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("argon2: {e}"))
}

/// An Argon2 PHC string (`$argon2id$v=19$m=…`), the only kind [`verify`] can check.
pub fn is_valid_hash(phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| h.algorithm.as_str().starts_with("argon2"))
}

/// `false` for a wrong PIN and an unusable hash alike. Deliberately slow (tens of ms).
pub fn verify(pin: &str, phc: &str) -> bool {
    let pin = pin.trim();
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

/// What a PIN attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    Accepted,
    Wrong {
        tries_left: u32,
    },
    /// Too many wrong PINs: try again in this many seconds (the PIN was not checked).
    CoolingDown {
        seconds: u64,
    },
    /// No `admin_pin_hash` in the machine-wide file: nothing can be unlocked.
    NotConfigured,
}

/// Counts wrong PINs; after [`MAX_TRIES`] of them, refuses every attempt for [`COOLDOWN`].
#[derive(Debug, Clone, Default)]
pub struct PinGate {
    failures: u32,
    locked_until: Option<Instant>,
}

impl PinGate {
    pub fn attempt(&mut self, hash: Option<&str>, pin: &str, now: Instant) -> Attempt {
        let Some(hash) = hash else {
            return Attempt::NotConfigured;
        };
        if let Some(seconds) = self.cooldown(now) {
            return Attempt::CoolingDown { seconds };
        }
        if self.locked_until.take().is_some() {
            // The cooldown is over: a fresh set of tries.
            self.failures = 0;
        }
        if verify(pin, hash) {
            self.failures = 0;
            return Attempt::Accepted;
        }
        self.failures += 1;
        if self.failures >= MAX_TRIES {
            self.locked_until = Some(now + COOLDOWN);
            return Attempt::CoolingDown {
                seconds: COOLDOWN.as_secs(),
            };
        }
        Attempt::Wrong {
            tries_left: MAX_TRIES - self.failures,
        }
    }

    /// Seconds left in the cooldown (rounded up), if one is running.
    pub fn cooldown(&self, now: Instant) -> Option<u64> {
        let left = self.locked_until?.saturating_duration_since(now);
        (!left.is_zero()).then(|| left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_verifies_only_its_pin() {
        let h = hash("246810").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(is_valid_hash(&h));
        assert!(verify("246810", &h));
        assert!(verify(" 246810 ", &h), "surrounding spaces do not count");
        assert!(!verify("246811", &h));
        assert!(!verify("246810", "not a hash"));
        assert!(!is_valid_hash("$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA"));
        assert!(!is_valid_hash("246810"));
    }

    #[test]
    fn three_wrong_tries_then_a_cooldown_then_fresh_tries() {
        let h = hash("246810").unwrap();
        let mut gate = PinGate::default();
        let t0 = Instant::now();
        assert_eq!(
            gate.attempt(Some(&h), "1", t0),
            Attempt::Wrong { tries_left: 2 }
        );
        assert_eq!(
            gate.attempt(Some(&h), "2", t0),
            Attempt::Wrong { tries_left: 1 }
        );
        assert_eq!(
            gate.attempt(Some(&h), "3", t0),
            Attempt::CoolingDown { seconds: 60 }
        );
        // Even the right PIN waits.
        let later = t0 + Duration::from_millis(30_500);
        assert_eq!(
            gate.attempt(Some(&h), "246810", later),
            Attempt::CoolingDown { seconds: 30 }
        );
        assert_eq!(gate.cooldown(t0 + COOLDOWN), None);
        assert_eq!(
            gate.attempt(Some(&h), "4", t0 + COOLDOWN),
            Attempt::Wrong { tries_left: 2 }
        );
        assert_eq!(
            gate.attempt(Some(&h), "246810", t0 + COOLDOWN),
            Attempt::Accepted
        );
        assert_eq!(
            gate.attempt(Some(&h), "5", t0 + COOLDOWN),
            Attempt::Wrong { tries_left: 2 }
        );
    }

    #[test]
    fn without_a_hash_nothing_unlocks() {
        let mut gate = PinGate::default();
        assert_eq!(
            gate.attempt(None, "246810", Instant::now()),
            Attempt::NotConfigured
        );
    }
}
