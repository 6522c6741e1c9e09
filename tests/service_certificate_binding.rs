//! Certificate sign-in: a certificate belongs to one person. Bound at first use (and kept
//! across a restart with `--state`), or listed in the cards file; another ID number with it
//! is `certificate_bound_elsewhere`, also after a renewal with a new key.

mod certificate_support;
mod service_support;

use certificate_support::{
    Failure, OTHER_ID, config_trusting, other_person, person, rejected, token_for, try_sign_in,
};
use nhi_companion::card::demo::DEMO_ID_NUMBER;
use nhi_companion::service::ServiceError;
use nhi_companion::service::protocol::certificate::CertificateRejection;
use nhi_companion::service::reference::certificate::CertificateHolder;
use nhi_companion::token::demo_ca::DemoCa;
use service_support::start;

#[tokio::test]
async fn a_certificate_belongs_to_one_person() {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let mut config = config_trusting(&ca, vec![]);
    config.cards = vec![other_person()];
    let env = start(config).await;
    let mut token = token_for(&ca, &person("0000000000000007"));
    // First use binds it to the demo person...
    try_sign_in(&env.client, &mut token, DEMO_ID_NUMBER)
        .await
        .unwrap();
    // ...so another ID number with it is refused, and the first still works.
    assert_eq!(
        try_sign_in(&env.client, &mut token, OTHER_ID).await,
        Err(rejected(CertificateRejection::BoundElsewhere))
    );
    try_sign_in(&env.client, &mut token, DEMO_ID_NUMBER)
        .await
        .unwrap();
    // A renewed certificate (same holder identifier, new key) is still that person's.
    let mut renewed = token_for(&ca, &person("0000000000000007"));
    assert_eq!(
        try_sign_in(&env.client, &mut renewed, OTHER_ID).await,
        Err(rejected(CertificateRejection::BoundElsewhere))
    );
    try_sign_in(&env.client, &mut renewed, DEMO_ID_NUMBER)
        .await
        .unwrap();
    // An ID number no one has.
    assert_eq!(
        try_sign_in(&env.client, &mut token, "Z199999999").await,
        Err(Failure::Service(ServiceError::NotRegistered))
    );
}

#[tokio::test]
async fn listed_holders_are_fixed_and_first_use_binding_can_be_off() {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let listed = CertificateHolder {
        subject_serial: Some("0000000000000099".into()),
        certificate_sha256: None,
        id_number: OTHER_ID.into(),
    };
    let mut config = config_trusting(&ca, vec![listed]);
    config.cards = vec![other_person()];
    config.certificates.bind_at_first_use = false;
    let env = start(config).await;
    let mut token = token_for(&ca, &person("0000000000000099"));
    assert_eq!(
        try_sign_in(&env.client, &mut token, DEMO_ID_NUMBER).await,
        Err(rejected(CertificateRejection::BoundElsewhere))
    );
    try_sign_in(&env.client, &mut token, OTHER_ID)
        .await
        .unwrap();
    // Not listed, no first-use binding: nobody's.
    let mut unlisted = token_for(&ca, &person("0000000000000100"));
    assert_eq!(
        try_sign_in(&env.client, &mut unlisted, DEMO_ID_NUMBER).await,
        Err(Failure::Service(ServiceError::NotRegistered))
    );
}

#[tokio::test]
async fn bindings_made_at_first_use_survive_a_restart_with_a_state_file() {
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let config = || {
        let mut config = config_trusting(&ca, vec![]);
        config.cards = vec![other_person()];
        config.state_file = Some(state.clone());
        config
    };
    let mut token = token_for(&ca, &person("0000000000000077"));
    {
        let env = start(config()).await;
        try_sign_in(&env.client, &mut token, DEMO_ID_NUMBER)
            .await
            .unwrap();
        env.service.shutdown().await.unwrap();
    }
    let text = std::fs::read_to_string(&state).unwrap();
    assert!(text.contains("serial:0000000000000077"), "{text}");
    let env = start(config()).await;
    assert_eq!(
        try_sign_in(&env.client, &mut token, OTHER_ID).await,
        Err(rejected(CertificateRejection::BoundElsewhere)),
        "a restart must not let the certificate be claimed again"
    );
    try_sign_in(&env.client, &mut token, DEMO_ID_NUMBER)
        .await
        .unwrap();
}
