//! The card-authentication model shared by the virtual card and the reference service.
//!
//! The official registration service pairs the card's `00 82` answer with a server-side
//! security module over an unpublished channel. We model the same exchange openly: every card
//! holds a 32-byte key derived from a master secret and its card number; GET CHALLENGE gives
//! 8 random bytes `r`; the authentication APDU carries the service's 32-byte challenge `c`, and
//! the card answers the first 16 bytes of `HMAC-SHA256(K, r || c)`.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

type HmacSha256 = Hmac<Sha256>;

/// Length of the card's GET CHALLENGE answer.
pub const CARD_RANDOM_LEN: usize = 8;
/// Length of the service's challenge inside the authentication APDU.
pub const SERVICE_CHALLENGE_LEN: usize = 32;
/// Length of the card's answer to the authentication APDU.
pub const CARD_ANSWER_LEN: usize = 16;

/// The master secret of the demo and of the test cards. Public on purpose: it protects
/// nothing but demo data.
pub const DEMO_MASTER_KEY: &[u8] = b"nhi-companion demo master key v1";

/// A card's own authentication key. Zeroized when dropped.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct CardKey([u8; 32]);

impl CardKey {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// `K = HMAC-SHA256(master, card_number)`.
    pub fn derive(master: &[u8], card_number: &str) -> Self {
        let mut mac = HmacSha256::new_from_slice(master).expect("HMAC takes any key length");
        mac.update(card_number.as_bytes());
        Self(mac.finalize().into_bytes().into())
    }

    /// The key the demo master secret gives a card number.
    pub fn demo(card_number: &str) -> Self {
        Self::derive(DEMO_MASTER_KEY, card_number)
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// What the card answers to the authentication APDU: `HMAC-SHA256(K, r || c)[..16]`.
    pub fn answer(
        &self,
        card_random: &[u8; CARD_RANDOM_LEN],
        challenge: &[u8; SERVICE_CHALLENGE_LEN],
    ) -> [u8; CARD_ANSWER_LEN] {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(card_random);
        mac.update(challenge);
        let full = mac.finalize().into_bytes();
        let mut answer = [0u8; CARD_ANSWER_LEN];
        answer.copy_from_slice(&full[..CARD_ANSWER_LEN]);
        answer
    }

    /// Checks a card's answer in constant time.
    pub fn verify(
        &self,
        card_random: &[u8; CARD_RANDOM_LEN],
        challenge: &[u8; SERVICE_CHALLENGE_LEN],
        answer: &[u8],
    ) -> bool {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(card_random);
        mac.update(challenge);
        mac.verify_truncated_left(answer).is_ok() && answer.len() == CARD_ANSWER_LEN
    }
}

impl std::fmt::Debug for CardKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CardKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_verifies_and_depends_on_every_input() {
        let key = CardKey::demo("000012345678");
        let r = [1u8; CARD_RANDOM_LEN];
        let c = [2u8; SERVICE_CHALLENGE_LEN];
        let answer = key.answer(&r, &c);
        assert!(key.verify(&r, &c, &answer));
        assert!(!key.verify(&[0u8; CARD_RANDOM_LEN], &c, &answer));
        assert!(!key.verify(&r, &[0u8; SERVICE_CHALLENGE_LEN], &answer));
        assert!(!CardKey::demo("000012345679").verify(&r, &c, &answer));
        assert!(
            !key.verify(&r, &c, &answer[..8]),
            "a truncated answer must not pass"
        );
    }

    #[test]
    fn debug_hides_the_key() {
        assert_eq!(format!("{:?}", CardKey::demo("x")), "CardKey(…)");
    }
}
