use super::*;

#[test]
fn device_code_countdown_is_monotonic() {
    let now = Instant::now();
    let code = DeviceCode {
        code: "ABCD2345".into(),
        qr_payload: "ABCD2345".into(),
        ttl: Duration::from_secs(900),
        expires_at: "2026-11-30T03:38:29Z".into(),
        deadline: now + Duration::from_secs(900),
    };
    assert_eq!(code.remaining_at(now), Duration::from_secs(900));
    assert_eq!(
        code.remaining_at(now + Duration::from_secs(901)),
        Duration::ZERO
    );
    assert!(code.expires_at_system_time().is_some());
}
