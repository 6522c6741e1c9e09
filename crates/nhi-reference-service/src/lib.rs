//! The reference registration service: the open protocol of docs/PROTOCOL.md on axum, for the
//! demo, training kiosks and tests.
//!
//! Embed it in-process with [`spawn_on_loopback`], or run it with [`serve`] on a listener of
//! your own (`nhi-companion reference-service` does). It listens on loopback unless given a
//! TLS certificate; it keeps its data in memory unless given a state file.

pub mod api_error;
pub mod cards;
pub mod certificate;
pub mod cli;
pub mod clock;
pub mod config;
pub mod faults;
pub mod handlers;
pub mod mail;
pub mod password;
pub mod ratelimit;
pub mod routes;
pub mod server;
pub mod state;

use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use clock::Clock;
pub use config::{CardEntry, CardsFile, HashCost, Policy, ReferenceConfig, TlsPem};

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    #[error("refusing to listen on non-loopback {0} without TLS (give --tls-cert and --tls-key)")]
    InsecureListen(SocketAddr),
    /// The demo outbox or fault injection asked for on a listener other computers can reach.
    #[error(
        "refusing {what} on non-loopback {addr}: it lets anyone who can reach the service act for everyone (read every mail's token, break others' requests); it is for the demo and tests on 127.0.0.1 only"
    )]
    LoopbackOnly {
        addr: SocketAddr,
        what: &'static str,
    },
    #[error("TLS configuration: {0}")]
    Tls(String),
    #[error("configuration: {0}")]
    Config(String),
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
}

/// A configured service, not yet listening: holds the state, so callers can reach the clock
/// before serving.
pub struct ReferenceService {
    state: state::AppState,
    tls: Option<Arc<rustls::ServerConfig>>,
    /// Features this service must serve on loopback only (checked against the listener).
    loopback_only: Vec<&'static str>,
}

/// What a service started with `config` serves that must never reach a network.
fn loopback_only_features(config: &ReferenceConfig) -> Vec<&'static str> {
    let mut features = Vec::new();
    if config.demo_outbox {
        features.push("the demo outbox (--demo-outbox)");
    }
    if config.enable_faults {
        features.push("fault injection (--enable-faults)");
    }
    features
}

/// Refuses the demo outbox and fault injection on a listener other computers can reach.
pub fn check_loopback_only_features(
    addr: SocketAddr,
    config: &ReferenceConfig,
) -> Result<(), ReferenceError> {
    match loopback_only_features(config).first() {
        Some(what) if !addr.ip().to_canonical().is_loopback() => {
            Err(ReferenceError::LoopbackOnly { addr, what })
        }
        _ => Ok(()),
    }
}

impl ReferenceService {
    pub fn new(config: ReferenceConfig) -> Result<Self, ReferenceError> {
        Self::with_clock(config, Clock::new())
    }

    /// With a clock the caller keeps (tests advance it).
    pub fn with_clock(config: ReferenceConfig, clock: Clock) -> Result<Self, ReferenceError> {
        let tls = match &config.tls {
            Some(pem) => Some(Arc::new(
                nhi_protocol::tls::server_config(&pem.cert_chain_pem, &pem.private_key_pem)
                    .map_err(ReferenceError::Tls)?,
            )),
            None => None,
        };
        let state = state::Shared::new(&config, clock).map_err(ReferenceError::Config)?;
        Ok(Self {
            state,
            tls,
            loopback_only: loopback_only_features(&config),
        })
    }

    pub fn clock(&self) -> Clock {
        self.state.clock.clone()
    }

    pub fn uses_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Serves on `listener` until `shutdown` completes, then drains open connections.
    pub async fn serve_until(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send,
    ) -> Result<(), ReferenceError> {
        let addr = listener.local_addr()?;
        check_listen_addr(addr, self.tls.is_some())?;
        if let Some(&what) = self.loopback_only.first()
            && !addr.ip().to_canonical().is_loopback()
        {
            return Err(ReferenceError::LoopbackOnly { addr, what });
        }
        tracing::info!(%addr, tls = self.tls.is_some(), faults = self.state.faults_enabled,
            demo_outbox = self.state.demo_outbox, "reference service listening");
        let router = routes::router(self.state.clone());
        server::run(listener, router, self.state, self.tls, shutdown).await;
        Ok(())
    }
}

/// Plain HTTP only on loopback: anywhere else the password would cross a network in clear.
pub fn check_listen_addr(addr: SocketAddr, tls: bool) -> Result<(), ReferenceError> {
    if tls || addr.ip().to_canonical().is_loopback() {
        Ok(())
    } else {
        Err(ReferenceError::InsecureListen(addr))
    }
}

/// Serves the protocol on `listener` until the task is dropped or the process ends.
pub async fn serve(config: ReferenceConfig, listener: TcpListener) -> Result<(), ReferenceError> {
    ReferenceService::new(config)?
        .serve_until(listener, std::future::pending())
        .await
}

/// Starts the service in-process on `127.0.0.1:<free port>` (with TLS if the config has a
/// certificate). For tests and the desktop demo.
pub async fn spawn_on_loopback(
    config: ReferenceConfig,
) -> Result<(SocketAddr, ReferenceHandle), ReferenceError> {
    let service = ReferenceService::new(config)?;
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let addr = listener.local_addr()?;
    let clock = service.clock();
    let tls = service.uses_tls();
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(service.serve_until(listener, async {
        let _ = rx.await;
    }));
    Ok((
        addr,
        ReferenceHandle {
            addr,
            tls,
            clock,
            shutdown: Some(tx),
            task: Some(task),
        },
    ))
}

/// A running embedded service. Dropping it stops the service too.
#[derive(Debug)]
pub struct ReferenceHandle {
    addr: SocketAddr,
    tls: bool,
    clock: Clock,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<Result<(), ReferenceError>>>,
}

impl ReferenceHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, or `https://…` with TLS.
    pub fn base_url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// The service's clock: advance it to expire things without waiting.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Stops accepting, lets open requests finish (a few seconds at most), and waits.
    pub async fn shutdown(mut self) -> Result<(), ReferenceError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.task.take() {
            Some(task) => task
                .await
                .map_err(|e| ReferenceError::Config(format!("service task failed: {e}")))?,
            None => Ok(()),
        }
    }
}

impl Drop for ReferenceHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}
