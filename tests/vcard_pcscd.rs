//! The virtual NHI card through a REAL pcscd (vsmartcard vpcd readers), read with the raw
//! `pcsc` crate: what any PC/SC program on this machine would see.
//!
//! Needs pcscd + vsmartcard-vpcd installed and root (or passwordless sudo) to start pcscd;
//! `support::pcscd` starts it and serialises tests across processes.

mod support;

use std::time::{Duration, Instant};

use nhi_companion::card::auth::CardKey;
use nhi_companion::card::demo::DEMO_CARD_NUMBER;
use nhi_companion::virtual_card::{CardProfile, NHI_AID};
use support::pcscd::{Card, Pcscd, SEEN_TIMEOUT, Stop, reader, split_sw, try_with_card, with_card};

const READ: [u8; 7] = [0x00, 0xCA, 0x11, 0x00, 0x02, 0x00, 0x00];
const GET_CHALLENGE: [u8; 5] = [0x00, 0x84, 0x00, 0x00, 0x08];

fn select() -> Vec<u8> {
    let mut apdu = vec![0x00, 0xA4, 0x04, 0x00, 0x10];
    apdu.extend_from_slice(&NHI_AID);
    apdu.push(0x00);
    apdu
}

/// The demo card's record written out by hand from DESIGN.md's layout.
fn demo_record() -> Vec<u8> {
    let mut r = Vec::new();
    r.extend_from_slice(b"000012345678");
    r.extend_from_slice(&[0xA4, 0xFD, 0xA4, 0x70, 0xA9, 0xFA]); // 王小明, Big5
    r.extend_from_slice(&[0u8; 14]);
    r.extend_from_slice(b"A123456789");
    r.extend_from_slice(b"0490506"); // 1960-05-06
    r.push(b'M');
    r.extend_from_slice(b"1090102"); // 2020-01-02
    r
}

/// SELECT + READ on T=1; returns (SELECT SW, READ response).
fn select_and_read(card: &Card) -> (u16, Vec<u8>) {
    let (_, select_sw) = split_sw(&card.transmit(&select()));
    (select_sw, card.transmit(&READ))
}

fn profile(name: &str) -> CardProfile {
    CardProfile::builtin(name).unwrap()
}

#[test]
fn demo_card_read_through_pcscd_gives_the_exact_record() {
    let pcscd = Pcscd::acquire();
    let (card, seen) = pcscd.insert_and_wait(0, profile("demo"));
    eprintln!("pcscd saw the insert after {seen:?}");
    with_card(&reader(0), |c| {
        assert_eq!(c.atr(), profile("demo").atr());
        assert_eq!(c.protocol(), Some(pcsc::Protocol::T1));
        let started = Instant::now();
        let (select_sw, read) = select_and_read(c);
        eprintln!("SELECT + READ through pcscd: {:?}", started.elapsed());
        assert_eq!(select_sw, 0x9000);
        assert_eq!(split_sw(&read), (&demo_record()[..], 0x9000));
    });
    pcscd.remove(card);
}

#[test]
fn t0_card_answers_61xx_and_get_response_serves_the_record() {
    let pcscd = Pcscd::acquire();
    let (card, seen) = pcscd.insert_and_wait(0, profile("t0"));
    eprintln!("pcscd saw the T=0 card after {seen:?}");
    with_card(&reader(0), |c| {
        assert_eq!(c.protocol(), Some(pcsc::Protocol::T0));
        let (select_sw, read) = select_and_read(c);
        assert_eq!(select_sw, 0x9000);
        assert_eq!(read, [0x61, 0x39], "57 bytes waiting");
        let data = c.transmit(&[0x00, 0xC0, 0x00, 0x00, 0x39]);
        assert_eq!(split_sw(&data), (&demo_record()[..], 0x9000));
    });
    pcscd.remove(card);
}

#[test]
fn two_readers_hold_two_cards_at_once() {
    let pcscd = Pcscd::acquire();
    let (first, _) = pcscd.insert_and_wait(0, profile("demo"));
    let (second, _) = pcscd.insert_and_wait(1, profile("second"));
    let ctx = pcsc::Context::establish(pcsc::Scope::User).unwrap();
    let readers: Vec<String> = ctx
        .list_readers_owned()
        .unwrap()
        .into_iter()
        .map(|r| r.into_string().unwrap())
        .collect();
    assert!(
        readers.contains(&reader(0)) && readers.contains(&reader(1)),
        "{readers:?}"
    );
    // Both connections open at the same time.
    with_card(&reader(0), |c0| {
        with_card(&reader(1), |c1| {
            let (_, read1) = select_and_read(c1);
            let (_, read0) = select_and_read(c0);
            assert_eq!(split_sw(&read0), (&demo_record()[..], 0x9000));
            let expected = profile("second").basic_data();
            assert_eq!(split_sw(&read1), (&expected[..], 0x9000));
            assert_eq!(&split_sw(&read1).0[..12], b"000087654321");
        })
    });
    pcscd.remove(first);
    pcscd.remove(second);
}

#[test]
fn insert_remove_and_swap_are_seen_by_pcscd() {
    let pcscd = Pcscd::acquire();
    let slot0 = reader(0);
    let (card, inserted) = pcscd.insert_and_wait(0, profile("demo"));
    pcscd.remove(card);
    let removed = pcscd.wait_for_card(&slot0, false, SEEN_TIMEOUT).unwrap();
    eprintln!("pcscd saw the insert after {inserted:?}, the removal after {removed:?}");

    // A careful swap: out, seen out, other card in.
    let (card, _) = pcscd.insert_and_wait(0, profile("second"));
    let number = with_card(&slot0, |c| select_and_read(c).1[..12].to_vec());
    assert_eq!(number, b"000087654321");

    // A fast swap (out and in within one pcscd poll): the new card must answer, not the old.
    pcscd.remove(card);
    let card = pcscd.insert(0, profile("demo"));
    let started = Instant::now();
    let number = loop {
        // pcscd may still be catching up with the swap ("no card"): retried, but the old
        // card's data must never come back.
        match try_with_card(&slot0, |c| split_sw(&select_and_read(c).1).0.to_vec()) {
            Ok(data) => break data[..12].to_vec(),
            Err(e) if started.elapsed() < SEEN_TIMEOUT => {
                eprintln!("fast swap: {e}, retrying");
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(e) => panic!("no read within {SEEN_TIMEOUT:?} after a fast swap: {e}"),
        }
    };
    assert_eq!(number, DEMO_CARD_NUMBER.as_bytes());
    eprintln!("fast swap readable after {:?}", started.elapsed());
    pcscd.remove(card);
}

#[test]
fn challenge_and_authentication_verify_with_the_card_key() {
    let pcscd = Pcscd::acquire();
    let (card, _) = pcscd.insert_and_wait(0, profile("demo"));
    with_card(&reader(0), |c| {
        let answer = c.transmit(&GET_CHALLENGE);
        let (random, sw) = split_sw(&answer);
        assert_eq!(sw, 0x9000);
        let random: [u8; 8] = random.try_into().expect("8 random bytes");
        let challenge: [u8; 32] = rand::random();
        let mut apdu = vec![0x00, 0x82, 0x11, 0x12, 0x20];
        apdu.extend_from_slice(&challenge);
        apdu.push(0x10);
        let response = c.transmit(&apdu);
        let (proof, sw) = split_sw(&response);
        assert_eq!(sw, 0x9000);
        assert_eq!(proof.len(), 16);
        let key = CardKey::demo(DEMO_CARD_NUMBER);
        assert!(key.verify(&random, &challenge, proof));
        assert!(!CardKey::demo("000087654321").verify(&random, &challenge, proof));
    });
    pcscd.remove(card);
}

#[test]
fn quirky_cards_answer_through_pcscd_as_profiled() {
    let pcscd = Pcscd::acquire();
    let cases: [(&str, u16, &[u8]); 4] = [
        ("new-generation", 0x6D00, &demo_record()[..]),
        ("health-professional", 0x9000, &[0x6A, 0x86]),
        ("not-nhi", 0x6A82, &[0x69, 0x85]),
        ("short-answer", 0x9000, &demo_record()[..30]),
    ];
    for (name, select_sw, read_data) in cases {
        let (card, seen) = pcscd.insert_and_wait(0, profile(name));
        let (sw, read) = with_card(&reader(0), select_and_read);
        assert_eq!(sw, select_sw, "{name}: SELECT");
        if read_data.len() == 2 {
            assert_eq!(read, read_data, "{name}: READ");
        } else {
            assert_eq!(split_sw(&read), (read_data, 0x9000), "{name}: READ");
        }
        pcscd.remove(card);
        let gone = pcscd
            .wait_for_card(&reader(0), false, SEEN_TIMEOUT)
            .unwrap();
        eprintln!("{name}: pcscd saw it in after {seen:?}, out after {gone:?}");
    }
}

#[test]
fn card_is_readable_again_after_pcscd_is_killed_and_restarted() {
    let pcscd = Pcscd::acquire();
    let (card, _) = pcscd.insert_and_wait(0, profile("demo"));
    assert_eq!(card.connections(), 1);
    for how in [Stop::Kill, Stop::Term] {
        let before = card.connections();
        let restarted = Instant::now();
        pcscd.restart(how);
        let seen = pcscd
            .wait_for_card(&reader(0), true, SEEN_TIMEOUT)
            .unwrap_or_else(|e| panic!("card not back after pcscd {how:?} + start: {e}"));
        eprintln!(
            "after pcscd {how:?}: restart took {:?}, card seen again {seen:?} later",
            restarted.elapsed() - seen
        );
        assert!(
            card.connections() > before,
            "the card should have reconnected"
        );
        let (sw, read) = with_card(&reader(0), select_and_read);
        assert_eq!(sw, 0x9000);
        assert_eq!(split_sw(&read), (&demo_record()[..], 0x9000));
    }
    pcscd.remove(card);
}
