use super::*;
use crate::protocol::DeviceCodeResponse;

const SIGN_IN: Route = Route::fixed("/sign-in");
const STATUS: Route = Route::resource("/device-codes/{code}");

fn answer(status: u16, content_type: &str, body: &str) -> Answer {
    Answer {
        status,
        content_type: Some(content_type.to_owned()),
        retry_after: None,
        body: Body::read(body),
    }
}

const JSON: &str = "application/json";

#[test]
fn gateway_and_html_error_pages_are_unavailable() {
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    for status in [502, 503, 504] {
        assert_eq!(
            failure(SIGN_IN, &answer(status, "text/html", page)),
            ServiceError::Unavailable { status }
        );
    }
    assert_eq!(
        failure(SIGN_IN, &answer(500, "text/html", page)),
        ServiceError::Unavailable { status: 500 }
    );
    assert_eq!(
        failure(SIGN_IN, &answer(403, "text/html", page)),
        ServiceError::Unavailable { status: 403 }
    );
}

#[test]
fn not_found_depends_on_the_route() {
    let body = r#"{"error": "not_found", "message": "no such route"}"#;
    assert!(matches!(
        failure(SIGN_IN, &answer(404, JSON, body)),
        ServiceError::NotAService {
            status: Some(404),
            ..
        }
    ));
    assert_eq!(
        failure(STATUS, &answer(404, JSON, body)),
        ServiceError::NotFound
    );
    // A web server's own 404 page is never the protocol's "unknown code".
    assert!(matches!(
        failure(STATUS, &answer(404, "text/html", "<h1>Not Found</h1>")),
        ServiceError::NotAService { .. }
    ));
}

#[test]
fn a_web_page_instead_of_json_is_not_a_service() {
    let err = decode::<DeviceCodeResponse>(SIGN_IN, &answer(200, "text/html", "<!doctype html>"))
        .unwrap_err();
    assert!(
        matches!(
            err,
            ServiceError::NotAService {
                status: Some(200),
                ..
            }
        ),
        "{err:?}"
    );
    let err = decode::<DeviceCodeResponse>(SIGN_IN, &answer(200, "text/plain", "{}")).unwrap_err();
    assert!(
        matches!(err, ServiceError::MalformedReply { .. }),
        "{err:?}"
    );
}

#[test]
fn details_never_quote_values() {
    let body = r#"{"code": "A123456789", "qr_payload": 5, "ttl_seconds": 900, "expires_at": "x"}"#;
    let err = decode::<DeviceCodeResponse>(SIGN_IN, &answer(201, JSON, body)).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("qr_payload"), "{text}");
    assert!(!text.contains("A123456789"), "{text}");
    let body = r#"{"code": "A123456789"}"#;
    let text = decode::<DeviceCodeResponse>(SIGN_IN, &answer(201, JSON, body))
        .unwrap_err()
        .to_string();
    assert!(
        text.contains("qr_payload") && !text.contains("A123456789"),
        "{text}"
    );
}

#[test]
fn rate_limits_take_the_header() {
    let mut a = answer(429, "text/html", "<h1>slow down</h1>");
    a.retry_after = Some("30".into());
    assert_eq!(
        failure(SIGN_IN, &a),
        ServiceError::RateLimited {
            retry_after: Some(Duration::from_secs(30))
        }
    );
    a.retry_after = Some("99999999999999999999".into());
    assert_eq!(
        failure(SIGN_IN, &a),
        ServiceError::RateLimited { retry_after: None }
    );
}

#[test]
fn error_messages_stay_on_one_line() {
    let body = r#"{"error": "invalid_request", "message": "bad\nINFO forged line"}"#;
    assert_eq!(
        failure(SIGN_IN, &answer(400, JSON, body)),
        ServiceError::InvalidRequest {
            message: "bad INFO forged line".into()
        }
    );
}
