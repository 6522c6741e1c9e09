//! The certificate token through a real PKCS#11 module: SoftHSM2 (Debian `softhsm2`), with
//! key pairs generated on the token and certificates from a MOICA-shaped test CA, signed in
//! through the real client against the reference service on loopback.
//!
//! Its own `main` (libtest-mimic): SoftHSM2 reads `SOFTHSM2_CONF` at `C_Initialize`, and the
//! variable must be set before any thread exists. Every scenario has a token of its own, so
//! they run in parallel. Without SoftHSM2 the scenarios are reported ignored (and fail in CI).
//!
//! What SoftHSM2 2.6 reports about PINs (measured here, asserted below): a wrong PIN sets
//! `CKF_USER_PIN_COUNT_LOW`; it never sets `CKF_USER_PIN_FINAL_TRY` and never locks the user
//! PIN. The final try and the lock (MOICA cards lock after 3) are driven through the scripted
//! double instead: `tests/service_certificate.rs` and the software token's unit tests.
//! A token "removed" here is its directory deleted mid-sign-in: SoftHSM2 then answers
//! `CKR_GENERAL_ERROR`, which the token layer reports as removal because the token is gone.

mod certificate_support;
mod softhsm_support;
mod support;

use std::path::Path;
use std::sync::Arc;

use certificate_support::{Failure, config_trusting, sign_in};
use libtest_mimic::{Arguments, Trial};
use nhi_companion::card::demo::DEMO_ID_NUMBER;
use nhi_companion::service::RegistrationClient;
use nhi_companion::service::ServiceError;
use nhi_companion::service::protocol::certificate::CertificateRejection;
use nhi_companion::service::reference::{CardEntry, ReferenceConfig, spawn_on_loopback};
use nhi_companion::token::demo_ca::{DemoCa, Holder};
use nhi_companion::token::{
    CertificateToken, KeyKind, Pin, PinState, PinTries, Pkcs11Token, SlotId, TokenError,
};
use softhsm_support::{KeyAlg, Provision, SoftHsm, trial};

const PIN: &str = "123456";
const OTHER_ID: &str = "F234567890";

/// What every scenario shares: the module, the trusted CA and one that is not.
struct World {
    hsm: SoftHsm,
    ca: DemoCa,
    stranger: DemoCa,
}

/// The scenarios: (token label, key, how its certificate is made).
fn tokens() -> Vec<(&'static str, KeyAlg, Holder, bool)> {
    let person = |serial: &str| Holder::signing("林測試", serial);
    let mut expired = person("E1");
    expired.not_before = (2018, 1, 1);
    expired.not_after = (2020, 1, 1);
    vec![
        ("rsa", KeyAlg::Rsa2048, person("R1"), true),
        ("ec", KeyAlg::EcP256, person("C1"), true),
        ("rsa-raw", KeyAlg::Rsa2048, person("R2"), true),
        ("ec-raw", KeyAlg::EcP256, person("C2"), true),
        ("always-auth", KeyAlg::Rsa2048, person("A1"), true),
        ("wrong-pin", KeyAlg::Rsa2048, person("W1"), true),
        ("lock", KeyAlg::EcP256, person("L1"), true),
        ("expired", KeyAlg::Rsa2048, expired, true),
        ("unknown-ca", KeyAlg::EcP256, person("U1"), false),
        ("bound", KeyAlg::EcP256, person("B1"), true),
        ("removed", KeyAlg::Rsa2048, person("X1"), true),
    ]
}

fn setup(module: &Path) -> Arc<World> {
    let hsm = SoftHsm::new(module.to_path_buf());
    // SAFETY: `main` calls this before any other thread exists (the harness starts its threads
    // later); SoftHSM2 reads the variable in C_Initialize.
    unsafe { std::env::set_var("SOFTHSM2_CONF", &hsm.conf) };
    let world = World {
        hsm,
        ca: DemoCa::new("Test MOICA", true).unwrap(),
        stranger: DemoCa::new("Unknown", true).unwrap(),
    };
    let specs = tokens();
    for (label, ..) in &specs {
        world.hsm.init_token(label, PIN);
    }
    let ctx = softhsm_support::context(module);
    for (label, key, holder, trusted) in specs {
        softhsm_support::provision(
            &ctx,
            &Provision {
                label,
                pin: PIN,
                key,
                ca: if trusted { &world.ca } else { &world.stranger },
                holder,
                with_ca_certificate: true,
                with_encryption_pair: label.starts_with("rsa"),
                always_authenticate: label == "always-auth",
            },
        );
    }
    Arc::new(world)
}

/// The module as the app loads it, and the slot of token `label`.
fn open(world: &World, label: &str) -> (Pkcs11Token, SlotId) {
    let mut token = Pkcs11Token::load(&world.hsm.module).expect("module loads");
    let summary = token
        .tokens()
        .unwrap()
        .into_iter()
        .find(|t| t.label == label)
        .unwrap_or_else(|| panic!("token {label} listed"));
    // SoftHSM2 names its slots "SoftHSM slot ID 0x…"; a PC/SC module names the reader.
    assert!(
        summary.slot_description.starts_with("SoftHSM slot"),
        "{:?}",
        summary.slot_description
    );
    let present = token.present_slots().unwrap();
    assert!(present.contains(&summary.slot), "{present:?}");
    (token, summary.slot)
}

fn other_person() -> CardEntry {
    serde_json::from_value(
        serde_json::json!({"card_number": "000022223333", "id_number": OTHER_ID}),
    )
    .unwrap()
}

/// Runs `body` with a reference service trusting the test CA and a client for it.
fn with_service<F, Fut>(world: &World, body: F)
where
    F: FnOnce(RegistrationClient) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let mut config: ReferenceConfig = config_trusting(&world.ca, vec![]);
        config.cards = vec![other_person()];
        let (_, service) = spawn_on_loopback(config).await.unwrap();
        let client = RegistrationClient::new(&service.base_url()).unwrap();
        body(client).await;
        service.shutdown().await.unwrap();
    });
}

async fn sign_in_on(
    client: &RegistrationClient,
    token: &mut Pkcs11Token,
    slot: SlotId,
    pin: &str,
    id: &str,
) -> Result<(), Failure> {
    let chain = token
        .signing_certificate(slot)
        .map_err(Failure::Token)?
        .chain;
    sign_in(client, token, slot, &chain, &Pin::new(pin), id)
        .await
        .map(|_| ())
}

fn signs_in(world: &World, label: &str, key: KeyKind, raw: bool) {
    let (token, slot) = open(world, label);
    let mut token = if raw {
        token.with_raw_mechanisms()
    } else {
        token
    };
    let cert = token.signing_certificate(slot).unwrap();
    assert_eq!(cert.key, key);
    assert_eq!(cert.id, b"SIGN", "the signing certificate, not KEYX");
    assert_eq!(
        cert.chain.len(),
        1,
        "the CA certificate read from the token"
    );
    with_service(world, |client| async move {
        let chain = cert.chain.clone();
        let session = sign_in(
            &client,
            &mut token,
            slot,
            &chain,
            &Pin::new(PIN),
            DEMO_ID_NUMBER,
        )
        .await
        .expect("signed in");
        let code = client.create_device_code(&session).await.unwrap();
        assert_eq!(code.code.len(), 8);
    });
}

fn wrong_pin_reports_the_tokens_flags(world: &World) {
    let (mut token, slot) = open(world, "wrong-pin");
    with_service(world, |client| async move {
        assert_eq!(
            sign_in_on(&client, &mut token, slot, "000000", DEMO_ID_NUMBER).await,
            Err(Failure::Token(TokenError::PinIncorrect {
                tries: PinTries::Low
            }))
        );
        let state = token
            .tokens()
            .unwrap()
            .into_iter()
            .find(|t| t.slot == slot)
            .unwrap()
            .pin;
        assert_eq!(
            state,
            PinState::Usable {
                tries: PinTries::Low
            }
        );
        // The right PIN still works and clears the count.
        sign_in_on(&client, &mut token, slot, PIN, DEMO_ID_NUMBER)
            .await
            .unwrap();
        let state = token
            .tokens()
            .unwrap()
            .into_iter()
            .find(|t| t.slot == slot)
            .unwrap()
            .pin;
        assert_eq!(
            state,
            PinState::Usable {
                tries: PinTries::Unknown
            }
        );
        // A PIN outside the token's lengths is not sent (it would cost a try).
        assert!(matches!(
            sign_in_on(&client, &mut token, slot, "1", DEMO_ID_NUMBER).await,
            Err(Failure::Token(TokenError::PinFormat { .. }))
        ));
        let state = token
            .tokens()
            .unwrap()
            .into_iter()
            .find(|t| t.slot == slot)
            .unwrap()
            .pin;
        assert_eq!(
            state,
            PinState::Usable {
                tries: PinTries::Unknown
            }
        );
    });
}

/// SoftHSM2 2.6 counts wrong PINs only as far as `CKF_USER_PIN_COUNT_LOW`: it never sets
/// FINAL_TRY and never locks the user PIN (measured: 12 wrong PINs in a row, then the right
/// one works). So a real module shows "Low" here; the final try and the lock are driven through
/// the scripted double (the software token) in `tests/service_certificate.rs`.
fn softhsm_reports_count_low_and_never_locks(world: &World) {
    let (mut token, slot) = open(world, "lock");
    for attempt in 1..=12 {
        assert_eq!(
            token.sign(slot, &Pin::new("000000"), b"x"),
            Err(TokenError::PinIncorrect {
                tries: PinTries::Low
            }),
            "wrong PIN {attempt}"
        );
    }
    let state = token
        .tokens()
        .unwrap()
        .into_iter()
        .find(|t| t.slot == slot)
        .unwrap()
        .pin;
    assert_eq!(
        state,
        PinState::Usable {
            tries: PinTries::Low
        }
    );
    token
        .sign(slot, &Pin::new(PIN), b"x")
        .expect("still not locked");
}

fn expired_and_unknown_ca_are_refused(world: &World) {
    let (mut expired, expired_slot) = open(world, "expired");
    let (mut unknown, unknown_slot) = open(world, "unknown-ca");
    with_service(world, |client| async move {
        assert_eq!(
            sign_in_on(&client, &mut expired, expired_slot, PIN, DEMO_ID_NUMBER).await,
            Err(Failure::Service(ServiceError::CertificateRejected(
                CertificateRejection::Expired
            )))
        );
        assert_eq!(
            sign_in_on(&client, &mut unknown, unknown_slot, PIN, DEMO_ID_NUMBER).await,
            Err(Failure::Service(ServiceError::CertificateRejected(
                CertificateRejection::UnknownCa
            )))
        );
    });
}

fn bound_to_another_person(world: &World) {
    let (mut token, slot) = open(world, "bound");
    with_service(world, |client| async move {
        sign_in_on(&client, &mut token, slot, PIN, OTHER_ID)
            .await
            .unwrap();
        assert_eq!(
            sign_in_on(&client, &mut token, slot, PIN, DEMO_ID_NUMBER).await,
            Err(Failure::Service(ServiceError::CertificateRejected(
                CertificateRejection::BoundElsewhere
            )))
        );
    });
}

fn removed_mid_sign_in(world: &World) {
    let (mut token, slot) = open(world, "removed");
    let cert = token.signing_certificate(slot).unwrap();
    with_service(world, |client| async move {
        let challenge = client
            .request_certificate_challenge(&cert.der, &cert.chain)
            .await
            .unwrap();
        // The card leaves: SoftHSM2's token is its directory.
        world.hsm.remove_token("removed");
        let result = token.sign(
            slot,
            &Pin::new(PIN),
            &client.certificate_signed_message(&challenge),
        );
        assert_eq!(result.map(|_| ()), Err(TokenError::TokenRemoved));
    });
}

fn module_missing_or_broken() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("libHicos_p11.so");
    assert!(matches!(
        Pkcs11Token::open(Some(&missing)),
        Err(TokenError::ModuleNotFound { looked_in }) if looked_in == vec![missing.clone()]
    ));
    std::fs::write(&missing, b"not a shared library").unwrap();
    assert!(matches!(
        Pkcs11Token::open(Some(&missing)),
        Err(TokenError::ModuleUnusable { .. })
    ));
}

/// Diagnostics through the real module: loaded, with the version the module gives; each
/// token's label and PIN state; nothing of the certificate (the holder is 林測試).
fn diagnostics_token_report_names_labels_only(world: &World) {
    use nhi_companion::diagnostics::{self, ModuleStatus, TokenProbe};
    use nhi_companion::settings::start::ModuleSource;
    let expected = Pkcs11Token::load(&world.hsm.module)
        .unwrap()
        .module_info()
        .unwrap();
    let token = diagnostics::gather_token(&TokenProbe::Module {
        explicit: Some(world.hsm.module.clone()),
        source: ModuleSource::CommandLine,
    })
    .expect("asked, so gathered");
    match &token.module {
        ModuleStatus::Loaded { path, info, source } => {
            assert_eq!(path, &world.hsm.module);
            assert_eq!(info, &expected);
            assert!(info.manufacturer.contains("SoftHSM"), "{info:?}");
            assert_eq!(*source, ModuleSource::CommandLine);
        }
        other => panic!("{other:?}"),
    }
    let rsa = token
        .slots
        .iter()
        .find(|s| s.token.as_ref().is_some_and(|t| t.label == "rsa"))
        .unwrap_or_else(|| panic!("the rsa token's slot in {:?}", token.slots));
    assert!(rsa.description.starts_with("SoftHSM slot"), "{rsa:?}");
    let cards = diagnostics::SmartCardReport {
        state: diagnostics::SmartCardState::Running,
        readers: Vec::new(),
    };
    let report = diagnostics::Report::new(cards, None).with_token(token);
    let json = report.to_json();
    let text = diagnostics::render::render_text(
        &report,
        nhi_companion::i18n::DisplayMode::Bilingual.languages(),
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["token"]["module"]["state"], "loaded");
    assert_eq!(
        value["token"]["module"]["library_version"],
        expected.library_version.as_str()
    );
    assert_eq!(value["token"]["module"]["source"], "command_line");
    let labels: Vec<&str> = value["token"]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["token"]["label"].as_str())
        .collect();
    // Every token, but "removed": another trial deletes it meanwhile (its slot then says it
    // cannot be read, and the others still show).
    for (label, ..) in tokens().into_iter().filter(|(l, ..)| *l != "removed") {
        assert!(labels.contains(&label), "{label} not in {labels:?}");
    }
    assert!(
        text.contains(&format!(
            "Card software: loaded {} (named by --pkcs11-module)",
            world.hsm.module.display()
        )),
        "{text}"
    );
    assert!(
        text.contains(": rsa (SoftHSM project, SoftHSM v2); PIN"),
        "{text}"
    );
    for what in [&json, &text] {
        assert!(!what.contains("林測試"), "the holder's name in {what}");
    }
}

/// `nhi-companion diagnose --json --pkcs11-module PATH` as a process: the module it was given,
/// loaded, and the tokens' labels; a path with nothing there is listed as looked in. PC/SC is
/// pointed at a socket that is not there (no card of anyone's is touched) and the service at a
/// closed loopback port: only the token part is under test here. The child has a SoftHSM2
/// configuration of its own (reading the shared one would race the removal trial's delete).
fn diagnose_command_reports_the_module(world: &World) {
    let hsm = SoftHsm::new(world.hsm.module.clone());
    hsm.init_token("diagnose", PIN);
    let dir = tempfile::tempdir().unwrap();
    let machine = dir.path().join("config.toml");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let env = [
        ("NHI_COMPANION_MACHINE_CONFIG", machine.to_str().unwrap()),
        ("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm"),
        ("SOFTHSM2_CONF", hsm.conf.to_str().unwrap()),
    ];
    let diagnose = |module: &Path| {
        let run = support::child::run_with_env(
            &[
                "diagnose",
                "--json",
                "--service",
                &url,
                "--pkcs11-module",
                module.to_str().unwrap(),
            ],
            &env,
        );
        assert_eq!(run.code, Some(0), "{run:#?}");
        assert!(!run.stdout.contains("林測試"), "{}", run.stdout);
        serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()
    };
    let report = diagnose(&world.hsm.module);
    let module = &report["token"]["module"];
    assert_eq!(module["state"], "loaded", "{module}");
    assert_eq!(module["path"], world.hsm.module.to_str().unwrap());
    assert_eq!(module["source"], "command_line");
    assert!(
        module["library_version"]
            .as_str()
            .is_some_and(|v| !v.is_empty())
    );
    let slots = report["token"]["slots"].as_array().unwrap();
    assert!(
        slots.iter().any(|s| s["token"]["label"] == "diagnose"),
        "{slots:?}"
    );

    let missing = dir.path().join("libHicos_p11.so");
    let report = diagnose(&missing);
    let module = &report["token"]["module"];
    assert_eq!(module["state"], "not_found", "{module}");
    assert_eq!(module["looked_in"][0], missing.to_str().unwrap());
    // No certificate card in (no smart-card service at all): a note, not a problem.
    let areas: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["area"].as_str())
        .collect();
    assert!(!areas.contains(&"certificate"), "{areas:?}");
}

fn main() {
    let args = Arguments::from_args();
    let trials = softhsm_support::trials("token_softhsm", |module| {
        let world = setup(module);
        vec![
            trial(&world, "rsa_2048_key_on_the_token_signs_in", |w| {
                signs_in(w, "rsa", KeyKind::Rsa { bits: 2048 }, false)
            }),
            trial(&world, "ec_p256_key_on_the_token_signs_in", |w| {
                signs_in(w, "ec", KeyKind::EcP256, false)
            }),
            trial(
                &world,
                "rsa_signs_in_with_raw_ckm_rsa_pkcs_and_digest_info",
                |w| signs_in(w, "rsa-raw", KeyKind::Rsa { bits: 2048 }, true),
            ),
            trial(&world, "ec_signs_in_with_raw_ckm_ecdsa_over_sha256", |w| {
                signs_in(w, "ec-raw", KeyKind::EcP256, true)
            }),
            trial(
                &world,
                "a_key_marked_always_authenticate_gets_the_pin_again",
                |w| signs_in(w, "always-auth", KeyKind::Rsa { bits: 2048 }, false),
            ),
            trial(
                &world,
                "a_wrong_pin_reports_the_tokens_flags",
                wrong_pin_reports_the_tokens_flags,
            ),
            trial(
                &world,
                "softhsm_reports_count_low_and_never_locks",
                softhsm_reports_count_low_and_never_locks,
            ),
            trial(
                &world,
                "expired_certificate_and_unknown_ca_are_refused",
                expired_and_unknown_ca_are_refused,
            ),
            trial(
                &world,
                "a_certificate_bound_to_another_person_is_refused",
                bound_to_another_person,
            ),
            trial(&world, "token_removed_mid_sign_in", removed_mid_sign_in),
            trial(
                &world,
                "diagnostics_token_report_names_labels_only",
                diagnostics_token_report_names_labels_only,
            ),
            trial(
                &world,
                "diagnose_command_reports_the_module",
                diagnose_command_reports_the_module,
            ),
            Trial::test("module_missing_or_not_a_module", || {
                module_missing_or_broken();
                Ok(())
            }),
        ]
    });
    libtest_mimic::run(&args, trials).exit();
}
