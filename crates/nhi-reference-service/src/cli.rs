//! `nhi-companion reference-service` and `nhi-reference-service`: run the reference registration service until Ctrl-C.
//!
//! On a network address (a training room) it serves only what acts for the holder of a
//! credential: the demo outbox and fault injection are refused there, and card keys derived
//! from the public demo secret are off unless asked for (docs/PROTOCOL.md, "On a network").

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::certificate::CertificateConfig;
use crate::{
    CardsFile, ReferenceConfig, ReferenceService, TlsPem, check_listen_addr,
    check_loopback_only_features,
};

#[derive(Debug, Args)]
pub struct ReferenceServiceArgs {
    /// Address to listen on. Non-loopback addresses need --tls-cert and --tls-key.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8480")]
    pub listen: SocketAddr,
    /// Keep registrations and devices in this JSON file (written atomically). Default: memory.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Write each e-mail (verification, reset) into this directory as a file.
    #[arg(long, value_name = "DIR")]
    pub outbox: Option<PathBuf>,
    /// TLS certificate chain, PEM.
    #[arg(long, value_name = "PEM", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key, PEM.
    #[arg(long, value_name = "PEM", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// More cards: {"cards": [{"card_number", "id_number", "key_hex"?, "registration"?}]}.
    #[arg(long, value_name = "FILE")]
    pub cards: Option<PathBuf>,
    /// Mount the fault-injection endpoint (POST/DELETE /api/v1/_faults). Tests only;
    /// refused with a non-loopback --listen.
    #[arg(long)]
    pub enable_faults: bool,
    /// Serve the demo outbox (GET /api/v1/demo/outbox: every mail's token and address), for
    /// `nhi-companion --demo --service URL`. Refused with a non-loopback --listen.
    #[arg(long)]
    pub demo_outbox: bool,
    /// Give card numbers not listed in --cards a key derived from the demo secret, which is
    /// public (in this program's source): anyone can then make card proof for them. Always on
    /// with a loopback --listen; on a network address only with this flag, for a room of
    /// fictional virtual cards.
    #[arg(long)]
    pub derive_card_keys: bool,
    /// Offer certificate sign-in (自然人憑證): trust the CA certificates in this PEM file
    /// (one or more; repeat the option for more files).
    #[arg(long = "moica-ca", value_name = "PEM")]
    pub moica_ca: Vec<PathBuf>,
    /// Bind a certificate not listed in --cards ("certificates") to the ID number of its
    /// first sign-in. Always on with a loopback --listen; on a network address only with this
    /// flag (anyone with a certificate from a trusted CA could claim an unbound ID number).
    #[arg(long)]
    pub bind_certificates_at_first_use: bool,
}

pub fn run(args: ReferenceServiceArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("reference-service: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(args: ReferenceServiceArgs) -> Result<(), String> {
    let config = config_from(&args)?;
    let tls = config.tls.is_some();
    check_listen_addr(args.listen, tls).map_err(|e| e.to_string())?;
    check_loopback_only_features(args.listen, &config).map_err(|e| e.to_string())?;
    warn_about_public_keys(&args, &config);
    let service = ReferenceService::new(config).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    // On stdout, alone on its line, so scripts started with port 0 can read the real address.
    println!(
        "listening on {}://{addr}",
        if tls { "https" } else { "http" }
    );
    service
        .serve_until(listener, stop_signal())
        .await
        .map_err(|e| e.to_string())
}

/// Ctrl-C anywhere; SIGTERM too on Unix (service managers, `kill`).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            tracing::info!("stop signal: shutting down");
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("Ctrl-C: shutting down");
}

fn config_from(args: &ReferenceServiceArgs) -> Result<ReferenceConfig, String> {
    let read = |path: &PathBuf| {
        std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsPem {
            cert_chain_pem: read(cert)?,
            private_key_pem: read(key)?,
        }),
        _ => None,
    };
    let (cards, holders) = match &args.cards {
        Some(path) => {
            let file: CardsFile = serde_json::from_slice(&read(path)?)
                .map_err(|e| format!("{} is not a cards file: {e}", path.display()))?;
            (file.cards, file.certificates)
        }
        None => (Vec::new(), Vec::new()),
    };
    let loopback = args.listen.ip().to_canonical().is_loopback();
    let certificates = CertificateConfig {
        roots_pem: args.moica_ca.iter().map(read).collect::<Result<_, _>>()?,
        holders,
        bind_at_first_use: loopback || args.bind_certificates_at_first_use,
    };
    Ok(ReferenceConfig {
        state_file: args.state.clone(),
        outbox_dir: args.outbox.clone(),
        demo_outbox: args.demo_outbox,
        tls,
        cards,
        derive_unknown_cards: loopback || args.derive_card_keys,
        enable_faults: args.enable_faults,
        certificates,
        ..ReferenceConfig::default()
    })
}

/// On a network, say which card proof anyone could make: derived keys, and listed cards
/// without their own `key_hex` (their key also comes from the public demo secret).
fn warn_about_public_keys(args: &ReferenceServiceArgs, config: &ReferenceConfig) {
    if args.listen.ip().to_canonical().is_loopback() {
        return;
    }
    if config.derive_unknown_cards {
        tracing::warn!(
            "--derive-card-keys on a network address: anyone can make card proof for any card              number not in --cards; use it only with fictional cards"
        );
    }
    let public = config.cards.iter().filter(|c| c.key_hex.is_none()).count();
    if public > 0 {
        tracing::warn!(
            cards = public,
            "cards listed without key_hex use a key from the public demo secret: anyone can              make card proof for them; give each its own key_hex"
        );
    }
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        args: ReferenceServiceArgs,
    }

    fn config(args: &[&str]) -> ReferenceConfig {
        let cli = Cli::try_parse_from(std::iter::once("x").chain(args.iter().copied())).unwrap();
        config_from(&cli.args).unwrap()
    }

    #[test]
    fn certificates_bind_at_first_use_on_loopback_and_only_when_asked_on_a_network() {
        let dir = tempfile::tempdir().unwrap();
        let ca = nhi_token::demo_ca::DemoCa::new("Test", false).unwrap();
        let pem = dir.path().join("ca.pem");
        std::fs::write(&pem, ca.root_pem()).unwrap();
        let pem = pem.to_str().unwrap();
        let loopback = config(&["--moica-ca", pem]);
        assert!(loopback.certificates.bind_at_first_use);
        assert_eq!(loopback.certificates.roots_pem.len(), 1);
        let network = config(&["--listen", "0.0.0.0:8443", "--moica-ca", pem]);
        assert!(!network.certificates.bind_at_first_use);
        let asked = config(&[
            "--listen",
            "0.0.0.0:8443",
            "--moica-ca",
            pem,
            "--moica-ca",
            pem,
            "--bind-certificates-at-first-use",
        ]);
        assert!(asked.certificates.bind_at_first_use);
        assert_eq!(asked.certificates.roots_pem.len(), 2);
        assert!(config(&[]).certificates.roots_pem.is_empty());
    }
}
