//! The certificate effects carried out by the real backend (`Registration` with its tokens)
//! against the reference service on loopback: the token in memory (the demo's kind of
//! software token; `tests/token_softhsm.rs` runs the same effects on a real PKCS#11 module).
//! Sign-in then a device code; the PIN's tries to the lock, after which the token is never
//! asked; the card pulled mid-sign-in; certificates the service refuses said before any PIN;
//! no module; a service that is down.

mod certificate_support;

use std::sync::{Arc, Mutex};

use certificate_support::{OTHER_ID, config_trusting, other_person, person, token_for};
use nhi_companion::backend::{Backend, Cards, Registration, Tokens};
use nhi_companion::card::demo::DEMO_ID_NUMBER;
use nhi_companion::flow::{Effect, PinWarning, Reply, Secret, Ticket, TokenSlot};
use nhi_companion::problem::{CertificateProblem, Problem};
use nhi_companion::service::RegistrationClient;
use nhi_companion::service::reference::certificate::CertificateHolder;
use nhi_companion::service::reference::{ReferenceHandle, spawn_on_loopback};
use nhi_companion::token::SoftwareToken;
use nhi_companion::token::demo_ca::DemoCa;
use nhi_companion::token::software::DEMO_PIN;

const SLOT: TokenSlot = TokenSlot(SoftwareToken::SLOT.0);
const SERIAL: &str = "0000000000000042";

struct World {
    backend: Registration,
    token: Arc<Mutex<SoftwareToken>>,
    service: ReferenceHandle,
}

/// A token for 陳測試 from `issuer`, a service trusting `trusted` with 陳測試 bound to the
/// demo holder's ID number (the demo card's registration).
async fn world(issuer: &DemoCa, trusted: &DemoCa) -> World {
    let mut config = config_trusting(
        trusted,
        vec![CertificateHolder {
            subject_serial: Some(SERIAL.into()),
            certificate_sha256: None,
            id_number: DEMO_ID_NUMBER.into(),
        }],
    );
    config.cards.push(other_person());
    let (_, service) = spawn_on_loopback(config).await.unwrap();
    let token = Arc::new(Mutex::new(token_for(issuer, &person(SERIAL))));
    let client = RegistrationClient::new(&service.base_url()).unwrap();
    let backend =
        Registration::new(Cards::pcsc(), client).with_tokens(Tokens::software(token.clone()));
    World {
        backend,
        token,
        service,
    }
}

async fn trusted_world() -> World {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    world(&ca, &ca).await
}

async fn perform(backend: &Registration, effect: Effect) -> Reply {
    backend.perform(effect).await.expect("a reply")
}

fn read() -> Effect {
    Effect::ReadCertificate {
        ticket: Ticket(1),
        reader: None,
        slot: None,
    }
}

fn sign_in(id_number: &str, pin: &str) -> Effect {
    Effect::CertificateSignIn {
        ticket: Ticket(2),
        slot: SLOT,
        id_number: id_number.into(),
        pin: pin.into(),
    }
}

async fn signed_in(backend: &Registration, id_number: &str, pin: &str) -> Result<Secret, Problem> {
    match perform(backend, sign_in(id_number, pin)).await {
        Reply::CertificateSignedIn(result) => result,
        other => panic!("{other:?}"),
    }
}

async fn opened(backend: &Registration) -> Result<nhi_companion::flow::CertificateCard, Problem> {
    match perform(backend, read()).await {
        Reply::CertificateRead(result) => result,
        other => panic!("{other:?}"),
    }
}

fn cert(problem: CertificateProblem) -> Problem {
    Problem::Certificate(problem)
}

#[tokio::test]
async fn the_certificate_opens_signs_in_and_its_session_makes_a_code() {
    let w = trusted_world().await;
    let card = opened(&w.backend).await.expect("opened");
    assert_eq!(card.masked_name.expose(), "陳○試");
    assert_eq!(card.pin, PinWarning::None);
    let token = signed_in(&w.backend, DEMO_ID_NUMBER, DEMO_PIN)
        .await
        .expect("signed in");
    let code = perform(
        &w.backend,
        Effect::CreateCode {
            ticket: Ticket(3),
            token,
        },
    )
    .await;
    match code {
        Reply::CodeCreated(Ok(code)) => assert_eq!(code.code.expose().len(), 8),
        other => panic!("{other:?}"),
    }
    w.service.shutdown().await.unwrap();
}

#[tokio::test]
async fn wrong_pins_count_down_to_the_lock_and_then_the_right_pin_is_refused_too() {
    let w = trusted_world().await;
    let wrong = |n: u8| format!("00000{n}");
    assert_eq!(
        signed_in(&w.backend, DEMO_ID_NUMBER, &wrong(1)).await,
        Err(cert(CertificateProblem::PinIncorrect))
    );
    assert_eq!(opened(&w.backend).await.unwrap().pin, PinWarning::CountLow);
    assert_eq!(
        signed_in(&w.backend, DEMO_ID_NUMBER, &wrong(2)).await,
        Err(cert(CertificateProblem::PinFinalTry))
    );
    assert_eq!(opened(&w.backend).await.unwrap().pin, PinWarning::FinalTry);
    assert_eq!(
        signed_in(&w.backend, DEMO_ID_NUMBER, &wrong(3)).await,
        Err(cert(CertificateProblem::PinLocked))
    );
    // Locked: the token checks nothing any more, the right PIN included.
    assert_eq!(opened(&w.backend).await.unwrap().pin, PinWarning::Locked);
    assert_eq!(
        signed_in(&w.backend, DEMO_ID_NUMBER, DEMO_PIN).await,
        Err(cert(CertificateProblem::PinLocked))
    );
}

#[tokio::test]
async fn the_card_pulled_before_the_signature_is_said_as_removed() {
    let w = trusted_world().await;
    opened(&w.backend).await.expect("opened");
    w.token.lock().unwrap().set_present(false);
    assert_eq!(
        signed_in(&w.backend, DEMO_ID_NUMBER, DEMO_PIN).await,
        Err(cert(CertificateProblem::CardRemoved))
    );
    assert_eq!(
        opened(&w.backend).await,
        Err(cert(CertificateProblem::NoCard))
    );
}

#[tokio::test]
async fn a_certificate_from_an_unknown_issuer_is_refused_before_any_pin() {
    let issuer = DemoCa::new("Someone Else", true).unwrap();
    let trusted = DemoCa::new("Test MOICA", true).unwrap();
    let w = world(&issuer, &trusted).await;
    assert_eq!(
        opened(&w.backend).await,
        Err(cert(CertificateProblem::UnknownCa))
    );
    // Nothing was tried on the card.
    assert_eq!(
        pin_state(&w.token),
        nhi_companion::token::PinState::Usable {
            tries: nhi_companion::token::PinTries::Unknown
        }
    );
}

fn pin_state(token: &Mutex<SoftwareToken>) -> nhi_companion::token::PinState {
    use nhi_companion::token::CertificateToken;
    token.lock().unwrap().tokens().unwrap()[0].pin
}

#[tokio::test]
async fn a_certificate_bound_to_someone_else_is_refused_at_sign_in() {
    let w = trusted_world().await;
    assert_eq!(
        signed_in(&w.backend, OTHER_ID, DEMO_PIN).await,
        Err(cert(CertificateProblem::BoundElsewhere))
    );
}

#[tokio::test]
async fn no_module_is_said_as_what_to_install() {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let (_, service) = spawn_on_loopback(config_trusting(&ca, vec![]))
        .await
        .unwrap();
    let client = RegistrationClient::new(&service.base_url()).unwrap();
    let backend = Registration::new(Cards::pcsc(), client)
        .with_tokens(Tokens::pkcs11(Some("/nonexistent/libHicos_p11.so".into())));
    assert_eq!(
        opened(&backend).await,
        Err(cert(CertificateProblem::ModuleMissing))
    );
}

#[tokio::test]
async fn a_service_down_does_not_stop_the_card_opening_but_stops_the_sign_in() {
    let w = trusted_world().await;
    w.service.shutdown().await.unwrap();
    // The pre-check could not be made: the card opens, the PIN is asked for.
    opened(&w.backend)
        .await
        .expect("opened without the service");
    assert_eq!(
        signed_in(&w.backend, DEMO_ID_NUMBER, DEMO_PIN).await,
        Err(Problem::LocalServiceNotRunning)
    );
    // No try was spent: the token was never asked to sign.
    assert_eq!(
        pin_state(&w.token),
        nhi_companion::token::PinState::Usable {
            tries: nhi_companion::token::PinTries::Unknown
        }
    );
}

#[tokio::test]
async fn a_service_without_certificate_sign_in_says_so_before_any_pin() {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let mut w = world(&ca, &ca).await;
    w.service.shutdown().await.unwrap();
    let (_, plain) = spawn_on_loopback(nhi_companion::service::reference::ReferenceConfig {
        policy: nhi_companion::service::reference::Policy::for_tests(),
        ..Default::default()
    })
    .await
    .unwrap();
    let client = RegistrationClient::new(&plain.base_url()).unwrap();
    w.backend = Registration::new(Cards::pcsc(), client).with_tokens(Tokens::software(w.token));
    assert_eq!(
        opened(&w.backend).await,
        Err(cert(CertificateProblem::SignInUnavailable))
    );
}
