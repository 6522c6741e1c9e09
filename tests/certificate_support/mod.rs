//! Shared by the certificate sign-in tests: the whole client side of a certificate sign-in
//! (what the flow will do), over any `CertificateToken`, and a reference service that trusts
//! a test CA shaped like MOICA's.
#![allow(dead_code)] // each test crate uses a different part

use nhi_companion::service::protocol::certificate::CertificateRejection;
use nhi_companion::service::reference::CardEntry;
use nhi_companion::service::reference::certificate::{CertificateConfig, CertificateHolder};
use nhi_companion::service::reference::{Policy, ReferenceConfig};
use nhi_companion::service::{CertificateProof, RegistrationClient, ServiceError, Session};
use nhi_companion::token::demo_ca::{DemoCa, Holder};
use nhi_companion::token::software::DEMO_PIN;
use nhi_companion::token::{CertificateToken, Pin, SlotId, SoftwareToken, TokenError};

/// Where a certificate sign-in stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Token(TokenError),
    Service(ServiceError),
}

/// The token's algorithm on the wire (the backend's own mapping).
pub use nhi_companion::backend::tokens::wire;

/// Reads the signing certificate, asks the service for a challenge, signs the message the
/// client builds with the PIN, and signs in with the ID number.
pub async fn sign_in(
    client: &RegistrationClient,
    token: &mut dyn CertificateToken,
    slot: SlotId,
    chain: &[Vec<u8>],
    pin: &Pin,
    id_number: &str,
) -> Result<Session, Failure> {
    let certificate = token.signing_certificate(slot).map_err(Failure::Token)?;
    let challenge = client
        .request_certificate_challenge(&certificate.der, chain)
        .await
        .map_err(Failure::Service)?;
    let message = client.certificate_signed_message(&challenge);
    let signature = token.sign(slot, pin, &message).map_err(Failure::Token)?;
    let proof = CertificateProof {
        challenge_id: challenge.challenge_id,
        algorithm: wire(signature.algorithm),
        signature: signature.bytes,
    };
    client
        .sign_in_with_certificate(&proof, id_number)
        .await
        .map_err(Failure::Service)
}

/// The reference service's test config, trusting `ca`, with `holders` listed.
pub fn config_trusting(ca: &DemoCa, holders: Vec<CertificateHolder>) -> ReferenceConfig {
    ReferenceConfig {
        policy: Policy::for_tests(),
        certificates: CertificateConfig {
            roots_pem: vec![ca.root_pem().into_bytes()],
            holders,
            bind_at_first_use: true,
        },
        ..ReferenceConfig::default()
    }
}

/// A second person the security module knows (never applied).
pub const OTHER_CARD: &str = "000022223333";
pub const OTHER_ID: &str = "F234567890";

pub fn other_person() -> CardEntry {
    serde_json::from_value(serde_json::json!({
        "card_number": OTHER_CARD, "id_number": OTHER_ID
    }))
    .unwrap()
}

/// A software token holding a fresh P-256 key and `holder`'s certificate from `ca`.
pub fn token_for(ca: &DemoCa, holder: &Holder) -> SoftwareToken {
    let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
    let spki = rcgen::PublicKeyData::subject_public_key_info(&key);
    let der = ca.issue(holder, &spki).unwrap();
    SoftwareToken::new(
        "test token",
        der,
        ca.intermediate_der().into_iter().collect(),
        &key.serialize_der(),
        Pin::new(DEMO_PIN),
        3,
    )
    .unwrap()
}

pub fn person(serial: &str) -> Holder {
    Holder::signing("陳測試", serial)
}

pub fn rejected(rejection: CertificateRejection) -> Failure {
    Failure::Service(ServiceError::CertificateRejected(rejection))
}

pub async fn try_sign_in(
    client: &RegistrationClient,
    token: &mut SoftwareToken,
    id_number: &str,
) -> Result<(), Failure> {
    let chain = token
        .signing_certificate(SoftwareToken::SLOT)
        .unwrap()
        .chain;
    sign_in(
        client,
        token,
        SoftwareToken::SLOT,
        &chain,
        &Pin::new(DEMO_PIN),
        id_number,
    )
    .await
    .map(|_| ())
}
