//! The demo: the demo card in an in-process reader and, unless another service is given, the
//! reference service embedded on loopback (the demo card is registered there with
//! `Demo1234`). No pcscd, no network: everything stays inside this process.

use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::sync::oneshot;

use super::{Cards, Registration};
use crate::service::reference::{ReferenceConfig, spawn_on_loopback};
use crate::service::{RegistrationClient, ServiceError};
use crate::virtual_card::{CardProfile, InProcessReader};

/// The name of the in-process demo reader.
pub const DEMO_READER: &str = "NHI Companion Demo Reader";

/// The reference service on `127.0.0.1:<free port>`, on a thread of its own with its own
/// runtime, so it runs the same whichever runtime (or none) the caller has. Dropping it stops
/// the service and waits for the thread.
pub struct EmbeddedService {
    base_url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl EmbeddedService {
    pub fn start(config: ReferenceConfig) -> Result<EmbeddedService, String> {
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("demo-service".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.to_string()));
                        return;
                    }
                };
                runtime.block_on(async move {
                    match spawn_on_loopback(config).await {
                        Ok((_, handle)) => {
                            let _ = ready_tx.send(Ok(handle.base_url()));
                            let _ = stopped.await;
                            let _ = handle.shutdown().await;
                        }
                        Err(e) => {
                            let _ = ready_tx.send(Err(e.to_string()));
                        }
                    }
                });
            })
            .map_err(|e| e.to_string())?;
        let base_url = ready_rx
            .recv()
            .map_err(|_| "the demo service thread ended".to_owned())??;
        Ok(EmbeddedService {
            base_url,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

impl Drop for EmbeddedService {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Why the demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the demo service did not start: {0}")]
    Service(String),
    #[error(transparent)]
    Client(#[from] ServiceError),
}

/// A running demo: the reader (insert / take out the card), the backend on it, and the
/// embedded service if this demo started one.
pub struct Demo {
    pub reader: InProcessReader,
    pub backend: Registration,
    _service: Option<EmbeddedService>,
}

impl Demo {
    /// The demo card in its reader (inserted), and the registration service at `service_url`,
    /// or an embedded reference service when `None`.
    pub fn start(service_url: Option<&str>) -> Result<Demo, DemoError> {
        let reader = InProcessReader::new(DEMO_READER, CardProfile::default())
            .map_err(|e| DemoError::Service(e.to_string()))?;
        let (service, url) = match service_url {
            Some(url) => (None, url.to_owned()),
            None => {
                let service =
                    EmbeddedService::start(ReferenceConfig::demo()).map_err(DemoError::Service)?;
                let url = service.base_url().to_owned();
                (Some(service), url)
            }
        };
        let client = RegistrationClient::new(&url)?;
        let cards_reader = reader.clone();
        let cards = Cards::new(Arc::new(move || Ok(cards_reader.service())));
        reader.insert();
        Ok(Demo {
            reader,
            backend: Registration::new(cards, client),
            _service: service,
        })
    }

    pub fn client(&self) -> &RegistrationClient {
        self.backend.client()
    }
}
