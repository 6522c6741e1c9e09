//! Personal data and the session: removal and reset clear everything, stale replies are
//! dropped, secrets never print, the countdown and polling, sign-in and sign-out.

use super::table::ALL_KINDS;
use super::*;

#[test]
fn removal_anywhere_clears_all_personal_data() {
    for kind in ALL_KINDS {
        let mut h = Harness::at(kind);
        let reader_name = h.flow.state().reader().map(str::to_owned);
        h.send(removed(R));
        if let Some(name) = reader_name {
            assert_eq!(name, R);
            assert_eq!(h.flow.kind(), WaitingForCard, "from {kind:?}");
        }
        assert!(!h.flow.state().holds_personal_data(), "from {kind:?}");
        assert_eq!(
            h.flow.pending(),
            None,
            "from {kind:?}: a request is still awaited"
        );
        let dump = format!("{:?}", h.flow);
        for secret in [
            "A123456789",
            "000012345678",
            "02511X66",
            "Demo1234",
            "token-1",
        ] {
            assert!(
                !dump.contains(secret),
                "from {kind:?}: {secret} left in {dump}"
            );
        }
    }
}

/// Kiosk reset: from every state, nothing personal is left, nothing is awaited, a signed-in
/// session is signed out, and the flow waits for a card (or keeps saying what is missing).
#[test]
fn reset_anywhere_clears_all_personal_data_and_signs_out() {
    for kind in ALL_KINDS {
        let mut h = Harness::at(kind);
        let signed_in = matches!(h.flow.state(), State::Card { stage, .. } if stage.is_signed_in());
        let had_pending = h.flow.pending().is_some();
        let effects = h.send(Event::Reset);
        let expected = match kind {
            SmartCardServiceMissing | NoReader => kind,
            _ => WaitingForCard,
        };
        assert_eq!(h.flow.kind(), expected, "from {kind:?}");
        assert_eq!(
            effects.contains(&"SignOut"),
            signed_in,
            "from {kind:?}: {effects:?}"
        );
        assert_eq!(effects.contains(&"Cancel"), had_pending, "from {kind:?}");
        assert!(!h.flow.state().holds_personal_data(), "from {kind:?}");
        assert_eq!(h.flow.pending(), None, "from {kind:?}");
        let dump = format!("{:?}", h.flow);
        for secret in ["A123456789", "000012345678", "02511X66", "token-1", "王"] {
            assert!(!dump.contains(secret), "from {kind:?}: {secret} in {dump}");
        }
        // The readers are still known: the next card is read as usual.
        if expected == WaitingForCard {
            assert_eq!(h.send(inserted(R)), ["ReadCard"], "from {kind:?}");
        }
    }
}

#[test]
fn a_late_reply_after_a_reset_is_dropped() {
    let mut h = Harness::at(CreatingCode);
    let stale = h.flow.pending().unwrap();
    assert_eq!(h.send(Event::Reset), ["Cancel", "SignOut"]);
    assert!(
        h.send(Event::Reply(stale, Reply::CodeCreated(Ok(code()))))
            .is_empty()
    );
    assert_eq!(h.flow.kind(), WaitingForCard);
    // The card left in the reader is taken out: nothing to do.
    assert!(h.send(removed(R)).is_empty());
    assert_eq!(h.flow.kind(), WaitingForCard);
}

#[test]
fn debug_never_shows_secrets_even_mid_session() {
    for kind in [CardReady, SigningIn, DeviceCodeShown, Devices] {
        let h = Harness::at(kind);
        let dump = format!("{:?} {:?}", h.flow, h.effects);
        for secret in [
            "A123456789",
            "000012345678",
            "02511X66",
            "Demo1234",
            "token-1",
            "王",
        ] {
            assert!(!dump.contains(secret), "{kind:?}: {secret} in {dump}");
        }
    }
}

#[test]
fn a_reply_about_a_removed_card_is_dropped() {
    let mut h = Harness::at(Reading);
    let stale = h.flow.pending().unwrap();
    h.send(removed(R));
    h.send(inserted(R));
    assert_ne!(h.flow.pending(), Some(stale));
    // The first card's data arrives late: it must not be shown for the second card.
    let got = h.send(Event::Reply(stale, Reply::CardRead(Ok(holder()))));
    assert!(got.is_empty());
    assert_eq!(h.flow.kind(), Reading);
    assert!(!h.flow.state().holds_personal_data());
}

#[test]
fn sign_in_reply_after_removal_does_not_sign_in() {
    let mut h = Harness::at(SigningIn);
    let stale = h.flow.pending().unwrap();
    h.send(removed(R));
    h.send(Event::Reply(stale, Reply::SignedIn(Ok("token-1".into()))));
    assert_eq!(h.flow.kind(), WaitingForCard);
    assert!(!format!("{:?}", h.flow).contains("token"));
}

#[test]
fn sign_in_carries_the_card_and_the_password() {
    let h = Harness::at(SigningIn);
    match &h.effects[..] {
        [
            Effect::SignIn {
                reader,
                card_number,
                id_number,
                password,
                ..
            },
        ] => {
            assert_eq!(reader, R);
            assert_eq!(card_number.expose(), "000012345678");
            assert_eq!(id_number.expose(), "A123456789");
            assert_eq!(password.expose(), "Demo1234");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn countdown_is_computed_from_the_deadline() {
    let mut h = Harness::at(DeviceCodeShown);
    let start = h.now;
    assert_eq!(
        h.flow.state().remaining(start),
        Some(Duration::from_secs(900))
    );
    // Ticks may be late or missed: the remaining time still follows the clock.
    h.now += Duration::from_secs(61);
    assert_eq!(
        h.flow.state().remaining(h.now),
        Some(Duration::from_secs(839))
    );
    h.send(Event::Tick);
    h.reply(Reply::CodeStatus(Ok(CodeStatus::Pending)));
    assert_eq!(
        h.flow.state().remaining(start + Duration::from_secs(899)),
        Some(Duration::from_secs(1))
    );
    assert_eq!(
        h.flow.state().remaining(start + Duration::from_secs(2000)),
        Some(Duration::ZERO)
    );
    h.now = start + Duration::from_secs(900);
    h.send(Event::Tick);
    assert_eq!(h.flow.kind(), Expired);
    assert_eq!(h.flow.state().remaining(h.now), None);
}

#[test]
fn polling_waits_for_the_reply_and_survives_a_failed_poll() {
    let mut h = Harness::at(DeviceCodeShown);
    assert_eq!(h.wait(POLL_INTERVAL), vec!["PollCodeStatus"]);
    // No second poll while the first is in flight.
    assert_eq!(h.wait(POLL_INTERVAL), Vec::<&str>::new());
    assert_eq!(
        h.reply(Reply::CodeStatus(Err(Problem::NetworkDown))),
        Vec::<&str>::new()
    );
    assert_eq!(h.flow.kind(), DeviceCodeShown, "a lost poll keeps the code");
    assert_eq!(h.wait(Duration::from_secs(1)), Vec::<&str>::new());
    assert_eq!(h.wait(POLL_INTERVAL), vec!["PollCodeStatus"]);
    h.reply(Reply::CodeStatus(Ok(CodeStatus::Expired)));
    assert_eq!(h.flow.kind(), Expired);
}

#[test]
fn poll_in_flight_at_expiry_is_cancelled() {
    let mut h = Harness::at(DeviceCodeShown);
    h.now += Duration::from_secs(899);
    assert_eq!(h.send(Event::Tick), vec!["PollCodeStatus"]);
    assert_eq!(h.wait(Duration::from_secs(1)), vec!["Cancel"]);
    assert_eq!(h.flow.kind(), Expired);
    assert_eq!(h.flow.pending(), None);
}

#[test]
fn replies_in_the_table_states() {
    // The replies that keep or refine a state (not covered by the table's kind changes).
    let mut h = Harness::at(FirstTimeApplication);
    h.send(Event::SubmitApplication {
        password: "Pw123456".into(),
        email: "a@b.tw".into(),
    });
    h.reply(Reply::ApplicationSent(Err(Problem::InvalidRequest)));
    assert!(matches!(
        h.flow.state(),
        State::Card {
            stage: Stage::FirstTimeApplication {
                busy: false,
                problem: Some(Problem::InvalidRequest)
            },
            ..
        }
    ));

    let mut h = Harness::at(EmailVerification);
    h.send(Event::ResendVerification);
    h.reply(Reply::VerificationResent(Ok("a***@b.tw".into())));
    assert!(matches!(
        h.flow.state(),
        State::Card {
            stage: Stage::EmailVerification {
                busy: false,
                resent: true,
                problem: None,
                sent_to: Some(to),
            },
            ..
        } if to.expose() == "a***@b.tw"
    ));

    let mut h = Harness::at(PasswordReset);
    h.send(Event::SubmitPasswordReset);
    h.reply(Reply::PasswordResetSent(Ok("a***@b.tw".into())));
    assert!(matches!(
        h.flow.state(),
        State::Card {
            stage: Stage::PasswordReset {
                busy: false,
                sent_to: Some(to),
                ..
            },
            ..
        } if to.expose() == "a***@b.tw"
    ));

    let mut h = Harness::at(Devices);
    h.send(Event::Revoke("1".into()));
    assert_eq!(
        h.reply(Reply::DeviceRevoked(Ok("1".into()))),
        vec!["ListDevices"]
    );
    h.reply(Reply::DevicesListed(Ok(vec![device("2")])));
    // The list without the phone, and a note naming the phone that went.
    match h.flow.state() {
        State::Card {
            stage:
                Stage::Devices {
                    devices: Some(list),
                    busy: false,
                    problem: None,
                    revoked: Some(name),
                    ..
                },
            ..
        } => {
            assert_eq!(list, &vec![device("2")]);
            assert_eq!(name, "phone 1");
        }
        other => panic!("{other:?}"),
    }
    h.send(Event::Revoke("2".into()));
    h.reply(Reply::DeviceRevoked(Err(Problem::ServiceTimeout)));
    assert!(matches!(
        h.flow.state(),
        State::Card {
            stage: Stage::Devices {
                devices: Some(_),
                problem: Some(Problem::ServiceTimeout),
                ..
            },
            ..
        }
    ));

    let mut h = Harness::at(SignedIn);
    h.send(Event::ShowDevices);
    h.reply(Reply::DevicesListed(Err(Problem::NetworkDown)));
    assert_eq!(h.flow.kind(), Failed);
    assert_eq!(h.send(Event::Retry), vec!["ListDevices"]);
    assert_eq!(h.flow.kind(), Devices);
}

#[test]
fn wrong_password_is_shown_on_the_card_ready_screen() {
    let mut h = Harness::at(SigningIn);
    h.reply(Reply::SignedIn(Err(Problem::WrongPassword {
        attempts_left: 2,
    })));
    assert!(matches!(
        h.flow.state(),
        State::Card {
            stage: Stage::CardReady {
                problem: Some(Problem::WrongPassword { attempts_left: 2 }),
                note: None,
            },
            ..
        }
    ));
}

#[test]
fn session_expired_while_polling_asks_for_the_password_again() {
    let mut h = Harness::at(DeviceCodeShown);
    h.wait(POLL_INTERVAL);
    h.reply(Reply::CodeStatus(Err(Problem::SessionExpired)));
    assert_eq!(h.flow.kind(), CardReady);
    match h.flow.state() {
        State::Card { stage, .. } => assert!(!stage.is_signed_in()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unplugging_the_reader_with_a_session_signs_out() {
    let mut h = Harness::at(SignedIn);
    h.send(added(OTHER));
    let got = h.send(reader(ReaderSignal::ReaderRemoved { reader: R.into() }));
    assert_eq!(got, vec!["SignOut"]);
    assert_eq!(
        h.flow.kind(),
        WaitingForCard,
        "another reader is still there"
    );
    assert_eq!(h.flow.readers().collect::<Vec<_>>(), vec![OTHER]);
}
