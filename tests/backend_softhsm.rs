//! The backend's certificate effects and the token watcher on a real PKCS#11 module:
//! SoftHSM2, loaded by path as the `pkcs11_module` setting names it, a token provisioned
//! like a MOICA card, the reference service on loopback trusting its CA. What the app does,
//! minus the window: the watcher sees the token, `ReadCertificate` opens it by its slot,
//! `CertificateSignIn` signs in with the PIN, a wrong PIN reads back as the token's flag.
//!
//! Its own `main` (libtest-mimic), as tests/token_softhsm.rs: SoftHSM2 reads
//! `SOFTHSM2_CONF` at `C_Initialize`, set before any thread exists. Without SoftHSM2 the
//! scenarios are reported ignored (and fail in CI).

mod certificate_support;
mod softhsm_support;

use std::path::Path;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use certificate_support::config_trusting;
use libtest_mimic::Arguments;
use nhi_companion::backend::{Backend, Cards, Registration, Tokens, token_watch};
use nhi_companion::card::demo::DEMO_ID_NUMBER;
use nhi_companion::flow::{Effect, PinWarning, Reply, Ticket, TokenSignal, TokenSlot};
use nhi_companion::problem::{CertificateProblem, Problem};
use nhi_companion::service::RegistrationClient;
use nhi_companion::service::reference::spawn_on_loopback;
use nhi_companion::token::demo_ca::{DemoCa, Holder};
use softhsm_support::{KeyAlg, Provision, SoftHsm, trial};

const PIN: &str = "135790";
const LABELS: [&str; 2] = ["effects", "wrong-pin"];

struct World {
    hsm: SoftHsm,
    ca: DemoCa,
}

fn setup(module: &Path) -> Arc<World> {
    let hsm = SoftHsm::new(module.to_path_buf());
    // SAFETY: `main` calls this before any other thread exists; SoftHSM2 reads it in
    // C_Initialize.
    unsafe { std::env::set_var("SOFTHSM2_CONF", &hsm.conf) };
    let world = World {
        hsm,
        ca: DemoCa::new("Test MOICA", true).unwrap(),
    };
    for label in LABELS {
        world.hsm.init_token(label, PIN);
    }
    let ctx = softhsm_support::context(module);
    for (i, label) in LABELS.into_iter().enumerate() {
        softhsm_support::provision(
            &ctx,
            &Provision {
                label,
                pin: PIN,
                key: KeyAlg::Rsa2048,
                ca: &world.ca,
                holder: Holder::signing("林測試", &format!("S{i}")),
                with_ca_certificate: true,
                with_encryption_pair: true,
                always_authenticate: false,
            },
        );
    }
    Arc::new(world)
}

/// The app's tokens: the module by path, as `pkcs11_module` gives it.
fn tokens(world: &World) -> Tokens {
    Tokens::pkcs11(Some(world.hsm.module.clone()))
}

/// The slot the token labelled `label` sits in, as the watcher reports it (the tokens
/// present first, each with the slot's description).
fn watched_slot(tokens: &Tokens, label: &str) -> TokenSlot {
    let (tx, rx) = mpsc::channel();
    let _watch = token_watch::watch(tokens.clone(), move |s| {
        let _ = tx.send(s);
    });
    let mut seen = Vec::new();
    while let Ok(signal) = rx.recv_timeout(Duration::from_secs(5)) {
        if let TokenSignal::Present { slot, reader } = &signal {
            assert!(
                reader.as_deref().is_some_and(|r| r.starts_with("SoftHSM")),
                "{reader:?}"
            );
            seen.push(*slot);
        }
        if seen.len() == LABELS.len() {
            break;
        }
    }
    assert_eq!(seen.len(), LABELS.len(), "every token reported: {seen:?}");
    let summaries = tokens.summaries_blocking().unwrap();
    let slot = summaries
        .iter()
        .find(|t| t.label == label)
        .unwrap_or_else(|| panic!("{label} listed"))
        .slot;
    assert!(seen.contains(&TokenSlot(slot.0)));
    TokenSlot(slot.0)
}

fn with_backend<F, Fut>(world: &World, body: F)
where
    F: FnOnce(Registration) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (_, service) = spawn_on_loopback(config_trusting(&world.ca, vec![]))
            .await
            .unwrap();
        let client = RegistrationClient::new(&service.base_url()).unwrap();
        body(Registration::new(Cards::pcsc(), client).with_tokens(tokens(world))).await;
        service.shutdown().await.unwrap();
    });
}

async fn read(backend: &Registration, slot: TokenSlot) -> Reply {
    let effect = Effect::ReadCertificate {
        ticket: Ticket(1),
        reader: None,
        slot: Some(slot),
    };
    backend.perform(effect).await.unwrap()
}

async fn sign_in(backend: &Registration, slot: TokenSlot, pin: &str) -> Reply {
    let effect = Effect::CertificateSignIn {
        ticket: Ticket(2),
        slot,
        id_number: DEMO_ID_NUMBER.into(),
        pin: pin.into(),
    };
    backend.perform(effect).await.unwrap()
}

fn watched_read_and_signed_in_through_the_effects(world: &World) {
    let slot = watched_slot(&tokens(world), "effects");
    with_backend(world, |backend| async move {
        match read(&backend, slot).await {
            Reply::CertificateRead(Ok(card)) => {
                assert_eq!(card.masked_name.expose(), "林○試");
                assert_eq!(card.label, "effects");
                assert_eq!(card.pin, PinWarning::None);
            }
            other => panic!("{other:?}"),
        }
        let token = match sign_in(&backend, slot, PIN).await {
            Reply::CertificateSignedIn(Ok(token)) => token,
            other => panic!("{other:?}"),
        };
        let code = backend
            .perform(Effect::CreateCode {
                ticket: Ticket(3),
                token,
            })
            .await;
        assert!(matches!(code, Some(Reply::CodeCreated(Ok(_)))), "{code:?}");
    });
}

fn a_wrong_pin_reads_back_as_the_tokens_flag(world: &World) {
    let slot = watched_slot(&tokens(world), "wrong-pin");
    with_backend(world, |backend| async move {
        assert!(matches!(
            sign_in(&backend, slot, "000000").await,
            Reply::CertificateSignedIn(Err(Problem::Certificate(CertificateProblem::PinIncorrect)))
        ));
        match read(&backend, slot).await {
            Reply::CertificateRead(Ok(card)) => assert_eq!(card.pin, PinWarning::CountLow),
            other => panic!("{other:?}"),
        }
        // A PIN outside the token's lengths is not sent: the format is said, no try spent.
        assert!(matches!(
            sign_in(&backend, slot, "1").await,
            Reply::CertificateSignedIn(Err(Problem::Certificate(
                CertificateProblem::PinFormat { .. }
            )))
        ));
        assert!(matches!(
            sign_in(&backend, slot, PIN).await,
            Reply::CertificateSignedIn(Ok(_))
        ));
    });
}

fn main() {
    let args = Arguments::from_args();
    let trials = softhsm_support::trials("backend_softhsm", |module| {
        let world = setup(module);
        vec![
            trial(
                &world,
                "watched_read_and_signed_in_through_the_effects",
                watched_read_and_signed_in_through_the_effects,
            ),
            trial(
                &world,
                "a_wrong_pin_reads_back_as_the_tokens_flag",
                a_wrong_pin_reads_back_as_the_tokens_flag,
            ),
        ]
    });
    libtest_mimic::run(&args, trials).exit();
}
