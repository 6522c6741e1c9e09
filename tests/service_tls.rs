//! HTTPS end to end: the reference service with a certificate from a test CA, a client that
//! trusts that CA as an extra root. Without the root the handshake fails as a TLS error; plain
//! HTTP to a non-loopback host is refused; the service refuses plain HTTP off loopback.

mod service_support;

use nhi_companion::card::demo::{DEMO_ID_NUMBER, DEMO_PASSWORD};
use nhi_companion::service::reference::{
    ReferenceConfig, ReferenceError, ReferenceService, spawn_on_loopback,
};
use nhi_companion::service::{ClientOptions, RegistrationClient, ServiceError};
use service_support::{config, options, prove, pw, test_pki};

#[tokio::test]
async fn https_with_a_trusted_test_ca() {
    let pki = test_pki();
    let (addr, service) = spawn_on_loopback(ReferenceConfig {
        tls: Some(pki.server.clone()),
        ..config()
    })
    .await
    .unwrap();
    assert_eq!(service.base_url(), format!("https://{addr}"));

    let client = RegistrationClient::with_options(
        &service.base_url(),
        ClientOptions {
            extra_root_certs_pem: vec![pki.ca_pem.clone().into_bytes()],
            ..options()
        },
    )
    .unwrap();
    let proof = prove(&client, nhi_companion::card::demo::DEMO_CARD_NUMBER).await;
    let session = client
        .sign_in(&proof, DEMO_ID_NUMBER, &pw(DEMO_PASSWORD))
        .await
        .unwrap();
    let code = client.create_device_code(&session).await.unwrap();
    client
        .redeem_device_code(&code.code, "phone", "ios")
        .await
        .unwrap();
    assert_eq!(client.list_devices(&session).await.unwrap().len(), 1);

    // The same name over https://localhost works too (the certificate names both).
    let by_name = RegistrationClient::with_options(
        &format!("https://localhost:{}", addr.port()),
        ClientOptions {
            extra_root_certs_pem: vec![pki.ca_pem.into_bytes()],
            ..options()
        },
    )
    .unwrap();
    by_name.demo_outbox().await.unwrap();
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_tls_error() {
    let pki = test_pki();
    let (_, service) = spawn_on_loopback(ReferenceConfig {
        tls: Some(pki.server),
        ..config()
    })
    .await
    .unwrap();
    let client = RegistrationClient::with_options(&service.base_url(), options()).unwrap();
    match client.demo_outbox().await {
        Err(ServiceError::Tls { detail }) => assert!(!detail.is_empty()),
        other => panic!("expected Tls, got {other:?}"),
    }
    // Plain HTTP to the TLS port is not mistaken for an answer.
    let plain = RegistrationClient::with_options(
        &service.base_url().replace("https", "http"),
        ClientOptions {
            max_retries: 0,
            ..options()
        },
    )
    .unwrap();
    assert!(plain.demo_outbox().await.is_err());
}

#[tokio::test]
async fn a_bad_extra_root_is_refused_at_construction() {
    let err = RegistrationClient::with_options(
        "https://127.0.0.1:1",
        ClientOptions {
            extra_root_certs_pem: vec![b"not a certificate".to_vec()],
            ..options()
        },
    )
    .unwrap_err();
    assert!(matches!(err, ServiceError::Tls { .. }), "{err:?}");
}

#[tokio::test]
async fn plain_http_is_only_served_and_spoken_on_loopback() {
    assert!(matches!(
        RegistrationClient::new("http://203.0.113.5:8480"),
        Err(ServiceError::InsecureUrl { .. })
    ));

    // The service refuses a non-loopback listener without TLS (no traffic is sent anywhere).
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let service = ReferenceService::new(config()).unwrap();
    let result = service.serve_until(listener, std::future::ready(())).await;
    assert!(
        matches!(result, Err(ReferenceError::InsecureListen(_))),
        "{result:?}"
    );

    // With TLS it accepts one (and stops at once here)…
    let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
    let service = ReferenceService::new(ReferenceConfig {
        tls: Some(test_pki().server),
        demo_outbox: false,
        enable_faults: false,
        ..config()
    })
    .unwrap();
    service
        .serve_until(listener, std::future::ready(()))
        .await
        .unwrap();

    // …but not with the demo outbox or fault injection, which act for anyone who asks.
    for (demo_outbox, enable_faults) in [(true, false), (false, true)] {
        let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
        let service = ReferenceService::new(ReferenceConfig {
            tls: Some(test_pki().server),
            demo_outbox,
            enable_faults,
            ..config()
        })
        .unwrap();
        let result = service.serve_until(listener, std::future::ready(())).await;
        assert!(
            matches!(result, Err(ReferenceError::LoopbackOnly { .. })),
            "{result:?}"
        );
    }
}
