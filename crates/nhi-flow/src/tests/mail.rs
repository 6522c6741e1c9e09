//! The steps with a code from a mail (verification, password reset) and their notes.

use super::*;

/// The rows that start after a step the table's `from` kinds cannot name: a verification
/// code sent, the reset mail sent, a reset code sent. (setup from the kind, what happens,
/// to, effects)
type MailCodeRow = (
    Kind,
    fn(&mut Harness),
    &'static str,
    Act,
    Kind,
    Vec<&'static str>,
);

#[rustfmt::skip]
fn mail_code_table() -> Vec<MailCodeRow> {
    fn verifying(h: &mut Harness) { h.send(verification_code()); }
    fn sent(h: &mut Harness) { reset_sent(h); }
    fn resetting(h: &mut Harness) { reset_sent(h); h.send(reset_code()); }
    vec![
        // E-mail verification with the code from the mail.
        (EmailVerification, verifying, "code accepted", Answer(|| Reply::EmailVerified(Ok(()))), CardReady, vec![]),
        (EmailVerification, verifying, "wrong code", Answer(|| Reply::EmailVerified(Err(Problem::InvalidLink))), EmailVerification, vec![]),
        (EmailVerification, verifying, "network down", Answer(|| Reply::EmailVerified(Err(Problem::NetworkDown))), EmailVerification, vec![]),
        (EmailVerification, verifying, "second submit ignored", Send(verification_code), EmailVerification, vec![]),
        (EmailVerification, verifying, "resend ignored while verifying", Send(|| Event::ResendVerification), EmailVerification, vec![]),
        (EmailVerification, verifying, "back cancels", Send(|| Event::Back), CardReady, vec!["Cancel"]),
        (EmailVerification, verifying, "removed while verifying", Send(|| removed(R)), WaitingForCard, vec!["Cancel"]),
        // The reset mail was sent: its code and a new password.
        (PasswordReset, sent, "reset code", Send(reset_code), PasswordReset, vec!["ResetPassword"]),
        (PasswordReset, sent, "empty reset code ignored", Send(|| Event::SubmitResetToken { token: "".into(), new_password: "NewPw789".into() }), PasswordReset, vec![]),
        (PasswordReset, sent, "empty new password ignored", Send(|| Event::SubmitResetToken { token: "93a1f4c2d7e8b6a5".into(), new_password: "".into() }), PasswordReset, vec![]),
        (PasswordReset, sent, "verification code out of place ignored", Send(verification_code), PasswordReset, vec![]),
        (PasswordReset, sent, "back", Send(|| Event::Back), CardReady, vec![]),
        (PasswordReset, sent, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        (PasswordReset, resetting, "password changed", Answer(|| Reply::PasswordChanged(Ok(()))), CardReady, vec![]),
        (PasswordReset, resetting, "wrong code", Answer(|| Reply::PasswordChanged(Err(Problem::InvalidLink))), PasswordReset, vec![]),
        (PasswordReset, resetting, "weak password", Answer(|| Reply::PasswordChanged(Err(Problem::WeakPassword))), PasswordReset, vec![]),
        (PasswordReset, resetting, "second submit ignored", Send(reset_code), PasswordReset, vec![]),
        (PasswordReset, resetting, "back cancels", Send(|| Event::Back), CardReady, vec!["Cancel"]),
        (PasswordReset, resetting, "removed while resetting", Send(|| removed(R)), WaitingForCard, vec!["Cancel"]),
    ]
}

#[test]
fn mail_code_transitions() {
    for (from, setup, what, act, to, effects) in mail_code_table() {
        let mut h = Harness::at(from);
        setup(&mut h);
        assert_eq!(h.flow.kind(), from, "{from:?} setup for {what}");
        let got = match act {
            Send(e) => h.send(e()),
            Answer(r) => h.reply(r()),
            Wait(d) => h.wait(d),
        };
        assert_eq!(h.flow.kind(), to, "{from:?} + {what}");
        assert_eq!(got, effects, "{from:?} + {what}: effects");
    }
}

#[test]
fn a_verified_email_and_a_changed_password_are_noted_on_the_sign_in_screen() {
    let mut h = Harness::at(EmailVerification);
    h.send(verification_code());
    h.reply(Reply::EmailVerified(Ok(())));
    assert!(matches!(
        stage(&h),
        Stage::CardReady {
            problem: None,
            note: Some(Note::EmailVerified)
        }
    ));
    // Signing in from there works as ever.
    assert_eq!(h.send(pw()), vec!["SignIn"]);

    let mut h = Harness::at(PasswordReset);
    reset_sent(&mut h);
    h.send(reset_code());
    h.reply(Reply::PasswordChanged(Ok(())));
    assert!(matches!(
        stage(&h),
        Stage::CardReady {
            problem: None,
            note: Some(Note::PasswordChanged)
        }
    ));
    // A wrong password afterwards replaces the note with the problem.
    h.send(pw());
    h.reply(Reply::SignedIn(Err(Problem::WrongPassword {
        attempts_left: 4,
    })));
    assert!(matches!(
        stage(&h),
        Stage::CardReady {
            problem: Some(_),
            note: None
        }
    ));
}

#[test]
fn a_refused_mail_code_stays_on_its_step_with_the_problem() {
    let mut h = Harness::at(EmailVerification);
    h.send(Event::ResendVerification);
    h.reply(Reply::VerificationResent(Ok("a***@b.tw".into())));
    h.send(verification_code());
    h.reply(Reply::EmailVerified(Err(Problem::InvalidLink)));
    assert!(matches!(
        stage(&h),
        Stage::EmailVerification {
            busy: false,
            resent: true,
            problem: Some(Problem::InvalidLink),
            sent_to: Some(_),
        }
    ));
    // Corrected and sent again.
    assert_eq!(h.send(verification_code()), vec!["VerifyEmail"]);

    let mut h = Harness::at(PasswordReset);
    reset_sent(&mut h);
    h.send(reset_code());
    h.reply(Reply::PasswordChanged(Err(Problem::WeakPassword)));
    assert!(matches!(
        stage(&h),
        Stage::PasswordReset {
            busy: false,
            sent_to: Some(_),
            problem: Some(Problem::WeakPassword)
        }
    ));
    assert_eq!(h.send(reset_code()), vec!["ResetPassword"]);
}

#[test]
fn mail_codes_go_out_in_the_effect_and_nowhere_else() {
    let mut h = Harness::at(EmailVerification);
    assert_eq!(h.send(verification_code()), vec!["VerifyEmail"]);
    match &h.effects[..] {
        [Effect::VerifyEmail { token, .. }] => assert_eq!(token.expose(), "5eb63bbbe01eeed0"),
        other => panic!("{other:?}"),
    }
    let mut h2 = Harness::at(PasswordReset);
    reset_sent(&mut h2);
    assert_eq!(h2.send(reset_code()), vec!["ResetPassword"]);
    match &h2.effects[..] {
        [
            Effect::ResetPassword {
                token,
                new_password,
                ..
            },
        ] => {
            assert_eq!(token.expose(), "93a1f4c2d7e8b6a5");
            assert_eq!(new_password.expose(), "NewPw789");
        }
        other => panic!("{other:?}"),
    }
    let stale = h.flow.pending().expect("verifying");
    // Not kept in the state, never in `Debug`, and gone with the card.
    for h in [&mut h, &mut h2] {
        let dump = format!("{:?} {:?}", h.flow, h.effects);
        for secret in ["5eb63bbbe01eeed0", "93a1f4c2d7e8b6a5", "NewPw789"] {
            assert!(!dump.contains(secret), "{secret} in {dump}");
        }
        h.send(removed(R));
        assert_eq!(h.flow.kind(), WaitingForCard);
        assert!(!h.flow.state().holds_personal_data());
        assert_eq!(h.flow.pending(), None, "the request was cancelled");
    }
    // A late "verified" about the card that left changes nothing.
    h.send(Event::Reply(stale, Reply::EmailVerified(Ok(()))));
    assert_eq!(h.flow.kind(), WaitingForCard);
}
