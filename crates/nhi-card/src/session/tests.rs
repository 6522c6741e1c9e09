use std::collections::VecDeque;

use super::*;
use crate::apdu::{GET_CHALLENGE, READ_BASIC_DATA, SELECT_NHI, get_response};
use crate::auth::CardKey;
use crate::profile::BASIC_DATA_LEN;

type Answer = Result<Vec<u8>, &'static str>;

/// Replays (expected command, answer) pairs and fails the test on any other command.
struct Script {
    steps: VecDeque<(Vec<u8>, Answer)>,
    sent: usize,
}

impl Script {
    fn new(steps: Vec<(Vec<u8>, Answer)>) -> Self {
        Script {
            steps: steps.into(),
            sent: 0,
        }
    }

    fn assert_done(&self) {
        assert!(
            self.steps.is_empty(),
            "script not finished: {} steps left",
            self.steps.len()
        );
    }
}

impl CardTransport for Script {
    type Error = &'static str;
    fn transmit(&mut self, command: &[u8]) -> Answer {
        self.sent += 1;
        let (expected, answer) = self
            .steps
            .pop_front()
            .unwrap_or_else(|| panic!("unexpected command {}", hex::encode_upper(command)));
        assert_eq!(hex::encode_upper(command), hex::encode_upper(expected));
        answer
    }
}

/// Runs `f` on the script and checks every step was used.
fn run<R>(steps: Vec<(Vec<u8>, Answer)>, f: impl FnOnce(&mut Script) -> R) -> R {
    let mut script = Script::new(steps);
    let result = f(&mut script);
    script.assert_done();
    result
}

fn answer(data: &[u8], sw: u16) -> Answer {
    let mut raw = data.to_vec();
    raw.extend_from_slice(&sw.to_be_bytes());
    Ok(raw)
}

fn step(command: &[u8], answer: Answer) -> (Vec<u8>, Answer) {
    (command.to_vec(), answer)
}

fn record() -> Vec<u8> {
    let mut r = b"000012345678".to_vec();
    r.extend_from_slice(&[0xA4, 0xFD, 0xA4, 0x70, 0xA9, 0xFA]);
    r.extend_from_slice(&[0; 14]);
    r.extend_from_slice(b"A1234567890490506M1090102");
    assert_eq!(r.len(), BASIC_DATA_LEN);
    r
}

fn select_ok() -> (Vec<u8>, Answer) {
    step(&SELECT_NHI, answer(&[], 0x9000))
}

fn card_error<T>(result: Result<T, SessionError<&'static str>>) -> CardError {
    match result {
        Err(SessionError::Card(error)) => error,
        Err(SessionError::Transport(e)) => panic!("transport error {e}"),
        Ok(_) => panic!("expected a card error"),
    }
}

fn unexpected(sw: u16) -> CardError {
    CardError::Unreadable(UnreadableReason::UnexpectedStatus(sw.into()))
}

#[test]
fn plain_read() {
    let p = run(
        vec![
            select_ok(),
            step(&READ_BASIC_DATA, answer(&record(), 0x9000)),
        ],
        read_profile,
    )
    .unwrap();
    assert_eq!(p.name, "王小明");
    assert_eq!(p.id_number, "A123456789");
}

#[test]
fn select_61xx_is_followed_and_its_data_ignored() {
    let p = run(
        vec![
            step(&SELECT_NHI, answer(&[], 0x6112)),
            step(&get_response(0x12), answer(&[0x6F; 0x12], 0x9000)),
            step(&READ_BASIC_DATA, answer(&record(), 0x9000)),
        ],
        read_profile,
    );
    assert_eq!(p.unwrap().card_number, "000012345678");
}

#[test]
fn select_6d00_is_not_fatal() {
    let p = run(
        vec![
            step(&SELECT_NHI, answer(&[], 0x6D00)),
            step(&READ_BASIC_DATA, answer(&record(), 0x9000)),
        ],
        read_profile,
    );
    assert_eq!(p.unwrap().name, "王小明");
}

#[test]
fn select_failure_is_not_an_nhi_card() {
    for sw in [0x6A82, 0x6999, 0x6E00, 0x9000 + 1] {
        let error = run(vec![step(&SELECT_NHI, answer(&[], sw))], |t| {
            card_error(read_profile(t))
        });
        assert_eq!(error, CardError::NotNhiCard { sw: sw.into() });
    }
}

#[test]
fn read_unsupported_after_select_6d00_is_not_an_nhi_card() {
    for sw in [0x6D00, 0x6E00] {
        let error = run(
            vec![
                step(&SELECT_NHI, answer(&[], 0x6D00)),
                step(&READ_BASIC_DATA, answer(&[], sw)),
            ],
            |t| card_error(read_profile(t)),
        );
        assert_eq!(error, CardError::NotNhiCard { sw: sw.into() });
    }
}

#[test]
fn read_unsupported_after_selected_is_unexpected() {
    for sw in [0x6D00, 0x6E00] {
        let error = run(
            vec![select_ok(), step(&READ_BASIC_DATA, answer(&[], sw))],
            |t| card_error(read_profile(t)),
        );
        assert_eq!(error, unexpected(sw));
    }
}

#[test]
fn read_6a86_is_a_health_professional_card() {
    let error = run(
        vec![select_ok(), step(&READ_BASIC_DATA, answer(&[], 0x6A86))],
        |t| card_error(read_profile(t)),
    );
    assert_eq!(error, CardError::HealthProfessionalCard);
}

#[test]
fn read_other_status_is_unexpected() {
    for sw in [0x6982, 0x6A82, 0x6F00, 0x6400] {
        let error = run(
            vec![select_ok(), step(&READ_BASIC_DATA, answer(&[], sw))],
            |t| card_error(read_profile(t)),
        );
        assert_eq!(error, unexpected(sw));
    }
}

#[test]
fn read_61xx_get_response() {
    let p = run(
        vec![
            select_ok(),
            step(&READ_BASIC_DATA, answer(&[], 0x6139)),
            step(&get_response(0x39), answer(&record(), 0x9000)),
        ],
        read_profile,
    );
    assert_eq!(p.unwrap().name, "王小明");
}

#[test]
fn read_61xx_repeated_concatenates() {
    let r = record();
    let p = run(
        vec![
            select_ok(),
            step(&READ_BASIC_DATA, answer(&[], 0x6139)),
            step(&get_response(0x39), answer(&r[..20], 0x6125)),
            step(&get_response(0x25), answer(&r[20..40], 0x6111)),
            step(&get_response(0x11), answer(&r[40..], 0x9000)),
        ],
        read_profile,
    );
    assert_eq!(p.unwrap().id_number, "A123456789");
}

#[test]
fn read_6cxx_resends_with_le_once() {
    let mut with_le = READ_BASIC_DATA.to_vec();
    with_le.push(0x39);
    let p = run(
        vec![
            select_ok(),
            step(&READ_BASIC_DATA, answer(&[], 0x6C39)),
            step(&with_le, answer(&record(), 0x9000)),
        ],
        read_profile,
    );
    assert_eq!(p.unwrap().name, "王小明");

    // A second 6Cxx is not chased again.
    let error = run(
        vec![
            select_ok(),
            step(&READ_BASIC_DATA, answer(&[], 0x6C39)),
            step(&with_le, answer(&[], 0x6C39)),
        ],
        |t| card_error(read_profile(t)),
    );
    assert_eq!(error, unexpected(0x6C39));
}

#[test]
fn short_and_malformed_answers() {
    let error = run(
        vec![
            select_ok(),
            step(&READ_BASIC_DATA, answer(&record()[..56], 0x9000)),
        ],
        |t| card_error(read_profile(t)),
    );
    assert_eq!(
        error,
        CardError::Unreadable(UnreadableReason::ShortAnswer { len: 56 })
    );
    for raw in [vec![], vec![0x90]] {
        let error = run(vec![select_ok(), step(&READ_BASIC_DATA, Ok(raw))], |t| {
            card_error(read_profile(t))
        });
        assert_eq!(
            error,
            CardError::Unreadable(UnreadableReason::MalformedResponse)
        );
    }
    let error = run(vec![step(&SELECT_NHI, Ok(vec![]))], |t| {
        card_error(read_profile(t))
    });
    assert_eq!(
        error,
        CardError::Unreadable(UnreadableReason::MalformedResponse)
    );
}

#[test]
fn endless_61xx_is_capped_by_rounds() {
    let mut steps = vec![select_ok(), step(&READ_BASIC_DATA, answer(&[], 0x6101))];
    for _ in 1..MAX_ROUNDS {
        steps.push(step(&get_response(0x01), answer(&[0x30], 0x6101)));
    }
    let error = run(steps, |t| card_error(read_profile(t)));
    assert_eq!(
        error,
        CardError::Unreadable(UnreadableReason::ResponseChainTooLong)
    );
}

#[test]
fn oversized_61xx_chain_is_capped_by_length() {
    let chunk = [0x30; 1500];
    let error = run(
        vec![
            select_ok(),
            step(&READ_BASIC_DATA, answer(&chunk, 0x6100)),
            step(&get_response(0), answer(&chunk, 0x6100)),
            step(&get_response(0), answer(&chunk, 0x6100)),
        ],
        |t| card_error(read_profile(t)),
    );
    assert_eq!(
        error,
        CardError::Unreadable(UnreadableReason::ResponseChainTooLong)
    );
}

#[test]
fn transport_errors_pass_through() {
    let result = run(
        vec![select_ok(), step(&READ_BASIC_DATA, Err("card removed"))],
        read_profile,
    );
    let error = result.unwrap_err();
    assert_eq!(error, SessionError::Transport("card removed"));
    assert_eq!(error.card(), None);
    assert_eq!(error.to_string(), "card removed");
}

#[test]
fn session_error_display_delegates() {
    let error: SessionError<std::io::Error> = CardError::HealthProfessionalCard.into();
    assert_eq!(
        error.to_string(),
        CardError::HealthProfessionalCard.to_string()
    );
    let error: SessionError<std::io::Error> =
        SessionError::Transport(std::io::Error::other("reader gone"));
    assert_eq!(error.to_string(), "reader gone");
    let card = CardError::NotNhiCard {
        sw: StatusWord(0x6A, 0x82),
    };
    assert_eq!(card.to_string(), "not an NHI card (SELECT answered 6A82)");
}

#[test]
fn challenge() {
    let r = [1, 2, 3, 4, 5, 6, 7, 8];
    let got = run(vec![step(&GET_CHALLENGE, answer(&r, 0x9000))], |t| {
        get_challenge(t)
    });
    assert_eq!(got, Ok(r));
    let got = run(
        vec![
            step(&GET_CHALLENGE, answer(&[], 0x6108)),
            step(&get_response(8), answer(&r, 0x9000)),
        ],
        get_challenge,
    );
    assert_eq!(got, Ok(r));
    let error = run(vec![step(&GET_CHALLENGE, answer(&r[..4], 0x9000))], |t| {
        card_error(get_challenge(t))
    });
    assert_eq!(
        error,
        CardError::Unreadable(UnreadableReason::WrongLength {
            expected: 8,
            len: 4
        })
    );
    let error = run(vec![step(&GET_CHALLENGE, answer(&[], 0x6985))], |t| {
        card_error(get_challenge(t))
    });
    assert_eq!(error, unexpected(0x6985));
}

#[test]
fn authentication() {
    let key = CardKey::demo("000012345678");
    let r = [9; 8];
    let c: [u8; 32] = std::array::from_fn(|i| i as u8);
    let expected = key.answer(&r, &c);
    let command = apdu::card_authentication(&c);
    let got = run(vec![step(&command, answer(&expected, 0x9000))], |t| {
        authenticate(t, &c)
    });
    assert_eq!(got, Ok(expected));
    let got = run(
        vec![
            step(&command, answer(&[], 0x6110)),
            step(&get_response(0x10), answer(&expected, 0x9000)),
        ],
        |t| authenticate(t, &c),
    );
    assert_eq!(got, Ok(expected));
    let error = run(vec![step(&command, answer(&[], 0x6982))], |t| {
        card_error(authenticate(t, &c))
    });
    assert_eq!(error, unexpected(0x6982));
}
