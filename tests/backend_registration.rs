//! The real backend (`backend::Registration`) end to end: a virtual NHI card in a scripted
//! reader, the reference service on loopback. Every effect the flow issues, through the same
//! code the desktop app runs, without a window.

mod service_support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nhi_companion::backend::{Backend, Cards, Registration};
use nhi_companion::card::demo::{DEMO_CARD_NUMBER, DEMO_EMAIL, DEMO_ID_NUMBER, DEMO_PASSWORD};
use nhi_companion::flow::{
    CodeStatus, Effect, Event, Flow, Kind, Note, ReaderSignal, Reply, Secret, Stage, State, Ticket,
};
use nhi_companion::problem::Problem;
use nhi_companion::reader::SmartCardService;
use nhi_companion::reader::fake::{FakeCard, FakeWorld};
use nhi_companion::service::protocol::MailKind;
use nhi_companion::virtual_card::{CardProfile, VirtualNhiCard};
use service_support::{Env, config, start};

const READER: &str = "Test Reader 0";

fn insert(world: &FakeWorld, profile: CardProfile) {
    let card = Arc::new(Mutex::new(VirtualNhiCard::new(profile).unwrap()));
    let atr = card.lock().unwrap().atr().to_vec();
    world.insert_card(
        READER,
        FakeCard::new(atr).responder(move |apdu| card.lock().unwrap().respond(apdu)),
    );
}

async fn setup(profile: CardProfile) -> (Env, FakeWorld, Registration) {
    let env = start(config()).await;
    let world = FakeWorld::new();
    world.add_reader(READER);
    insert(&world, profile);
    let w = world.clone();
    let cards = Cards::new(Arc::new(move || {
        w.service()
            .map(|s| Box::new(s) as Box<dyn SmartCardService>)
    }));
    let backend = Registration::new(cards, env.client.clone());
    (env, world, backend)
}

async fn perform(backend: &Registration, effect: Effect) -> Reply {
    backend.perform(effect).await.expect("a reply")
}

fn sign_in(password: &str) -> Effect {
    Effect::SignIn {
        ticket: Ticket(1),
        reader: READER.into(),
        card_number: DEMO_CARD_NUMBER.into(),
        id_number: DEMO_ID_NUMBER.into(),
        password: password.into(),
    }
}

async fn token(backend: &Registration) -> Secret {
    match perform(backend, sign_in(DEMO_PASSWORD)).await {
        Reply::SignedIn(Ok(token)) => token,
        other => panic!("sign-in failed: {other:?}"),
    }
}

#[tokio::test]
async fn reads_signs_in_creates_polls_lists_revokes_and_signs_out() {
    let (env, world, backend) = setup(CardProfile::default()).await;

    let reply = perform(
        &backend,
        Effect::ReadCard {
            ticket: Ticket(0),
            reader: READER.into(),
        },
    )
    .await;
    let Reply::CardRead(Ok(holder)) = reply else {
        panic!("read failed: {reply:?}")
    };
    assert_eq!(holder.masked_id.expose(), "A12****789");
    assert_eq!(holder.masked_name.expose(), "王○明");

    let token = token(&backend).await;
    // Every card exchange left the card alone (disconnected, nothing held open).
    assert_eq!(world.open_connections(), 0);

    let sent = Instant::now();
    let Reply::CodeCreated(Ok(code)) = perform(
        &backend,
        Effect::CreateCode {
            ticket: Ticket(2),
            token: token.clone(),
        },
    )
    .await
    else {
        panic!("no code")
    };
    assert_eq!(code.code.expose().len(), 8);
    assert_eq!(code.ttl, Duration::from_secs(900));
    // The countdown's end is the client's monotonic deadline: from when the request was sent.
    let deadline = code.deadline.expect("a monotonic deadline");
    assert!(deadline >= sent + code.ttl && deadline <= Instant::now() + code.ttl);

    let poll = || Effect::PollCodeStatus {
        ticket: Ticket(3),
        token: token.clone(),
        code: code.code.clone(),
    };
    assert!(matches!(
        perform(&backend, poll()).await,
        Reply::CodeStatus(Ok(CodeStatus::Pending))
    ));
    env.client
        .redeem_device_code(code.code.expose(), "Grandma's phone", "android")
        .await
        .unwrap();
    // Redeemed, naming the phone as the service does.
    match perform(&backend, poll()).await {
        Reply::CodeStatus(Ok(CodeStatus::Redeemed(Some(device)))) => {
            assert!(device.contains("Grandma's phone"), "{device}");
        }
        other => panic!("{other:?}"),
    }

    let list = || Effect::ListDevices {
        ticket: Ticket(4),
        token: token.clone(),
    };
    let Reply::DevicesListed(Ok(devices)) = perform(&backend, list()).await else {
        panic!("no devices")
    };
    assert_eq!(devices.len(), 1);
    assert!(devices[0].label.contains("Grandma's phone"));
    assert!(devices[0].authenticated_at.is_some());
    let revoke = Effect::RevokeDevice {
        ticket: Ticket(5),
        token: token.clone(),
        device_id: devices[0].id.clone(),
    };
    let revoked_id = devices[0].id.clone();
    assert!(matches!(
        perform(&backend, revoke).await,
        Reply::DeviceRevoked(Ok(id)) if id == revoked_id
    ));
    let Reply::DevicesListed(Ok(devices)) = perform(&backend, list()).await else {
        panic!("no devices")
    };
    assert!(devices.is_empty());

    assert!(
        backend
            .perform(Effect::SignOut {
                token: token.clone()
            })
            .await
            .is_none()
    );
    assert!(matches!(
        perform(&backend, list()).await,
        Reply::DevicesListed(Err(Problem::SessionExpired))
    ));
}

#[tokio::test]
async fn service_errors_become_problems() {
    let (_env, world, backend) = setup(CardProfile::default()).await;
    assert!(matches!(
        perform(&backend, sign_in("Wrong999")).await,
        Reply::SignedIn(Err(Problem::WrongPassword { .. }))
    ));
    // The card left before sign-in: the card step says so, the service is never asked.
    world.remove_card(READER);
    let Reply::SignedIn(Err(problem)) = perform(&backend, sign_in(DEMO_PASSWORD)).await else {
        panic!("signed in without a card")
    };
    assert_eq!(problem, Problem::NoCard);
}

#[tokio::test]
async fn a_new_card_applies_resends_and_resets() {
    let profile = CardProfile {
        card_number: "000099990000".into(),
        id_number: "B234567890".into(),
        ..CardProfile::default()
    };
    let (env, _world, backend) = setup(profile).await;
    let ids = |t| {
        (
            Ticket(t),
            READER.to_owned(),
            Secret::new("000099990000"),
            Secret::new("B234567890"),
        )
    };
    let (ticket, reader, card_number, id_number) = ids(1);
    let apply = Effect::Apply {
        ticket,
        reader,
        card_number,
        id_number,
        password: "Secret12".into(),
        email: "new@example.org".into(),
    };
    // Sent, and where to (masked).
    assert!(matches!(
        perform(&backend, apply).await,
        Reply::ApplicationSent(Ok(to)) if to.expose() == "n***@example.org"
    ));
    // Verification mail not followed yet: right password, but not verified.
    let sign_in = Effect::SignIn {
        ticket: Ticket(2),
        reader: READER.into(),
        card_number: "000099990000".into(),
        id_number: "B234567890".into(),
        password: "Secret12".into(),
    };
    assert!(matches!(
        perform(&backend, sign_in).await,
        Reply::SignedIn(Err(Problem::EmailNotVerified))
    ));
    // Resend is limited to one mail a minute: the fresh application's mail counts.
    let (ticket, reader, card_number, id_number) = ids(3);
    let resend = Effect::ResendVerification {
        ticket,
        reader,
        card_number,
        id_number,
    };
    assert!(matches!(
        perform(&backend, resend).await,
        Reply::VerificationResent(Err(Problem::RateLimited { .. }))
    ));
    let mails = backend.outbox().await.unwrap();
    assert!(mails.iter().any(|m| m.to == "new@example.org"));
    drop(env);
}

/// The demo as `--demo` starts it: the demo card in the in-process reader, the embedded
/// reference service, `Demo1234` signs in; taking the card out stops the card steps.
#[test]
fn the_demo_signs_in_with_the_demo_password() {
    use nhi_companion::backend::{DEMO_READER, Demo};
    let demo = Demo::start(None).expect("the demo starts");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let sign_in = || Effect::SignIn {
        ticket: Ticket(1),
        reader: DEMO_READER.into(),
        card_number: DEMO_CARD_NUMBER.into(),
        id_number: DEMO_ID_NUMBER.into(),
        password: DEMO_PASSWORD.into(),
    };
    let reply = runtime.block_on(demo.backend.perform(sign_in()));
    assert!(matches!(reply, Some(Reply::SignedIn(Ok(_)))), "{reply:?}");
    demo.reader.remove();
    let reply = runtime.block_on(demo.backend.perform(sign_in()));
    assert!(
        matches!(reply, Some(Reply::SignedIn(Err(Problem::NoCard)))),
        "{reply:?}"
    );
}

/// The flow driven by the real backend: every effect is carried out and its reply fed back,
/// until the flow asks for nothing more (the desktop app does the same through `Task`s).
struct Driven {
    flow: Flow,
    backend: Registration,
}

impl Driven {
    /// The card in `READER` read: the flow is on the card-ready step.
    async fn card_ready(backend: Registration) -> Driven {
        let mut d = Driven {
            flow: Flow::new(),
            backend,
        };
        d.send(Event::Reader(ReaderSignal::ReaderAdded {
            reader: READER.into(),
        }))
        .await;
        d.send(Event::Reader(ReaderSignal::CardInserted {
            reader: READER.into(),
            atr: vec![0x3b],
        }))
        .await;
        assert_eq!(d.flow.kind(), Kind::CardReady);
        d
    }

    async fn send(&mut self, event: Event) {
        let mut events = vec![event];
        while let Some(event) = events.pop() {
            for effect in self.flow.handle(event, Instant::now()) {
                if matches!(effect, Effect::Cancel(_)) {
                    continue;
                }
                let ticket = effect.ticket();
                let reply = self.backend.perform(effect).await;
                if let (Some(ticket), Some(reply)) = (ticket, reply) {
                    events.push(Event::Reply(ticket, reply));
                }
            }
        }
    }

    fn stage(&self) -> &Stage {
        match self.flow.state() {
            State::Card { stage, .. } => stage,
            other => panic!("no card: {other:?}"),
        }
    }

    fn problem(&self) -> Option<&Problem> {
        match self.stage() {
            Stage::CardReady { problem, .. }
            | Stage::EmailVerification { problem, .. }
            | Stage::PasswordReset { problem, .. } => problem.as_ref(),
            _ => None,
        }
    }

    /// The code of the newest mail of `kind` to `to`, as the person copies it from the mail.
    async fn mail_code(&self, kind: MailKind, to: &str) -> Secret {
        let mails = self.backend.outbox().await.expect("the outbox");
        let mail = mails
            .iter()
            .rev()
            .find(|m| m.kind == kind && m.to == to)
            .unwrap_or_else(|| panic!("no {kind:?} mail to {to}"));
        assert!(mail.body.contains(&mail.token), "the mail shows its code");
        Secret::new(mail.token.as_str())
    }
}

/// 首次登入請先申請 → the verification mail's code typed into the app → sign-in works.
#[tokio::test]
async fn the_verification_code_from_the_mail_verifies_the_email_and_sign_in_works() {
    let profile = CardProfile {
        card_number: "000099990001".into(),
        id_number: "B234567891".into(),
        ..CardProfile::default()
    };
    let (env, _world, backend) = setup(profile).await;
    let mut d = Driven::card_ready(backend).await;
    d.send(Event::StartApplication).await;
    d.send(Event::SubmitApplication {
        password: "Secret12".into(),
        email: "verify@example.org".into(),
    })
    .await;
    assert_eq!(d.flow.kind(), Kind::EmailVerification, "{:?}", d.problem());

    // The person left and came back later: signing in leads to the same step.
    d.send(Event::Back).await;
    d.send(Event::SubmitPassword("Secret12".into())).await;
    assert_eq!(d.flow.kind(), Kind::EmailVerification);

    // A wrong code: the step stays, with the problem.
    d.send(Event::SubmitVerificationToken(
        "00000000000000000000000000000000".into(),
    ))
    .await;
    assert_eq!(d.flow.kind(), Kind::EmailVerification);
    assert_eq!(d.problem(), Some(&Problem::InvalidLink));

    let code = d
        .mail_code(MailKind::Verification, "verify@example.org")
        .await;
    d.send(Event::SubmitVerificationToken(code.clone())).await;
    assert!(
        matches!(
            d.stage(),
            Stage::CardReady {
                problem: None,
                note: Some(Note::EmailVerified)
            }
        ),
        "{:?}",
        d.stage()
    );
    // Sign-in works now; the flow goes straight on to a device code.
    d.send(Event::SubmitPassword("Secret12".into())).await;
    assert_eq!(d.flow.kind(), Kind::DeviceCodeShown, "{:?}", d.stage());

    // The code is used up: a second try is refused.
    d.send(Event::SignOut).await;
    let reply = d
        .backend
        .perform(Effect::VerifyEmail {
            ticket: Ticket(99),
            token: code,
        })
        .await;
    assert!(
        matches!(reply, Some(Reply::EmailVerified(Err(Problem::InvalidLink)))),
        "{reply:?}"
    );
    drop(env);
}

/// 忘記註冊密碼 → the reset mail's code and a new password → sign in with the new one.
#[tokio::test]
async fn the_reset_code_from_the_mail_sets_a_new_password_and_sign_in_works_with_it() {
    let (env, _world, backend) = setup(CardProfile::default()).await;
    let mut d = Driven::card_ready(backend).await;
    d.send(Event::ForgotPassword).await;
    // Nothing is asked: the mail goes to the registered address, and the screen says where.
    d.send(Event::SubmitPasswordReset).await;
    assert!(
        matches!(
            d.stage(),
            Stage::PasswordReset {
                busy: false,
                sent_to: Some(to),
                problem: None
            } if to.expose() == "d***@example.org"
        ),
        "{:?}",
        d.stage()
    );
    let code = d.mail_code(MailKind::PasswordReset, DEMO_EMAIL).await;

    // A wrong code: InvalidLink, still on the step.
    d.send(Event::SubmitResetToken {
        token: "0123456789abcdef0123456789abcdef".into(),
        new_password: "Fresh789".into(),
    })
    .await;
    assert_eq!(d.flow.kind(), Kind::PasswordReset);
    assert_eq!(d.problem(), Some(&Problem::InvalidLink));

    // A password the rules refuse: WeakPassword, and the code is not used up.
    d.send(Event::SubmitResetToken {
        token: code.clone(),
        new_password: "1".into(),
    })
    .await;
    assert_eq!(d.flow.kind(), Kind::PasswordReset);
    assert_eq!(d.problem(), Some(&Problem::WeakPassword));

    d.send(Event::SubmitResetToken {
        token: code,
        new_password: "Fresh789".into(),
    })
    .await;
    assert!(
        matches!(
            d.stage(),
            Stage::CardReady {
                problem: None,
                note: Some(Note::PasswordChanged)
            }
        ),
        "{:?}",
        d.stage()
    );

    // The old password no longer works, the new one does.
    d.send(Event::SubmitPassword(DEMO_PASSWORD.into())).await;
    assert!(
        matches!(d.problem(), Some(Problem::WrongPassword { .. })),
        "{:?}",
        d.stage()
    );
    d.send(Event::SubmitPassword("Fresh789".into())).await;
    assert_eq!(d.flow.kind(), Kind::DeviceCodeShown, "{:?}", d.stage());
    drop(env);
}
