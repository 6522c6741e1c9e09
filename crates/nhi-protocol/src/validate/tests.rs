use super::*;
use crate::protocol::{DeviceCodeState, ErrorCode};

fn code_reply() -> DeviceCodeResponse {
    DeviceCodeResponse {
        code: "K7QX2M9D".into(),
        qr_payload: "K7QX2M9D".into(),
        ttl_seconds: 900,
        expires_at: "2026-11-30T03:38:29Z".into(),
    }
}

#[test]
fn a_device_code_reply_follows_the_protocol() {
    assert_eq!(code_reply().check(), Ok(()));
    let broken = [
        DeviceCodeResponse {
            ttl_seconds: u64::MAX,
            ..code_reply()
        },
        DeviceCodeResponse {
            ttl_seconds: 0,
            ..code_reply()
        },
        DeviceCodeResponse {
            ttl_seconds: 3601,
            ..code_reply()
        },
        DeviceCodeResponse {
            code: "K".repeat(100_000),
            ..code_reply()
        },
        DeviceCodeResponse {
            code: "k7qx2m9d".into(),
            qr_payload: "k7qx2m9d".into(),
            ..code_reply()
        },
        DeviceCodeResponse {
            code: "K7QX2M9O".into(),
            qr_payload: "K7QX2M9O".into(),
            ..code_reply()
        },
        DeviceCodeResponse {
            qr_payload: "SOMETHING ELSE".into(),
            ..code_reply()
        },
        DeviceCodeResponse {
            qr_payload: format!("https://x.example/{}", "K7QX2M9D".repeat(40)),
            ..code_reply()
        },
        DeviceCodeResponse {
            expires_at: "tomorrow".into(),
            ..code_reply()
        },
        DeviceCodeResponse {
            expires_at: "0000-01-01T00:00:00Z".into(),
            ..code_reply()
        },
        DeviceCodeResponse {
            expires_at: "9999-12-31T23:59:59Z".into(),
            ..code_reply()
        },
    ];
    for reply in broken {
        let err = reply.check().unwrap_err();
        assert!(
            !err.contains("KKKK"),
            "the value is not in the detail: {err}"
        );
    }
    let link = DeviceCodeResponse {
        qr_payload: "https://register.example.tw/d/K7QX2M9D".into(),
        ..code_reply()
    };
    assert_eq!(link.check(), Ok(()));
}

#[test]
fn statuses_devices_and_errors_are_bounded() {
    let device = DeviceInfo {
        device_id: "0a1b2c".into(),
        device_name: "phone".into(),
        platform: "android".into(),
        authenticated_at: "2026-11-30T03:38:29Z".into(),
    };
    assert_eq!(device.check(), Ok(()));
    let escaping = DeviceInfo {
        device_id: "../../account".into(),
        ..device.clone()
    };
    assert!(escaping.check().is_err());
    let two_lines = DeviceInfo {
        device_name: "phone\nINFO signed in as someone".into(),
        ..device.clone()
    };
    assert!(two_lines.check().is_err());
    let many = DeviceListResponse {
        devices: vec![device.clone(); MAX_DEVICES + 1],
    };
    assert!(many.check().is_err());
    let status = DeviceCodeStatusResponse {
        code: "K7QX2M9D".into(),
        status: DeviceCodeState::Pending,
        expires_at: "2026-11-30T03:38:29Z".into(),
        device: Some(DeviceInfo {
            platform: String::new(),
            ..device
        }),
    };
    assert!(status.check().unwrap_err().starts_with("device: platform"));

    let mut error = ErrorBody::new(ErrorCode::Locked, "locked");
    error.retry_after = Some(u64::MAX);
    assert!(error.check().is_err());
    error.retry_after = Some(900);
    assert_eq!(error.check(), Ok(()));
    error.attempts_left = Some(1 << 30);
    assert!(error.check().is_err());
}

#[test]
fn tokens_and_challenges_are_bounded() {
    let sign_in = |token: &str, expires_in| SignInResponse {
        token: crate::SessionToken::new(token),
        token_type: "Bearer".into(),
        expires_in,
    };
    assert_eq!(sign_in("abc", 1200).check(), Ok(()));
    assert!(sign_in("abc", u64::MAX).check().is_err());
    assert!(sign_in("a b", 1200).check().is_err());
    assert!(sign_in("a\r\nX-Evil: 1", 1200).check().is_err());
    assert!(sign_in(&"a".repeat(513), 1200).check().is_err());
    let challenge = ChallengeResponse {
        challenge_id: "c1".into(),
        challenge: "ab".repeat(32),
        expires_in: 120,
    };
    assert_eq!(challenge.check(), Ok(()));
    assert!(
        ChallengeResponse {
            challenge: "ab".repeat(31),
            ..challenge.clone()
        }
        .check()
        .is_err()
    );
    assert!(
        ChallengeResponse {
            expires_in: 0,
            ..challenge
        }
        .check()
        .is_err()
    );
}
