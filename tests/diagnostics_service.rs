//! The registration-service half of diagnostics against the reference service on loopback:
//! plain HTTP (reachable, latency, "not encrypted, loopback only"), HTTPS with a trusted test
//! CA (TLS version), an untrusted and an expired certificate (typed causes), a closed port
//! (a clear cause); something that answers but is not a registration service (a web page,
//! another kind of health check, another protocol version); and `nhi-companion diagnose
//! --service URL` as a process, also with the protocol's `/api/v1` pasted on the end.

mod hostile_support;
mod service_support;
mod support;

use std::time::Duration;

use nhi_companion::diagnostics::{ProbeOptions, TlsCause, TlsStatus, probe_service};
use nhi_companion::problem::Problem;
use nhi_companion::service::reference::{ReferenceConfig, spawn_on_loopback};
use serde_json::Value;
use service_support::{config, test_pki, test_pki_with};

fn options() -> ProbeOptions {
    ProbeOptions {
        samples: 5,
        timeout: Duration::from_secs(3),
        extra_root_certs_pem: Vec::new(),
    }
}

/// A loopback port nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

#[tokio::test]
async fn plain_http_on_loopback_is_reachable_and_timed() {
    let (_, service) = spawn_on_loopback(config()).await.unwrap();
    let probe = probe_service(&service.base_url(), &options()).await;
    assert!(probe.reachable, "{probe:?}");
    assert_eq!(probe.problem, None);
    assert_eq!(probe.samples_ms.len(), 5);
    let median = probe.latency_ms.expect("a median");
    assert!((0.0..1000.0).contains(&median), "{median}");
    assert_eq!(probe.tls, TlsStatus::NotEncryptedLoopback);
    assert_eq!(probe.protocol, Some(1));
    assert!(
        probe
            .service
            .as_deref()
            .is_some_and(|s| s.starts_with("nhi-companion-reference")),
        "{probe:?}"
    );
}

#[tokio::test]
async fn a_closed_port_on_loopback_says_the_local_service_is_not_running() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let probe = probe_service(&url, &options()).await;
    assert!(!probe.reachable);
    assert_eq!(probe.problem, Some(Problem::LocalServiceNotRunning));
    assert_eq!(probe.tls, TlsStatus::NotChecked);
    assert_eq!(probe.latency_ms, None);
    // The same over https: no TCP connection, so no TLS verdict either.
    let url = format!("https://127.0.0.1:{}", closed_port());
    let probe = probe_service(&url, &options()).await;
    assert_eq!(probe.problem, Some(Problem::LocalServiceNotRunning));
    assert_eq!(probe.tls, TlsStatus::NotChecked);
}

#[tokio::test]
async fn https_with_a_trusted_ca_reports_the_tls_version() {
    let pki = test_pki();
    let (_, service) = spawn_on_loopback(ReferenceConfig {
        tls: Some(pki.server),
        ..config()
    })
    .await
    .unwrap();
    let probe = probe_service(
        &service.base_url(),
        &ProbeOptions {
            extra_root_certs_pem: vec![pki.ca_pem.into_bytes()],
            ..options()
        },
    )
    .await;
    assert!(probe.reachable, "{probe:?}");
    assert_eq!(probe.problem, None);
    match &probe.tls {
        TlsStatus::Ok { version, cipher } => {
            assert_eq!(version, "TLS 1.3");
            assert!(cipher.starts_with("TLS13_"), "{cipher}");
        }
        other => panic!("{other:?}"),
    }
    assert!(probe.latency_ms.is_some());
}

#[tokio::test]
async fn an_untrusted_certificate_is_a_typed_cause() {
    let (_, service) = spawn_on_loopback(ReferenceConfig {
        tls: Some(test_pki().server),
        ..config()
    })
    .await
    .unwrap();
    let probe = probe_service(&service.base_url(), &options()).await;
    assert_eq!(
        probe.tls,
        TlsStatus::Failed {
            cause: TlsCause::UnknownIssuer
        }
    );
    assert_eq!(probe.problem, Some(Problem::UntrustedCertificate));
    assert!(probe.reachable, "the port answered; only trust failed");
    assert!(probe.samples_ms.is_empty(), "nothing is sent over it");
}

#[tokio::test]
async fn an_expired_certificate_points_at_the_clock() {
    let pki = test_pki_with(|params| {
        params.not_before = rcgen::date_time_ymd(2019, 1, 1);
        params.not_after = rcgen::date_time_ymd(2020, 1, 1);
    });
    let (_, service) = spawn_on_loopback(ReferenceConfig {
        tls: Some(pki.server),
        ..config()
    })
    .await
    .unwrap();
    let probe = probe_service(
        &service.base_url(),
        &ProbeOptions {
            extra_root_certs_pem: vec![pki.ca_pem.into_bytes()],
            ..options()
        },
    )
    .await;
    assert_eq!(
        probe.tls,
        TlsStatus::Failed {
            cause: TlsCause::Expired
        }
    );
    // TlsFailure's advice is to check the computer's date and time.
    assert_eq!(probe.problem, Some(Problem::TlsFailure));
}

/// `nhi-companion diagnose ARGS` as a process, while this test's runtime serves.
async fn diagnose(args: &[&str]) -> support::child::Run {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        support::child::run(&args)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_checks_the_service_it_is_given() {
    let (_, service) = spawn_on_loopback(config()).await.unwrap();
    let url = service.base_url();

    let out = diagnose(&["diagnose", "--json", "--service", &url]).await;
    assert_eq!(out.code, Some(0), "{out:#?}");
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let section = &report["registration_service"];
    assert_eq!(section["url"], url.as_str());
    assert_eq!(section["reachable"], true);
    assert!(section["latency_ms"].as_f64().is_some(), "{section}");
    assert_eq!(section["samples_ms"].as_array().unwrap().len(), 5);
    assert_eq!(section["tls"]["status"], "not_encrypted_loopback");
    let service_problems: Vec<&Value> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["area"] == "registration_service")
        .collect();
    assert!(service_problems.is_empty(), "{service_problems:?}");

    let text = diagnose(&["diagnose", "--service", &url]).await;
    assert_eq!(text.code, Some(0), "{text:#?}");
    assert!(
        text.stdout.contains("Reachable: median round trip"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("可以連線：來回時間中位數"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("Not encrypted: plain HTTP, allowed only to this computer (loopback)"),
        "{}",
        text.stdout
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_names_an_unreachable_service_and_ends_with_the_hotlines() {
    let url = format!("http://127.0.0.1:{}", closed_port());
    let json = diagnose(&["diagnose", "--json", "--service", &url]).await;
    assert_eq!(json.code, Some(0), "{json:#?}");
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["registration_service"]["reachable"], false);
    let codes: Vec<&str> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["area"] == "registration_service")
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["local-service-not-running"]);

    let text = diagnose(&["diagnose", "--service", &url]).await;
    assert!(
        text.stdout
            .contains("The registration service on this computer is not running")
            && text.stdout.contains("本機的註冊系統沒有執行"),
        "{}",
        text.stdout
    );
    let tail: Vec<&str> = text.stdout.lines().rev().take(6).collect();
    let tail = tail.join("\n");
    assert!(
        tail.contains("0800-030-598") && tail.contains("(02)4128-678"),
        "{}",
        text.stdout
    );
    // `--service` must be a URL the client accepts; a bad one is reported, not a crash.
    let bad = diagnose(&["diagnose", "--json", "--service", "http://example.org"]).await;
    assert_eq!(bad.code, Some(0), "{bad:#?}");
    assert!(
        bad.stdout.contains("\"insecure-service-url\""),
        "{}",
        bad.stdout
    );
}

#[tokio::test]
async fn an_answer_that_is_not_a_registration_service_is_named() {
    use hostile_support::{html_page, json, serve};
    let server = serve(|request| match request.case.as_str() {
        // Spring Boot's health check at the same path: JSON, but not ours.
        "spring" => json(200, r#"{"status": "UP"}"#),
        "web" => html_page(200),
        "portal" => hostile_support::typed(302, "text/html", "<a href=\"/login\">login</a>"),
        "html-404" => html_page(404),
        "newer" => json(
            200,
            r#"{"status": "ok", "protocol": 2, "service": "registration 2.0"}"#,
        ),
        _ => json(
            200,
            r#"{"status": "ok", "protocol": 1, "service": "a good one"}"#,
        ),
    })
    .await;
    for case in ["spring", "web", "portal", "html-404"] {
        let probe = probe_service(&server.url(case), &options()).await;
        assert_eq!(
            probe.problem,
            Some(Problem::NotRegistrationService),
            "{case}: {probe:?}"
        );
        assert!(probe.reachable, "{case}: something did answer");
        assert_eq!(probe.service, None, "{case}");
    }
    // A registration service, but one this app cannot speak to.
    let probe = probe_service(&server.url("newer"), &options()).await;
    assert_eq!(probe.problem, Some(Problem::MalformedReply), "{probe:?}");
    assert_eq!(probe.protocol, Some(2));
    // The control: a well-formed health answer passes.
    let probe = probe_service(&server.url("good"), &options()).await;
    assert_eq!(probe.problem, None, "{probe:?}");
    assert_eq!(probe.service.as_deref(), Some("a good one"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_takes_the_protocol_suffix_off_the_address() {
    let (_, service) = spawn_on_loopback(config()).await.unwrap();
    let url = service.base_url();
    let pasted = format!("{url}/api/v1/");
    let out = diagnose(&["diagnose", "--json", "--service", &pasted]).await;
    assert_eq!(out.code, Some(0), "{out:#?}");
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let section = &report["registration_service"];
    assert_eq!(section["url"], url.as_str(), "{section}");
    assert_eq!(section["reachable"], true, "{section}");
    assert_eq!(section["service"], "nhi-companion-reference 0.1.0");
    // Said in the log, so whoever pasted it learns the right form.
    assert!(
        out.stderr.contains("--service") && out.stderr.contains("/api/v1"),
        "{}",
        out.stderr
    );
}
