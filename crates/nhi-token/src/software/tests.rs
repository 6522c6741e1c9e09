use ring::signature::{ECDSA_P256_SHA256_FIXED, UnparsedPublicKey};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::*;

fn verify(der: &[u8], message: &[u8], signature: &[u8]) -> bool {
    let (_, cert) = X509Certificate::from_der(der).unwrap();
    let point = cert.public_key().subject_public_key.data.to_vec();
    UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, point)
        .verify(message, signature)
        .is_ok()
}

#[test]
fn the_demo_token_signs_with_its_certificates_key() {
    let DemoToken { mut token, ca_pem } = SoftwareToken::demo().unwrap();
    assert!(ca_pem.starts_with("-----BEGIN CERTIFICATE-----"));
    let tokens = token.tokens().unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(
        tokens[0].pin,
        PinState::Usable {
            tries: PinTries::Unknown
        }
    );
    let cert = token.signing_certificate(SoftwareToken::SLOT).unwrap();
    assert_eq!(cert.key, KeyKind::EcP256);
    let signature = token
        .sign(SoftwareToken::SLOT, &Pin::new(DEMO_PIN), b"challenge")
        .unwrap();
    assert_eq!(signature.bytes.len(), 64);
    assert!(verify(&cert.der, b"challenge", &signature.bytes));
    assert!(!verify(&cert.der, b"another", &signature.bytes));
}

#[test]
fn wrong_pins_set_the_flags_like_a_card_and_a_locked_pin_is_never_checked() {
    let mut token = SoftwareToken::demo().unwrap().token;
    let slot = SoftwareToken::SLOT;
    let wrong = Pin::new("111111");
    assert_eq!(
        token.sign(slot, &wrong, b"m"),
        Err(TokenError::PinIncorrect {
            tries: PinTries::Low
        })
    );
    assert_eq!(
        token.tokens().unwrap()[0].pin,
        PinState::Usable {
            tries: PinTries::Low
        }
    );
    assert_eq!(
        token.sign(slot, &wrong, b"m"),
        Err(TokenError::PinIncorrect {
            tries: PinTries::FinalTry
        })
    );
    assert_eq!(token.sign(slot, &wrong, b"m"), Err(TokenError::PinLocked));
    assert_eq!(token.tokens().unwrap()[0].pin, PinState::Locked);
    // The right PIN no longer helps: the card stays locked.
    assert_eq!(
        token.sign(slot, &Pin::new(DEMO_PIN), b"m"),
        Err(TokenError::PinLocked)
    );
}

#[test]
fn a_right_pin_resets_the_count() {
    let mut token = SoftwareToken::demo().unwrap().token;
    let slot = SoftwareToken::SLOT;
    let _ = token.sign(slot, &Pin::new("111111"), b"m");
    token.sign(slot, &Pin::new(DEMO_PIN), b"m").unwrap();
    assert_eq!(
        token.tokens().unwrap()[0].pin,
        PinState::Usable {
            tries: PinTries::Unknown
        }
    );
}

#[test]
fn a_pin_of_the_wrong_length_costs_no_try() {
    let mut token = SoftwareToken::demo().unwrap().token;
    assert_eq!(
        token.sign(SoftwareToken::SLOT, &Pin::new("12"), b"m"),
        Err(TokenError::PinFormat { min: 6, max: 8 })
    );
    assert_eq!(
        token.tokens().unwrap()[0].pin,
        PinState::Usable {
            tries: PinTries::Unknown
        }
    );
}

#[test]
fn a_removed_card_answers_removed_and_lists_no_token() {
    let mut token = SoftwareToken::demo().unwrap().token;
    token.set_present(false);
    assert_eq!(token.tokens().unwrap(), Vec::new());
    assert_eq!(
        token.signing_certificate(SoftwareToken::SLOT),
        Err(TokenError::TokenRemoved)
    );
    assert_eq!(
        token.sign(SoftwareToken::SLOT, &Pin::new(DEMO_PIN), b"m"),
        Err(TokenError::TokenRemoved)
    );
    token.set_present(true);
    token.fail_next(TokenError::TokenRemoved);
    assert_eq!(
        token.sign(SoftwareToken::SLOT, &Pin::new(DEMO_PIN), b"m"),
        Err(TokenError::TokenRemoved),
        "the scripted failure answers the next call"
    );
    assert!(
        token
            .sign(SoftwareToken::SLOT, &Pin::new(DEMO_PIN), b"m")
            .is_ok()
    );
}
