//! First-time application, e-mail verification and resend, forgotten password and reset,
//! password and e-mail changes, the outbox, and persistence across a restart.

mod service_support;

use std::time::Duration;

use nhi_companion::card::demo::{DEMO_CARD_NUMBER, DEMO_EMAIL, DEMO_ID_NUMBER, DEMO_PASSWORD};
use nhi_companion::service::ServiceError;
use nhi_companion::service::protocol::{MailKind, OutboxMessage};
use nhi_companion::service::reference::config::RegistrationEntry;
use nhi_companion::service::reference::{CardEntry, ReferenceConfig};
use nhi_companion::service::{Password, RegistrationClient};
use service_support::{config, prove, pw, sign_in_demo, start};

const NEW_CARD: &str = "000022223333";
const NEW_ID: &str = "F234567890";

async fn last_mail(client: &RegistrationClient, kind: MailKind) -> OutboxMessage {
    client
        .demo_outbox()
        .await
        .unwrap()
        .into_iter()
        .rev()
        .find(|m| m.kind == kind)
        .expect("a mail of that kind")
}

async fn sign_in(
    client: &RegistrationClient,
    card: &str,
    id: &str,
    password: &str,
) -> Result<(), ServiceError> {
    let proof = prove(client, card).await;
    client.sign_in(&proof, id, &pw(password)).await.map(|_| ())
}

#[tokio::test]
async fn application_verification_and_resend() {
    let outbox = tempfile::tempdir().unwrap();
    let env = start(ReferenceConfig {
        outbox_dir: Some(outbox.path().to_owned()),
        ..config()
    })
    .await;
    let c = &env.client;

    // Weak password: refused before anything is created.
    let proof = prove(c, NEW_CARD).await;
    let err = c
        .apply(&proof, NEW_ID, "new@example.org", &pw("123"))
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::WeakPassword { .. }), "{err:?}");
    // Bad e-mail address.
    let proof = prove(c, NEW_CARD).await;
    let err = c
        .apply(&proof, NEW_ID, "not-an-address", &pw("Secret12"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::InvalidRequest { .. }),
        "{err:?}"
    );

    let proof = prove(c, NEW_CARD).await;
    let sent = c
        .apply(&proof, NEW_ID, "new@example.org", &pw("Secret12"))
        .await
        .unwrap();
    assert_eq!(sent.email, "n***@example.org");

    // Registered but not verified: the password is right, the e-mail is not verified yet.
    assert_eq!(
        sign_in(c, NEW_CARD, NEW_ID, "Secret12").await,
        Err(ServiceError::EmailNotVerified)
    );
    // Applying twice.
    let proof = prove(c, NEW_CARD).await;
    assert_eq!(
        c.apply(&proof, NEW_ID, "new@example.org", &pw("Secret12"))
            .await,
        Err(ServiceError::AlreadyRegistered)
    );

    // Resend right away is rate limited; a minute later it goes.
    let proof = prove(c, NEW_CARD).await;
    let err = c.resend_verification(&proof, NEW_ID).await.unwrap_err();
    assert!(
        matches!(
            err,
            ServiceError::RateLimited {
                retry_after: Some(_)
            }
        ),
        "{err:?}"
    );
    env.service.clock().advance(Duration::from_secs(61));
    let proof = prove(c, NEW_CARD).await;
    c.resend_verification(&proof, NEW_ID).await.unwrap();

    let mails: Vec<_> = c.demo_outbox().await.unwrap();
    assert_eq!(mails.len(), 2);
    assert!(
        mails
            .iter()
            .all(|m| m.kind == MailKind::Verification && m.to == "new@example.org")
    );
    assert!(mails[1].body.contains(&mails[1].token));
    assert_eq!(
        std::fs::read_dir(outbox.path()).unwrap().count(),
        2,
        "one file per mail"
    );

    assert_eq!(
        c.verify_email("0123abcd").await,
        Err(ServiceError::InvalidToken)
    );
    // A code a person can read and type: three groups of four from the unambiguous alphabet,
    // accepted however it is typed (small letters, spaces instead of hyphens).
    let code = &mails[1].token;
    let groups: Vec<&str> = code.split('-').collect();
    assert!(
        groups.len() == 3
            && groups.iter().all(|g| g.len() == 4
                && g.bytes()
                    .all(|b| nhi_companion::service::protocol::DEVICE_CODE_ALPHABET.contains(&b))),
        "{code:?}"
    );
    let typed = code.to_lowercase().replace('-', " ");
    let verified = c.verify_email(&format!(" {typed}\n")).await.unwrap();
    assert_eq!(verified.email, "n***@example.org");
    assert_eq!(
        c.verify_email(&mails[1].token).await,
        Err(ServiceError::InvalidToken),
        "single use"
    );
    sign_in(c, NEW_CARD, NEW_ID, "Secret12").await.unwrap();

    // Nothing left to verify.
    env.service.clock().advance(Duration::from_secs(61));
    let proof = prove(c, NEW_CARD).await;
    let err = c.resend_verification(&proof, NEW_ID).await.unwrap_err();
    assert!(
        matches!(err, ServiceError::InvalidRequest { .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn application_checks_the_id_the_card_was_issued_to() {
    let mut cfg = config();
    cfg.cards.push(CardEntry {
        card_number: NEW_CARD.into(),
        id_number: NEW_ID.into(),
        key_hex: None,
        registration: None,
    });
    let env = start(cfg).await;
    let proof = prove(&env.client, NEW_CARD).await;
    assert_eq!(
        env.client
            .apply(&proof, "A123456789", "x@example.org", &pw("Secret12"))
            .await,
        Err(ServiceError::IdMismatch)
    );
    let proof = prove(&env.client, NEW_CARD).await;
    env.client
        .apply(&proof, NEW_ID, "x@example.org", &pw("Secret12"))
        .await
        .unwrap();
}

#[tokio::test]
async fn forgotten_password_reset_through_the_mail() {
    let env = start(config()).await;
    let c = &env.client;
    let proof = prove(c, DEMO_CARD_NUMBER).await;
    // Locked out first: the reset also lifts the lock.
    for _ in 0..5 {
        let _ = sign_in(c, DEMO_CARD_NUMBER, DEMO_ID_NUMBER, "Wrong999").await;
    }
    assert!(matches!(
        sign_in(c, DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_PASSWORD).await,
        Err(ServiceError::Locked { .. })
    ));
    let sent = c.forgot_password(&proof, DEMO_ID_NUMBER).await.unwrap();
    assert_eq!(sent.email, "d***@example.org");
    let mail = last_mail(c, MailKind::PasswordReset).await;
    assert_eq!(mail.to, DEMO_EMAIL);

    let err = c.reset_password(&mail.token, &pw("x")).await.unwrap_err();
    assert!(matches!(err, ServiceError::WeakPassword { .. }), "{err:?}");
    c.reset_password(&mail.token, &pw("NewPass99"))
        .await
        .unwrap();
    assert_eq!(
        c.reset_password(&mail.token, &pw("Other123")).await,
        Err(ServiceError::InvalidToken)
    );

    assert!(matches!(
        sign_in(c, DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_PASSWORD).await,
        Err(ServiceError::WrongPassword { .. })
    ));
    sign_in(c, DEMO_CARD_NUMBER, DEMO_ID_NUMBER, "NewPass99")
        .await
        .unwrap();

    // Forgot with the wrong ID number.
    env.service.clock().advance(Duration::from_secs(61));
    let proof = prove(c, DEMO_CARD_NUMBER).await;
    assert_eq!(
        c.forgot_password(&proof, "B123456789").await,
        Err(ServiceError::IdMismatch)
    );
    // Forgot for a card never registered.
    let proof = prove(c, NEW_CARD).await;
    assert_eq!(
        c.forgot_password(&proof, NEW_ID).await,
        Err(ServiceError::NotRegistered)
    );
}

#[tokio::test]
async fn a_reset_token_expires() {
    let env = start(config()).await;
    let proof = prove(&env.client, DEMO_CARD_NUMBER).await;
    env.client
        .forgot_password(&proof, DEMO_ID_NUMBER)
        .await
        .unwrap();
    let mail = last_mail(&env.client, MailKind::PasswordReset).await;
    env.service
        .clock()
        .advance(Duration::from_secs(24 * 3600 + 1));
    assert_eq!(
        env.client
            .reset_password(&mail.token, &pw("NewPass99"))
            .await,
        Err(ServiceError::InvalidToken)
    );
}

#[tokio::test]
async fn change_password_and_email_while_signed_in() {
    let env = start(config()).await;
    let c = &env.client;
    let session = sign_in_demo(c).await;

    assert_eq!(
        c.change_password(&session, &pw("Wrong999"), &pw("NewPass99"))
            .await,
        Err(ServiceError::WrongPassword {
            attempts_left: Some(4)
        })
    );
    let err = c
        .change_password(&session, &pw(DEMO_PASSWORD), &pw("short"))
        .await
        .unwrap_err();
    assert!(matches!(err, ServiceError::WeakPassword { .. }), "{err:?}");
    c.change_password(&session, &pw(DEMO_PASSWORD), &pw("NewPass99"))
        .await
        .unwrap();

    let err = c
        .change_email(&session, &pw("NewPass99"), "bad")
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::InvalidRequest { .. }),
        "{err:?}"
    );
    let sent = c
        .change_email(&session, &pw("NewPass99"), "moved@example.net")
        .await
        .unwrap();
    assert_eq!(sent.email, "m***@example.net");
    let account = c.account(&session).await.unwrap();
    assert_eq!(
        account.email, DEMO_EMAIL,
        "the old address stays until the new one is verified"
    );
    assert_eq!(account.pending_email.as_deref(), Some("moved@example.net"));

    let mail = last_mail(c, MailKind::Verification).await;
    assert_eq!(mail.to, "moved@example.net");
    c.verify_email(&mail.token).await.unwrap();
    let account = c.account(&session).await.unwrap();
    assert_eq!(account.email, "moved@example.net");
    assert_eq!(account.pending_email, None);
    assert!(account.email_verified);
}

#[tokio::test]
async fn registrations_and_devices_survive_a_restart_with_a_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let cfg = || ReferenceConfig {
        state_file: Some(state.clone()),
        cards: vec![CardEntry {
            card_number: NEW_CARD.into(),
            id_number: NEW_ID.into(),
            key_hex: None,
            registration: Some(RegistrationEntry {
                email: "file@example.org".into(),
                password: Password::new("FromFile1"),
                email_verified: true,
            }),
        }],
        ..config()
    };
    let env = start(cfg()).await;
    // Registered from the cards file.
    sign_in(&env.client, NEW_CARD, NEW_ID, "FromFile1")
        .await
        .unwrap();
    let session = sign_in_demo(&env.client).await;
    env.client
        .change_password(&session, &pw(DEMO_PASSWORD), &pw("Changed12"))
        .await
        .unwrap();
    let code = env.client.create_device_code(&session).await.unwrap();
    env.client
        .redeem_device_code(&code.code, "Pixel", "android")
        .await
        .unwrap();
    env.service.shutdown().await.unwrap();

    let text = std::fs::read_to_string(&state).unwrap();
    assert!(
        !text.contains("Changed12") && !text.contains("FromFile1"),
        "no plain passwords"
    );

    let env = start(cfg()).await;
    sign_in(&env.client, DEMO_CARD_NUMBER, DEMO_ID_NUMBER, "Changed12")
        .await
        .unwrap();
    let session = {
        let proof = prove(&env.client, DEMO_CARD_NUMBER).await;
        env.client
            .sign_in(&proof, DEMO_ID_NUMBER, &pw("Changed12"))
            .await
            .unwrap()
    };
    let devices = env.client.list_devices(&session).await.unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!(devices[0].device_name, "Pixel");
}
