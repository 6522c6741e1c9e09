//! Certificate sign-in (以自然人憑證登入) through the real client against the reference
//! service on loopback, with software tokens holding certificates from test CAs shaped like
//! MOICA's: every rejection code, single-use and expiring challenges, the origin binding, the
//! binding of a certificate to one person. (`tests/token_softhsm.rs` runs the same sign-in
//! with keys on a real PKCS#11 module.)

mod certificate_support;
mod service_support;

use std::time::Duration;

use certificate_support::{
    Failure, OTHER_ID, config_trusting, other_person, person, rejected, sign_in, token_for,
    try_sign_in, wire,
};
use nhi_companion::card::demo::DEMO_ID_NUMBER;
use nhi_companion::service::protocol::certificate::{CertificateRejection, signed_message};
use nhi_companion::service::reference::ReferenceConfig;
use nhi_companion::service::reference::certificate::CertificateConfig;
use nhi_companion::service::{CertificateProof, ServiceError};
use nhi_companion::token::demo_ca::{DemoCa, Usage};
use nhi_companion::token::software::{DEMO_PIN, DemoToken};
use nhi_companion::token::{CertificateToken, Pin, PinTries, SoftwareToken, TokenError};
use service_support::start;

#[tokio::test]
async fn the_demo_certificate_signs_in_and_the_session_makes_device_codes() {
    let DemoToken { mut token, ca_pem } = SoftwareToken::demo().unwrap();
    let mut config = ReferenceConfig {
        policy: nhi_companion::service::reference::Policy::for_tests(),
        ..ReferenceConfig::default()
    };
    config.certificates.roots_pem = vec![ca_pem.into_bytes()];
    let env = start(config).await;
    let chain = token
        .signing_certificate(SoftwareToken::SLOT)
        .unwrap()
        .chain;
    assert_eq!(chain.len(), 1, "the intermediate is on the token");
    let session = sign_in(
        &env.client,
        &mut token,
        SoftwareToken::SLOT,
        &chain,
        &Pin::new(DEMO_PIN),
        DEMO_ID_NUMBER,
    )
    .await
    .expect("certificate sign-in");
    // The same session as a card sign-in: codes, devices and the account work.
    let code = env.client.create_device_code(&session).await.unwrap();
    assert_eq!(code.code.len(), 8);
    let account = env.client.account(&session).await.unwrap();
    assert_eq!(
        account.card_number,
        nhi_companion::card::demo::DEMO_CARD_NUMBER
    );
    env.client.sign_out(&session).await.unwrap();
}

#[tokio::test]
async fn a_person_who_never_applied_signs_in_to_their_nhi_card() {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let mut config = config_trusting(&ca, vec![]);
    config.cards = vec![other_person()];
    let env = start(config).await;
    let mut token = token_for(&ca, &person("0000000000000042"));
    let chain = token
        .signing_certificate(SoftwareToken::SLOT)
        .unwrap()
        .chain;
    let session = sign_in(
        &env.client,
        &mut token,
        SoftwareToken::SLOT,
        &chain,
        &Pin::new(DEMO_PIN),
        OTHER_ID,
    )
    .await
    .unwrap();
    env.client.create_device_code(&session).await.unwrap();
}

#[tokio::test]
async fn each_certificate_fault_has_its_code() {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let env = start(config_trusting(&ca, vec![])).await;

    let stranger = DemoCa::new("Somebody Else", false).unwrap();
    let mut token = token_for(&stranger, &person("1"));
    assert_eq!(
        try_sign_in(&env.client, &mut token, DEMO_ID_NUMBER).await,
        Err(rejected(CertificateRejection::UnknownCa))
    );

    let mut expired = person("2");
    expired.not_before = (2019, 1, 1);
    expired.not_after = (2021, 1, 1);
    assert_eq!(
        try_sign_in(&env.client, &mut token_for(&ca, &expired), DEMO_ID_NUMBER).await,
        Err(rejected(CertificateRejection::Expired))
    );

    let mut future = person("3");
    future.not_before = (2098, 1, 1);
    assert_eq!(
        try_sign_in(&env.client, &mut token_for(&ca, &future), DEMO_ID_NUMBER).await,
        Err(rejected(CertificateRejection::NotYetValid))
    );

    // The encryption certificate (MOICA's KEYX): the token does not offer it for signing,
    // and the service refuses it when sent anyway.
    let mut encryption = person("4");
    encryption.usage = Usage::EncryptionOnly;
    let mut keyx = token_for(&ca, &encryption);
    assert_eq!(
        keyx.signing_certificate(SoftwareToken::SLOT).map(|_| ()),
        Ok(()),
        "a software token holds what it is given"
    );
    let der = keyx.signing_certificate(SoftwareToken::SLOT).unwrap().der;
    let chain = vec![ca.intermediate_der().unwrap()];
    assert_eq!(
        env.client.request_certificate_challenge(&der, &chain).await,
        Err(ServiceError::CertificateRejected(
            CertificateRejection::WrongKeyUsage
        ))
    );
    // A CA certificate is not a holder's.
    assert_eq!(
        env.client
            .request_certificate_challenge(&ca.intermediate_der().unwrap(), &[])
            .await,
        Err(ServiceError::CertificateRejected(
            CertificateRejection::WrongKeyUsage
        ))
    );
    // Not a certificate at all.
    assert_eq!(
        env.client
            .request_certificate_challenge(b"not a certificate", &[])
            .await,
        Err(ServiceError::CertificateRejected(
            CertificateRejection::Unsupported
        ))
    );
    // Without its intermediate the chain does not reach the root.
    let mut lone = token_for(&ca, &person("5"));
    let der = lone.signing_certificate(SoftwareToken::SLOT).unwrap().der;
    assert_eq!(
        env.client.request_certificate_challenge(&der, &[]).await,
        Err(ServiceError::CertificateRejected(
            CertificateRejection::UnknownCa
        ))
    );
}

#[tokio::test]
async fn a_challenge_is_single_use_short_lived_and_bound_to_its_signature() {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let env = start(config_trusting(&ca, vec![])).await;
    let mut token = token_for(&ca, &person("11"));
    let cert = token.signing_certificate(SoftwareToken::SLOT).unwrap();
    let pin = Pin::new(DEMO_PIN);

    let challenge = env
        .client
        .request_certificate_challenge(&cert.der, &cert.chain)
        .await
        .unwrap();
    let message = env.client.certificate_signed_message(&challenge);
    let signature = token.sign(SoftwareToken::SLOT, &pin, &message).unwrap();
    let mut tampered = signature.bytes.clone();
    tampered[10] ^= 1;
    let proof = |bytes: Vec<u8>| CertificateProof {
        challenge_id: challenge.challenge_id.clone(),
        algorithm: wire(signature.algorithm),
        signature: bytes,
    };
    assert_eq!(
        env.client
            .sign_in_with_certificate(&proof(tampered), DEMO_ID_NUMBER)
            .await
            .map(|_| ()),
        Err(ServiceError::CertificateRejected(
            CertificateRejection::SignatureInvalid
        ))
    );
    // The wrong answer used the challenge up.
    assert_eq!(
        env.client
            .sign_in_with_certificate(&proof(signature.bytes.clone()), DEMO_ID_NUMBER)
            .await
            .map(|_| ()),
        Err(ServiceError::ChallengeExpired)
    );

    // Past its lifetime (120 s) it is gone too.
    let challenge = env
        .client
        .request_certificate_challenge(&cert.der, &cert.chain)
        .await
        .unwrap();
    let message = env.client.certificate_signed_message(&challenge);
    let signature = token.sign(SoftwareToken::SLOT, &pin, &message).unwrap();
    env.service.clock().advance(Duration::from_secs(121));
    let late = CertificateProof {
        challenge_id: challenge.challenge_id,
        algorithm: wire(signature.algorithm),
        signature: signature.bytes,
    };
    assert_eq!(
        env.client
            .sign_in_with_certificate(&late, DEMO_ID_NUMBER)
            .await
            .map(|_| ()),
        Err(ServiceError::ChallengeExpired)
    );
}

#[tokio::test]
async fn a_signature_made_for_another_service_is_refused() {
    // A look-alike service relays our challenge to the person's app: the app signs for the
    // look-alike's origin, and that signature does not sign anyone in here.
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let env = start(config_trusting(&ca, vec![])).await;
    let mut token = token_for(&ca, &person("12"));
    let cert = token.signing_certificate(SoftwareToken::SLOT).unwrap();
    let challenge = env
        .client
        .request_certificate_challenge(&cert.der, &cert.chain)
        .await
        .unwrap();
    let elsewhere = "https://nhi-register.example.com";
    let message = signed_message(elsewhere, &challenge.challenge);
    let signature = token
        .sign(SoftwareToken::SLOT, &Pin::new(DEMO_PIN), &message)
        .unwrap();
    let body = serde_json::json!({
        "challenge_id": challenge.challenge_id,
        "signature_algorithm": "ecdsa_p256_sha256",
        "signature": hex::encode(&signature.bytes),
        "origin": elsewhere,
        "id_number": DEMO_ID_NUMBER,
    });
    let answer = service_support::raw_http()
        .post(format!(
            "{}/api/v1/sign-in/certificate",
            env.service.base_url()
        ))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
    let error: serde_json::Value = answer.json().await.unwrap();
    assert_eq!(error["error"], "certificate_signature_invalid");
    // Refused for its origin: the signature itself verifies.
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("another service"),
        "{error}"
    );
}

#[tokio::test]
async fn the_token_side_fails_in_its_own_words() {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let env = start(config_trusting(&ca, vec![])).await;
    let mut token = token_for(&ca, &person("13"));
    let chain = vec![ca.intermediate_der().unwrap()];
    let wrong = Pin::new("999999");
    let slot = SoftwareToken::SLOT;
    assert_eq!(
        sign_in(
            &env.client,
            &mut token,
            slot,
            &chain,
            &wrong,
            DEMO_ID_NUMBER
        )
        .await
        .map(|_| ()),
        Err(Failure::Token(TokenError::PinIncorrect {
            tries: PinTries::Low
        }))
    );
    assert_eq!(
        sign_in(
            &env.client,
            &mut token,
            slot,
            &chain,
            &wrong,
            DEMO_ID_NUMBER
        )
        .await
        .map(|_| ()),
        Err(Failure::Token(TokenError::PinIncorrect {
            tries: PinTries::FinalTry
        }))
    );
    assert_eq!(
        sign_in(
            &env.client,
            &mut token,
            slot,
            &chain,
            &wrong,
            DEMO_ID_NUMBER
        )
        .await
        .map(|_| ()),
        Err(Failure::Token(TokenError::PinLocked))
    );
    // The card taken out between the challenge and the signature.
    let mut token = token_for(&ca, &person("14"));
    let cert = token.signing_certificate(slot).unwrap();
    let challenge = env
        .client
        .request_certificate_challenge(&cert.der, &cert.chain)
        .await
        .unwrap();
    token.set_present(false);
    assert_eq!(
        token
            .sign(
                slot,
                &Pin::new(DEMO_PIN),
                &env.client.certificate_signed_message(&challenge)
            )
            .map(|_| ()),
        Err(TokenError::TokenRemoved)
    );
}

#[tokio::test]
async fn a_service_without_trusted_cas_does_not_offer_certificate_sign_in() {
    let env = start(ReferenceConfig {
        certificates: CertificateConfig::default(),
        ..service_support::config()
    })
    .await;
    let DemoToken { mut token, .. } = SoftwareToken::demo().unwrap();
    let cert = token.signing_certificate(SoftwareToken::SLOT).unwrap();
    assert_eq!(
        env.client
            .request_certificate_challenge(&cert.der, &cert.chain)
            .await,
        Err(ServiceError::CertificateSignInUnavailable)
    );
}

#[tokio::test]
async fn over_https_the_origin_is_the_one_the_client_reached() {
    // HTTP/2 over TLS (ALPN) carries the host in `:authority`, not `Host`: both are checked.
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let pki = service_support::test_pki();
    let mut config = config_trusting(&ca, vec![]);
    config.tls = Some(pki.server.clone());
    let (addr, service) = nhi_companion::service::reference::spawn_on_loopback(config)
        .await
        .unwrap();
    let mut token = token_for(&ca, &person("0000000000000021"));
    let chain = token
        .signing_certificate(SoftwareToken::SLOT)
        .unwrap()
        .chain;
    for base in [
        service.base_url(),
        format!("https://localhost:{}", addr.port()),
    ] {
        let client = nhi_companion::service::RegistrationClient::with_options(
            &base,
            nhi_companion::service::ClientOptions {
                extra_root_certs_pem: vec![pki.ca_pem.clone().into_bytes()],
                ..service_support::options()
            },
        )
        .unwrap();
        assert!(
            client.origin().starts_with("https://"),
            "{}",
            client.origin()
        );
        let session = sign_in(
            &client,
            &mut token,
            SoftwareToken::SLOT,
            &chain,
            &Pin::new(DEMO_PIN),
            DEMO_ID_NUMBER,
        )
        .await
        .unwrap_or_else(|e| panic!("{base}: {e:?}"));
        client.create_device_code(&session).await.unwrap();
    }
}
