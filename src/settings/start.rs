//! What the app starts with when several places say something: the command line, then (in a
//! kiosk) the machine-wide file, then the person's remembered settings, then the defaults.
//!
//! A kiosk reads no personal settings file: the machine-wide file stands in its place
//! ([`for_kiosk`]), so the same order serves both. Plain Rust: the desktop app only turns the
//! result into its look.

use std::path::PathBuf;

use crate::i18n::{DisplayMode, Language};
use crate::kiosk::MachineConfig;

use super::{DEFAULT_SERVICE_URL, Settings, StoredMode, ThemeChoice};

/// What the command line asked for; `None`: not given there.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Asked {
    pub mode: Option<DisplayMode>,
    pub service_url: Option<String>,
    /// 1.0 = 100 %.
    pub text_scale: Option<f32>,
    pub high_contrast: Option<bool>,
    pub theme: Option<ThemeChoice>,
    /// `--pkcs11-module PATH`.
    pub pkcs11_module: Option<PathBuf>,
}

/// What is used when nobody said anything.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Defaults {
    /// The system's language (the language mode follows it).
    pub language: Language,
    /// 1.0 on a personal computer; a kiosk starts larger.
    pub text_scale: f32,
}

/// The preferences the app starts with.
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    pub mode: DisplayMode,
    pub service_url: String,
    /// As given (the app clamps it to the sizes it offers).
    pub text_scale: f32,
    pub high_contrast: bool,
    pub theme: ThemeChoice,
}

/// The command line over the remembered settings over the defaults.
pub fn resolve(asked: &Asked, remembered: &Settings, defaults: Defaults) -> Start {
    Start {
        mode: asked
            .mode
            .or(remembered.language.map(DisplayMode::from))
            .unwrap_or_else(|| DisplayMode::for_language(defaults.language)),
        service_url: asked
            .service_url
            .clone()
            .or_else(|| remembered.service_url.clone())
            .unwrap_or_else(|| DEFAULT_SERVICE_URL.to_owned()),
        text_scale: asked
            .text_scale
            .or(remembered.text_scale.map(|p| f32::from(p) / 100.0))
            .unwrap_or(defaults.text_scale),
        high_contrast: asked
            .high_contrast
            .or(remembered.high_contrast)
            .unwrap_or(false),
        theme: asked.theme.or(remembered.theme).unwrap_or_default(),
    }
}

/// Who named the PKCS#11 module the Citizen Digital Certificate is read through (the
/// diagnostics say it, so support knows which file to fix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModuleSource {
    /// `--pkcs11-module`.
    CommandLine,
    /// `pkcs11_module` in the machine-wide file.
    MachineFile,
    /// `pkcs11_module` in the person's settings.json.
    Settings,
    /// Nobody: HiCOS's usual install locations are searched (`nhi_token::find_module(None)`).
    UsualLocations,
}

impl ModuleSource {
    /// The word for it in `diagnose --json`.
    pub fn key(self) -> &'static str {
        match self {
            ModuleSource::CommandLine => "command_line",
            ModuleSource::MachineFile => "machine_file",
            ModuleSource::Settings => "settings",
            ModuleSource::UsualLocations => "usual_locations",
        }
    }
}

/// The PKCS#11 module to load and who named it: the command line over the machine-wide file
/// over the remembered settings; `None` (with [`ModuleSource::UsualLocations`]) lets
/// `nhi_token::find_module(None)` search. The machine file applies on every machine, not only
/// a kiosk, as `renderer` does: it describes the install. (A kiosk's `remembered` is
/// [`for_kiosk`], which carries no module: its file is read here directly.)
pub fn pkcs11_module(
    asked: &Asked,
    machine: &MachineConfig,
    remembered: &Settings,
) -> (Option<PathBuf>, ModuleSource) {
    if let Some(path) = &asked.pkcs11_module {
        (Some(path.clone()), ModuleSource::CommandLine)
    } else if let Some(path) = &machine.pkcs11_module {
        (Some(path.clone()), ModuleSource::MachineFile)
    } else if let Some(path) = &remembered.pkcs11_module {
        (Some(PathBuf::from(path)), ModuleSource::Settings)
    } else {
        (None, ModuleSource::UsualLocations)
    }
}

/// A kiosk's "remembered" settings: what its machine-wide file says (bilingual unless it
/// names a language), never a visitor's.
pub fn for_kiosk(machine: &MachineConfig) -> Settings {
    Settings {
        language: Some(machine.language.unwrap_or(StoredMode::Bilingual)),
        service_url: machine.service_url.clone(),
        reader: machine.reader.clone(),
        ..Settings::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEFAULTS: Defaults = Defaults {
        language: Language::English,
        text_scale: 1.0,
    };

    fn remembered() -> Settings {
        Settings {
            language: Some(StoredMode::Chinese),
            service_url: Some("https://remembered.example".into()),
            text_scale: Some(150),
            high_contrast: Some(true),
            theme: Some(ThemeChoice::Dark),
            ..Settings::default()
        }
    }

    #[test]
    fn nothing_said_anywhere_gives_the_defaults() {
        let start = resolve(&Asked::default(), &Settings::default(), DEFAULTS);
        assert_eq!(
            start,
            Start {
                mode: DisplayMode::English,
                service_url: DEFAULT_SERVICE_URL.into(),
                text_scale: 1.0,
                high_contrast: false,
                theme: ThemeChoice::System,
            }
        );
        let chinese = Defaults {
            language: Language::TraditionalChinese,
            ..DEFAULTS
        };
        let start = resolve(&Asked::default(), &Settings::default(), chinese);
        assert_eq!(start.mode, DisplayMode::Chinese);
    }

    #[test]
    fn remembered_settings_beat_the_defaults() {
        let start = resolve(&Asked::default(), &remembered(), DEFAULTS);
        assert_eq!(
            start,
            Start {
                mode: DisplayMode::Chinese,
                service_url: "https://remembered.example".into(),
                text_scale: 1.5,
                high_contrast: true,
                theme: ThemeChoice::Dark,
            }
        );
    }

    #[test]
    fn the_command_line_beats_the_remembered_settings() {
        let asked = Asked {
            mode: Some(DisplayMode::Bilingual),
            service_url: Some("https://asked.example".into()),
            text_scale: Some(1.25),
            high_contrast: Some(false),
            theme: Some(ThemeChoice::Light),
            pkcs11_module: None,
        };
        let start = resolve(&asked, &remembered(), DEFAULTS);
        assert_eq!(
            start,
            Start {
                mode: DisplayMode::Bilingual,
                service_url: "https://asked.example".into(),
                text_scale: 1.25,
                high_contrast: false,
                theme: ThemeChoice::Light,
            }
        );
        // One thing asked: only that one overrides.
        let asked = Asked {
            theme: Some(ThemeChoice::Light),
            ..Asked::default()
        };
        let start = resolve(&asked, &remembered(), DEFAULTS);
        assert_eq!(start.theme, ThemeChoice::Light);
        assert_eq!(start.mode, DisplayMode::Chinese);
        assert_eq!(start.text_scale, 1.5);
    }

    #[test]
    fn a_kiosk_uses_its_machine_file_under_the_command_line() {
        let machine = MachineConfig {
            kiosk: true,
            language: Some(StoredMode::English),
            service_url: Some("https://kiosk.example".into()),
            reader: Some("Front desk reader".into()),
            ..MachineConfig::default()
        };
        let kiosk = for_kiosk(&machine);
        assert_eq!(kiosk.reader.as_deref(), Some("Front desk reader"));
        let larger = Defaults {
            text_scale: 1.25,
            ..DEFAULTS
        };
        let start = resolve(&Asked::default(), &kiosk, larger);
        assert_eq!(start.mode, DisplayMode::English);
        assert_eq!(start.service_url, "https://kiosk.example");
        assert_eq!(start.text_scale, 1.25, "a kiosk's own default size");
        // Nothing personal carried over: no remembered size, contrast or theme.
        assert!(!start.high_contrast);
        assert_eq!(start.theme, ThemeChoice::System);
        // The command line still wins.
        let asked = Asked {
            service_url: Some("https://asked.example".into()),
            ..Asked::default()
        };
        assert_eq!(
            resolve(&asked, &kiosk, larger).service_url,
            "https://asked.example"
        );
        // A machine file naming no language: both.
        let start = resolve(
            &Asked::default(),
            &for_kiosk(&MachineConfig::default()),
            DEFAULTS,
        );
        assert_eq!(start.mode, DisplayMode::Bilingual);
    }

    fn module_rungs() -> (Asked, MachineConfig, Settings) {
        (
            Asked {
                pkcs11_module: Some("/asked/libp11.so".into()),
                ..Asked::default()
            },
            MachineConfig {
                pkcs11_module: Some("/machine/libHicos_p11.so".into()),
                ..MachineConfig::default()
            },
            Settings {
                pkcs11_module: Some("/remembered/libHicos_p11.so".into()),
                ..Settings::default()
            },
        )
    }

    #[test]
    fn the_module_from_the_command_line_beats_everything() {
        let (asked, machine, remembered) = module_rungs();
        assert_eq!(
            pkcs11_module(&asked, &machine, &remembered),
            (Some("/asked/libp11.so".into()), ModuleSource::CommandLine)
        );
    }

    #[test]
    fn the_machine_file_names_the_module_on_every_machine() {
        let (_, machine, remembered) = module_rungs();
        // Not a kiosk (`kiosk` is false): the file still describes this machine's install.
        assert!(!machine.kiosk);
        assert_eq!(
            pkcs11_module(&Asked::default(), &machine, &remembered),
            (
                Some("/machine/libHicos_p11.so".into()),
                ModuleSource::MachineFile
            )
        );
        // A kiosk: its "remembered" settings carry no module, the file names it.
        let kiosk = MachineConfig {
            kiosk: true,
            ..machine
        };
        assert_eq!(for_kiosk(&kiosk).pkcs11_module, None);
        assert_eq!(
            pkcs11_module(&Asked::default(), &kiosk, &for_kiosk(&kiosk)).1,
            ModuleSource::MachineFile
        );
    }

    #[test]
    fn the_remembered_module_beats_the_usual_locations() {
        let (_, _, remembered) = module_rungs();
        assert_eq!(
            pkcs11_module(&Asked::default(), &MachineConfig::default(), &remembered),
            (
                Some("/remembered/libHicos_p11.so".into()),
                ModuleSource::Settings
            )
        );
    }

    #[test]
    fn nobody_naming_a_module_searches_the_usual_locations() {
        assert_eq!(
            pkcs11_module(
                &Asked::default(),
                &MachineConfig::default(),
                &Settings::default()
            ),
            (None, ModuleSource::UsualLocations)
        );
    }
}
