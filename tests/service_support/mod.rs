//! Shared by the service tests: a real reference service on loopback and a client for it.
#![allow(dead_code)] // each test crate uses a different part

use std::time::Duration;

use nhi_companion::card::auth::CardKey;
use nhi_companion::card::demo::{DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_PASSWORD};
use nhi_companion::service::reference::{
    Policy, ReferenceConfig, ReferenceHandle, TlsPem, spawn_on_loopback,
};
use nhi_companion::service::{CardProof, ClientOptions, Password, RegistrationClient, Session};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};

pub struct Env {
    pub service: ReferenceHandle,
    pub client: RegistrationClient,
}

/// Test policy (cheap hashing), faults and the demo outbox enabled (on loopback).
pub fn config() -> ReferenceConfig {
    ReferenceConfig {
        policy: Policy::for_tests(),
        enable_faults: true,
        demo_outbox: true,
        ..ReferenceConfig::default()
    }
}

/// Quick retries and short timeouts, so fault tests finish fast.
pub fn options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(10),
        max_retries: 2,
        retry_backoff: Duration::from_millis(10),
        extra_root_certs_pem: Vec::new(),
    }
}

pub async fn start(config: ReferenceConfig) -> Env {
    let (_, service) = spawn_on_loopback(config).await.expect("service starts");
    let client = RegistrationClient::with_options(&service.base_url(), options()).expect("client");
    Env { service, client }
}

pub fn pw(s: &str) -> Password {
    Password::new(s)
}

/// Plays the card: GET CHALLENGE random, the service's challenge, the `00 82` answer with the
/// card's demo-derived key.
pub async fn prove(client: &RegistrationClient, card_number: &str) -> CardProof {
    prove_with_key(client, card_number, &CardKey::demo(card_number)).await
}

pub async fn prove_with_key(
    client: &RegistrationClient,
    card_number: &str,
    key: &CardKey,
) -> CardProof {
    let card_random: [u8; 8] = rand::random();
    let challenge = client
        .request_challenge(card_number, &card_random)
        .await
        .expect("challenge");
    CardProof {
        challenge_id: challenge.challenge_id,
        card_answer: key.answer(&card_random, &challenge.challenge),
    }
}

pub async fn sign_in_demo(client: &RegistrationClient) -> Session {
    let proof = prove(client, DEMO_CARD_NUMBER).await;
    client
        .sign_in(&proof, DEMO_ID_NUMBER, &pw(DEMO_PASSWORD))
        .await
        .expect("demo sign-in")
}

/// A plain reqwest client (ring provider) for checks below the typed client: raw statuses.
pub fn raw_http() -> reqwest::Client {
    reqwest::Client::builder()
        .tls_backend_preconfigured(nhi_companion::service::tls::client_config(&[]).unwrap())
        .build()
        .unwrap()
}

pub struct TestPki {
    pub ca_pem: String,
    pub server: TlsPem,
}

/// A CA, and a server certificate it signed for 127.0.0.1 and localhost.
pub fn test_pki() -> TestPki {
    test_pki_with(|_| {})
}

/// [`test_pki`] with the server certificate's parameters changed by `edit` (validity, names).
pub fn test_pki_with(edit: impl FnOnce(&mut CertificateParams)) -> TestPki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "NHI Companion test CA");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);

    let server_key = KeyPair::generate().unwrap();
    let mut server_params =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    edit(&mut server_params);
    let server_cert = server_params.signed_by(&server_key, &issuer).unwrap();
    TestPki {
        ca_pem: ca_cert.pem(),
        server: TlsPem {
            cert_chain_pem: server_cert.pem().into_bytes(),
            private_key_pem: server_key.serialize_pem().into_bytes(),
        },
    }
}
