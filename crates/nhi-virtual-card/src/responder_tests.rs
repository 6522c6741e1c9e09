use proptest::prelude::*;

use super::*;
use crate::command::NHI_AID;
use nhi_card::auth::SERVICE_CHALLENGE_LEN;

const READ: [u8; 7] = [0x00, 0xCA, 0x11, 0x00, 0x02, 0x00, 0x00];
const GET_CHALLENGE: [u8; 5] = [0x00, 0x84, 0x00, 0x00, 0x08];

fn select() -> Vec<u8> {
    let mut apdu = vec![0x00, 0xA4, 0x04, 0x00, 0x10];
    apdu.extend_from_slice(&NHI_AID);
    apdu.push(0x00);
    apdu
}

fn authenticate(challenge: &[u8; SERVICE_CHALLENGE_LEN]) -> Vec<u8> {
    let mut apdu = vec![0x00, 0x82, 0x11, 0x12, 0x20];
    apdu.extend_from_slice(challenge);
    apdu.push(0x10);
    apdu
}

fn card(name: &str) -> VirtualNhiCard {
    VirtualNhiCard::new(CardProfile::builtin(name).unwrap()).unwrap()
}

/// The demo record written out by hand from DESIGN.md's layout, not from the code under test.
fn demo_record() -> Vec<u8> {
    let mut r = Vec::new();
    r.extend_from_slice(b"000012345678");
    r.extend_from_slice(&[0xA4, 0xFD, 0xA4, 0x70, 0xA9, 0xFA]); // 王小明 in Big5
    r.extend_from_slice(&[0u8; 14]);
    r.extend_from_slice(b"A123456789");
    r.extend_from_slice(b"0490506");
    r.push(b'M');
    r.extend_from_slice(b"1090102");
    r
}

fn split(answer: &[u8]) -> (&[u8], u16) {
    let (data, sw) = answer.split_at(answer.len() - 2);
    (data, u16::from_be_bytes([sw[0], sw[1]]))
}

#[test]
fn demo_card_serves_the_exact_record_after_select() {
    let mut card = card("demo");
    assert_eq!(card.respond(&select()), [0x90, 0x00]);
    let answer = card.respond(&READ);
    assert_eq!(split(&answer), (&demo_record()[..], 0x9000));
}

#[test]
fn read_before_select_is_refused() {
    let mut card = card("demo");
    assert_eq!(card.respond(&READ), [0x69, 0x85]);
}

#[test]
fn wrong_aid_is_not_found_and_keeps_the_selection() {
    let mut card = card("demo");
    let mut wrong = select();
    wrong[20] = 0x12; // last AID byte
    assert_eq!(card.respond(&wrong), [0x6A, 0x82]);
    assert_eq!(card.respond(&READ), [0x69, 0x85]);
    card.respond(&select());
    assert_eq!(card.respond(&wrong), [0x6A, 0x82]);
    assert_eq!(split(&card.respond(&READ)).1, 0x9000);
    // A prefix of the AID is not the AID.
    let mut short = vec![0x00, 0xA4, 0x04, 0x00, 0x08];
    short.extend_from_slice(&NHI_AID[..8]);
    assert_eq!(card.respond(&short), [0x6A, 0x82]);
}

#[test]
fn reset_and_power_cycle_forget_selection_and_random() {
    for cycle in [
        VirtualNhiCard::reset as fn(&mut VirtualNhiCard),
        VirtualNhiCard::power_on,
        VirtualNhiCard::power_off,
    ] {
        let mut card = card("demo");
        card.respond(&select());
        card.respond(&GET_CHALLENGE);
        cycle(&mut card);
        assert_eq!(card.respond(&READ), [0x69, 0x85]);
        assert_eq!(card.respond(&authenticate(&[7; 32])), [0x69, 0x85]);
    }
}

#[test]
fn challenge_then_authenticate_verifies_with_the_card_key() {
    let mut card = card("demo");
    let first = card.respond(&GET_CHALLENGE);
    let (random, sw) = split(&first);
    assert_eq!(sw, 0x9000);
    let random: [u8; 8] = random.try_into().unwrap();
    let challenge = [0x5A; 32];
    let answer = card.respond(&authenticate(&challenge));
    let (data, sw) = split(&answer);
    assert_eq!(sw, 0x9000);
    let key = CardKey::demo(nhi_card::demo::DEMO_CARD_NUMBER);
    assert!(key.verify(&random, &challenge, data));
    // The random is remembered until the next GET CHALLENGE.
    assert_eq!(card.respond(&authenticate(&challenge)), answer);
    let random2 = split(&card.respond(&GET_CHALLENGE)).0.to_vec();
    assert_ne!(random2, random, "two randoms in a row should differ");
    let answer2 = card.respond(&authenticate(&challenge));
    assert!(key.verify(&random2.try_into().unwrap(), &challenge, split(&answer2).0));
}

#[test]
fn authenticate_without_challenge_is_refused() {
    assert_eq!(card("demo").respond(&authenticate(&[1; 32])), [0x69, 0x85]);
}

#[test]
fn key_hex_overrides_the_demo_key() {
    let profile = CardProfile {
        key_hex: Some("11".repeat(32)),
        ..CardProfile::default()
    };
    let mut card = VirtualNhiCard::new(profile).unwrap();
    let random: [u8; 8] = split(&card.respond(&GET_CHALLENGE)).0.try_into().unwrap();
    let answer = card.respond(&authenticate(&[3; 32]));
    let key = CardKey::from_bytes([0x11; 32]);
    assert!(key.verify(&random, &[3; 32], split(&answer).0));
    let demo = CardKey::demo(nhi_card::demo::DEMO_CARD_NUMBER);
    assert!(!demo.verify(&random, &[3; 32], split(&answer).0));
}

#[test]
fn t0_card_answers_61xx_and_serves_data_on_get_response() {
    let mut card = card("t0");
    assert_eq!(card.respond(&select()), [0x90, 0x00]);
    assert_eq!(card.respond(&READ), [0x61, 57]);
    let answer = card.respond(&[0x00, 0xC0, 0x00, 0x00, 57]);
    assert_eq!(split(&answer), (&demo_record()[..], 0x9000));
    // Nothing left to collect.
    assert_eq!(card.respond(&[0x00, 0xC0, 0x00, 0x00, 57]), [0x69, 0x85]);
}

#[test]
fn t0_get_response_in_pieces_and_with_wrong_le() {
    let mut card = card("t0");
    card.respond(&select());
    assert_eq!(card.respond(&READ), [0x61, 57]);
    assert_eq!(card.respond(&[0x00, 0xC0, 0x00, 0x00, 60]), [0x6C, 57]);
    let first = card.respond(&[0x00, 0xC0, 0x00, 0x00, 20]);
    assert_eq!(split(&first), (&demo_record()[..20], 0x6100 | 37));
    let rest = card.respond(&[0x00, 0xC0, 0x00, 0x00, 0x00]);
    assert_eq!(split(&rest), (&demo_record()[20..], 0x9000));
    // Another command drops what was not collected.
    assert_eq!(card.respond(&READ), [0x61, 57]);
    card.respond(&select());
    assert_eq!(card.respond(&[0x00, 0xC0, 0x00, 0x00, 57]), [0x69, 0x85]);
}

#[test]
fn t0_challenge_and_authentication_go_through_get_response() {
    let mut card = card("t0");
    assert_eq!(card.respond(&GET_CHALLENGE), [0x61, 8]);
    let random: [u8; 8] = split(&card.respond(&[0x00, 0xC0, 0x00, 0x00, 8]))
        .0
        .try_into()
        .unwrap();
    assert_eq!(card.respond(&authenticate(&[9; 32])), [0x61, 16]);
    let answer = card.respond(&[0x00, 0xC0, 0x00, 0x00, 16]);
    let key = CardKey::demo(nhi_card::demo::DEMO_CARD_NUMBER);
    assert!(key.verify(&random, &[9; 32], split(&answer).0));
}

#[test]
fn new_generation_card_answers_6d00_and_still_reads() {
    let mut card = card("new-generation");
    assert_eq!(card.respond(&select()), [0x6D, 0x00]);
    assert_eq!(split(&card.respond(&READ)), (&demo_record()[..], 0x9000));
}

#[test]
fn health_professional_card_refuses_the_read_with_6a86() {
    let mut card = card("health-professional");
    assert_eq!(card.respond(&select()), [0x90, 0x00]);
    assert_eq!(card.respond(&READ), [0x6A, 0x86]);
}

#[test]
fn not_nhi_card_fails_select_and_read() {
    let mut card = card("not-nhi");
    assert_eq!(card.respond(&select()), [0x6A, 0x82]);
    assert_eq!(card.respond(&READ), [0x69, 0x85]);
}

#[test]
fn short_answer_card_serves_30_bytes() {
    let mut card = card("short-answer");
    card.respond(&select());
    assert_eq!(split(&card.respond(&READ)), (&demo_record()[..30], 0x9000));
}

#[test]
fn unknown_instructions_and_classes_and_garbage() {
    let mut card = card("demo");
    assert_eq!(card.respond(&[]), [0x67, 0x00]);
    assert_eq!(card.respond(&[0x00]), [0x67, 0x00]);
    assert_eq!(card.respond(&[0x00, 0xB0, 0x00, 0x00, 0x00]), [0x6D, 0x00]);
    assert_eq!(card.respond(&[0xFF, 0xCA, 0x11, 0x00]), [0x6E, 0x00]);
    assert_eq!(card.respond(&[0x00, 0x84, 0x00, 0x00, 0x04]), [0x67, 0x00]);
}

proptest! {
    #[test]
    fn any_bytes_get_an_answer_ending_in_a_status_word(
        script in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 1..8),
        protocol in prop_oneof![Just("demo"), Just("t0"), Just("new-generation")],
    ) {
        let mut card = card(protocol);
        for apdu in script {
            let answer = card.respond(&apdu);
            prop_assert!(answer.len() >= 2);
        }
    }

    #[test]
    fn mutated_valid_commands_never_panic(index in 0usize..4, pos in 0usize..40, byte in any::<u8>(), cut in 0usize..40) {
        let mut apdu = [select(), READ.to_vec(), GET_CHALLENGE.to_vec(), authenticate(&[1; 32])][index].clone();
        if pos < apdu.len() { apdu[pos] = byte; }
        apdu.truncate(cut);
        let mut card = card("t0");
        prop_assert!(card.respond(&apdu).len() >= 2);
    }
}

/// The host's own SELECT (written independently in `card::apdu`) must select this card:
/// the two sides once disagreed on whether the AID's last `00` was an Le.
#[test]
fn the_host_select_selects_the_applet() {
    let mut c = card("demo");
    assert_eq!(c.respond(&nhi_card::apdu::SELECT_NHI), vec![0x90, 0x00]);
    let read = c.respond(&nhi_card::apdu::READ_BASIC_DATA);
    assert_eq!(read[read.len() - 2..], [0x90, 0x00]);
}

/// The card side of the known-answer vectors (docs/PROTOCOL.md): the authentication APDU,
/// parsed by the responder, answered with the profile's key (derived from the card number, or
/// `key_hex`), on T=1 and through GET RESPONSE on T=0.
#[test]
fn the_authentication_apdu_gives_the_known_answers() {
    use nhi_card::auth::known_answers::VECTORS;
    for v in &VECTORS {
        for protocol in [Protocol::T1, Protocol::T0] {
            let profile = CardProfile {
                card_number: v.card_number.into(),
                key_hex: v.key_hex.map(Into::into),
                protocol,
                ..CardProfile::default()
            };
            let mut card = VirtualNhiCard::new(profile).unwrap();
            card.respond(&select());
            card.set_random(v.random());
            let mut answer = card.respond(&authenticate(&v.challenge()));
            if protocol == Protocol::T0 {
                assert_eq!(answer, [0x61, 0x10], "{}", v.card_number);
                answer = card.respond(&[0x00, 0xC0, 0x00, 0x00, 0x10]);
            }
            assert_eq!(
                hex::encode(&answer),
                format!("{}9000", v.answer_hex),
                "{} {protocol:?}",
                v.card_number
            );
        }
    }
}
