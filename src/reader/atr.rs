//! A deliberately modest guess at the card type from its ATR.
//!
//! An ATR identifies the chip and its operating system, not the application on it, so it can
//! never prove "NHI card": only SELECT of the NHI applet does. This guess only lets the UI say
//! "reading your NHI card…" sooner, or "this card does not answer" when there is no ATR.

use serde::Serialize;

/// The ATR most often reported for Taiwan NHI cards. The same ATR is also reported for ACS
/// ACOS3 cards (the chip family), and NHI cards with other ATRs exist.
pub const COMMON_NHI_ATR: [u8; 19] = [
    0x3B, 0xBE, 0x11, 0x00, 0x00, 0x41, 0x01, 0x38, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x90, 0x00,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardTypeGuess {
    /// The ATR is the one commonly seen on NHI cards: possibly an NHI card (other cards on the
    /// same chip share it). Confirm with SELECT.
    PossiblyNhi,
    /// A well-formed ATR we have no opinion on. It may still be an NHI card: try SELECT.
    Unknown,
    /// No ATR: the card is in but mute.
    NoAtr,
    /// The first byte (TS) is neither 3B nor 3F, so this is not an ISO 7816-3 ATR.
    Malformed,
}

pub fn guess_card_type(atr: &[u8]) -> CardTypeGuess {
    match atr.first() {
        None => CardTypeGuess::NoAtr,
        Some(0x3B | 0x3F) if atr == COMMON_NHI_ATR => CardTypeGuess::PossiblyNhi,
        Some(0x3B | 0x3F) => CardTypeGuess::Unknown,
        Some(_) => CardTypeGuess::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses() {
        assert_eq!(guess_card_type(&COMMON_NHI_ATR), CardTypeGuess::PossiblyNhi);
        assert_eq!(guess_card_type(&[]), CardTypeGuess::NoAtr);
        assert_eq!(
            guess_card_type(&[0x3B, 0x8F, 0x80, 0x01]),
            CardTypeGuess::Unknown
        );
        assert_eq!(guess_card_type(&[0x00, 0x11]), CardTypeGuess::Malformed);
        // A truncated NHI ATR is not the NHI ATR.
        assert_eq!(
            guess_card_type(&COMMON_NHI_ATR[..18]),
            CardTypeGuess::Unknown
        );
    }
}
