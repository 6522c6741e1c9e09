//! The Citizen Digital Certificate path beyond single transitions: the PIN's state across
//! tries, the signed-in stages reached with a certificate, and removal or reset from each.

use super::*;

/// Signed in with the certificate, the code made.
fn signed_in_with_certificate() -> Harness {
    let mut h = Harness::at(CertificateSigningIn);
    h.reply(Reply::CertificateSignedIn(Ok("token-c".into())));
    h.reply(Reply::CodeCreated(Ok(code())));
    assert_eq!(h.flow.kind(), DeviceCodeShown);
    h
}

fn pin_warning(h: &Harness) -> PinWarning {
    match h.flow.state() {
        State::Card { session, .. } => session.certificate().expect("a certificate").pin,
        other => panic!("no card: {other:?}"),
    }
}

fn wrong_pin(h: &mut Harness, problem: CertificateProblem) {
    h.send(submit_certificate());
    h.reply(Reply::CertificateSignedIn(Err(Problem::Certificate(
        problem,
    ))));
}

#[test]
fn each_wrong_pin_is_remembered_and_a_locked_pin_is_never_sent() {
    let mut h = Harness::at(CertificateReady);
    assert_eq!(pin_warning(&h), PinWarning::None);
    wrong_pin(&mut h, CertificateProblem::PinIncorrect);
    assert_eq!(pin_warning(&h), PinWarning::CountLow);
    wrong_pin(&mut h, CertificateProblem::PinFinalTry);
    assert_eq!(pin_warning(&h), PinWarning::FinalTry);
    wrong_pin(&mut h, CertificateProblem::PinLocked);
    assert_eq!(pin_warning(&h), PinWarning::Locked);
    assert_eq!(h.flow.kind(), CertificateReady);
    // Locked: the PIN is never tried again, whatever is typed.
    assert_eq!(h.send(submit_certificate()), Vec::<&str>::new());
    assert_eq!(h.flow.kind(), CertificateReady);
    assert_eq!(h.flow.pending(), None);
}

#[test]
fn a_card_read_locked_is_never_offered_a_try() {
    let mut h = Harness::at(OpeningToken);
    h.reply(Reply::CertificateRead(Ok(certificate_card(
        PinWarning::Locked,
    ))));
    match h.flow.state() {
        State::Card {
            stage: Stage::CertificateReady { problem },
            ..
        } => assert_eq!(
            problem,
            &Some(Problem::Certificate(CertificateProblem::PinLocked))
        ),
        other => panic!("{other:?}"),
    }
    assert!(h.send(submit_certificate()).is_empty());
}

#[test]
fn the_sign_in_effect_carries_the_slot_the_id_number_and_the_pin() {
    let mut h = Harness::at(CertificateReady);
    h.send(submit_certificate());
    match &h.effects[..] {
        [
            Effect::CertificateSignIn {
                slot,
                id_number,
                pin,
                ..
            },
        ] => {
            assert_eq!(*slot, SLOT);
            assert_eq!(id_number.expose(), "A123456789");
            assert_eq!(pin.expose(), "123456");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn signing_out_of_a_certificate_session_asks_for_the_pin_again() {
    let mut h = signed_in_with_certificate();
    assert_eq!(h.send(Event::SignOut), vec!["SignOut"]);
    assert_eq!(h.flow.kind(), CertificateReady);
}

#[test]
fn an_expired_service_session_asks_for_the_pin_again() {
    let mut h = signed_in_with_certificate();
    h.send(Event::GenerateCode);
    h.reply(Reply::CodeCreated(Err(Problem::SessionExpired)));
    match h.flow.state() {
        State::Card {
            stage: Stage::CertificateReady { problem },
            ..
        } => assert_eq!(problem, &Some(Problem::SessionExpired)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_token_leaving_a_signed_in_session_signs_out_and_clears_it() {
    for leave in [token_gone, || removed(R), || Event::Reset] {
        let mut h = signed_in_with_certificate();
        let effects = h.send(leave());
        assert_eq!(effects, vec!["SignOut"]);
        assert_eq!(h.flow.kind(), WaitingForCard);
        assert!(!h.flow.state().holds_personal_data());
    }
}

#[test]
fn a_late_reply_after_the_token_left_is_dropped() {
    let mut h = Harness::at(CertificateSigningIn);
    let ticket = h.flow.pending().unwrap();
    h.send(token_gone());
    assert_eq!(h.flow.kind(), WaitingForCard);
    h.send(Event::Reply(
        ticket,
        Reply::CertificateSignedIn(Ok("late".into())),
    ));
    assert_eq!(h.flow.kind(), WaitingForCard);
    assert!(!h.flow.state().holds_personal_data());
}

#[test]
fn a_token_slot_reported_by_the_watcher_is_opened_by_its_slot() {
    let mut h = Harness::at(WaitingForCard);
    h.send(token_present(Some(R)));
    match &h.effects[..] {
        [Effect::ReadCertificate { reader, slot, .. }] => {
            assert_eq!(*slot, Some(SLOT));
            assert_eq!(*reader, None, "a known slot is asked for by itself");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(h.flow.state().reader(), Some(R));
}

#[test]
fn a_card_named_by_its_atr_is_opened_by_its_reader() {
    let h = Harness::at(OpeningToken);
    match &h.effects[..] {
        [Effect::ReadCertificate { reader, slot, .. }] => {
            assert_eq!(reader.as_deref(), Some(R));
            assert_eq!(*slot, None);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_typed_id_number_stays_after_a_wrong_pin_but_not_after_removal() {
    let mut h = Harness::at(CertificateReady);
    wrong_pin(&mut h, CertificateProblem::PinIncorrect);
    assert!(h.flow.state().keeps_typed_id_number());
    h.send(removed(R));
    assert!(!h.flow.state().keeps_typed_id_number());
}

#[test]
fn a_failed_certificate_is_retried_from_its_slot() {
    let mut h = Harness::at(WaitingForCard);
    h.send(token_present(None));
    h.reply(Reply::CertificateRead(Err(Problem::Certificate(
        CertificateProblem::NoCertificate,
    ))));
    assert_eq!(h.flow.kind(), CertificateFailed);
    h.send(Event::Retry);
    assert!(matches!(
        &h.effects[..],
        [Effect::ReadCertificate {
            slot: Some(SLOT),
            reader: None,
            ..
        }]
    ));
    // Its token leaving ends the failure too.
    h.reply(Reply::CertificateRead(Err(Problem::Certificate(
        CertificateProblem::NoCertificate,
    ))));
    h.send(token_gone());
    assert_eq!(h.flow.kind(), WaitingForCard);
}
