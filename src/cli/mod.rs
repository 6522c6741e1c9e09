//! The command line for admins, scripts and tests.
//!
//! Every subcommand lives in its own module with a clap `Args` struct and a `run` function
//! returning the process exit code. Failures print one line on stderr, from [`Problem`], in
//! English and Chinese.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::problem::{Problem, ProblemText};

mod diagnose;
mod json;
mod kiosk_pin;
pub mod logging;
mod read_card;
mod readers;
use nhi_reference_service::cli as reference_service_cmd;
mod virtual_card_cmd;
mod watch;

#[derive(Debug, Parser)]
#[command(
    name = "nhi-companion",
    version,
    about = "NHI Card Companion (健保卡裝置認證小幫手): read the NHI card and authenticate your phone"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Start the window with the demo card and a practice service (no reader needed).
    #[arg(long, global = true)]
    pub demo: bool,
    /// The registration service to use (default: the demo's own in demo mode, else the
    /// settings' URL or a reference service on this computer, http://127.0.0.1:8480).
    #[arg(long, global = true, value_name = "URL")]
    pub service: Option<String>,
    /// Service-center kiosk: full screen, bilingual, resets when idle, settings behind the
    /// administrator PIN (also turned on by `kiosk = true` in the machine-wide config.toml).
    #[arg(long)]
    pub kiosk: bool,
    /// Start the window with this text size, in percent (100 to 200; default: the settings').
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u16).range(100..=200))]
    pub text_scale: Option<u16>,
    /// Start the window in the high-contrast theme.
    #[arg(long)]
    pub high_contrast: bool,
    /// Start the window light, dark, or as the system is (default: the settings').
    #[arg(long, value_name = "THEME")]
    pub theme: Option<crate::settings::ThemeChoice>,
    /// Draw with the graphics processor (gpu), in software (software), or pick: software where
    /// there is no real graphics processor (auto; default: the machine-wide file's or the
    /// settings' `renderer`, else auto).
    #[arg(long, value_name = "RENDERER")]
    pub renderer: Option<RendererArg>,
    /// The PKCS#11 module the Citizen Digital Certificate (自然人憑證) is read through, e.g.
    /// HiCOS's libHicos_p11.so installed somewhere unusual (default: the machine-wide file's
    /// or the settings' `pkcs11_module`, else HiCOS's usual install locations).
    #[arg(long, global = true, value_name = "PATH")]
    pub pkcs11_module: Option<std::path::PathBuf>,
}

/// `--renderer`.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RendererArg {
    Auto,
    Gpu,
    Software,
}

impl From<RendererArg> for crate::renderer::Choice {
    fn from(arg: RendererArg) -> Self {
        match arg {
            RendererArg::Auto => crate::renderer::Choice::Auto,
            RendererArg::Gpu => crate::renderer::Choice::Gpu,
            RendererArg::Software => crate::renderer::Choice::Software,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the card readers and whether a card is in them.
    Readers(readers::ReadersArgs),
    /// Read the public basic data of the NHI card.
    ReadCard(read_card::ReadCardArgs),
    /// Print one line per reader event (reader or card added/removed, service down/up).
    Watch(watch::WatchArgs),
    /// Print what support needs to know (readers, cards, the registration service); nothing
    /// personal. `--service URL` checks that service instead of the app's.
    Diagnose(diagnose::DiagnoseArgs),
    /// Run the reference registration service (demo, training kiosks, tests).
    ReferenceService(reference_service_cmd::ReferenceServiceArgs),
    /// Run a virtual NHI card in a vsmartcard virtual reader (tests, training, demos).
    VirtualCard(virtual_card_cmd::VirtualCardArgs),
    /// Read an administrator PIN from stdin and print the `admin_pin_hash` line for the kiosk's
    /// machine-wide config.toml.
    KioskPin(kiosk_pin::KioskPinArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // The reference service reports its requests (never their bodies); the rest only warns.
    logging::init(match cli.command {
        Some(Command::ReferenceService(_)) => "info",
        _ => "warn",
    });
    let service = cli
        .service
        .as_deref()
        .map(|url| crate::service::address::normalise_service_url_from(url, "--service"));
    match cli.command {
        Some(Command::Readers(args)) => readers::run(args),
        Some(Command::ReadCard(args)) => read_card::run(args),
        Some(Command::Watch(args)) => watch::run(args),
        Some(Command::Diagnose(args)) => diagnose::run(
            args,
            service,
            cli.renderer.map(Into::into),
            cli.pkcs11_module,
        ),
        Some(Command::ReferenceService(args)) => reference_service_cmd::run(args),
        Some(Command::VirtualCard(args)) => virtual_card_cmd::run(args),
        Some(Command::KioskPin(args)) => kiosk_pin::run(args),
        // No subcommand: the desktop app.
        None if no_display() => {
            eprintln!(
                "nhi-companion: no graphical display (DISPLAY / WAYLAND_DISPLAY is not set). \
                 Start the app from a desktop session, or see `nhi-companion --help` for the \
                 command line. / 找不到圖形顯示環境，請在桌面環境中開啟本程式。"
            );
            ExitCode::from(2)
        }
        None => crate::ui::run(crate::ui::Options {
            demo: cli.demo,
            service_url: service,
            remember_settings: true,
            kiosk: cli.kiosk,
            machine: Some(crate::kiosk::MachineConfig::load().0),
            renderer: cli.renderer.map(Into::into),
            text_scale: cli.text_scale.map(|p| f32::from(p) / 100.0),
            high_contrast: cli.high_contrast.then_some(true),
            theme: cli.theme,
            pkcs11_module: cli.pkcs11_module,
            ..crate::ui::Options::default()
        }),
    }
}

/// On X11/Wayland systems a window needs a display; without one the windowing library would
/// panic, so say so plainly instead. (Windows and macOS always have one.)
fn no_display() -> bool {
    let var_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    cfg!(all(unix, not(target_os = "macos")))
        && !var_set("DISPLAY")
        && !var_set("WAYLAND_DISPLAY")
        && !var_set("WAYLAND_SOCKET")
}

/// Prints a problem as one line on stderr and gives the exit code for it.
pub(crate) fn fail(problem: &Problem) -> ExitCode {
    eprintln!("nhi-companion: {}", problem.one_line());
    ExitCode::from(exit_code(problem))
}

/// Distinct exit codes so scripts can tell "no card" from "wrong card" without parsing text.
pub fn exit_code(problem: &Problem) -> u8 {
    match problem {
        Problem::SmartCardServiceNotRunning => 10,
        Problem::NoReader | Problem::UnknownReader { .. } => 11,
        Problem::NoCard | Problem::CardRemoved => 12,
        Problem::NotNhiCard
        | Problem::HealthProfessionalCard
        | Problem::CitizenDigitalCertificate => 13,
        Problem::CardUnreadable | Problem::CardUnresponsive => 14,
        Problem::CardInUse => 15,
        Problem::ReaderFailed { .. } => 16,
        _ => 1,
    }
}
