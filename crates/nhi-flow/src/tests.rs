//! Every transition of the flow, as a table of (state, event) → (state, effects), plus the
//! properties that matter most: removal clears everything, stale replies are dropped, the
//! countdown is computed from the deadline.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::*;

const R: &str = "Reader A";
const OTHER: &str = "Reader B";

fn holder() -> Holder {
    Holder {
        card_number: "000012345678".into(),
        id_number: "A123456789".into(),
        masked_name: "王○明".into(),
        masked_id: "A12****789".into(),
    }
}

fn code() -> DeviceCode {
    DeviceCode {
        code: "02511X66".into(),
        qr_payload: "nhi-device-code:02511X66".into(),
        ttl: Duration::from_secs(15 * 60),
        deadline: None,
        expires_at: NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(11, 38, 29)
            .unwrap(),
    }
}

fn device(id: &str) -> DeviceInfo {
    DeviceInfo {
        id: id.into(),
        label: format!("phone {id}"),
        authenticated_at: None,
    }
}

fn reader(signal: ReaderSignal) -> Event {
    Event::Reader(signal)
}
fn added(r: &str) -> Event {
    reader(ReaderSignal::ReaderAdded { reader: r.into() })
}
fn inserted(r: &str) -> Event {
    reader(ReaderSignal::CardInserted {
        reader: r.into(),
        atr: vec![0x3b],
    })
}
fn removed(r: &str) -> Event {
    reader(ReaderSignal::CardRemoved { reader: r.into() })
}

/// A flow plus a clock that tests move by hand.
struct Harness {
    flow: Flow,
    now: Instant,
    effects: Vec<Effect>,
}

impl Harness {
    fn new() -> Harness {
        Harness {
            flow: Flow::new(),
            now: Instant::now(),
            effects: Vec::new(),
        }
    }

    fn send(&mut self, event: Event) -> Vec<&'static str> {
        self.effects = self.flow.handle(event, self.now);
        self.effects.iter().map(Effect::name).collect()
    }

    /// Answer the request in flight.
    fn reply(&mut self, reply: Reply) -> Vec<&'static str> {
        let ticket = self.flow.pending().expect("a request is in flight");
        self.send(Event::Reply(ticket, reply))
    }

    fn wait(&mut self, d: Duration) -> Vec<&'static str> {
        self.now += d;
        self.send(Event::Tick)
    }

    /// Drive a fresh flow into `kind` the way a person and the service would.
    fn at(kind: Kind) -> Harness {
        let mut h = Harness::new();
        h.go(kind);
        assert_eq!(h.flow.kind(), kind, "could not reach {kind:?}");
        h
    }

    fn go(&mut self, kind: Kind) {
        use Kind::*;
        match kind {
            NoReader => {}
            SmartCardServiceMissing => {
                self.send(reader(ReaderSignal::ServiceDown));
            }
            WaitingForCard => {
                self.send(added(R));
            }
            Reading => {
                self.go(WaitingForCard);
                self.send(inserted(R));
            }
            NotNhiCard => {
                self.go(Reading);
                self.reply(Reply::CardRead(Err(Problem::NotNhiCard)));
            }
            ReadFailed => {
                self.go(Reading);
                self.reply(Reply::CardRead(Err(Problem::CardUnreadable)));
            }
            CardReady => {
                self.go(Reading);
                self.reply(Reply::CardRead(Ok(holder())));
            }
            SigningIn => {
                self.go(CardReady);
                self.send(Event::SubmitPassword("Demo1234".into()));
            }
            FirstTimeApplication => {
                self.go(CardReady);
                self.send(Event::StartApplication);
            }
            EmailVerification => {
                self.go(FirstTimeApplication);
                self.send(Event::SubmitApplication {
                    password: "Demo1234".into(),
                    email: "demo@example.org".into(),
                });
                self.reply(Reply::ApplicationSent(Ok("a***@b.tw".into())));
            }
            PasswordReset => {
                self.go(CardReady);
                self.send(Event::ForgotPassword);
            }
            CreatingCode => {
                self.go(SigningIn);
                self.reply(Reply::SignedIn(Ok("token-1".into())));
            }
            DeviceCodeShown => {
                self.go(CreatingCode);
                self.reply(Reply::CodeCreated(Ok(code())));
            }
            SignedIn => {
                self.go(DeviceCodeShown);
                self.send(Event::Back);
            }
            Verified => {
                self.go(DeviceCodeShown);
                self.wait(POLL_INTERVAL);
                self.reply(Reply::CodeStatus(Ok(CodeStatus::Redeemed(Some(
                    "Pixel 8 · Android".into(),
                )))));
            }
            Expired => {
                self.go(DeviceCodeShown);
                self.wait(Duration::from_secs(15 * 60));
            }
            Devices => {
                self.go(SignedIn);
                self.send(Event::ShowDevices);
                self.reply(Reply::DevicesListed(Ok(vec![device("1"), device("2")])));
            }
            Failed => {
                self.go(SignedIn);
                self.send(Event::GenerateCode);
                self.reply(Reply::CodeCreated(Err(Problem::NetworkDown)));
            }
        }
    }
}

/// How a row acts on the flow.
enum Act {
    Send(fn() -> Event),
    Answer(fn() -> Reply),
    Wait(Duration),
}

use Act::{Answer, Send, Wait};
use Kind::*;

fn pw() -> Event {
    Event::SubmitPassword("Demo1234".into())
}

/// The code from the verification mail.
fn verification_code() -> Event {
    Event::SubmitVerificationToken("5eb63bbbe01eeed0".into())
}

/// The code from the reset mail and a new password.
fn reset_code() -> Event {
    Event::SubmitResetToken {
        token: "93a1f4c2d7e8b6a5".into(),
        new_password: "NewPw789".into(),
    }
}

/// From `PasswordReset`: the reset mail was sent.
fn reset_sent(h: &mut Harness) {
    h.send(Event::SubmitPasswordReset);
    h.reply(Reply::PasswordResetSent(Ok("a***@b.tw".into())));
}

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
        (Reading, "citizen digital certificate", Answer(|| Reply::CardRead(Err(Problem::CitizenDigitalCertificate))), NotNhiCard, vec![]),
        (Reading, "unreadable", Answer(|| Reply::CardRead(Err(Problem::CardUnreadable))), ReadFailed, vec![]),
        (Reading, "card in use", Answer(|| Reply::CardRead(Err(Problem::CardInUse))), ReadFailed, vec![]),
        (Reading, "removed during read (reply)", Answer(|| Reply::CardRead(Err(Problem::CardRemoved))), WaitingForCard, vec![]),
        (Reading, "removed during read", Send(|| removed(R)), WaitingForCard, vec!["Cancel"]),
        (Reading, "swapped during read", Send(|| reader(ReaderSignal::CardSwapped { reader: R.into(), atr: vec![] })), Reading, vec!["Cancel", "ReadCard"]),
        (Reading, "card in another reader", Send(|| inserted(OTHER)), Reading, vec![]),
        (Reading, "reader unplugged", Send(|| reader(ReaderSignal::ReaderRemoved { reader: R.into() })), NoReader, vec!["Cancel"]),
        // Wrong card / read failure.
        (NotNhiCard, "removed", Send(|| removed(R)), WaitingForCard, vec![]),
        (NotNhiCard, "right card in another reader", Send(|| inserted(OTHER)), Reading, vec!["ReadCard"]),
        (NotNhiCard, "retry does nothing: another card is needed", Send(|| Event::Retry), NotNhiCard, vec![]),
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

/// The state after a mail code step, for the checks below.
fn stage(h: &Harness) -> &Stage {
    match h.flow.state() {
        State::Card { stage, .. } => stage,
        other => panic!("{other:?}"),
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

const ALL_KINDS: [Kind; 18] = [
    SmartCardServiceMissing,
    NoReader,
    WaitingForCard,
    Reading,
    NotNhiCard,
    ReadFailed,
    CardReady,
    SigningIn,
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
