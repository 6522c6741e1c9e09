//! The real client against a hostile service (`tests/hostile_support`): huge numbers, wrong
//! types, huge strings, HTML error pages, wrong content types, a body dripped slowly, an
//! endless body, a connection that never answers or closes, bytes that are not HTTP. Every
//! case must end in the right typed error, within the client's timeout, without a panic.

mod hostile_support;

use std::time::{Duration, Instant};

use hostile_support::{Behaviour, device_code_with, html_page, json, serve, typed};
use nhi_companion::service::{
    CardProof, ClientOptions, Password, RegistrationClient, ServiceError, Session, SessionToken,
};

/// Short timeouts so the slow cases end quickly; no retries, so each case is one request.
fn options() -> ClientOptions {
    ClientOptions {
        connect_timeout: Duration::from_secs(1),
        read_timeout: Duration::from_secs(2),
        request_timeout: Duration::from_secs(3),
        max_retries: 0,
        retry_backoff: Duration::from_millis(10),
        extra_root_certs_pem: Vec::new(),
    }
}

/// Every case must be over by then: the whole-request timeout and a little scheduling slack.
const DEADLINE: Duration = Duration::from_millis(3_000 + 1_500);

fn session() -> Session {
    Session {
        token: SessionToken::new("test-token"),
        expires_in: Duration::from_secs(1200),
        deadline: Instant::now() + Duration::from_secs(1200),
    }
}

/// The variant's name, to compare with the table.
fn kind(e: &ServiceError) -> String {
    let debug = format!("{e:?}");
    debug
        .split([' ', '{', '('])
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Which call a case makes.
#[derive(Debug, Clone, Copy)]
enum Call {
    CreateCode,
    SignIn,
    Challenge,
    CodeStatus,
    Devices,
    Health,
}

async fn run(call: Call, client: RegistrationClient) -> Result<(), ServiceError> {
    match call {
        Call::CreateCode => client.create_device_code(&session()).await.map(drop),
        Call::SignIn => {
            let proof = CardProof {
                challenge_id: "c1".into(),
                card_answer: [0; 16],
            };
            client
                .sign_in(&proof, "A123456789", &Password::new("Demo1234"))
                .await
                .map(drop)
        }
        Call::Challenge => client
            .request_challenge("000012345678", &[1; 8])
            .await
            .map(drop),
        Call::CodeStatus => client
            .device_code_status(&session(), "K7QX2M9D")
            .await
            .map(drop),
        Call::Devices => client.list_devices(&session()).await.map(drop),
        Call::Health => client.health().await.map(drop),
    }
}

struct Case {
    name: &'static str,
    call: Call,
    behaviour: Behaviour,
    /// The `ServiceError` variant it must end in.
    expect: &'static str,
}

fn case(name: &'static str, call: Call, behaviour: Behaviour, expect: &'static str) -> Case {
    Case {
        name,
        call,
        behaviour,
        expect,
    }
}

fn device(id: &str, name: &str) -> String {
    format!(
        r#"{{"device_id": "{id}", "device_name": "{name}", "platform": "android", "authenticated_at": "2026-11-30T03:38:29Z"}}"#
    )
}

fn cases() -> Vec<Case> {
    use Call::*;
    let slow = Duration::from_millis(100);
    let mut cases = vec![
        // --- device codes: numbers ---
        case(
            "ttl-u64-max",
            CreateCode,
            json(201, device_code_with("ttl_seconds", "18446744073709551615")),
            "MalformedReply",
        ),
        case(
            "ttl-2-64",
            CreateCode,
            json(201, device_code_with("ttl_seconds", "18446744073709551616")),
            "MalformedReply",
        ),
        case(
            "ttl-1e300",
            CreateCode,
            json(201, device_code_with("ttl_seconds", "1e300")),
            "MalformedReply",
        ),
        case(
            "ttl-negative",
            CreateCode,
            json(201, device_code_with("ttl_seconds", "-1")),
            "MalformedReply",
        ),
        case(
            "ttl-zero",
            CreateCode,
            json(201, device_code_with("ttl_seconds", "0")),
            "MalformedReply",
        ),
        case(
            "ttl-a-day",
            CreateCode,
            json(201, device_code_with("ttl_seconds", "86400")),
            "MalformedReply",
        ),
        case(
            "ttl-float",
            CreateCode,
            json(201, device_code_with("ttl_seconds", "900.5")),
            "MalformedReply",
        ),
        case(
            "ttl-string",
            CreateCode,
            json(201, device_code_with("ttl_seconds", "\"900\"")),
            "MalformedReply",
        ),
        case(
            "ttl-null",
            CreateCode,
            json(201, device_code_with("ttl_seconds", "null")),
            "MalformedReply",
        ),
        // --- device codes: strings ---
        case(
            "code-100k",
            CreateCode,
            json(
                201,
                device_code_with("code", &format!("\"{}\"", "K".repeat(100_000))),
            ),
            "MalformedReply",
        ),
        case(
            "code-short",
            CreateCode,
            json(201, device_code_with("code", "\"K7QX2M9\"")),
            "MalformedReply",
        ),
        case(
            "code-lowercase",
            CreateCode,
            json(201, device_code_with("code", "\"k7qx2m9d\"")),
            "MalformedReply",
        ),
        case(
            "code-look-alike",
            CreateCode,
            json(201, device_code_with("code", "\"K7QX2M90\"")),
            "MalformedReply",
        ),
        case(
            "code-number",
            CreateCode,
            json(201, device_code_with("code", "12345678")),
            "MalformedReply",
        ),
        case(
            "code-escapes",
            CreateCode,
            json(201, device_code_with("code", r#""K7QX\n2M9D""#)),
            "MalformedReply",
        ),
        case(
            "qr-huge",
            CreateCode,
            json(
                201,
                device_code_with(
                    "qr_payload",
                    &format!("\"K7QX2M9D{}\"", "A".repeat(500_000)),
                ),
            ),
            "MalformedReply",
        ),
        case(
            "qr-without-code",
            CreateCode,
            json(
                201,
                device_code_with("qr_payload", "\"https://evil.example/phish\""),
            ),
            "MalformedReply",
        ),
        case(
            "expires-garbage",
            CreateCode,
            json(201, device_code_with("expires_at", "\"soon\"")),
            "MalformedReply",
        ),
        // --- device codes: shapes ---
        case("body-empty", CreateCode, json(201, ""), "MalformedReply"),
        case("body-null", CreateCode, json(201, "null"), "MalformedReply"),
        case("body-array", CreateCode, json(201, "[]"), "MalformedReply"),
        case("body-object", CreateCode, json(201, "{}"), "MalformedReply"),
        case(
            "body-cut",
            CreateCode,
            json(201, r#"{"code": "K7QX"#),
            "MalformedReply",
        ),
        case(
            "body-trailing",
            CreateCode,
            json(
                201,
                format!("{} {{}}", device_code_with("code", "\"K7QX2M9D\"")),
            ),
            "MalformedReply",
        ),
        case(
            "body-nested",
            CreateCode,
            json(201, "[".repeat(100_000)),
            "MalformedReply",
        ),
        case(
            "body-not-utf8",
            CreateCode,
            typed(201, "application/json", vec![b'"', 0xff, 0xfe, b'"']),
            "MalformedReply",
        ),
        // --- content types and pages ---
        case(
            "html-200",
            CreateCode,
            typed(
                200,
                "text/html; charset=utf-8",
                "<!DOCTYPE html><html><body>Welcome to the hotel Wi-Fi</body></html>",
            ),
            "NotAService",
        ),
        case(
            "json-as-text",
            CreateCode,
            typed(201, "text/plain", device_code_with("code", "\"K7QX2M9D\"")),
            "MalformedReply",
        ),
        case(
            "no-content-type",
            CreateCode,
            Behaviour::Answer {
                status: 201,
                headers: vec![],
                body: device_code_with("code", "\"K7QX2M9D\"").into_bytes(),
            },
            "MalformedReply",
        ),
        case("html-502", CreateCode, html_page(502), "Unavailable"),
        case(
            "empty-503",
            CreateCode,
            Behaviour::Answer {
                status: 503,
                headers: vec![],
                body: vec![],
            },
            "Unavailable",
        ),
        case(
            "json-504",
            CreateCode,
            json(504, r#"{"error": "internal", "message": "upstream"}"#),
            "Unavailable",
        ),
        case("html-500", CreateCode, html_page(500), "Unavailable"),
        case(
            "internal-500",
            CreateCode,
            json(500, r#"{"error": "internal", "message": "db down"}"#),
            "Server",
        ),
        case("html-404", CreateCode, html_page(404), "NotAService"),
        case(
            "protocol-404-on-create",
            CreateCode,
            json(
                404,
                r#"{"error": "not_found", "message": "no such endpoint"}"#,
            ),
            "NotAService",
        ),
        case(
            "redirect",
            CreateCode,
            Behaviour::Answer {
                status: 301,
                headers: vec![("location".into(), "https://elsewhere.example/".into())],
                body: vec![],
            },
            "NotAService",
        ),
        case(
            "html-429",
            CreateCode,
            Behaviour::Answer {
                status: 429,
                headers: vec![
                    ("content-type".into(), "text/html".into()),
                    ("retry-after".into(), "30".into()),
                ],
                body: b"<h1>slow down</h1>".to_vec(),
            },
            "RateLimited",
        ),
        case(
            "session-expired",
            CreateCode,
            json(401, r#"{"error": "session_expired", "message": "sign in"}"#),
            "SessionExpired",
        ),
        case(
            "unknown-error-code",
            CreateCode,
            json(418, r#"{"error": "teapot", "message": "short and stout"}"#),
            "MalformedReply",
        ),
        case(
            "error-huge-attempts",
            SignIn,
            json(
                401,
                r#"{"error": "wrong_password", "message": "m", "attempts_left": 1099511627776}"#,
            ),
            "MalformedReply",
        ),
        case(
            "error-huge-retry",
            SignIn,
            json(
                423,
                r#"{"error": "locked", "message": "m", "retry_after": 18446744073709551615}"#,
            ),
            "MalformedReply",
        ),
        case(
            "error-huge-message",
            SignIn,
            json(
                400,
                format!(
                    r#"{{"error": "invalid_request", "message": "{}"}}"#,
                    "x".repeat(100_000)
                ),
            ),
            "MalformedReply",
        ),
        // --- size and speed ---
        case(
            "announced-1gb",
            CreateCode,
            Behaviour::Flood {
                content_type: "application/json".into(),
                content_length: Some(1 << 30),
            },
            "MalformedReply",
        ),
        case(
            "endless-chunked",
            CreateCode,
            Behaviour::Flood {
                content_type: "application/json".into(),
                content_length: None,
            },
            "MalformedReply",
        ),
        case(
            "slow-drip",
            CreateCode,
            Behaviour::Drip {
                status: 201,
                content_type: "application/json".into(),
                every: slow,
            },
            "Timeout",
        ),
        case(
            "slow-head",
            CreateCode,
            Behaviour::DripHead { every: slow },
            "Timeout",
        ),
        case("never-answers", CreateCode, Behaviour::Silent, "Timeout"),
        case("closes", CreateCode, Behaviour::Close, "Network"),
        case(
            "not-http",
            CreateCode,
            Behaviour::Raw(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".to_vec()),
            "Network",
        ),
        // --- sign-in ---
        case(
            "session-forever",
            SignIn,
            json(
                200,
                r#"{"token": "t", "token_type": "Bearer", "expires_in": 18446744073709551615}"#,
            ),
            "MalformedReply",
        ),
        case(
            "token-100k",
            SignIn,
            json(
                200,
                format!(
                    r#"{{"token": "{}", "token_type": "Bearer", "expires_in": 1200}}"#,
                    "t".repeat(100_000)
                ),
            ),
            "MalformedReply",
        ),
        case(
            "token-header-injection",
            SignIn,
            json(
                200,
                r#"{"token": "t\r\nX-Admin: 1", "token_type": "Bearer", "expires_in": 1200}"#,
            ),
            "MalformedReply",
        ),
        case(
            "token-type-basic",
            SignIn,
            json(
                200,
                r#"{"token": "t", "token_type": "Basic", "expires_in": 1200}"#,
            ),
            "MalformedReply",
        ),
        case(
            "sign-in-404",
            SignIn,
            json(
                404,
                r#"{"error": "not_found", "message": "no such endpoint"}"#,
            ),
            "NotAService",
        ),
        // --- challenge ---
        case(
            "challenge-short",
            Challenge,
            json(
                200,
                format!(
                    r#"{{"challenge_id": "c", "challenge": "{}", "expires_in": 120}}"#,
                    "ab".repeat(31)
                ),
            ),
            "MalformedReply",
        ),
        case(
            "challenge-not-hex",
            Challenge,
            json(
                200,
                format!(
                    r#"{{"challenge_id": "c", "challenge": "{}", "expires_in": 120}}"#,
                    "zz".repeat(32)
                ),
            ),
            "MalformedReply",
        ),
        case(
            "challenge-id-spaces",
            Challenge,
            json(
                200,
                format!(
                    r#"{{"challenge_id": "c d", "challenge": "{}", "expires_in": 120}}"#,
                    "ab".repeat(32)
                ),
            ),
            "MalformedReply",
        ),
        case(
            "challenge-forever",
            Challenge,
            json(
                200,
                format!(
                    r#"{{"challenge_id": "c", "challenge": "{}", "expires_in": 18446744073709551615}}"#,
                    "ab".repeat(32)
                ),
            ),
            "MalformedReply",
        ),
        // --- code status ---
        case(
            "status-unknown",
            CodeStatus,
            json(
                200,
                r#"{"code": "K7QX2M9D", "status": "stolen", "expires_at": "2026-11-30T03:38:29Z"}"#,
            ),
            "MalformedReply",
        ),
        case(
            "status-other-code",
            CodeStatus,
            json(
                200,
                r#"{"code": "AAAAAAAA", "status": "pending", "expires_at": "2026-11-30T03:38:29Z"}"#,
            ),
            "MalformedReply",
        ),
        case(
            "status-redeemed-nobody",
            CodeStatus,
            json(
                200,
                r#"{"code": "K7QX2M9D", "status": "redeemed", "expires_at": "2026-11-30T03:38:29Z"}"#,
            ),
            "MalformedReply",
        ),
        case(
            "status-unknown-code",
            CodeStatus,
            json(
                404,
                r#"{"error": "not_found", "message": "no such device code"}"#,
            ),
            "NotFound",
        ),
        case("status-html-404", CodeStatus, html_page(404), "NotAService"),
        // --- devices ---
        case(
            "devices-too-many",
            Devices,
            json(
                200,
                format!(
                    r#"{{"devices": [{}]}}"#,
                    vec![device("d1", "phone"); 501].join(",")
                ),
            ),
            "MalformedReply",
        ),
        case(
            "devices-over-1mib",
            Devices,
            json(
                200,
                format!(
                    r#"{{"devices": [{}]}}"#,
                    vec![device("d1", "phone"); 20_000].join(",")
                ),
            ),
            "MalformedReply",
        ),
        case(
            "device-id-escapes",
            Devices,
            json(
                200,
                format!(r#"{{"devices": [{}]}}"#, device("../../account", "phone")),
            ),
            "MalformedReply",
        ),
        case(
            "device-name-huge",
            Devices,
            json(
                200,
                format!(r#"{{"devices": [{}]}}"#, device("d1", &"N".repeat(1000))),
            ),
            "MalformedReply",
        ),
        // --- health ---
        case(
            "health-other-service",
            Health,
            json(200, r#"{"status": "UP"}"#),
            "MalformedReply",
        ),
        case(
            "health-protocol-0",
            Health,
            json(200, r#"{"status": "ok", "protocol": 0, "service": "x"}"#),
            "MalformedReply",
        ),
        case("health-web-page", Health, html_page(200), "NotAService"),
    ];
    // The well-formed replies pass, so the table is not passing for a wrong reason.
    cases.push(case(
        "control-code",
        CreateCode,
        json(201, device_code_with("code", "\"K7QX2M9D\"")),
        "Ok",
    ));
    cases.push(case(
        "control-devices",
        Devices,
        json(
            200,
            format!(r#"{{"devices": [{}]}}"#, device("d1", "phone")),
        ),
        "Ok",
    ));
    cases.push(case(
        "control-sign-in",
        SignIn,
        json(
            200,
            r#"{"token": "t", "token_type": "Bearer", "expires_in": 1200}"#,
        ),
        "Ok",
    ));
    cases
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_hostile_reply_ends_in_its_typed_error_in_time() {
    let table = cases();
    let behaviours: std::collections::HashMap<String, Behaviour> = table
        .iter()
        .map(|c| (c.name.to_owned(), c.behaviour.clone()))
        .collect();
    let server = serve(move |request| {
        behaviours
            .get(&request.case)
            .cloned()
            .unwrap_or(Behaviour::Close)
    })
    .await;

    let mut running = tokio::task::JoinSet::new();
    for c in &table {
        let client = RegistrationClient::with_options(&server.url(c.name), options()).unwrap();
        let (name, call, expect) = (c.name, c.call, c.expect);
        running.spawn(async move {
            let started = Instant::now();
            let result = run(call, client).await;
            (name, expect, result, started.elapsed())
        });
    }
    let mut failures = Vec::new();
    while let Some(done) = running.join_next().await {
        let (name, expect, result, took) = done.expect("no case panicked");
        let got = match &result {
            Ok(()) => "Ok".to_owned(),
            Err(e) => kind(e),
        };
        if got != expect {
            failures.push(format!("{name}: expected {expect}, got {result:?}"));
        }
        if took > DEADLINE {
            failures.push(format!("{name}: took {took:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The endless bodies were not read to their end: a few MiB at most went out (what the
    // kernel's buffers hold besides the 1 MiB the client reads), not a gigabyte.
    assert!(
        server.body_bytes_sent() < 64 << 20,
        "{} bytes",
        server.body_bytes_sent()
    );
}

#[tokio::test]
async fn retries_give_up_within_their_budget() {
    // A gateway that is down: the idempotent GET is tried 1 + 2 times, then Unavailable.
    let server = serve(|_| html_page(503)).await;
    let client = RegistrationClient::with_options(
        &server.url("down"),
        ClientOptions {
            max_retries: 2,
            ..options()
        },
    )
    .unwrap();
    let started = Instant::now();
    assert_eq!(
        client.list_devices(&session()).await,
        Err(ServiceError::Unavailable { status: 503 })
    );
    assert!(started.elapsed() < DEADLINE);
}
