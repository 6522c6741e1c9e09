//! `nhi-companion diagnose [--json] [--service URL]`: what a support call needs, and nothing
//! personal. The report itself is [`crate::diagnostics`], shared with the app's diagnostics
//! screen: the smart-card service, the readers with state, ATR, card-type guess and the NHI
//! SELECT answer (the basic-data record is never read), the registration service's
//! reachability, latency and TLS status, the certificate token's PKCS#11 module and slots
//! (labels only), the app and system versions.

use std::process::ExitCode;

use clap::Args;

use crate::diagnostics::{self, Sources};
use crate::i18n::DisplayMode;

#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

/// `service_url`: the global `--service`, else the app's own choice (settings, then the
/// default), so the command checks the service the app would use. `renderer`: `--renderer`;
/// the report says which renderer the app would use here and why (there is no window to ask
/// which one draws). `pkcs11_module`: `--pkcs11-module`, over the machine-wide file's and the
/// settings' `pkcs11_module`, as the app would choose.
pub fn run(
    args: DiagnoseArgs,
    service_url: Option<String>,
    renderer: Option<crate::renderer::Choice>,
    pkcs11_module: Option<std::path::PathBuf>,
) -> ExitCode {
    let url = service_url.unwrap_or_else(crate::settings::remembered_service_url);
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("nhi-companion: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    let machine = crate::kiosk::MachineConfig::load().0;
    let decision = crate::renderer::for_app(renderer, Some(&machine), machine.kiosk, true);
    let remembered = if machine.kiosk {
        crate::settings::start::for_kiosk(&machine)
    } else {
        crate::settings::Store::open_default().settings
    };
    let asked = crate::settings::start::Asked {
        pkcs11_module,
        ..Default::default()
    };
    let module = crate::settings::start::pkcs11_module(&asked, &machine, &remembered);
    let report = runtime
        .block_on(diagnostics::gather(Sources::pcsc(url).with_module(module)))
        .with_renderer(diagnostics::RendererStatus::new(decision, None));
    if args.json {
        println!("{}", report.to_json());
    } else {
        print!(
            "{}",
            diagnostics::render::render_text(&report, DisplayMode::Bilingual.languages())
        );
    }
    // A report with problems is still a successful report: scripts read the JSON.
    ExitCode::SUCCESS
}
