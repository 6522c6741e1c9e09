//! The stand-in for the official service's security module: which card has which key, and
//! which ID number belongs to it when known.

use std::collections::HashMap;

use nhi_card::auth::{CardKey, DEMO_MASTER_KEY};
use nhi_card::demo::{DEMO_CARD_NUMBER, DEMO_ID_NUMBER};

use super::config::CardEntry;

#[derive(Debug)]
struct KnownCard {
    key: CardKey,
    id_number: String,
}

#[derive(Debug)]
pub struct CardRegistry {
    cards: HashMap<String, KnownCard>,
    /// Keys for cards not listed come from this master secret (the demo one), if set.
    master: Option<Vec<u8>>,
}

impl CardRegistry {
    pub fn new(entries: &[CardEntry], derive_unknown: bool) -> Result<Self, String> {
        let mut cards = HashMap::new();
        cards.insert(
            DEMO_CARD_NUMBER.to_owned(),
            KnownCard {
                key: CardKey::demo(DEMO_CARD_NUMBER),
                id_number: DEMO_ID_NUMBER.to_owned(),
            },
        );
        for entry in entries {
            if !is_card_number(&entry.card_number) {
                return Err(format!(
                    "card number {:?} is not 12 digits",
                    entry.card_number
                ));
            }
            if !is_id_number(&entry.id_number) {
                return Err(format!(
                    "card {}: the ID number is not in a known format",
                    entry.card_number
                ));
            }
            let key = match &entry.key_hex {
                None => CardKey::demo(&entry.card_number),
                Some(hex_key) => {
                    let bytes: [u8; 32] = hex::decode(hex_key)
                        .ok()
                        .and_then(|b| b.try_into().ok())
                        .ok_or_else(|| {
                            format!("card {}: key_hex is not 32 bytes of hex", entry.card_number)
                        })?;
                    CardKey::from_bytes(bytes)
                }
            };
            cards.insert(
                entry.card_number.clone(),
                KnownCard {
                    key,
                    id_number: entry.id_number.clone(),
                },
            );
        }
        Ok(Self {
            cards,
            master: derive_unknown.then(|| DEMO_MASTER_KEY.to_vec()),
        })
    }

    /// The card's key, if the security module knows the card.
    pub fn key(&self, card_number: &str) -> Option<CardKey> {
        match self.cards.get(card_number) {
            Some(card) => Some(card.key.clone()),
            None => self
                .master
                .as_ref()
                .map(|master| CardKey::derive(master, card_number)),
        }
    }

    /// The card issued to `id_number`, where the module knows it (certificate sign-in of a
    /// person who never applied).
    pub fn card_for_id_number(&self, id_number: &str) -> Option<String> {
        self.cards
            .iter()
            .find(|(_, card)| card.id_number == id_number)
            .map(|(number, _)| number.clone())
    }

    /// The ID number the card was issued to, where the module knows it.
    pub fn id_number(&self, card_number: &str) -> Option<&str> {
        self.cards.get(card_number).map(|c| c.id_number.as_str())
    }
}

/// 12 ASCII digits, as printed on the card.
pub fn is_card_number(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// A national ID or a resident certificate number (the protocol's one rule for it).
pub fn is_id_number(s: &str) -> bool {
    nhi_protocol::protocol::is_id_number_shape(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_card_is_known_and_unknown_cards_derive() {
        let reg = CardRegistry::new(&[], true).unwrap();
        assert_eq!(
            reg.key(DEMO_CARD_NUMBER),
            Some(CardKey::demo(DEMO_CARD_NUMBER))
        );
        assert_eq!(reg.id_number(DEMO_CARD_NUMBER), Some(DEMO_ID_NUMBER));
        assert_eq!(reg.key("000000000001"), Some(CardKey::demo("000000000001")));
        let strict = CardRegistry::new(&[], false).unwrap();
        assert_eq!(strict.key("000000000001"), None);
    }

    /// The service side of the known-answer vectors (docs/PROTOCOL.md): the key the
    /// registry holds for each card (derived from the demo master secret, or a `--cards`
    /// file's `key_hex`) verifies the known answer and nothing else.
    #[test]
    fn the_verifier_accepts_the_known_answers_only() {
        use nhi_card::auth::known_answers::VECTORS;
        let entries: Vec<CardEntry> = VECTORS
            .iter()
            .filter_map(|v| {
                Some(CardEntry {
                    card_number: v.card_number.into(),
                    id_number: "F234567890".into(),
                    key_hex: Some(v.key_hex?.into()),
                    registration: None,
                })
            })
            .collect();
        assert_eq!(entries.len(), 1);
        let reg = CardRegistry::new(&entries, true).unwrap();
        for v in &VECTORS {
            let key = reg.key(v.card_number).unwrap();
            assert_eq!(hex::encode(key.as_bytes()), v.derived_key_hex);
            let (r, c, a) = (v.random(), v.challenge(), v.answer());
            assert!(key.verify(&r, &c, &a), "{}", v.card_number);
            for bit in [0, 7, 127] {
                let mut wrong = a;
                wrong[bit / 8] ^= 1 << (bit % 8);
                assert!(!key.verify(&r, &c, &wrong), "{} bit {bit}", v.card_number);
            }
            let mut other_random = r;
            other_random[0] ^= 1;
            assert!(!key.verify(&other_random, &c, &a));
        }
    }

    #[test]
    fn id_formats() {
        assert!(is_id_number("A123456789"));
        assert!(is_id_number("AB12345678"));
        assert!(is_id_number("A812345678"));
        assert!(!is_id_number("a123456789"));
        assert!(!is_id_number("A12345678"));
    }
}
