//! The reference service as a training room runs it: `nhi-companion reference-service --listen
//! 0.0.0.0:PORT --tls-cert … --tls-key …`, the real process on all addresses with a test CA's
//! certificate. Traffic goes only to 127.0.0.1 (the listener takes it there too).
//!
//! What must hold on a network: nothing acts for someone else for whoever asks. The demo
//! outbox (every mail's token and address) and the fault controls are not served and cannot
//! be turned on; card keys derived from the public demo secret are off, so nobody can make
//! card proof for a card number; sign-in, codes and the phone's redeem work as always.

mod service_support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use nhi_companion::card::auth::CardKey;
use nhi_companion::card::demo::{DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_PASSWORD};
use nhi_companion::service::protocol::{FaultKind, FaultRequest};
use nhi_companion::service::{ClientOptions, RegistrationClient, ServiceError};
use service_support::{options, prove, prove_with_key, pw, test_pki};

const BIN: &str = env!("CARGO_BIN_EXE_nhi-companion");

/// Kills the service when the test ends, however it ends.
struct Service {
    child: Child,
    port: u16,
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The test CA's certificate and key for 127.0.0.1, written for the command line.
struct Certs {
    dir: tempfile::TempDir,
    ca_pem: String,
}

fn certs() -> Certs {
    let pki = test_pki();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cert.pem"), &pki.server.cert_chain_pem).unwrap();
    std::fs::write(dir.path().join("key.pem"), &pki.server.private_key_pem).unwrap();
    Certs {
        dir,
        ca_pem: pki.ca_pem,
    }
}

fn tls_args(certs: &Certs) -> Vec<String> {
    let path = |name: &str| certs.dir.path().join(name).display().to_string();
    vec![
        "--tls-cert".into(),
        path("cert.pem"),
        "--tls-key".into(),
        path("key.pem"),
    ]
}

/// Starts `reference-service` with `args`; `Ok` once it says where it listens, `Err(stderr)`
/// if it exits instead.
fn start(args: &[String]) -> Result<Service, String> {
    let mut child = Command::new(BIN)
        .arg("reference-service")
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    match line.trim().rsplit_once(':') {
        Some((_, port)) if line.starts_with("listening on") => Ok(Service {
            port: port.parse().expect("a port"),
            child,
        }),
        _ => {
            let output = child.wait_with_output().unwrap();
            assert!(!output.status.success(), "it exited with success");
            Err(String::from_utf8_lossy(&output.stderr).into_owned())
        }
    }
}

fn client(service: &Service, ca_pem: &str) -> RegistrationClient {
    RegistrationClient::with_options(
        &format!("https://127.0.0.1:{}", service.port),
        ClientOptions {
            extra_root_certs_pem: vec![ca_pem.as_bytes().to_vec()],
            ..options()
        },
    )
    .unwrap()
}

async fn raw_status(service: &Service, ca_pem: &str, method: &str, path: &str) -> u16 {
    let tls = nhi_companion::service::tls::client_config(&[ca_pem.as_bytes().to_vec()]).unwrap();
    let http = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let url = format!("https://127.0.0.1:{}/api/v1{path}", service.port);
    let request = match method {
        "GET" => http.get(url),
        "POST" => http
            .post(url)
            .header("content-type", "application/json")
            .body(r#"{"kind": "drop_connection", "count": 100}"#),
        _ => http.delete(url),
    };
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn on_all_addresses_with_tls_nothing_acts_for_someone_else() {
    let certs = certs();
    let mut args = vec!["--listen".to_string(), "0.0.0.0:0".into()];
    args.extend(tls_args(&certs));
    let service = start(&args).expect("the training-room service starts");
    let c = client(&service, &certs.ca_pem);

    // The ordinary protocol works: sign in with the (fictional, registered) demo card, make a
    // code, the phone redeems it.
    c.health().await.unwrap();
    let proof = prove(&c, DEMO_CARD_NUMBER).await;
    let session = c
        .sign_in(&proof, DEMO_ID_NUMBER, &pw(DEMO_PASSWORD))
        .await
        .unwrap();
    let code = c.create_device_code(&session).await.unwrap();
    c.redeem_device_code(&code.code, "phone", "android")
        .await
        .unwrap();

    // A mail is "sent" (the forgotten-password link, carrying a reset token)…
    let proof = prove(&c, DEMO_CARD_NUMBER).await;
    c.forgot_password(&proof, DEMO_ID_NUMBER).await.unwrap();
    // …and nobody on the network can read it: no outbox, no fault controls.
    assert_eq!(c.demo_outbox().await, Err(ServiceError::NotFound));
    assert_eq!(
        raw_status(&service, &certs.ca_pem, "GET", "/demo/outbox").await,
        404
    );
    assert_eq!(
        raw_status(&service, &certs.ca_pem, "POST", "/_faults").await,
        404
    );
    assert_eq!(
        raw_status(&service, &certs.ca_pem, "DELETE", "/_faults").await,
        404
    );
    let fault = FaultRequest {
        kind: FaultKind::DropConnection,
        count: 100,
        delay_ms: None,
        path_prefix: None,
    };
    assert_eq!(c.inject_fault(&fault).await, Err(ServiceError::NotFound));
    c.health().await.expect("no fault was armed");

    // The demo master secret is public: a key derived from it proves nothing, so a card
    // number the service does not list gets no challenge (nobody can apply in its name).
    let card = "000099990000";
    let random: [u8; 8] = rand::random();
    assert_eq!(
        c.request_challenge(card, &random).await,
        Err(ServiceError::CardAuthFailed)
    );
}

#[tokio::test]
async fn the_outbox_and_faults_are_refused_off_loopback() {
    let certs = certs();
    for flag in ["--demo-outbox", "--enable-faults"] {
        let mut args = vec!["--listen".to_string(), "0.0.0.0:0".into(), flag.into()];
        args.extend(tls_args(&certs));
        let stderr = match start(&args) {
            Ok(_) => panic!("{flag} was accepted on 0.0.0.0"),
            Err(stderr) => stderr,
        };
        assert!(
            stderr.contains("refusing") && stderr.contains(flag),
            "{flag}: {stderr}"
        );
    }
}

#[tokio::test]
async fn on_loopback_the_demo_outbox_is_there_when_asked_for() {
    let free = || {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    };
    // Without the flag: no outbox, even on loopback.
    let plain = start(&["--listen".into(), format!("127.0.0.1:{}", free())]).unwrap();
    let c =
        RegistrationClient::with_options(&format!("http://127.0.0.1:{}", plain.port), options())
            .unwrap();
    assert_eq!(c.demo_outbox().await, Err(ServiceError::NotFound));
    // With it: the mails, for `nhi-companion --demo --service URL`.
    let demo = start(&[
        "--listen".into(),
        format!("127.0.0.1:{}", free()),
        "--demo-outbox".into(),
    ])
    .unwrap();
    let c = RegistrationClient::with_options(&format!("http://127.0.0.1:{}", demo.port), options())
        .unwrap();
    let proof = prove(&c, DEMO_CARD_NUMBER).await;
    c.forgot_password(&proof, DEMO_ID_NUMBER).await.unwrap();
    assert_eq!(c.demo_outbox().await.unwrap().len(), 1);
    // On loopback a card number nobody listed still gets its (demo-derived) key: every
    // virtual card can apply. The network test above sees the same call refused.
    let card = "000099990000";
    let proof = prove_with_key(&c, card, &CardKey::demo(card)).await;
    assert!(!proof.challenge_id.is_empty());
}

#[test]
fn a_missing_certificate_is_not_a_way_around() {
    // Plain HTTP off loopback stays refused, whatever else is asked for.
    let err = start(&["--listen".into(), "0.0.0.0:0".into()])
        .err()
        .unwrap();
    assert!(err.contains("without TLS"), "{err}");
}
