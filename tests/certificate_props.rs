//! Property tests over what comes from outside in certificate sign-in: a certificate (from a
//! card, or sent to the service) and a signature. Arbitrary bytes, and a real certificate
//! cut short or with bytes flipped, never panic; the service's checks accept a certificate
//! only when it is the one the CA issued, and a signature only when it is the token's.

use std::sync::OnceLock;
use std::time::SystemTime;

use nhi_companion::service::protocol::certificate::{CertificateRejection, SignatureAlgorithm};
use nhi_companion::service::reference::certificate::verify::{
    verify_certificate, verify_signature,
};
use nhi_companion::token::certificate::{Candidate, choose_signing, key_kind};
use nhi_companion::token::demo_ca::{DemoCa, Holder};
use nhi_companion::token::software::DEMO_PIN;
use nhi_companion::token::{CertificateToken, Pin, SoftwareToken};
use proptest::prelude::*;

struct Fixture {
    root: Vec<u8>,
    intermediate: Vec<u8>,
    leaf: Vec<u8>,
    token: std::sync::Mutex<SoftwareToken>,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let ca = DemoCa::new("Props", true).unwrap();
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let spki = rcgen::PublicKeyData::subject_public_key_info(&key);
        let leaf = ca.issue(&Holder::signing("王小明", "9"), &spki).unwrap();
        let token = SoftwareToken::new(
            "props",
            leaf.clone(),
            vec![],
            &key.serialize_der(),
            Pin::new(DEMO_PIN),
            3,
        )
        .unwrap();
        Fixture {
            root: ca.root_der(),
            intermediate: ca.intermediate_der().unwrap(),
            leaf,
            token: std::sync::Mutex::new(token),
        }
    })
}

fn verify(leaf: &[u8]) -> Result<(), CertificateRejection> {
    let f = fixture();
    verify_certificate(
        leaf,
        std::slice::from_ref(&f.intermediate),
        std::slice::from_ref(&f.root),
        SystemTime::now(),
    )
    .map(|_| ())
}

/// The fixture's certificate with `flips` bytes changed and cut to `keep` bytes.
fn mangled() -> impl Strategy<Value = Vec<u8>> {
    let len = fixture().leaf.len();
    (
        proptest::collection::vec((0..len, any::<u8>()), 0..4),
        0..=len,
    )
        .prop_map(|(flips, keep)| {
            let mut der = fixture().leaf.clone();
            for (at, value) in flips {
                der[at] = value;
            }
            der.truncate(keep);
            der
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_are_never_a_certificate(bytes in proptest::collection::vec(any::<u8>(), 0..3000)) {
        prop_assert!(verify(&bytes).is_err());
        let _ = key_kind(&bytes);
        let chosen = choose_signing(vec![Candidate { der: bytes, label: String::new(), id: vec![] }]);
        prop_assert!(chosen.is_err());
    }

    #[test]
    fn a_mangled_certificate_is_accepted_only_when_it_is_still_the_issued_one(der in mangled()) {
        let accepted = verify(&der).is_ok();
        // Anything else the CA did not sign (DER has no slack for a changed byte to hide in
        // the signed part); a flip that restores the same byte is the same certificate.
        prop_assert_eq!(accepted, der == fixture().leaf);
        let _ = choose_signing(vec![Candidate { der, label: String::new(), id: vec![] }]);
    }

    #[test]
    fn only_the_tokens_own_signature_verifies(
        message in proptest::collection::vec(any::<u8>(), 0..200),
        flip in 0usize..64,
        forged in proptest::collection::vec(any::<u8>(), 0..600),
    ) {
        let f = fixture();
        let cert = verify_certificate(
            &f.leaf,
            std::slice::from_ref(&f.intermediate),
            std::slice::from_ref(&f.root),
            SystemTime::now(),
        )
        .unwrap();
        let signature = f
            .token
            .lock()
            .unwrap()
            .sign(SoftwareToken::SLOT, &Pin::new(DEMO_PIN), &message)
            .unwrap()
            .bytes;
        let ec = SignatureAlgorithm::EcdsaP256Sha256;
        prop_assert!(verify_signature(&cert, ec, &message, &signature).is_ok());
        // Not with the other algorithm, not with a bit flipped, not arbitrary bytes.
        prop_assert!(verify_signature(&cert, SignatureAlgorithm::RsaPkcs1Sha256, &message, &signature).is_err());
        let mut tampered = signature.clone();
        tampered[flip] ^= 0x01;
        prop_assert!(verify_signature(&cert, ec, &message, &tampered).is_err());
        prop_assert!(verify_signature(&cert, ec, &message, &forged).is_err());
    }
}
