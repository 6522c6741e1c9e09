//! Property tests over reading a service's answers (`service::reply`, `service::validate`):
//! any status, content type and body — arbitrary bytes, or JSON with each field drawn from
//! valid and hostile values — is read without a panic, anything accepted follows the
//! protocol's rules, and a reply is accepted exactly when every field is valid.

use std::time::{Duration, Instant};

use nhi_protocol::ServiceError;
use nhi_protocol::protocol::{
    ChallengeResponse, DEVICE_CODE_ALPHABET, DeviceCodeResponse, DeviceCodeStatusResponse,
    DeviceListResponse, ErrorBody, HealthResponse, SignInResponse,
};
use nhi_protocol::reply::{self, Answer, Body, Route};
use nhi_protocol::validate::{self, MAX_DEVICES};
use proptest::prelude::*;

const CREATE: Route = Route::fixed("/device-codes");
const STATUS: Route = Route::resource("/device-codes/{code}");

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(Some("application/json".to_owned())),
        Just(Some("application/json; charset=utf-8".to_owned())),
        Just(Some("application/problem+json".to_owned())),
        Just(Some("text/html".to_owned())),
        Just(Some("text/plain".to_owned())),
        Just(None),
        ".{0,80}".prop_map(Some),
    ]
}

fn answer(status: u16, content_type: Option<String>, body: Vec<u8>) -> Answer {
    Answer {
        status,
        content_type,
        retry_after: None,
        body: Body::read(body),
    }
}

/// What an accepted device-code reply must be.
fn follows_the_rules(r: &DeviceCodeResponse) -> bool {
    validate::is_device_code(&r.code)
        && r.qr_payload.contains(&r.code)
        && r.qr_payload.chars().count() <= validate::MAX_QR_PAYLOAD_CHARS
        && !r.qr_payload.chars().any(char::is_control)
        && (1..=3600).contains(&r.ttl_seconds)
        && Instant::now()
            .checked_add(Duration::from_secs(r.ttl_seconds))
            .is_some()
}

/// A JSON value for a field, and whether the protocol allows it there.
type Field = (String, bool);

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn code_field() -> impl Strategy<Value = Field> {
    let alphabet: Vec<char> = DEVICE_CODE_ALPHABET
        .iter()
        .map(|&b| char::from(b))
        .collect();
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(alphabet), 8)
            .prop_map(|c| (json_string(&c.into_iter().collect::<String>()), true)),
        "[a-z0-9]{8}".prop_map(|s| {
            let ok = validate::is_device_code(&s);
            (json_string(&s), ok)
        }),
        ".{0,20}".prop_map(|s| {
            let ok = validate::is_device_code(&s);
            (json_string(&s), ok)
        }),
        (1usize..200_000).prop_map(|n| (json_string(&"K".repeat(n)), false)),
        any::<i64>().prop_map(|n| (n.to_string(), false)),
        Just(("null".to_owned(), false)),
    ]
}

fn ttl_field() -> impl Strategy<Value = Field> {
    prop_oneof![
        (1u64..=3600).prop_map(|n| (n.to_string(), true)),
        any::<u64>().prop_map(|n| (n.to_string(), (1..=3600).contains(&n))),
        any::<i64>().prop_map(|n| (n.to_string(), (1..=3600).contains(&n))),
        any::<f64>().prop_map(|f| (serde_json::to_string(&f).unwrap(), false)),
        Just(("18446744073709551616".to_owned(), false)),
        Just(("1e400".to_owned(), false)),
        Just(("\"900\"".to_owned(), false)),
        Just(("null".to_owned(), false)),
    ]
}

fn instant_field() -> impl Strategy<Value = Field> {
    prop_oneof![
        Just(("\"2026-11-30T03:38:29Z\"".to_owned(), true)),
        Just(("\"2026-11-30T11:38:29+08:00\"".to_owned(), true)),
        Just(("\"1911-01-01T00:00:00Z\"".to_owned(), false)),
        Just(("\"9999-12-31T23:59:59Z\"".to_owned(), false)),
        ".{0,50}".prop_map(|s| {
            let ok = s.len() <= 40
                && chrono::DateTime::parse_from_rfc3339(&s)
                    .is_ok_and(|t| (2000..2200).contains(&chrono::Datelike::year(&t)));
            (json_string(&s), ok)
        }),
        any::<u32>().prop_map(|n| (n.to_string(), false)),
    ]
}

/// The code, a payload for it, and whether that pair is valid.
fn code_and_payload() -> impl Strategy<Value = (Field, Field)> {
    code_field().prop_flat_map(|(code, code_ok)| {
        let plain: String = serde_json::from_str(&code).unwrap_or_default();
        let same = (code.clone(), code_ok);
        let link = plain.clone();
        prop_oneof![
            Just(same),
            Just((json_string(&format!("https://r.example/d/{link}")), code_ok)),
            ".{0,300}".prop_map(move |s| {
                let ok = code_ok
                    && s.contains(&plain)
                    && s.chars().count() <= 256
                    && !s.is_empty()
                    && !s.chars().any(char::is_control);
                (json_string(&s), ok)
            }),
            (1usize..100_000).prop_map(|n| (json_string(&"Q".repeat(n)), false)),
        ]
        .prop_map(move |payload| ((code.clone(), code_ok), payload))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Arbitrary bytes, any status and content type: every reader answers, none panics, and
    /// an accepted device code follows the rules.
    #[test]
    fn arbitrary_answers_never_panic(
        status in 100u16..600,
        content_type in content_type(),
        body in proptest::collection::vec(any::<u8>(), 0..2048),
        retry_after in proptest::option::of(".{0,30}"),
    ) {
        let mut a = answer(status, content_type, body);
        a.retry_after = retry_after;
        if let Ok(code) = reply::decode::<DeviceCodeResponse>(CREATE, &a) {
            prop_assert!(follows_the_rules(&code));
        }
        let _ = reply::decode::<DeviceCodeStatusResponse>(STATUS, &a);
        let _ = reply::decode::<SignInResponse>(CREATE, &a);
        let _ = reply::decode::<ChallengeResponse>(CREATE, &a);
        let _ = reply::decode::<DeviceListResponse>(CREATE, &a);
        let _ = reply::decode::<HealthResponse>(CREATE, &a);
        let _ = reply::decode::<ErrorBody>(CREATE, &a);
        let _ = reply::expect_success(CREATE, &a);
        if !a.is_success() {
            // Failures are never mistaken for a success, and a gateway is always "unavailable".
            let e = reply::failure(STATUS, &a);
            if (502..=504).contains(&status) {
                prop_assert_eq!(e, ServiceError::Unavailable { status });
            }
        }
    }

    /// JSON with each field valid or hostile: accepted exactly when all four are valid.
    #[test]
    fn a_device_code_is_accepted_exactly_when_every_field_is_valid(
        ((code, code_ok), (payload, payload_ok)) in code_and_payload(),
        (ttl, ttl_ok) in ttl_field(),
        (expires_at, expires_ok) in instant_field(),
        status in prop_oneof![Just(200u16), Just(201u16)],
    ) {
        let body = format!(
            r#"{{"code": {code}, "qr_payload": {payload}, "ttl_seconds": {ttl}, "expires_at": {expires_at}}}"#
        );
        let a = answer(status, Some("application/json".into()), body.into_bytes());
        let result = reply::decode::<DeviceCodeResponse>(CREATE, &a);
        let valid = code_ok && payload_ok && ttl_ok && expires_ok;
        match &result {
            Ok(r) => prop_assert!(valid && follows_the_rules(r), "accepted {r:?}"),
            Err(ServiceError::MalformedReply { detail, .. }) => {
                prop_assert!(!valid, "refused a valid reply: {detail}");
                // The detail names the rule, never a long value from the reply.
                prop_assert!(detail.len() < 200, "{detail}");
            }
            Err(other) => prop_assert!(false, "{other:?}"),
        }
    }

    /// Device lists: bounded in length, every device checked.
    #[test]
    fn device_lists_are_bounded(n in 0usize..(MAX_DEVICES + 20), bad in proptest::option::of(0usize..600)) {
        let devices: Vec<String> = (0..n)
            .map(|i| {
                let id = if Some(i) == bad { "../x".to_owned() } else { format!("d{i}") };
                format!(
                    r#"{{"device_id": "{id}", "device_name": "phone {i}", "platform": "ios", "authenticated_at": "2026-11-30T03:38:29Z"}}"#
                )
            })
            .collect();
        let body = format!(r#"{{"devices": [{}]}}"#, devices.join(","));
        let a = answer(200, Some("application/json".into()), body.into_bytes());
        let accepted = reply::decode::<DeviceListResponse>(Route::fixed("/devices"), &a).is_ok();
        let valid = n <= MAX_DEVICES && bad.is_none_or(|b| b >= n);
        prop_assert_eq!(accepted, valid);
    }
}
