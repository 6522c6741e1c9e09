//! Diagnostics: what a support call needs to know, and nothing personal. Shared by
//! `nhi-companion diagnose` and the desktop app's diagnostics screen; plain Rust, no iced.
//!
//! - [`report`]: the [`Report`] and the smart-card half of it, gathered from any
//!   [`SmartCardService`](crate::reader::SmartCardService) (real PC/SC, the scripted fake, the
//!   demo's in-process reader). Per card: the ATR, the ATR-based type guess and the status word
//!   of the NHI applet SELECT. The basic-data record (name, ID number…) is never read.
//! - [`service_probe`]: the registration service half: reachability and latency through
//!   `GET /api/v1/health`, and the TLS status from a handshake of its own.
//! - [`render`]: the plain-text report (both languages, ending with the official hotlines).
//! - [`token`]: the certificate token (自然人憑證): the PKCS#11 module and its slots, labels
//!   only (the certificate, with the holder's name, is never read).
//! - [`machine`]: the machine-wide (kiosk) configuration file: there, readable, kiosk or not.
//! - [`renderer`]: which renderer draws the window (GPU or software), and why.
//! - [`save`]: where "Save report" puts the file.
//!
//! Every failure in a report is a [`Problem`](crate::problem::Problem), so it comes with the
//! same bilingual "what to do" as everywhere else in the app.

pub mod machine;
pub mod render;
pub mod renderer;
pub mod report;
pub mod save;
pub mod service_probe;
pub mod token;

use std::sync::Arc;

pub use machine::{MachineConfigState, MachineConfigStatus};
pub use renderer::RendererStatus;
pub use report::{
    Area, Finding, ReaderReport, Report, SelectOutcome, SmartCardReport, SmartCardState,
    gather_smart_cards,
};
pub use service_probe::{ProbeOptions, ServiceProbe, TlsCause, TlsStatus, probe_service};
pub use token::{ModuleStatus, SlotReport, TokenLabels, TokenProbe, TokenReport, gather_token};

use crate::problem::Problem;
use crate::reader::{Connector, SmartCardService};

/// Whether a diagnostics run can say more about `problem`: the reader, card and service
/// problems, not a wrong password or an expired code.
pub fn helps_with(problem: &Problem) -> bool {
    use Problem::*;
    matches!(
        problem,
        SmartCardServiceNotRunning
            | NoReader
            | UnknownReader { .. }
            | NotNhiCard
            | CardUnreadable
            | CardInUse
            | CardUnresponsive
            | CardSessionLost
            | ReaderFailed { .. }
            | NetworkDown
            | LocalServiceNotRunning
            | ServiceTimeout
            | ServiceUnavailable
            | MalformedReply
            | TlsFailure
            | UntrustedCertificate
            | InsecureServiceUrl
            | InvalidServiceUrl
            | NotRegistrationService
            | ServiceInternalError
    )
}

/// What to diagnose: where the cards are, where the certificate tokens are, and which
/// registration service to try.
#[derive(Clone)]
pub struct Sources {
    pub smart_cards: Connector,
    pub service_url: String,
    pub probe: ProbeOptions,
    pub token: TokenProbe,
}

impl Sources {
    /// Real PC/SC and the service at `service_url`.
    pub fn pcsc(service_url: impl Into<String>) -> Sources {
        Sources {
            smart_cards: Arc::new(|| {
                crate::reader::pcsc_backend::PcscService::establish()
                    .map(|s| Box::new(s) as Box<dyn SmartCardService>)
            }),
            service_url: service_url.into(),
            probe: ProbeOptions::default(),
            token: TokenProbe::Module {
                explicit: None,
                source: crate::settings::start::ModuleSource::UsualLocations,
            },
        }
    }

    /// The certificate token looked at through the module at `explicit` (named by `source`).
    pub fn with_module(
        mut self,
        (explicit, source): (
            Option<std::path::PathBuf>,
            crate::settings::start::ModuleSource,
        ),
    ) -> Sources {
        self.token = TokenProbe::Module { explicit, source };
        self
    }
}

/// Gathers the whole report: the smart-card and token halves on blocking threads (PC/SC and
/// PKCS#11 calls block), the service half on the async runtime, all at once.
pub async fn gather(sources: Sources) -> Report {
    let open = Arc::clone(&sources.smart_cards);
    let cards = tokio::task::spawn_blocking(move || gather_smart_cards(open()));
    let probe = sources.token.clone();
    let token = tokio::task::spawn_blocking(move || gather_token(&probe));
    let service = probe_service(&sources.service_url, &sources.probe);
    let (cards, token, service) = tokio::join!(cards, token, service);
    let cards = cards.unwrap_or_else(|e| SmartCardReport::failed(format!("panicked: {e}")));
    let report =
        Report::new(cards, Some(service)).with_machine_config(MachineConfigStatus::check());
    match token {
        Ok(Some(token)) => report.with_token(token),
        Ok(None) => report,
        Err(e) => report.with_token(TokenReport {
            module: ModuleStatus::Unusable {
                path: Default::default(),
                detail: format!("panicked: {e}"),
                source: crate::settings::start::ModuleSource::UsualLocations,
            },
            slots: Vec::new(),
        }),
    }
}

#[cfg(test)]
mod tests;
