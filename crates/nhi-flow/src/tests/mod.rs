//! Every transition of the flow, as a table of (state, event) → (state, effects), plus the
//! properties that matter most: removal clears everything, stale replies are dropped, the
//! countdown is computed from the deadline.

use std::time::{Duration, Instant};

use chrono::NaiveDate;

use super::*;
use crate::problem::CertificateProblem;

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

fn certificate_card(pin: PinWarning) -> CertificateCard {
    CertificateCard {
        slot: SLOT,
        label: "HiCOS PKI Smart Card".into(),
        masked_name: "王○明".into(),
        pin,
        pin_length: (6, 8),
    }
}

/// The slot the test token sits in.
const SLOT: TokenSlot = TokenSlot(3);

fn token_present(reader: Option<&str>) -> Event {
    Event::Token(TokenSignal::Present {
        slot: SLOT,
        reader: reader.map(str::to_owned),
    })
}
fn token_gone() -> Event {
    Event::Token(TokenSignal::Gone { slot: SLOT })
}
fn submit_certificate() -> Event {
    Event::SubmitCertificate {
        id_number: "A123456789".into(),
        pin: "123456".into(),
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
            OpeningToken => {
                self.go(Reading);
                self.reply(Reply::CardRead(Err(Problem::CitizenDigitalCertificate)));
            }
            CertificateFailed => {
                self.go(OpeningToken);
                self.reply(Reply::CertificateRead(Err(Problem::Certificate(
                    CertificateProblem::ModuleMissing,
                ))));
            }
            CertificateReady => {
                self.go(OpeningToken);
                self.reply(Reply::CertificateRead(Ok(certificate_card(
                    PinWarning::None,
                ))));
            }
            CertificateSigningIn => {
                self.go(CertificateReady);
                self.send(submit_certificate());
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

/// The state after a mail code step, for the checks below.
fn stage(h: &Harness) -> &Stage {
    match h.flow.state() {
        State::Card { stage, .. } => stage,
        other => panic!("{other:?}"),
    }
}

mod certificate;
mod mail;
mod sessions;
mod table;
