//! The registration service half of a report: can we reach it, how long a round trip takes,
//! and whether the connection is encrypted (and if not, why not).
//!
//! Reachability and latency come from `GET /api/v1/health` (docs/PROTOCOL.md), a few calls
//! with no retries, the median reported (the first call also pays for the TCP and TLS set-up).
//! The TLS status comes from a handshake of our own with the client's exact rustls
//! configuration, because reqwest does not tell which TLS version it negotiated, and because a
//! certificate failure is worth a typed cause: "expired" means "check the clock", "unknown
//! issuer" does not.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::CertificateError;
use rustls_pki_types::ServerName;
use serde::Serialize;
use url::{Host, Url};

use crate::problem::{AsProblem, Problem};
use crate::service::protocol::PROTOCOL_VERSION;
use crate::service::{ClientOptions, RegistrationClient, ServiceError};

/// How the service is probed.
#[derive(Debug, Clone)]
pub struct ProbeOptions {
    /// Round trips to measure (the median is reported).
    pub samples: u32,
    /// For each connection set-up and each call.
    pub timeout: Duration,
    /// PEM roots trusted besides the platform's, as for the client (a training site's own CA).
    pub extra_root_certs_pem: Vec<Vec<u8>>,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            samples: 5,
            timeout: Duration::from_secs(5),
            extra_root_certs_pem: Vec::new(),
        }
    }
}

/// What the probe found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceProbe {
    pub url: String,
    /// The service answered at least once.
    pub reachable: bool,
    /// Median round trip of the answered calls, in milliseconds (0.1 ms resolution).
    pub latency_ms: Option<f64>,
    /// Every answered round trip, in milliseconds, in order.
    pub samples_ms: Vec<f64>,
    pub tls: TlsStatus,
    /// What the service says it is (`service` of its health answer: free text for support).
    pub service: Option<String>,
    /// The protocol version it speaks.
    pub protocol: Option<u32>,
    /// Why it cannot be used, if it cannot. In the JSON this is in the report's `problems`.
    #[serde(skip)]
    pub problem: Option<Problem>,
}

/// The connection's encryption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TlsStatus {
    /// `http://` to this computer: allowed (and only allowed) on loopback.
    NotEncryptedLoopback,
    /// `https://`, handshake done and the certificate trusted.
    Ok {
        version: String,
        cipher: String,
    },
    Failed {
        cause: TlsCause,
    },
    /// No connection was made (bad address, nothing listening), so nothing to say.
    NotChecked,
}

/// Why a TLS handshake failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TlsCause {
    Expired,
    NotYetValid,
    UnknownIssuer,
    NameMismatch,
    Revoked,
    /// Any other reason the certificate was refused (self-signed, a CA used as a server
    /// certificate, a bad signature…), by rustls's description.
    BadCertificate {
        detail: String,
    },
    /// The handshake failed for a reason other than the certificate.
    Other {
        detail: String,
    },
}

impl TlsCause {
    /// An expired or not-yet-valid certificate is most often this computer's wrong clock (the
    /// `TlsFailure` hint says to check it); the other causes are about whom we talk to.
    pub fn problem(&self) -> Problem {
        match self {
            TlsCause::Expired | TlsCause::NotYetValid | TlsCause::Other { .. } => {
                Problem::TlsFailure
            }
            TlsCause::UnknownIssuer
            | TlsCause::NameMismatch
            | TlsCause::Revoked
            | TlsCause::BadCertificate { .. } => Problem::UntrustedCertificate,
        }
    }

    /// The Fluent id (under `diag-tls-cause-`) that explains it.
    pub fn message_id(&self) -> &'static str {
        match self {
            TlsCause::Expired => "diag-tls-cause-expired",
            TlsCause::NotYetValid => "diag-tls-cause-not-yet-valid",
            TlsCause::UnknownIssuer => "diag-tls-cause-unknown-issuer",
            TlsCause::NameMismatch => "diag-tls-cause-name-mismatch",
            TlsCause::Revoked => "diag-tls-cause-revoked",
            TlsCause::BadCertificate { .. } | TlsCause::Other { .. } => "diag-tls-cause-other",
        }
    }

    fn from_rustls(e: &rustls::Error) -> TlsCause {
        match e {
            rustls::Error::InvalidCertificate(c) => match c {
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                    TlsCause::Expired
                }
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                    TlsCause::NotYetValid
                }
                CertificateError::UnknownIssuer => TlsCause::UnknownIssuer,
                CertificateError::NotValidForName
                | CertificateError::NotValidForNameContext { .. } => TlsCause::NameMismatch,
                CertificateError::Revoked => TlsCause::Revoked,
                other => TlsCause::BadCertificate {
                    detail: format!("{other:?}"),
                },
            },
            other => TlsCause::Other {
                detail: other.to_string(),
            },
        }
    }
}

impl ServiceProbe {
    fn new(url: &str) -> ServiceProbe {
        ServiceProbe {
            url: url.to_owned(),
            reachable: false,
            latency_ms: None,
            samples_ms: Vec::new(),
            tls: TlsStatus::NotChecked,
            service: None,
            protocol: None,
            problem: None,
        }
    }
}

/// Probes the service at `url`. Never fails: every failure is in the result.
pub async fn probe_service(url: &str, options: &ProbeOptions) -> ServiceProbe {
    let mut probe = ServiceProbe::new(url);
    let client = match RegistrationClient::with_options(url, client_options(options)) {
        Ok(client) => client,
        Err(e) => {
            probe.problem = Some(e.problem());
            return probe;
        }
    };
    let loopback = client.is_loopback();
    let base = client.base_url().clone();
    // What was checked: the address as the client uses it (`/api/v1` taken off).
    probe.url = base.as_str().trim_end_matches('/').to_owned();
    if base.scheme() == "https" {
        match handshake(&base, options).await {
            Ok(tls) => probe.tls = tls,
            Err(Handshake::Unreachable(problem)) => {
                probe.problem = Some(unreachable(problem, loopback));
                return probe;
            }
            Err(Handshake::Refused(cause)) => {
                // TCP got through: the service is there, but we must not talk to it.
                probe.reachable = true;
                probe.problem = Some(cause.problem());
                probe.tls = TlsStatus::Failed { cause };
                return probe;
            }
        }
    } else {
        probe.tls = TlsStatus::NotEncryptedLoopback;
    }
    for _ in 0..options.samples.max(1) {
        let started = Instant::now();
        let result = client.health().await;
        let ms = (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0;
        match result {
            Ok(health) => {
                probe.samples_ms.push(ms);
                if health.protocol != PROTOCOL_VERSION {
                    // A registration service, but of another protocol version.
                    tracing::warn!(
                        protocol = health.protocol,
                        "diagnostics: the service speaks another protocol version"
                    );
                    probe.problem = Some(Problem::MalformedReply);
                }
                probe.service = Some(health.service);
                probe.protocol = Some(health.protocol);
            }
            // A service without the health endpoint still answered, in the protocol's terms
            // (a protocol error body: the reply checks made sure of that).
            Err(ServiceError::NotFound) => probe.samples_ms.push(ms),
            // Something answered, but not as a registration service: a web page, a redirect,
            // a JSON health check of some other kind (`{"status": "UP"}`)…
            Err(
                e @ (ServiceError::NotAService { .. }
                | ServiceError::MalformedReply {
                    status: Some(200..=299),
                    ..
                }),
            ) => {
                tracing::warn!(error = %e, "diagnostics: the health answer is not a registration service's");
                probe.samples_ms.push(ms);
                probe.problem = Some(Problem::NotRegistrationService);
                break;
            }
            Err(e) => {
                probe.problem = Some(match e {
                    ServiceError::Network { .. } => unreachable(Problem::NetworkDown, loopback),
                    ServiceError::Tls { .. } => Problem::TlsFailure,
                    other => other.problem(),
                });
                break;
            }
        }
    }
    probe.reachable = !probe.samples_ms.is_empty();
    probe.latency_ms = median(&probe.samples_ms);
    if !probe.reachable && probe.tls == TlsStatus::NotEncryptedLoopback {
        // Nothing was connected to, so nothing was (not) encrypted either.
        probe.tls = TlsStatus::NotChecked;
    }
    probe
}

/// "Check the internet connection" is wrong advice for a service on this computer.
fn unreachable(problem: Problem, loopback: bool) -> Problem {
    match problem {
        Problem::NetworkDown if loopback => Problem::LocalServiceNotRunning,
        other => other,
    }
}

fn client_options(options: &ProbeOptions) -> ClientOptions {
    ClientOptions {
        connect_timeout: options.timeout,
        read_timeout: options.timeout,
        request_timeout: options.timeout,
        // One call, one round trip: a retry would hide the latency (and the failure).
        max_retries: 0,
        retry_backoff: Duration::ZERO,
        extra_root_certs_pem: options.extra_root_certs_pem.clone(),
    }
}

/// The middle value (the mean of the middle two for an even count).
pub fn median(samples: &[f64]) -> Option<f64> {
    if samples.is_empty() {
        return None;
    }
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    let value = if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    };
    Some((value * 10.0).round() / 10.0)
}

enum Handshake {
    /// No TCP connection (refused, no route, DNS, timeout).
    Unreachable(Problem),
    /// Connected, but the TLS handshake failed.
    Refused(TlsCause),
}

/// One TLS handshake with the client's configuration; reports the version and cipher suite.
async fn handshake(base: &Url, options: &ProbeOptions) -> Result<TlsStatus, Handshake> {
    let config = crate::service::tls::client_config(&options.extra_root_certs_pem)
        .map_err(|detail| Handshake::Refused(TlsCause::Other { detail }))?;
    let port = base.port_or_known_default().unwrap_or(443);
    let (name, tcp) = match base.host() {
        Some(Host::Domain(d)) => (
            ServerName::try_from(d.to_owned())
                .map_err(|_| Handshake::Unreachable(Problem::InvalidServiceUrl))?,
            tokio::time::timeout(options.timeout, tokio::net::TcpStream::connect((d, port))).await,
        ),
        Some(Host::Ipv4(ip)) => connect_ip(IpAddr::V4(ip), port, options).await,
        Some(Host::Ipv6(ip)) => connect_ip(IpAddr::V6(ip), port, options).await,
        None => return Err(Handshake::Unreachable(Problem::InvalidServiceUrl)),
    };
    let tcp = match tcp {
        Ok(Ok(tcp)) => tcp,
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "diagnostics: TCP connect failed");
            return Err(Handshake::Unreachable(Problem::NetworkDown));
        }
        Err(_) => return Err(Handshake::Unreachable(Problem::ServiceTimeout)),
    };
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let stream = match tokio::time::timeout(options.timeout, connector.connect(name, tcp)).await {
        Ok(Ok(stream)) => stream,
        Ok(Err(e)) => {
            let cause = match e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                Some(tls) => TlsCause::from_rustls(tls),
                None => TlsCause::Other {
                    detail: e.to_string(),
                },
            };
            return Err(Handshake::Refused(cause));
        }
        Err(_) => return Err(Handshake::Unreachable(Problem::ServiceTimeout)),
    };
    let (_, connection) = stream.get_ref();
    let version = match connection.protocol_version() {
        Some(rustls::ProtocolVersion::TLSv1_3) => "TLS 1.3".to_owned(),
        Some(rustls::ProtocolVersion::TLSv1_2) => "TLS 1.2".to_owned(),
        Some(other) => format!("{other:?}"),
        None => "TLS".to_owned(),
    };
    let cipher = connection
        .negotiated_cipher_suite()
        .map(|s| format!("{:?}", s.suite()))
        .unwrap_or_default();
    Ok(TlsStatus::Ok { version, cipher })
}

type Connected = Result<std::io::Result<tokio::net::TcpStream>, tokio::time::error::Elapsed>;

async fn connect_ip(
    ip: IpAddr,
    port: u16,
    options: &ProbeOptions,
) -> (ServerName<'static>, Connected) {
    let tcp = tokio::time::timeout(
        options.timeout,
        tokio::net::TcpStream::connect(SocketAddr::new(ip, port)),
    )
    .await;
    (ServerName::IpAddress(ip.into()), tcp)
}

#[cfg(test)]
mod tests;
