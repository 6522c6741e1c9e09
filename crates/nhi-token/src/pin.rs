//! The token PIN and what the token says about its tries.
//!
//! PKCS#11 never tells how many tries are left, only three flags in the token info:
//! `CKF_USER_PIN_COUNT_LOW` (a wrong PIN was given since the last right one),
//! `CKF_USER_PIN_FINAL_TRY` (one more wrong PIN locks it) and `CKF_USER_PIN_LOCKED`.
//! [`PinTries`] is exactly that much, honestly: a module that sets no flags (SoftHSM2 sets
//! none until it locks) reads as `Unknown`.

use zeroize::Zeroizing;

/// A PIN typed by the person. Zeroized when dropped, `***` in `Debug`, no `Display`: it goes
/// to the token's `C_Login` and nowhere else.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(Zeroizing<String>);

impl Pin {
    pub fn new(pin: impl Into<String>) -> Pin {
        Pin(Zeroizing::new(pin.into()))
    }

    /// The PIN itself, for `C_Login` (and the software token's comparison) only.
    pub fn expose(&self) -> &str {
        self.0.as_str()
    }

    /// Length in characters, for the length check before it is sent.
    pub fn chars(&self) -> usize {
        self.0.chars().count()
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

/// What the token's flags say about the tries left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PinTries {
    /// No flag set: the token does not say (some count silently until they lock).
    Unknown,
    /// `CKF_USER_PIN_COUNT_LOW`: a wrong PIN was given; more than one try is left.
    Low,
    /// `CKF_USER_PIN_FINAL_TRY`: one wrong PIN more and the PIN is locked.
    FinalTry,
}

/// The PIN state of a token before anything is tried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PinState {
    /// Usable; `tries` as the flags say.
    Usable { tries: PinTries },
    /// `CKF_USER_PIN_LOCKED`: never try it; it is unlocked where the card was issued (for
    /// the Citizen Digital Certificate: the MOICA website's unlock tool, or a household
    /// registration office).
    Locked,
}

impl PinState {
    /// From the three flags of `CK_TOKEN_INFO`.
    pub fn from_flags(count_low: bool, final_try: bool, locked: bool) -> PinState {
        if locked {
            PinState::Locked
        } else if final_try {
            PinState::Usable {
                tries: PinTries::FinalTry,
            }
        } else if count_low {
            PinState::Usable {
                tries: PinTries::Low,
            }
        } else {
            PinState::Usable {
                tries: PinTries::Unknown,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_pin() {
        assert_eq!(format!("{:?}", Pin::new("123456")), "***");
        assert_eq!(Pin::new("一二三").chars(), 3);
    }

    #[test]
    fn locked_wins_over_the_other_flags() {
        assert_eq!(PinState::from_flags(true, true, true), PinState::Locked);
        assert_eq!(
            PinState::from_flags(true, true, false),
            PinState::Usable {
                tries: PinTries::FinalTry
            }
        );
        assert_eq!(
            PinState::from_flags(true, false, false),
            PinState::Usable {
                tries: PinTries::Low
            }
        );
        assert_eq!(
            PinState::from_flags(false, false, false),
            PinState::Usable {
                tries: PinTries::Unknown
            }
        );
    }
}
