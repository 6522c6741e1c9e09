//! The desktop app (iced 0.14): the only layer that imports iced.
//!
//! Elm architecture in the shape of iced's examples and halloy: one module per screen under
//! [`screen`], each with its own `Message`, `update` and `view`; the root [`App`] holds the
//! [`crate::flow::Flow`] and the current screen, executes the flow's effects as `Task`s
//! through a [`crate::backend::Backend`], and subscribes to time and keys. [`application`] builds the
//! app for both `main` and the tests.

pub mod app;
pub mod compact;
pub mod focus;
pub mod fonts;
pub mod form;
pub mod format;
pub mod fresh;
pub mod hardware;
pub mod kiosk;
pub mod look;
pub mod overlay;
pub mod qr;
pub mod qr_caption;
pub mod renderer_probe;
pub mod repaint;
pub mod reserve;
pub mod screen;
pub mod widgets;
pub mod window_place;

use std::process::ExitCode;

pub use app::{App, Message};

use crate::i18n::DisplayMode;

/// The service used when none is given (see [`crate::settings::DEFAULT_SERVICE_URL`]; it lives
/// there so the iced-free command line uses the same one).
pub const DEFAULT_SERVICE_URL: &str = crate::settings::DEFAULT_SERVICE_URL;

/// How the app is started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Run the demo: the demo card in an in-process reader and the embedded practice service.
    pub demo: bool,
    /// The language mode; the system's language when `None`.
    pub mode: Option<DisplayMode>,
    /// The registration service (`--service`); else the settings', else
    /// [`DEFAULT_SERVICE_URL`].
    pub service_url: Option<String>,
    /// Read and write the settings file (`crate::settings`). Off by default, so tests never
    /// touch the person's own settings.
    pub remember_settings: bool,
    /// Text scale, 1.0–2.0 (`--text-scale PERCENT`); else the settings', else 1.0.
    pub text_scale: Option<f32>,
    /// The high-contrast theme (`--high-contrast`); else the settings', else off.
    pub high_contrast: Option<bool>,
    /// Light, dark or as the system (`--theme`); else the settings', else as the system.
    pub theme: Option<look::ThemeChoice>,
    /// Service-center kiosk mode (`--kiosk`); also on when `machine.kiosk` is.
    pub kiosk: bool,
    /// The machine-wide configuration (`crate::kiosk::config`) as `main` read it; `None`
    /// (tests, `Options::default()`): its defaults, no file read.
    pub machine: Option<crate::kiosk::MachineConfig>,
    /// `--renderer`; else the machine-wide file's, else the settings', else auto.
    pub renderer: Option<crate::renderer::Choice>,
    /// The renderer [`run`] asked iced for, and why (for diagnostics); `None` in tests.
    pub renderer_decision: Option<crate::renderer::Decision>,
    /// `--pkcs11-module`; else the machine-wide file's, else the settings', else HiCOS's usual
    /// install locations (`crate::settings::start::pkcs11_module`).
    pub pkcs11_module: Option<std::path::PathBuf>,
}

impl Options {
    pub fn is_kiosk(&self) -> bool {
        self.kiosk || self.machine.as_ref().is_some_and(|m| m.kiosk)
    }
}

/// The iced settings: the bundled fonts ([`fonts`]) loaded, Noto Sans TC the default, large
/// default text.
pub fn settings() -> iced::Settings {
    fonts::unpack_both();
    iced::Settings {
        fonts: vec![
            fonts::regular().into(),
            fonts::bold().into(),
            fonts::SYMBOLS.into(),
            fonts::SYMBOLS2.into(),
        ],
        default_font: widgets::REGULAR,
        default_text_size: iced::Pixels(widgets::BODY),
        ..iced::Settings::default()
    }
}

/// The window: opened hidden and then sized to its monitor ([`window_place`]: maximised on
/// a small screen, as last time if that still fits); a kiosk's fills the screen with no title
/// bar, and its close button (Alt+F4, …) does nothing unless the administrator unlocked the app.
pub fn window_settings(options: &Options) -> iced::window::Settings {
    let base = if options.is_kiosk() {
        iced::window::Settings {
            size: iced::Size::new(1280.0, 900.0),
            position: iced::window::Position::Centered,
            fullscreen: true,
            decorations: false,
            exit_on_close_request: false,
            ..iced::window::Settings::default()
        }
    } else {
        window_place::settings()
    };
    iced::window::Settings {
        icon: window_icon(),
        platform_specific: platform_specific(),
        ..base
    }
}

/// The app's icon (the installers' 128 px PNG) for the title bar and the task switcher. iced is
/// built without image codecs, so the `image` crate decodes it; a failure only costs the icon.
pub fn window_icon() -> Option<iced::window::Icon> {
    const PNG: &[u8] = include_bytes!("../../packaging/icons/png/nhi-companion-128.png");
    let rgba = image::load_from_memory_with_format(PNG, image::ImageFormat::Png)
        .ok()?
        .into_rgba8();
    let (width, height) = rgba.dimensions();
    iced::window::icon::from_rgba(rgba.into_raw(), width, height).ok()
}

/// On Linux the window's application id (Wayland app_id, X11 WM_CLASS) is the desktop entry's
/// name, so docks show the packaged icon and group the window with its launcher.
#[cfg(target_os = "linux")]
fn platform_specific() -> iced::window::settings::PlatformSpecific {
    iced::window::settings::PlatformSpecific {
        application_id: "nhi-companion".to_owned(),
        ..Default::default()
    }
}

#[cfg(not(target_os = "linux"))]
fn platform_specific() -> iced::window::settings::PlatformSpecific {
    Default::default()
}

/// The app, as `main` runs it and the tests build it.
pub fn application(
    options: Options,
) -> iced::Application<impl iced::Program<State = App, Message = Message, Theme = iced::Theme>> {
    let window = window_settings(&options);
    iced::application(move || App::new(options.clone()), App::update, App::view)
        .title("健保卡裝置認證小幫手 · NHI Card Companion")
        .subscription(App::subscription)
        .theme(App::theme)
        .settings(settings())
        .window(window)
}

/// Run the desktop app until its window is closed.
pub fn run(mut options: Options) -> ExitCode {
    let started = std::time::Instant::now();
    let decision = crate::renderer::for_app(
        options.renderer,
        options.machine.as_ref(),
        options.is_kiosk(),
        options.remember_settings,
    );
    tracing::info!(
        renderer = decision.renderer.word(),
        reason = ?decision.reason,
        micros = started.elapsed().as_micros(),
        "renderer chosen"
    );
    // SAFETY: nothing else runs yet: the async runtime and iced start below, and the command
    // line, logging and configuration reading before this started no thread.
    unsafe { crate::renderer::apply(&decision) };
    options.renderer_decision = Some(decision);
    match application(options).run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("The window could not be opened: {error} / 無法開啟視窗：{error}");
            ExitCode::FAILURE
        }
    }
}
