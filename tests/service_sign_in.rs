//! Card sign-in against the real reference service on loopback: the happy path and every way
//! it can fail (card proof, challenge, registration, ID, password and lock, rate, session).

mod service_support;

use std::time::Duration;

use nhi_companion::card::auth::CardKey;
use nhi_companion::card::demo::{DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_PASSWORD};
use nhi_companion::service::reference::{CardEntry, Policy, ReferenceConfig};
use nhi_companion::service::{CardProof, ServiceError};
use service_support::{config, prove, pw, sign_in_demo, start};

#[tokio::test]
async fn demo_card_signs_in_and_out() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    assert!(session.expires_in >= Duration::from_secs(60));
    assert_eq!(format!("{:?}", session.token), "***");
    let account = env.client.account(&session).await.unwrap();
    assert_eq!(account.card_number, DEMO_CARD_NUMBER);
    assert!(account.email_verified);

    env.client.sign_out(&session).await.unwrap();
    assert_eq!(
        env.client.account(&session).await,
        Err(ServiceError::SessionExpired)
    );
    // Sign-out is idempotent: a retry after a lost answer must not fail.
    env.client.sign_out(&session).await.unwrap();
}

#[tokio::test]
async fn wrong_answer_is_card_auth_failed_and_uses_up_the_challenge() {
    let env = start(config()).await;
    let r = [7u8; 8];
    let challenge = env
        .client
        .request_challenge(DEMO_CARD_NUMBER, &r)
        .await
        .unwrap();
    let wrong_key = CardKey::demo("000099999999");
    let proof = CardProof {
        challenge_id: challenge.challenge_id.clone(),
        card_answer: wrong_key.answer(&r, &challenge.challenge),
    };
    let err = env
        .client
        .sign_in(&proof, DEMO_ID_NUMBER, &pw(DEMO_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::CardAuthFailed);

    // The same challenge answered correctly now is refused: challenges are single use.
    let proof = CardProof {
        challenge_id: challenge.challenge_id,
        card_answer: CardKey::demo(DEMO_CARD_NUMBER).answer(&r, &challenge.challenge),
    };
    let err = env
        .client
        .sign_in(&proof, DEMO_ID_NUMBER, &pw(DEMO_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::ChallengeExpired);
}

#[tokio::test]
async fn a_challenge_expires() {
    let env = start(config()).await;
    let proof = prove(&env.client, DEMO_CARD_NUMBER).await;
    env.service.clock().advance(Duration::from_secs(121));
    let err = env
        .client
        .sign_in(&proof, DEMO_ID_NUMBER, &pw(DEMO_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::ChallengeExpired);
}

#[tokio::test]
async fn unknown_cards_and_ids() {
    let mut cfg = config();
    cfg.derive_unknown_cards = false;
    cfg.cards.push(CardEntry {
        card_number: "000011112222".into(),
        id_number: "B223456789".into(),
        key_hex: None,
        registration: None,
    });
    let env = start(cfg).await;

    // Not known to the security module at all.
    let err = env
        .client
        .request_challenge("000055556666", &[0; 8])
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::CardAuthFailed);

    // Known card, never applied.
    let proof = prove(&env.client, "000011112222").await;
    let err = env
        .client
        .sign_in(&proof, "B223456789", &pw("whatever1"))
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::NotRegistered);

    // The demo card with someone else's ID number.
    let proof = prove(&env.client, DEMO_CARD_NUMBER).await;
    let err = env
        .client
        .sign_in(&proof, "B223456789", &pw(DEMO_PASSWORD))
        .await
        .unwrap_err();
    assert_eq!(err, ServiceError::IdMismatch);

    // Malformed card number.
    let err = env
        .client
        .request_challenge("1234", &[0; 8])
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::InvalidRequest { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_the_lockout() {
    let env = start(config()).await;
    for expected_left in [4, 3, 2, 1] {
        let proof = prove(&env.client, DEMO_CARD_NUMBER).await;
        let err = env
            .client
            .sign_in(&proof, DEMO_ID_NUMBER, &pw("Wrong999"))
            .await
            .unwrap_err();
        assert_eq!(
            err,
            ServiceError::WrongPassword {
                attempts_left: Some(expected_left)
            }
        );
    }
    let proof = prove(&env.client, DEMO_CARD_NUMBER).await;
    let err = env
        .client
        .sign_in(&proof, DEMO_ID_NUMBER, &pw("Wrong999"))
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ServiceError::Locked {
            retry_after: Some(Duration::from_secs(15 * 60))
        }
    );

    // Locked: even the right password is refused, with the time left.
    env.service.clock().advance(Duration::from_secs(60));
    let proof = prove(&env.client, DEMO_CARD_NUMBER).await;
    let err = env
        .client
        .sign_in(&proof, DEMO_ID_NUMBER, &pw(DEMO_PASSWORD))
        .await
        .unwrap_err();
    match err {
        ServiceError::Locked {
            retry_after: Some(left),
        } => assert!(left <= Duration::from_secs(14 * 60) && left > Duration::from_secs(13 * 60)),
        other => panic!("expected Locked, got {other:?}"),
    }

    // The lock lifts by itself.
    env.service
        .clock()
        .advance(Duration::from_secs(14 * 60 + 1));
    sign_in_demo(&env.client).await;
}

#[tokio::test]
async fn lockout_is_configurable_and_a_right_password_resets_the_count() {
    let env = start(ReferenceConfig {
        policy: Policy {
            max_failed_attempts: 2,
            lockout: Duration::from_secs(30),
            ..Policy::for_tests()
        },
        ..config()
    })
    .await;
    let wrong = |client| async move {
        let proof = prove(client, DEMO_CARD_NUMBER).await;
        client
            .sign_in(&proof, DEMO_ID_NUMBER, &pw("Wrong999"))
            .await
            .unwrap_err()
    };
    assert_eq!(
        wrong(&env.client).await,
        ServiceError::WrongPassword {
            attempts_left: Some(1)
        }
    );
    sign_in_demo(&env.client).await; // resets the count
    assert_eq!(
        wrong(&env.client).await,
        ServiceError::WrongPassword {
            attempts_left: Some(1)
        }
    );
    assert_eq!(
        wrong(&env.client).await,
        ServiceError::Locked {
            retry_after: Some(Duration::from_secs(30))
        }
    );
    env.service.clock().advance(Duration::from_secs(31));
    sign_in_demo(&env.client).await;
}

#[tokio::test]
async fn challenges_are_rate_limited_per_card() {
    let env = start(config()).await;
    for _ in 0..20 {
        env.client
            .request_challenge(DEMO_CARD_NUMBER, &[1; 8])
            .await
            .unwrap();
    }
    let err = env
        .client
        .request_challenge(DEMO_CARD_NUMBER, &[1; 8])
        .await
        .unwrap_err();
    match err {
        ServiceError::RateLimited {
            retry_after: Some(after),
        } => assert!(after <= Duration::from_secs(60) && after > Duration::ZERO),
        other => panic!("expected RateLimited, got {other:?}"),
    }
    // Another card is not affected.
    env.client
        .request_challenge("000000000001", &[1; 8])
        .await
        .unwrap();
}

#[tokio::test]
async fn an_idle_session_expires() {
    let env = start(config()).await;
    let session = sign_in_demo(&env.client).await;
    env.service.clock().advance(Duration::from_secs(19 * 60));
    env.client.account(&session).await.unwrap(); // use restarts the idle time
    env.service.clock().advance(Duration::from_secs(19 * 60));
    env.client.account(&session).await.unwrap();
    env.service
        .clock()
        .advance(Duration::from_secs(20 * 60 + 1));
    assert_eq!(
        env.client.account(&session).await,
        Err(ServiceError::SessionExpired)
    );
    assert_eq!(
        env.client.create_device_code(&session).await,
        Err(ServiceError::SessionExpired)
    );
}
