//! Fault injection: each fault gives a clear typed error; idempotent calls retry through it,
//! other calls never repeat. Also the transport errors a client meets with no service at all.

mod service_support;

use std::time::Duration;

use nhi_companion::service::protocol::{FaultKind, FaultRequest};
use nhi_companion::service::reference::ReferenceConfig;
use nhi_companion::service::{ClientOptions, RegistrationClient, ServiceError};
use service_support::{config, options, sign_in_demo, start};

fn fault(kind: FaultKind, count: u32, path_prefix: &str) -> FaultRequest {
    FaultRequest {
        kind,
        count,
        delay_ms: None,
        path_prefix: Some(path_prefix.into()),
    }
}

fn no_retries(base: &str) -> RegistrationClient {
    RegistrationClient::with_options(
        base,
        ClientOptions {
            max_retries: 0,
            ..options()
        },
    )
    .unwrap()
}

#[tokio::test]
async fn status_500_retried_on_a_get_and_typed_when_it_persists() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    let c = &env.client;

    c.inject_fault(&fault(FaultKind::Status500, 1, "/api/v1/devices"))
        .await
        .unwrap();
    assert!(
        c.list_devices(&session).await.unwrap().is_empty(),
        "retried past one 500"
    );

    let plain = no_retries(&env.service.base_url());
    c.inject_fault(&fault(FaultKind::Status500, 1, "/api/v1/devices"))
        .await
        .unwrap();
    match plain.list_devices(&session).await {
        Err(ServiceError::Server { status: 500, .. }) => {}
        other => panic!("expected Server(500), got {other:?}"),
    }

    // More failures than retries: the error surfaces, typed.
    c.inject_fault(&fault(FaultKind::Status500, 3, "/api/v1/devices"))
        .await
        .unwrap();
    assert!(matches!(
        c.list_devices(&session).await,
        Err(ServiceError::Server { status: 500, .. })
    ));
    c.list_devices(&session).await.unwrap();
}

#[tokio::test]
async fn a_post_is_never_repeated() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    let c = &env.client;
    c.inject_fault(&fault(FaultKind::Status500, 2, "/api/v1/device-codes"))
        .await
        .unwrap();
    assert!(matches!(
        c.create_device_code(&session).await,
        Err(ServiceError::Server { .. })
    ));
    // Exactly one of the two armed faults was used: the second call meets the other one.
    assert!(matches!(
        c.create_device_code(&session).await,
        Err(ServiceError::Server { .. })
    ));
    c.create_device_code(&session).await.unwrap();

    c.inject_fault(&fault(FaultKind::DropConnection, 1, "/api/v1/device-codes"))
        .await
        .unwrap();
    match c.create_device_code(&session).await {
        Err(ServiceError::Network { .. }) => {}
        other => panic!("expected Network, got {other:?}"),
    }
    c.create_device_code(&session).await.unwrap();
}

#[tokio::test]
async fn dropped_connection_is_a_network_error_and_a_get_retries_through_it() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    let plain = no_retries(&env.service.base_url());
    env.client
        .inject_fault(&fault(FaultKind::DropConnection, 1, "/api/v1/account"))
        .await
        .unwrap();
    assert!(matches!(
        plain.account(&session).await,
        Err(ServiceError::Network { .. })
    ));

    env.client
        .inject_fault(&fault(FaultKind::DropConnection, 2, "/api/v1/account"))
        .await
        .unwrap();
    env.client.account(&session).await.unwrap();
}

#[tokio::test]
async fn malformed_body_is_a_malformed_reply() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    let plain = no_retries(&env.service.base_url());
    env.client
        .inject_fault(&fault(FaultKind::MalformedBody, 1, "/api/v1/device-codes"))
        .await
        .unwrap();
    match plain.create_device_code(&session).await {
        Err(ServiceError::MalformedReply {
            status: Some(200), ..
        }) => {}
        other => panic!("expected MalformedReply, got {other:?}"),
    }
}

#[tokio::test]
async fn slow_answer_times_out_and_a_get_retries() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    let impatient = |retries| {
        RegistrationClient::with_options(
            &env.service.base_url(),
            ClientOptions {
                read_timeout: Duration::from_millis(300),
                request_timeout: Duration::from_millis(300),
                max_retries: retries,
                ..options()
            },
        )
        .unwrap()
    };
    let delay = FaultRequest {
        delay_ms: Some(1_500),
        ..fault(FaultKind::Delay, 1, "/api/v1/devices")
    };
    env.client.inject_fault(&delay).await.unwrap();
    assert_eq!(
        impatient(0).list_devices(&session).await,
        Err(ServiceError::Timeout)
    );

    env.client.inject_fault(&delay).await.unwrap();
    impatient(1).list_devices(&session).await.unwrap();

    // A delay within the timeout is just slow.
    env.client
        .inject_fault(&FaultRequest {
            delay_ms: Some(100),
            ..fault(FaultKind::Delay, 1, "/api/v1/devices")
        })
        .await
        .unwrap();
    env.client.list_devices(&session).await.unwrap();
}

#[tokio::test]
async fn faults_can_be_cleared_and_are_absent_unless_enabled() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    env.client
        .inject_fault(&fault(FaultKind::Status500, 100, "/api/v1/"))
        .await
        .unwrap();
    env.client.clear_faults().await.unwrap();
    env.client.account(&session).await.unwrap();

    let env = start(ReferenceConfig {
        enable_faults: false,
        ..config()
    })
    .await;
    assert_eq!(
        env.client
            .inject_fault(&fault(FaultKind::Status500, 1, "/"))
            .await,
        Err(ServiceError::NotFound)
    );
}

#[tokio::test]
async fn no_service_listening_is_a_network_error() {
    // Bind, learn a free port, close it again: nothing listens there now.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = RegistrationClient::with_options(
        &format!("http://127.0.0.1:{port}"),
        ClientOptions {
            max_retries: 1,
            ..options()
        },
    )
    .unwrap();
    match c.demo_outbox().await {
        Err(ServiceError::Network { .. }) => {}
        other => panic!("expected Network, got {other:?}"),
    }
}

#[tokio::test]
async fn plain_http_to_a_remote_host_is_refused_at_construction() {
    for url in ["http://register.example.tw", "http://192.0.2.10:8080"] {
        match RegistrationClient::new(url) {
            Err(ServiceError::InsecureUrl { .. }) => {}
            other => panic!("{url}: expected InsecureUrl, got {other:?}"),
        }
    }
    assert!(matches!(
        RegistrationClient::new("ftp://127.0.0.1"),
        Err(ServiceError::InvalidUrl { .. })
    ));
    RegistrationClient::new("http://localhost:1").unwrap();
    RegistrationClient::new("https://register.example.tw").unwrap();
}
