//! Device codes (create, status, the phone's redeem with its 200/409/410/404), devices (list,
//! revoke), and the countdown's independence from wall clocks.

mod service_support;

use std::time::{Duration, Instant};

use nhi_companion::service::protocol::{
    DEVICE_CODE_TTL_SECONDS, ErrorBody, ErrorCode, is_device_code_shape,
};
use nhi_companion::service::reference::config::RegistrationEntry;
use nhi_companion::service::reference::{CardEntry, ReferenceConfig};
use nhi_companion::service::{DeviceCodeStatus, Password, ServiceError};
use service_support::{config, prove, pw, raw_http, sign_in_demo, start};

#[tokio::test]
async fn create_redeem_and_status() {
    let env = start(config()).await;
    let c = &env.client;
    let session = sign_in_demo(c).await;

    let before = Instant::now();
    let code = c.create_device_code(&session).await.unwrap();
    let after = Instant::now();
    assert!(is_device_code_shape(&code.code), "{}", code.code);
    assert_eq!(code.code.len(), 8);
    assert_eq!(code.qr_payload, code.code);
    assert_eq!(code.ttl, Duration::from_secs(DEVICE_CODE_TTL_SECONDS));
    let ttl = Duration::from_secs(900);
    assert!(code.deadline >= before + ttl && code.deadline <= after + ttl);
    assert!(code.remaining_at(after) > Duration::from_secs(899));
    assert!(
        code.expires_at_system_time().is_some(),
        "RFC 3339: {}",
        code.expires_at
    );

    assert_eq!(
        c.device_code_status(&session, &code.code).await.unwrap(),
        DeviceCodeStatus::Pending
    );

    // The phone types it in lowercase: still the same code.
    let device = c
        .redeem_device_code(&code.code.to_lowercase(), "王小明的手機", "android")
        .await
        .unwrap();
    assert_eq!(device.device_name, "王小明的手機");
    match c.device_code_status(&session, &code.code).await.unwrap() {
        DeviceCodeStatus::Redeemed(d) => assert_eq!(d, device),
        other => panic!("expected Redeemed, got {other:?}"),
    }
    assert_eq!(
        c.redeem_device_code(&code.code, "other", "ios").await,
        Err(ServiceError::CodeRedeemed)
    );
    // Redeemed stays redeemed after the 15 minutes.
    env.service.clock().advance(Duration::from_secs(901));
    assert!(matches!(
        c.device_code_status(&session, &code.code).await,
        Err(ServiceError::SessionExpired) | Ok(DeviceCodeStatus::Redeemed(_))
    ));
}

#[tokio::test]
async fn a_code_expires_after_fifteen_minutes() {
    let env = start(config()).await;
    let c = &env.client;
    let session = sign_in_demo(c).await;
    let code = c.create_device_code(&session).await.unwrap();
    env.service.clock().advance(Duration::from_secs(899));
    assert_eq!(
        c.device_code_status(&session, &code.code).await.unwrap(),
        DeviceCodeStatus::Pending
    );
    env.service.clock().advance(Duration::from_secs(2));
    assert_eq!(
        c.device_code_status(&session, &code.code).await.unwrap(),
        DeviceCodeStatus::Expired
    );
    assert_eq!(
        c.redeem_device_code(&code.code, "phone", "ios").await,
        Err(ServiceError::CodeExpired)
    );
}

#[tokio::test]
async fn unknown_codes_and_other_cards_codes_are_not_found() {
    let mut cfg = config();
    cfg.cards.push(CardEntry {
        card_number: "000044445555".into(),
        id_number: "C123456789".into(),
        key_hex: None,
        registration: Some(RegistrationEntry {
            email: "c@example.org".into(),
            password: Password::new("Other123"),
            email_verified: true,
        }),
    });
    let env = start(cfg).await;
    let c = &env.client;
    let session = sign_in_demo(c).await;
    assert_eq!(
        c.device_code_status(&session, "ABCD2345").await,
        Err(ServiceError::NotFound)
    );
    assert_eq!(
        c.redeem_device_code("ABCD2345", "p", "ios").await,
        Err(ServiceError::NotFound)
    );
    assert_eq!(
        c.redeem_device_code("0000OOOO", "p", "ios").await,
        Err(ServiceError::NotFound)
    );

    let code = c.create_device_code(&session).await.unwrap();
    let proof = prove(c, "000044445555").await;
    let other = c
        .sign_in(&proof, "C123456789", &pw("Other123"))
        .await
        .unwrap();
    assert_eq!(
        c.device_code_status(&other, &code.code).await,
        Err(ServiceError::NotFound)
    );

    // A phone name that is empty is an invalid request.
    let err = c
        .redeem_device_code(&code.code, " ", "ios")
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::InvalidRequest { .. }),
        "{err:?}"
    );
}

/// The statuses the phone side relies on, checked below the typed client.
#[tokio::test]
async fn redeem_http_statuses_are_200_409_410_404() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    let http = raw_http();
    let base = env.service.base_url();
    let redeem = |code: String| {
        let http = http.clone();
        let url = format!("{base}/api/v1/device-codes/{code}/redeem");
        async move {
            let r = http
                .post(url)
                .json(&serde_json::json!({"device_name": "p", "platform": "ios"}))
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.bytes().await.unwrap())
        }
    };
    let first = env.client.create_device_code(&session).await.unwrap();
    assert_eq!(redeem(first.code.clone()).await.0, 200);
    let (status, body) = redeem(first.code).await;
    assert_eq!(status, 409);
    let body: ErrorBody = serde_json::from_slice(&body).unwrap();
    assert_eq!(body.error, ErrorCode::CodeRedeemed);

    let second = env.client.create_device_code(&session).await.unwrap();
    env.service.clock().advance(Duration::from_secs(901));
    assert_eq!(redeem(second.code).await.0, 410);
    assert_eq!(redeem("ZZZZ2222".into()).await.0, 404);

    // Every error body has the stable shape, also for unknown routes.
    let r = http
        .get(format!("{base}/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 404);
    let body: ErrorBody = r.json().await.unwrap();
    assert_eq!(body.error, ErrorCode::NotFound);
}

#[tokio::test]
async fn redeem_attempts_are_rate_limited_per_client() {
    let env = start(config()).await;
    for _ in 0..30 {
        assert_eq!(
            env.client.redeem_device_code("ABCD2345", "p", "ios").await,
            Err(ServiceError::NotFound)
        );
    }
    let err = env
        .client
        .redeem_device_code("ABCD2345", "p", "ios")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ServiceError::RateLimited {
                retry_after: Some(_)
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn devices_list_and_revoke() {
    let env = start(config()).await;
    let c = &env.client;
    let session = sign_in_demo(c).await;
    assert!(c.list_devices(&session).await.unwrap().is_empty());
    let mut ids = Vec::new();
    for name in ["phone A", "phone B"] {
        let code = c.create_device_code(&session).await.unwrap();
        ids.push(
            c.redeem_device_code(&code.code, name, "android")
                .await
                .unwrap()
                .device_id,
        );
    }
    let devices = c.list_devices(&session).await.unwrap();
    assert_eq!(devices.len(), 2);

    c.revoke_device(&session, &ids[0]).await.unwrap();
    c.revoke_device(&session, &ids[0]).await.unwrap(); // idempotent
    let devices = c.list_devices(&session).await.unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].device_name, "phone B");
    assert_eq!(
        c.revoke_device(&session, "00112233aabbccdd").await,
        Err(ServiceError::NotFound)
    );
    let err = c.revoke_device(&session, "../account").await.unwrap_err();
    assert!(
        matches!(err, ServiceError::InvalidRequest { .. }),
        "{err:?}"
    );
}

/// The countdown comes from `ttl_seconds` and the local monotonic clock. A service whose wall
/// clock is hours off (so `expires_at` is hours off) cannot move it.
#[tokio::test]
async fn deadline_ignores_a_wrong_wall_clock() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    let honest = env.client.create_device_code(&session).await.unwrap();

    for skew_hours in [-5i64, 7] {
        env.service.clock().set_wall_skew(skew_hours * 3600);
        let before = Instant::now();
        let code = env.client.create_device_code(&session).await.unwrap();
        let received = Instant::now();

        // The shown absolute time moved with the wrong clock ...
        let shifted = code.expires_at_system_time().unwrap();
        let reference = honest.expires_at_system_time().unwrap();
        let moved = if skew_hours < 0 {
            reference.duration_since(shifted).unwrap()
        } else {
            shifted.duration_since(reference).unwrap()
        };
        let expected = Duration::from_secs(skew_hours.unsigned_abs() * 3600);
        assert!(
            moved + Duration::from_secs(5) > expected && moved < expected + Duration::from_secs(5)
        );

        // ... the countdown did not: 15 minutes from the round trip, to the round trip.
        let ttl = Duration::from_secs(900);
        assert!(code.deadline >= before + ttl && code.deadline <= received + ttl);
        let left = code.remaining_at(received);
        assert!(
            left > Duration::from_secs(899),
            "skew {skew_hours} h: {left:?}"
        );
    }
}

#[tokio::test]
async fn debug_output_hides_session_tokens() {
    let env = start(ReferenceConfig { ..config() }).await;
    let session = sign_in_demo(&env.client).await;
    let shown = format!("{session:?}");
    assert!(shown.contains("***"));
    assert!(!shown.contains(session.token.expose()));
}
