//! The app's settings: language mode, registration service URL, preferred reader, text size,
//! contrast and light/dark theme. Nothing
//! personal (no card data, no password, no e-mail) is ever stored. Which one the app starts
//! with, when the command line, a kiosk's machine-wide file and this file disagree, is
//! [`start`]'s.
//!
//! Tolerant on purpose (sniffnet's `conf.rs` is the model): every field is read on its own, so
//! an unknown key, a missing key or one field of the wrong type loses only that field. A file
//! that is not JSON at all does not stop the app, and is neither overwritten nor forgotten
//! silently: it stays as it is until the person changes a setting, and then it is kept beside
//! the new file as `settings.json.broken`.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::i18n::DisplayMode;

pub mod start;
mod theme;

pub use theme::ThemeChoice;

/// The language mode as stored (stable words, independent of the enum's Rust names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StoredMode {
    Chinese,
    English,
    Bilingual,
}

impl From<DisplayMode> for StoredMode {
    fn from(m: DisplayMode) -> StoredMode {
        match m {
            DisplayMode::Chinese => StoredMode::Chinese,
            DisplayMode::English => StoredMode::English,
            DisplayMode::Bilingual => StoredMode::Bilingual,
        }
    }
}

impl From<StoredMode> for DisplayMode {
    fn from(m: StoredMode) -> DisplayMode {
        match m {
            StoredMode::Chinese => DisplayMode::Chinese,
            StoredMode::English => DisplayMode::English,
            StoredMode::Bilingual => DisplayMode::Bilingual,
        }
    }
}

/// The service used when none is given: a reference service on this computer (a training
/// kiosk runs `nhi-companion reference-service`). The official service does not speak the
/// open protocol, so there is no public default.
pub const DEFAULT_SERVICE_URL: &str = "http://127.0.0.1:8480";

/// The registration service to use when the command line names none: the remembered one, else
/// [`DEFAULT_SERVICE_URL`] (the app's own rule, for `diagnose`).
pub fn remembered_service_url() -> String {
    Store::open_default()
        .settings
        .service_url
        .unwrap_or_else(|| DEFAULT_SERVICE_URL.to_owned())
}

/// What is remembered between runs. `None` everywhere means "the default".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Unset: the system's language.
    pub language: Option<StoredMode>,
    /// Unset: [`DEFAULT_SERVICE_URL`].
    pub service_url: Option<String>,
    /// The reader to use when several have a card in; unset: any.
    pub reader: Option<String>,
    /// Text size in percent, 100 to 200; unset: 100.
    pub text_scale: Option<u16>,
    /// The high-contrast theme; unset: off.
    pub high_contrast: Option<bool>,
    /// Light, dark or as the system; unset: as the system.
    pub theme: Option<ThemeChoice>,
    /// `auto`, `gpu` or `software` (`crate::renderer`); unset: auto. No screen sets it: it is
    /// for support ("put `"renderer": "software"` in settings.json").
    pub renderer: Option<crate::renderer::Choice>,
    /// The PKCS#11 module of the Citizen Digital Certificate (a path); unset: HiCOS's usual
    /// install locations (`nhi_token::find_module`). No screen sets it: like `renderer`, it is
    /// for support (HiCOS installed somewhere else, or another vendor's token).
    pub pkcs11_module: Option<String>,
    /// The window's size and place when it was last closed (`crate::placement`).
    pub window: Option<crate::placement::Geometry>,
}

/// How loading went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// No file yet.
    Missing,
    /// Read; fields that were unreadable were left at their defaults.
    Read,
    /// Not JSON (or not an object): defaults in use, the file left untouched.
    Broken,
    /// The file could not be read at all (permissions…): defaults in use.
    Unreadable,
}

impl Settings {
    /// Reads settings from JSON text, field by field.
    pub fn from_json(text: &str) -> Option<Settings> {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
            return None;
        };
        fn field<T: for<'de> Deserialize<'de>>(
            map: &serde_json::Map<String, Value>,
            key: &str,
        ) -> Option<T> {
            map.get(key)
                .and_then(|v| serde_json::from_value::<Option<T>>(v.clone()).ok())
                .flatten()
        }
        Some(Settings {
            language: field(&map, "language"),
            service_url: field::<String>(&map, "service_url").filter(|s| !s.trim().is_empty()),
            reader: field::<String>(&map, "reader").filter(|s| !s.is_empty()),
            text_scale: field::<u16>(&map, "text_scale").filter(|p| (100..=200).contains(p)),
            high_contrast: field(&map, "high_contrast"),
            theme: field(&map, "theme"),
            renderer: field::<String>(&map, "renderer")
                .and_then(|w| crate::renderer::Choice::parse(&w)),
            pkcs11_module: field::<String>(&map, "pkcs11_module")
                .map(|p| p.trim().to_owned())
                .filter(|p| !p.is_empty()),
            window: field::<crate::placement::Geometry>(&map, "window").filter(|g| g.is_sane()),
        })
    }
}

/// The settings file and what was in it.
#[derive(Debug)]
pub struct Store {
    path: Option<PathBuf>,
    pub settings: Settings,
    pub loaded: Loaded,
}

impl Store {
    /// The per-user settings file (`~/.config/nhi-companion/settings.json` on Linux,
    /// `%APPDATA%\nhi-companion\config\settings.json` on Windows, `~/Library/Application
    /// Support/tw.nhi-companion/settings.json` on macOS). Without a home directory the app
    /// still runs, remembering nothing.
    pub fn open_default() -> Store {
        match directories::ProjectDirs::from("tw", "", "nhi-companion") {
            Some(dirs) => Store::open(dirs.config_dir().join("settings.json")),
            None => Store {
                path: None,
                settings: Settings::default(),
                loaded: Loaded::Unreadable,
            },
        }
    }

    /// Loads `path`; never fails.
    pub fn open(path: PathBuf) -> Store {
        let (settings, loaded) = match std::fs::read_to_string(&path) {
            Ok(text) => match Settings::from_json(&text) {
                Some(settings) => (settings, Loaded::Read),
                None => {
                    tracing::warn!(path = %path.display(), "settings file is not valid JSON; using defaults, leaving it as it is");
                    (Settings::default(), Loaded::Broken)
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => (Settings::default(), Loaded::Missing),
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "settings file cannot be read; using defaults");
                (Settings::default(), Loaded::Unreadable)
            }
        };
        Store {
            path: Some(path),
            settings,
            loaded,
        }
    }

    /// A store that remembers nothing (tests, or no home directory).
    pub fn in_memory() -> Store {
        Store {
            path: None,
            settings: Settings::default(),
            loaded: Loaded::Missing,
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Writes the settings after the person changed one: a broken file is kept aside first,
    /// then the new one replaces it atomically (a crash mid-write leaves the old file).
    pub fn save(&mut self) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        if self.loaded == Loaded::Broken {
            let mut aside = path.clone().into_os_string();
            aside.push(".broken");
            std::fs::rename(path, &aside)?;
        }
        let text = serde_json::to_string_pretty(&self.settings).map_err(io::Error::other)?;
        let mut temp = path.clone().into_os_string();
        temp.push(".tmp");
        std::fs::write(&temp, text + "\n")?;
        std::fs::rename(&temp, path)?;
        self.loaded = Loaded::Read;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_missing_keys_and_wrong_types_lose_only_that_field() {
        let s = Settings::from_json(
            r#"{"language": "bilingual", "service_url": 42, "reader": "ACS ACR39U 00 00",
                "future_option": {"x": 1}}"#,
        )
        .unwrap();
        assert_eq!(s.language, Some(StoredMode::Bilingual));
        assert_eq!(s.service_url, None);
        assert_eq!(s.reader.as_deref(), Some("ACS ACR39U 00 00"));

        let s =
            Settings::from_json(r#"{"text_scale": 150, "high_contrast": "yes", "theme": "dark"}"#)
                .unwrap();
        assert_eq!(s.text_scale, Some(150));
        assert_eq!(
            s.high_contrast, None,
            "a string is not a bool: only that field is lost"
        );
        assert_eq!(s.theme, Some(ThemeChoice::Dark));
        // Out of range or of the wrong kind: the default.
        for bad in [
            r#"{"text_scale": 20}"#,
            r#"{"text_scale": 900}"#,
            r#"{"text_scale": 1.5}"#,
            r#"{"theme": "purple"}"#,
        ] {
            assert_eq!(Settings::from_json(bad), Some(Settings::default()), "{bad}");
        }

        let s = Settings::from_json(
            r#"{"renderer": "software", "window": {"x": 5, "y": 6, "width": 1100, "height": 650,
                "maximized": true, "monitor_width": 1366, "monitor_height": 768}}"#,
        )
        .unwrap();
        assert_eq!(s.renderer, Some(crate::renderer::Choice::Software));
        assert_eq!(s.window.map(|w| (w.width, w.maximized)), Some((1100, true)));
        let s =
            Settings::from_json(r#"{"pkcs11_module": " /opt/HiCOS/libHicos_p11.so "}"#).unwrap();
        assert_eq!(
            s.pkcs11_module.as_deref(),
            Some("/opt/HiCOS/libHicos_p11.so")
        );
        for bad in [
            r#"{"renderer": "opengl"}"#,
            r#"{"pkcs11_module": ""}"#,
            r#"{"pkcs11_module": 11}"#,
            r#"{"window": {"x": 5}}"#,
            r#"{"window": {"x": 0, "y": 0, "width": 3, "height": 2, "maximized": false,
                "monitor_width": 1366, "monitor_height": 768}}"#,
        ] {
            assert_eq!(Settings::from_json(bad), Some(Settings::default()), "{bad}");
        }

        let s = Settings::from_json(r#"{"language": "klingon"}"#).unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!(Settings::from_json("{}"), Some(Settings::default()));
        assert_eq!(
            Settings::from_json(r#"{"language": null, "service_url": "  "}"#),
            Some(Settings::default())
        );
    }

    #[test]
    fn not_json_is_none() {
        assert_eq!(Settings::from_json("language = 'zh'"), None);
        assert_eq!(Settings::from_json("[1, 2]"), None);
        assert_eq!(Settings::from_json(""), None);
    }

    #[test]
    fn a_missing_file_loads_defaults_and_saves_on_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/settings.json");
        let mut store = Store::open(path.clone());
        assert_eq!(store.loaded, Loaded::Missing);
        assert!(!path.exists(), "nothing is written until a change");
        store.settings.language = Some(StoredMode::Chinese);
        store.save().unwrap();
        let again = Store::open(path);
        assert_eq!(again.loaded, Loaded::Read);
        assert_eq!(again.settings.language, Some(StoredMode::Chinese));
    }

    #[test]
    fn a_broken_file_is_left_alone_until_a_change_then_kept_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{ this is not json").unwrap();
        let mut store = Store::open(path.clone());
        assert_eq!(store.loaded, Loaded::Broken);
        assert_eq!(store.settings, Settings::default());
        // Opening did not touch it.
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{ this is not json"
        );

        store.settings.service_url = Some("https://example.org".into());
        store.save().unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("settings.json.broken")).unwrap(),
            "{ this is not json"
        );
        let again = Store::open(path);
        assert_eq!(again.loaded, Loaded::Read);
        assert_eq!(
            again.settings.service_url.as_deref(),
            Some("https://example.org")
        );
    }

    #[test]
    fn nothing_personal_in_the_file() {
        let settings = Settings {
            language: Some(StoredMode::English),
            service_url: Some("https://example.org".into()),
            reader: Some("Reader".into()),
            text_scale: Some(200),
            high_contrast: Some(true),
            theme: Some(ThemeChoice::Light),
            renderer: Some(crate::renderer::Choice::Software),
            pkcs11_module: Some("/opt/HiCOS/libHicos_p11.so".into()),
            window: Some(crate::placement::Geometry {
                x: 10,
                y: 20,
                width: 1000,
                height: 700,
                maximized: false,
                monitor_width: 1920,
                monitor_height: 1080,
            }),
        };
        let text = serde_json::to_string(&settings).unwrap();
        let keys: Vec<String> = match serde_json::from_str::<Value>(&text).unwrap() {
            Value::Object(map) => map.keys().cloned().collect(),
            _ => unreachable!(),
        };
        assert_eq!(
            keys,
            [
                "high_contrast",
                "language",
                "pkcs11_module",
                "reader",
                "renderer",
                "service_url",
                "text_scale",
                "theme",
                "window"
            ]
        );
    }
}
