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

/// The known-answer vectors of docs/PROTOCOL.md, computed there with an independent HMAC
/// (Python's `hmac`), for the tests of both sides: the card (`virtual_card`'s responder) and
/// the service (the reference service's key registry and verifier).
#[cfg(any(test, feature = "test-support"))]
pub mod known_answers {
    /// One vector: the card's key (from the demo master secret and the card number, or given
    /// as bytes), its GET CHALLENGE random `r`, the service's challenge `c`, the answer.
    pub struct Vector {
        pub card_number: &'static str,
        /// `None`: derived, `HMAC-SHA256(DEMO_MASTER_KEY, card_number)`.
        pub key_hex: Option<&'static str>,
        pub derived_key_hex: &'static str,
        pub random_hex: &'static str,
        pub challenge_hex: &'static str,
        pub answer_hex: &'static str,
    }

    pub const VECTORS: [Vector; 3] = [
        Vector {
            card_number: "000012345678",
            key_hex: None,
            derived_key_hex: "ae250c07669d65068cb22367a90c7306468e419ab8b00ff40dd2de0c2ef9a319",
            random_hex: "0102030405060708",
            challenge_hex: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
            answer_hex: "64dcc40468162053135b772a9da6b0e1",
        },
        Vector {
            card_number: "000087654321",
            key_hex: None,
            derived_key_hex: "323076195069b2a9730e16312064cbf577807c179a518005fc979b273de34c4c",
            random_hex: "ffffffffffffffff",
            challenge_hex: "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5",
            answer_hex: "1cc89493bb60edc1f71a8aa6ee0230b5",
        },
        Vector {
            card_number: "000022223333",
            key_hex: Some("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"),
            derived_key_hex: "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
            random_hex: "0000000000000000",
            challenge_hex: "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f",
            answer_hex: "824dd8ca7382ad543c7c69d911e47edd",
        },
    ];

    pub fn bytes<const N: usize>(hex_text: &str) -> [u8; N] {
        hex::decode(hex_text).unwrap().try_into().unwrap()
    }

    impl Vector {
        pub fn random(&self) -> [u8; 8] {
            bytes(self.random_hex)
        }
        pub fn challenge(&self) -> [u8; 32] {
            bytes(self.challenge_hex)
        }
        pub fn answer(&self) -> [u8; 16] {
            bytes(self.answer_hex)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formula_gives_the_known_answers() {
        for v in &known_answers::VECTORS {
            let key = match v.key_hex {
                Some(k) => CardKey::from_bytes(known_answers::bytes(k)),
                None => CardKey::derive(DEMO_MASTER_KEY, v.card_number),
            };
            assert_eq!(
                hex::encode(key.as_bytes()),
                v.derived_key_hex,
                "{}",
                v.card_number
            );
            assert_eq!(
                key.answer(&v.random(), &v.challenge()),
                v.answer(),
                "{}",
                v.card_number
            );
            assert!(key.verify(&v.random(), &v.challenge(), &v.answer()));
        }
        // The demo key is the derived one.
        assert_eq!(
            hex::encode(CardKey::demo("000012345678").as_bytes()),
            known_answers::VECTORS[0].derived_key_hex
        );
    }

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
