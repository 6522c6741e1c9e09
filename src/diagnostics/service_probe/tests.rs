use super::*;

#[test]
fn median_of_odd_and_even_counts() {
    assert_eq!(median(&[]), None);
    assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
    assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
    // One slow first call (connection set-up) does not move the median.
    assert_eq!(median(&[40.0, 1.2, 1.1, 1.3, 1.2]), Some(1.2));
}

#[test]
fn certificate_causes_are_typed() {
    let expired = rustls::Error::InvalidCertificate(CertificateError::Expired);
    assert_eq!(TlsCause::from_rustls(&expired), TlsCause::Expired);
    assert_eq!(TlsCause::Expired.problem(), Problem::TlsFailure);
    let issuer = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
    assert_eq!(TlsCause::from_rustls(&issuer), TlsCause::UnknownIssuer);
    assert_eq!(
        TlsCause::UnknownIssuer.problem(),
        Problem::UntrustedCertificate
    );
    let name = rustls::Error::InvalidCertificate(CertificateError::NotValidForName);
    assert_eq!(TlsCause::from_rustls(&name), TlsCause::NameMismatch);
    // A self-signed CA certificate on the server is an untrusted certificate, not a clock
    // problem.
    let other = rustls::Error::InvalidCertificate(CertificateError::BadSignature);
    let cause = TlsCause::from_rustls(&other);
    assert!(
        matches!(cause, TlsCause::BadCertificate { .. }),
        "{cause:?}"
    );
    assert_eq!(cause.problem(), Problem::UntrustedCertificate);
}

#[tokio::test]
async fn a_bad_address_is_not_probed() {
    let probe = probe_service("http://example.org", &ProbeOptions::default()).await;
    assert_eq!(probe.problem, Some(Problem::InsecureServiceUrl));
    assert!(!probe.reachable);
    assert_eq!(probe.tls, TlsStatus::NotChecked);
    let probe = probe_service("not a url", &ProbeOptions::default()).await;
    assert_eq!(probe.problem, Some(Problem::InvalidServiceUrl));
}
