//! The host side (`card::session`, `card::profile`) against the card side (`virtual_card`),
//! in memory: two implementations written independently from DESIGN.md's card facts must
//! agree on every built-in profile, and both must agree with the expectations written out by
//! hand in `support::expected`. No pcscd.

mod support;

use std::convert::Infallible;

use nhi_companion::card::apdu::StatusWord;
use nhi_companion::card::auth::CardKey;
use nhi_companion::card::demo;
use nhi_companion::card::session::{self, CardTransport, SessionError};
use nhi_companion::card::{CardError, Profile, UnreadableReason};
use nhi_companion::virtual_card::{CardProfile, RARE_GLYPH_NAME, UNDECODABLE_NAME, VirtualNhiCard};
use support::expected::{self, DEMO, DEMO_LITERAL, Expected, ExpectedProfile};

/// The virtual card as a transport, logging every command it gets.
struct InMemory {
    card: VirtualNhiCard,
    sent: Vec<Vec<u8>>,
}

impl InMemory {
    fn new(profile: CardProfile) -> Self {
        let mut card = VirtualNhiCard::new(profile).expect("built-in profiles are valid");
        card.power_on();
        InMemory {
            card,
            sent: Vec::new(),
        }
    }

    fn builtin(name: &str) -> Self {
        Self::new(CardProfile::builtin(name).unwrap())
    }

    /// The instruction bytes sent, in order.
    fn instructions(&self) -> Vec<u8> {
        self.sent.iter().map(|c| c[1]).collect()
    }
}

impl CardTransport for InMemory {
    type Error = Infallible;
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Infallible> {
        self.sent.push(command.to_vec());
        Ok(self.card.respond(command))
    }
}

fn assert_profile(name: &str, got: &Profile, want: &ExpectedProfile) {
    assert_eq!(got.card_number, want.card_number, "{name}: card_number");
    assert_eq!(got.name, want.name, "{name}: name");
    assert_eq!(got.id_number, want.id_number, "{name}: id_number");
    assert_eq!(
        got.birth_date.format("%Y-%m-%d").to_string(),
        want.birth_date,
        "{name}: birth_date"
    );
    assert_eq!(got.sex.as_letter(), want.sex, "{name}: sex");
    assert_eq!(
        got.issue_date.format("%Y-%m-%d").to_string(),
        want.issue_date,
        "{name}: issue_date"
    );
}

fn card_error(name: &str, result: Result<Profile, SessionError<Infallible>>) -> CardError {
    match result {
        Err(SessionError::Card(e)) => e,
        Err(SessionError::Transport(never)) => match never {},
        Ok(p) => panic!("{name}: expected a card error, read {p:?}"),
    }
}

const SELECT: u8 = 0xA4;
const READ: u8 = 0xCA;
const GET_RESPONSE: u8 = 0xC0;

#[test]
fn every_builtin_profile_has_an_expectation() {
    let names = CardProfile::builtin_names();
    assert_eq!(names.len(), 11, "{names:?}");
    for name in names {
        assert!(
            expected::builtin(name).is_some(),
            "no expectation written for built-in profile {name:?}"
        );
    }
    // The shared demo constants are what the design's demo card says.
    assert_eq!(DEMO, DEMO_LITERAL);
}

#[test]
fn every_builtin_profile_reads_as_expected() {
    for &name in CardProfile::builtin_names() {
        let mut card = InMemory::builtin(name);
        let result = session::read_profile(&mut card);
        match expected::builtin(name).unwrap() {
            Expected::Nhi(want) => {
                let got = result.unwrap_or_else(|e| panic!("{name}: {e:?}"));
                assert_profile(name, &got, &want);
            }
            // The card session sees no ATR: SELECT failed, that is all it can say.
            Expected::NotNhi | Expected::CitizenDigitalCertificate => assert_eq!(
                card_error(name, result),
                CardError::NotNhiCard {
                    sw: StatusWord(0x6A, 0x82)
                },
                "{name}"
            ),
            Expected::HealthProfessional => assert_eq!(
                card_error(name, result),
                CardError::HealthProfessionalCard,
                "{name}"
            ),
            Expected::Unreadable => assert_eq!(
                card_error(name, result),
                CardError::Unreadable(UnreadableReason::ShortAnswer { len: 30 }),
                "{name}"
            ),
        }
    }
}

#[test]
fn demo_card_equals_the_demo_constants() {
    let mut card = InMemory::builtin("demo");
    let p = session::read_profile(&mut card).unwrap();
    assert_eq!(p.card_number, demo::DEMO_CARD_NUMBER);
    assert_eq!(p.name, demo::DEMO_NAME);
    assert_eq!(p.id_number, demo::DEMO_ID_NUMBER);
    assert_eq!(p.birth_date.to_string(), demo::DEMO_BIRTH_DATE);
    assert_eq!(p.sex.as_letter(), demo::DEMO_SEX);
    assert_eq!(p.issue_date.to_string(), demo::DEMO_ISSUE_DATE);
    assert_eq!(p.masked_name(), "王○明");
    assert_eq!(p.masked_id(), "A12****789");
    // T=1: SELECT then READ, nothing else.
    assert_eq!(card.instructions(), [SELECT, READ]);
}

#[test]
fn t0_card_is_read_through_get_response() {
    let mut card = InMemory::builtin("t0");
    let p = session::read_profile(&mut card).unwrap();
    assert_profile("t0", &p, &DEMO);
    assert_eq!(card.instructions(), [SELECT, READ, GET_RESPONSE]);
    assert_eq!(
        card.sent[2],
        [0x00, 0xC0, 0x00, 0x00, 0x39],
        "GET RESPONSE 57"
    );
}

#[test]
fn new_generation_card_is_read_despite_6d00_on_select() {
    let mut card = InMemory::builtin("new-generation");
    assert_eq!(
        card.card.respond(&nhi_companion::card::apdu::SELECT_NHI),
        [0x6D, 0x00]
    );
    let mut card = InMemory::builtin("new-generation");
    let p = session::read_profile(&mut card).unwrap();
    assert_profile("new-generation", &p, &DEMO);
    assert_eq!(card.instructions(), [SELECT, READ]);
}

#[test]
fn odd_names_decode_losslessly_and_leave_the_other_fields_intact() {
    let p = session::read_profile(&mut InMemory::builtin("rare-glyph")).unwrap();
    assert_eq!(p.name, RARE_GLYPH_NAME);
    assert_eq!(p.name.chars().count(), 3);
    assert!(!p.name.contains('\u{FFFD}'), "{:?}", p.name);

    let p = session::read_profile(&mut InMemory::builtin("undecodable-name")).unwrap();
    assert_eq!(p.name, UNDECODABLE_NAME);
    assert_eq!(p.name, "王\u{FFFD}明");
    assert_eq!(p.card_number, "000055550003");
    assert_eq!(p.id_number, demo::DEMO_ID_NUMBER);
    assert_eq!(p.birth_date.to_string(), demo::DEMO_BIRTH_DATE);
    assert_eq!(p.issue_date.to_string(), demo::DEMO_ISSUE_DATE);

    let p = session::read_profile(&mut InMemory::builtin("latin-name")).unwrap();
    assert_eq!(
        p.name, "SMITH JOHN",
        "space padding trimmed, inner space kept"
    );
}

#[test]
fn error_cards_stop_at_the_right_step() {
    let mut card = InMemory::builtin("not-nhi");
    session::read_profile(&mut card).unwrap_err();
    assert_eq!(
        card.instructions(),
        [SELECT],
        "no READ after a failed SELECT"
    );

    let mut card = InMemory::builtin("health-professional");
    session::read_profile(&mut card).unwrap_err();
    assert_eq!(card.instructions(), [SELECT, READ]);
}

/// GET CHALLENGE + card authentication, verified with the key the profile holds and with
/// the key derived independently from the card number (the reference service's view).
#[test]
fn challenge_and_authentication_verify_with_each_cards_key() {
    for &name in CardProfile::builtin_names() {
        let Expected::Nhi(want) = expected::builtin(name).unwrap() else {
            continue;
        };
        let profile = CardProfile::builtin(name).unwrap();
        let key = profile.key();
        let mut card = InMemory::new(profile);
        session::read_profile(&mut card).unwrap();
        let random = session::get_challenge(&mut card).unwrap();
        let challenge: [u8; 32] = rand::random();
        let answer = session::authenticate(&mut card, &challenge).unwrap();
        assert!(key.verify(&random, &challenge, &answer), "{name}");
        assert!(
            CardKey::demo(want.card_number).verify(&random, &challenge, &answer),
            "{name}: the key is HMAC(master, card number)"
        );
        assert_eq!(answer, key.answer(&random, &challenge), "{name}");
        // Anything else must not verify: another card's key, another challenge, another
        // random.
        assert!(!CardKey::demo("000000000000").verify(&random, &challenge, &answer));
        let mut other = challenge;
        other[0] ^= 1;
        assert!(!key.verify(&random, &other, &answer), "{name}");
        let mut other_random = random;
        other_random[7] ^= 0x80;
        assert!(!key.verify(&other_random, &challenge, &answer), "{name}");

        // A fresh challenge gives a fresh random (8 random bytes twice equal: 2^-64).
        let again = session::get_challenge(&mut card).unwrap();
        assert_ne!(again, random, "{name}: GET CHALLENGE repeated its random");
        if name == "t0" {
            // Both exchanges went through 61xx + GET RESPONSE.
            let n = card.instructions();
            assert_eq!(
                n.iter().filter(|&&i| i == GET_RESPONSE).count(),
                4,
                "{n:02X?}"
            );
        }
    }
}

#[test]
fn authentication_without_a_challenge_is_refused() {
    let mut card = InMemory::builtin("demo");
    session::read_profile(&mut card).unwrap();
    let err = session::authenticate(&mut card, &[7; 32]).unwrap_err();
    assert_eq!(
        err,
        SessionError::Card(CardError::Unreadable(UnreadableReason::UnexpectedStatus(
            StatusWord(0x69, 0x85)
        )))
    );
}

#[test]
fn a_custom_json_profile_reads_back_exactly() {
    let profile = CardProfile::from_json(
        r#"{"card_number": "000099990001", "name": "林志明", "id_number": "AB12345678",
            "birth_date": "2001-12-31", "sex": "F", "issue_date": "2024-02-29",
            "padding": "space", "protocol": "t0"}"#,
    )
    .unwrap();
    let p = session::read_profile(&mut InMemory::new(profile)).unwrap();
    assert_profile(
        "custom",
        &p,
        &ExpectedProfile {
            card_number: "000099990001",
            name: "林志明",
            id_number: "AB12345678",
            birth_date: "2001-12-31",
            sex: 'F',
            issue_date: "2024-02-29",
        },
    );
}
