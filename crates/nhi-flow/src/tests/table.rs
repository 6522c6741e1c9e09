//! The transition table: every (state, event) → (state, effects), from every state.

use super::*;

/// (from, what happens, to, effects)
#[rustfmt::skip]
fn table() -> Vec<(Kind, &'static str, Act, Kind, Vec<&'static str>)> {
    let min15 = Duration::from_secs(15 * 60);
    vec![
        // Smart-card service and readers.
        (NoReader, "service down", Send(|| reader(ReaderSignal::ServiceDown)), SmartCardServiceMissing, vec![]),
        (NoReader, "reader added", Send(|| added(R)), WaitingForCard, vec![]),
        (NoReader, "card already in a new reader", Send(|| inserted(R)), Reading, vec!["ReadCard"]),
        (SmartCardServiceMissing, "service up", Send(|| reader(ReaderSignal::ServiceUp)), NoReader, vec![]),
        (SmartCardServiceMissing, "reader added", Send(|| added(R)), WaitingForCard, vec![]),
        (SmartCardServiceMissing, "password typed", Send(pw), SmartCardServiceMissing, vec![]),
        (WaitingForCard, "card inserted", Send(|| inserted(R)), Reading, vec!["ReadCard"]),
        (WaitingForCard, "card inserted in another reader", Send(|| inserted(OTHER)), Reading, vec!["ReadCard"]),
        (WaitingForCard, "last reader removed", Send(|| reader(ReaderSignal::ReaderRemoved { reader: R.into() })), NoReader, vec![]),
        (WaitingForCard, "another reader added", Send(|| added(OTHER)), WaitingForCard, vec![]),
        (WaitingForCard, "service down", Send(|| reader(ReaderSignal::ServiceDown)), SmartCardServiceMissing, vec![]),
        (WaitingForCard, "swap seen as one event", Send(|| reader(ReaderSignal::CardSwapped { reader: R.into(), atr: vec![] })), Reading, vec!["ReadCard"]),
        // Reading.
        (Reading, "profile read", Answer(|| Reply::CardRead(Ok(holder()))), CardReady, vec![]),
        (Reading, "not an NHI card", Answer(|| Reply::CardRead(Err(Problem::NotNhiCard))), NotNhiCard, vec![]),
        (Reading, "health professional card", Answer(|| Reply::CardRead(Err(Problem::HealthProfessionalCard))), NotNhiCard, vec![]),
        (Reading, "citizen digital certificate: opened through its module", Answer(|| Reply::CardRead(Err(Problem::CitizenDigitalCertificate))), OpeningToken, vec!["ReadCertificate"]),
        (Reading, "a token in the reader being read", Send(|| token_present(Some(R))), OpeningToken, vec!["Cancel", "ReadCertificate"]),
        (Reading, "a token elsewhere does not interrupt", Send(|| token_present(Some(OTHER))), Reading, vec![]),
        (Reading, "unreadable", Answer(|| Reply::CardRead(Err(Problem::CardUnreadable))), ReadFailed, vec![]),
        (Reading, "card in use", Answer(|| Reply::CardRead(Err(Problem::CardInUse))), ReadFailed, vec![]),
        (Reading, "removed during read (reply)", Answer(|| Reply::CardRead(Err(Problem::CardRemoved))), WaitingForCard, vec![]),
        (Reading, "removed during read", Send(|| removed(R)), WaitingForCard, vec!["Cancel"]),
        (Reading, "swapped during read", Send(|| reader(ReaderSignal::CardSwapped { reader: R.into(), atr: vec![] })), Reading, vec!["Cancel", "ReadCard"]),
        (Reading, "card in another reader", Send(|| inserted(OTHER)), Reading, vec![]),
        (Reading, "reader unplugged", Send(|| reader(ReaderSignal::ReaderRemoved { reader: R.into() })), NoReader, vec!["Cancel"]),
        // The Citizen Digital Certificate.
        (WaitingForCard, "a token appears", Send(|| token_present(None)), OpeningToken, vec!["ReadCertificate"]),
        (NoReader, "a USB token with no reader", Send(|| token_present(None)), OpeningToken, vec!["ReadCertificate"]),
        (OpeningToken, "opened", Answer(|| Reply::CertificateRead(Ok(certificate_card(PinWarning::None)))), CertificateReady, vec![]),
        (OpeningToken, "opened, PIN locked", Answer(|| Reply::CertificateRead(Ok(certificate_card(PinWarning::Locked)))), CertificateReady, vec![]),
        (OpeningToken, "no module", Answer(|| Reply::CertificateRead(Err(Problem::Certificate(CertificateProblem::ModuleMissing)))), CertificateFailed, vec![]),
        (OpeningToken, "refused before any PIN", Answer(|| Reply::CertificateRead(Err(Problem::Certificate(CertificateProblem::UnknownCa)))), CertificateFailed, vec![]),
        (OpeningToken, "removed (reply)", Answer(|| Reply::CertificateRead(Err(Problem::Certificate(CertificateProblem::CardRemoved)))), WaitingForCard, vec![]),
        (OpeningToken, "removed", Send(|| removed(R)), WaitingForCard, vec!["Cancel"]),
        (OpeningToken, "its slot reported: not opened twice", Send(|| token_present(Some(R))), OpeningToken, vec![]),
        (OpeningToken, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec!["Cancel"]),
        (CertificateFailed, "retry", Send(|| Event::Retry), OpeningToken, vec!["ReadCertificate"]),
        (CertificateFailed, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        (CertificateFailed, "an NHI card in another reader", Send(|| inserted(OTHER)), Reading, vec!["ReadCard"]),
        (CertificateReady, "ID and PIN submitted", Send(submit_certificate), CertificateSigningIn, vec!["CertificateSignIn"]),
        (CertificateReady, "empty PIN ignored", Send(|| Event::SubmitCertificate { id_number: "A123456789".into(), pin: "".into() }), CertificateReady, vec![]),
        (CertificateReady, "a password is not for this card", Send(pw), CertificateReady, vec![]),
        (CertificateReady, "first-time application is not for this card", Send(|| Event::StartApplication), CertificateReady, vec![]),
        (CertificateReady, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        (CertificateReady, "token gone", Send(token_gone), WaitingForCard, vec![]),
        (CertificateReady, "an NHI card elsewhere does not interrupt", Send(|| inserted(OTHER)), CertificateReady, vec![]),
        (CertificateReady, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec![]),
        (CertificateSigningIn, "signed in: a code is made at once", Answer(|| Reply::CertificateSignedIn(Ok("t".into()))), CreatingCode, vec!["CreateCode"]),
        (CertificateSigningIn, "wrong PIN", Answer(|| Reply::CertificateSignedIn(Err(Problem::Certificate(CertificateProblem::PinIncorrect)))), CertificateReady, vec![]),
        (CertificateSigningIn, "not registered", Answer(|| Reply::CertificateSignedIn(Err(Problem::Certificate(CertificateProblem::IdNotRegistered)))), CertificateReady, vec![]),
        (CertificateSigningIn, "removed (reply)", Answer(|| Reply::CertificateSignedIn(Err(Problem::Certificate(CertificateProblem::CardRemoved)))), WaitingForCard, vec![]),
        (CertificateSigningIn, "back cancels", Send(|| Event::Back), CertificateReady, vec!["Cancel"]),
        (CertificateSigningIn, "second submit ignored", Send(submit_certificate), CertificateSigningIn, vec![]),
        (CertificateSigningIn, "removed", Send(|| removed(R)), WaitingForCard, vec!["Cancel"]),
        (CertificateSigningIn, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec!["Cancel"]),
        // Wrong card / read failure.
        (NotNhiCard, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        (NotNhiCard, "right card in another reader", Send(|| inserted(OTHER)), Reading, vec!["ReadCard"]),
        (NotNhiCard, "retry does nothing: another card is needed", Send(|| Event::Retry), NotNhiCard, vec![]),
        (NotNhiCard, "its module knows it after all", Send(|| token_present(Some(R))), OpeningToken, vec!["ReadCertificate"]),
        (ReadFailed, "retry", Send(|| Event::Retry), Reading, vec!["ReadCard"]),
        (ReadFailed, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        // Card ready.
        (CardReady, "password submitted", Send(pw), SigningIn, vec!["SignIn"]),
        (CardReady, "empty password ignored", Send(|| Event::SubmitPassword("".into())), CardReady, vec![]),
        (CardReady, "first time", Send(|| Event::StartApplication), FirstTimeApplication, vec![]),
        (CardReady, "forgot password", Send(|| Event::ForgotPassword), PasswordReset, vec![]),
        (CardReady, "back: nothing behind", Send(|| Event::Back), CardReady, vec![]),
        (CardReady, "generate before sign-in ignored", Send(|| Event::GenerateCode), CardReady, vec![]),
        (CardReady, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        (CardReady, "swapped", Send(|| reader(ReaderSignal::CardSwapped { reader: R.into(), atr: vec![] })), Reading, vec!["ReadCard"]),
        (CardReady, "card in another reader ignored", Send(|| inserted(OTHER)), CardReady, vec![]),
        // Signing in.
        (SigningIn, "signed in: a code is made at once", Answer(|| Reply::SignedIn(Ok("t".into()))), CreatingCode, vec!["CreateCode"]),
        (SigningIn, "wrong password", Answer(|| Reply::SignedIn(Err(Problem::WrongPassword { attempts_left: 2 }))), CardReady, vec![]),
        (SigningIn, "locked", Answer(|| Reply::SignedIn(Err(Problem::AccountLocked { minutes: 15, until: "14:05".into() }))), CardReady, vec![]),
        (SigningIn, "not registered", Answer(|| Reply::SignedIn(Err(Problem::NotRegistered))), CardReady, vec![]),
        (SigningIn, "e-mail not verified", Answer(|| Reply::SignedIn(Err(Problem::EmailNotVerified))), EmailVerification, vec![]),
        (SigningIn, "network down", Answer(|| Reply::SignedIn(Err(Problem::NetworkDown))), CardReady, vec![]),
        (SigningIn, "back cancels", Send(|| Event::Back), CardReady, vec!["Cancel"]),
        (SigningIn, "second submit ignored", Send(pw), SigningIn, vec![]),
        (SigningIn, "removed mid sign-in", Send(|| removed(R)), WaitingForCard, vec!["Cancel"]),
        // Application, e-mail verification, password reset.
        (FirstTimeApplication, "submitted", Send(|| Event::SubmitApplication { password: "Pw123456".into(), email: "a@b.tw".into() }), FirstTimeApplication, vec!["Apply"]),
        (FirstTimeApplication, "back", Send(|| Event::Back), CardReady, vec![]),
        (FirstTimeApplication, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        (EmailVerification, "resend", Send(|| Event::ResendVerification), EmailVerification, vec!["ResendVerification"]),
        (EmailVerification, "back to sign in", Send(|| Event::Back), CardReady, vec![]),
        (EmailVerification, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        (EmailVerification, "verification code", Send(verification_code), EmailVerification, vec!["VerifyEmail"]),
        (EmailVerification, "empty verification code ignored", Send(|| Event::SubmitVerificationToken("".into())), EmailVerification, vec![]),
        (EmailVerification, "reset code out of place ignored", Send(reset_code), EmailVerification, vec![]),
        (PasswordReset, "submitted", Send(|| Event::SubmitPasswordReset), PasswordReset, vec!["RequestPasswordReset"]),
        (PasswordReset, "reset code before the mail was sent ignored", Send(reset_code), PasswordReset, vec![]),
        (CardReady, "verification code out of place ignored", Send(verification_code), CardReady, vec![]),
        (PasswordReset, "back", Send(|| Event::Back), CardReady, vec![]),
        (PasswordReset, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        // Signed in.
        (SignedIn, "generate code", Send(|| Event::GenerateCode), CreatingCode, vec!["CreateCode"]),
        (SignedIn, "devices", Send(|| Event::ShowDevices), Devices, vec!["ListDevices"]),
        (SignedIn, "sign out", Send(|| Event::SignOut), CardReady, vec!["SignOut"]),
        (SignedIn, "back stays", Send(|| Event::Back), SignedIn, vec![]),
        (SignedIn, "removed: signed out and cleared", Send(|| removed(R)), WaitingForCard, vec!["SignOut"]),
        (SignedIn, "a token never interrupts a session", Send(|| token_present(None)), SignedIn, vec![]),
        (SignedIn, "service down: signed out and cleared", Send(|| reader(ReaderSignal::ServiceDown)), SmartCardServiceMissing, vec!["SignOut"]),
        // Creating a code.
        (CreatingCode, "code created", Answer(|| Reply::CodeCreated(Ok(code()))), DeviceCodeShown, vec![]),
        (CreatingCode, "failed", Answer(|| Reply::CodeCreated(Err(Problem::ServiceUnavailable))), Failed, vec![]),
        (CreatingCode, "session expired", Answer(|| Reply::CodeCreated(Err(Problem::SessionExpired))), CardReady, vec![]),
        (CreatingCode, "back cancels", Send(|| Event::Back), SignedIn, vec!["Cancel"]),
        (CreatingCode, "removed", Send(|| removed(R)), WaitingForCard, vec!["Cancel", "SignOut"]),
        // The code on screen.
        (DeviceCodeShown, "tick before the poll interval", Wait(Duration::from_secs(1)), DeviceCodeShown, vec![]),
        (DeviceCodeShown, "tick at the poll interval", Wait(POLL_INTERVAL), DeviceCodeShown, vec!["PollCodeStatus"]),
        (DeviceCodeShown, "deadline reached", Wait(min15), Expired, vec![]),
        (DeviceCodeShown, "new code", Send(|| Event::GenerateCode), CreatingCode, vec!["CreateCode"]),
        (DeviceCodeShown, "back", Send(|| Event::Back), SignedIn, vec![]),
        (DeviceCodeShown, "sign out", Send(|| Event::SignOut), CardReady, vec!["SignOut"]),
        (DeviceCodeShown, "removed", Send(|| removed(R)), WaitingForCard, vec!["SignOut"]),
        (DeviceCodeShown, "swapped", Send(|| reader(ReaderSignal::CardSwapped { reader: R.into(), atr: vec![] })), Reading, vec!["SignOut", "ReadCard"]),
        (Verified, "another phone", Send(|| Event::GenerateCode), CreatingCode, vec!["CreateCode"]),
        (Verified, "devices", Send(|| Event::ShowDevices), Devices, vec!["ListDevices"]),
        (Verified, "back", Send(|| Event::Back), SignedIn, vec![]),
        (Verified, "removed", Send(|| removed(R)), WaitingForCard, vec!["SignOut"]),
        (Expired, "new code", Send(|| Event::GenerateCode), CreatingCode, vec!["CreateCode"]),
        (Expired, "more ticks do nothing", Wait(Duration::from_secs(1)), Expired, vec![]),
        (Expired, "back", Send(|| Event::Back), SignedIn, vec![]),
        (Expired, "removed", Send(|| removed(R)), WaitingForCard, vec!["SignOut"]),
        // Devices.
        (Devices, "revoke", Send(|| Event::Revoke("1".into())), Devices, vec!["RevokeDevice"]),
        (Devices, "back", Send(|| Event::Back), SignedIn, vec![]),
        (Devices, "removed", Send(|| removed(R)), WaitingForCard, vec!["SignOut"]),
        // Failures with retry.
        (Failed, "retry", Send(|| Event::Retry), CreatingCode, vec!["CreateCode"]),
        (Failed, "back", Send(|| Event::Back), SignedIn, vec![]),
        (Failed, "removed", Send(|| removed(R)), WaitingForCard, vec!["SignOut"]),
        // Kiosk reset (idle, or done with a code): signed out, everything dropped.
        (CardReady, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec![]),
        (SigningIn, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec!["Cancel"]),
        (DeviceCodeShown, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec!["SignOut"]),
        (Verified, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec!["SignOut"]),
        (Expired, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec!["SignOut"]),
        (NotNhiCard, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec![]),
        (WaitingForCard, "kiosk reset", Send(|| Event::Reset), WaitingForCard, vec![]),
    ]
}

#[test]
fn transition_table() {
    for (from, what, act, to, effects) in table() {
        let mut h = Harness::at(from);
        let got = match act {
            Send(e) => h.send(e()),
            Answer(r) => h.reply(r()),
            Wait(d) => h.wait(d),
        };
        assert_eq!(h.flow.kind(), to, "{from:?} + {what}");
        assert_eq!(got, effects, "{from:?} + {what}: effects");
    }
}

pub(super) const ALL_KINDS: [Kind; 22] = [
    SmartCardServiceMissing,
    NoReader,
    WaitingForCard,
    Reading,
    NotNhiCard,
    ReadFailed,
    OpeningToken,
    CertificateFailed,
    CardReady,
    SigningIn,
    CertificateReady,
    CertificateSigningIn,
    FirstTimeApplication,
    EmailVerification,
    PasswordReset,
    SignedIn,
    CreatingCode,
    DeviceCodeShown,
    Verified,
    Expired,
    Devices,
    Failed,
];

#[test]
fn the_table_starts_from_every_state() {
    let froms: Vec<Kind> = table().iter().map(|row| row.0).collect();
    for kind in ALL_KINDS {
        assert!(froms.contains(&kind), "no transition tested from {kind:?}");
    }
}
