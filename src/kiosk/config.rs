//! The machine-wide configuration: a TOML file only administrators can change, read once at
//! start. It turns the kiosk on and holds what a kiosk needs (idle timeout, administrator PIN,
//! language, service, reader). In kiosk mode it wins over the person's own settings.
//!
//! Tolerant like `crate::settings`: unknown keys are ignored and one unreadable field costs
//! only that field. A file that is there but cannot be read or parsed leaves the defaults in
//! use with a warning, except for `kiosk` itself: that file exists only on kiosks (the
//! installer writes it with `/KIOSK`), so a typo must not unlock one. It fails closed.

use std::path::{Path, PathBuf};
use std::time::Duration;

use toml::{Table, Value};

use crate::settings::StoredMode;

/// Overrides the file's location (tests, trying a configuration without being root).
pub const PATH_ENV: &str = "NHI_COMPANION_MACHINE_CONFIG";

pub const DEFAULT_IDLE: Duration = Duration::from_secs(120);
pub const DEFAULT_WARNING: Duration = Duration::from_secs(20);
/// Shorter is unusable (typing a password takes a while); longer leaves a walked-away
/// person's session on screen for the next in line.
pub const IDLE_RANGE: (u64, u64) = (30, 1800);
/// Long enough to notice and press a button; at most half the idle time.
pub const WARNING_RANGE: (u64, u64) = (5, 120);
/// How long a finished code's result ("verified on your phone", "expired") stays before the
/// reset: long enough to read it, short enough that a person who walked away with their phone
/// leaves no signed-in session for the next in line.
pub const DEFAULT_RESULT: Duration = Duration::from_secs(10);
/// 0: sign out the moment the phone is verified or the code expires.
pub const RESULT_RANGE: (u64, u64) = (0, 60);

/// What the file says, with the defaults for what it does not (or says unreadably).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MachineConfig {
    pub kiosk: bool,
    /// Idle time before the screen resets (`idle_seconds`).
    pub idle: Duration,
    /// The last part of `idle` during which the reset is announced (`warning_seconds`).
    pub warning: Duration,
    /// How long a verified or expired code's result stays before the reset (`result_seconds`).
    pub result: Duration,
    /// Argon2 PHC string of the administrator PIN (`nhi-companion kiosk-pin` makes one).
    pub admin_pin_hash: Option<String>,
    /// The kiosk's language; unset: bilingual.
    pub language: Option<StoredMode>,
    pub service_url: Option<String>,
    pub reader: Option<String>,
    /// `auto`, `gpu` or `software` for every user of this machine (`renderer`); it applies
    /// outside kiosk mode too (a fleet of thin clients); `--renderer` still wins.
    pub renderer: Option<crate::renderer::Choice>,
    /// The PKCS#11 module of the Citizen Digital Certificate (`pkcs11_module`, a path): where
    /// this machine's HiCOS (or another token's middleware) is installed. Like `renderer` it
    /// describes the install, so it applies outside kiosk mode too; `--pkcs11-module` wins.
    pub pkcs11_module: Option<PathBuf>,
}

impl Default for MachineConfig {
    fn default() -> MachineConfig {
        MachineConfig {
            kiosk: false,
            idle: DEFAULT_IDLE,
            warning: DEFAULT_WARNING,
            result: DEFAULT_RESULT,
            admin_pin_hash: None,
            language: None,
            service_url: None,
            reader: None,
            renderer: None,
            pkcs11_module: None,
        }
    }
}

/// How loading went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// No file: not a kiosk unless `--kiosk` says so.
    Missing,
    /// Read; these keys had unusable values and were left at their defaults.
    Read { ignored: Vec<&'static str> },
    /// Not TOML: defaults, kiosk on.
    Broken,
    /// There, but not readable (permissions…): defaults, kiosk on.
    Unreadable,
}

impl MachineConfig {
    /// Parses the file's text. `None` if it is not TOML at all.
    pub fn from_toml(text: &str) -> Option<(MachineConfig, Vec<&'static str>)> {
        let table: Table = text.parse().ok()?;
        let mut f = Fields {
            table: &table,
            ignored: Vec::new(),
        };
        let defaults = MachineConfig::default();
        // Fail closed: a `kiosk` key someone wrote wrongly still meant "this is a kiosk".
        let kiosk = f
            .get("kiosk", Value::as_bool)
            .or(f.bad_key("kiosk").then_some(true));
        let idle = f
            .get("idle_seconds", seconds)
            .map(|s| s.clamp(IDLE_RANGE.0, IDLE_RANGE.1))
            .map_or(defaults.idle, Duration::from_secs);
        let warning = f
            .get("warning_seconds", seconds)
            .map(|s| s.clamp(WARNING_RANGE.0, WARNING_RANGE.1))
            .map_or(defaults.warning, Duration::from_secs)
            .min(idle / 2);
        let result = f
            .get("result_seconds", seconds)
            .map(|s| s.clamp(RESULT_RANGE.0, RESULT_RANGE.1))
            .map_or(defaults.result, Duration::from_secs);
        let admin_pin_hash = f.get("admin_pin_hash", |v| {
            string(v).filter(|h| super::pin::is_valid_hash(h))
        });
        let language = f.get("language", |v| string(v).and_then(|l| parse_language(&l)));
        // An address ending in the protocol's /api/v1 is taken back to the service root.
        let service_url = f.get("service_url", string).map(|url| {
            crate::service::address::normalise_service_url_from(&url, "machine configuration")
        });
        let reader = f.get("reader", string);
        let renderer = f.get("renderer", |v| {
            string(v).and_then(|w| crate::renderer::Choice::parse(&w))
        });
        let pkcs11_module = f.get("pkcs11_module", string).map(PathBuf::from);
        Some((
            MachineConfig {
                kiosk: kiosk.unwrap_or(false),
                idle,
                warning,
                result,
                admin_pin_hash,
                language,
                service_url,
                reader,
                renderer,
                pkcs11_module,
            },
            f.ignored,
        ))
    }

    /// Reads the file at `path`; never fails.
    pub fn load_from(path: &Path) -> (MachineConfig, Loaded) {
        match std::fs::read_to_string(path) {
            Ok(text) => match MachineConfig::from_toml(&text) {
                Some((config, ignored)) => {
                    if !ignored.is_empty() {
                        tracing::warn!(path = %path.display(), ?ignored, "machine configuration: unusable values ignored, defaults used for them");
                    }
                    (config, Loaded::Read { ignored })
                }
                None => {
                    tracing::warn!(path = %path.display(), "machine configuration is not valid TOML: kiosk mode with the defaults");
                    (MachineConfig::fail_closed(), Loaded::Broken)
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                (MachineConfig::default(), Loaded::Missing)
            }
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "machine configuration cannot be read: kiosk mode with the defaults");
                (MachineConfig::fail_closed(), Loaded::Unreadable)
            }
        }
    }

    /// Reads the machine-wide file ([`path`]).
    pub fn load() -> (MachineConfig, Loaded) {
        MachineConfig::load_from(&path())
    }

    fn fail_closed() -> MachineConfig {
        MachineConfig {
            kiosk: true,
            ..MachineConfig::default()
        }
    }
}

/// Reads keys one at a time and notes the ones present but unusable.
struct Fields<'a> {
    table: &'a Table,
    ignored: Vec<&'static str>,
}

impl Fields<'_> {
    /// The value of `key` as `read` understands it; `None` if absent or unusable (noted).
    fn get<T>(&mut self, key: &'static str, read: impl Fn(&Value) -> Option<T>) -> Option<T> {
        let value = self.table.get(key)?;
        let read = read(value);
        if read.is_none() && !self.ignored.contains(&key) {
            self.ignored.push(key);
        }
        read
    }

    /// Whether `key` was present but unusable.
    fn bad_key(&self, key: &str) -> bool {
        self.ignored.contains(&key)
    }
}

fn seconds(value: &Value) -> Option<u64> {
    value.as_integer().and_then(|n| u64::try_from(n).ok())
}

fn string(value: &Value) -> Option<String> {
    value
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The words `settings.json` uses, plus the obvious language tags.
fn parse_language(word: &str) -> Option<StoredMode> {
    match word.to_ascii_lowercase().as_str() {
        "chinese" | "zh" | "zh-tw" => Some(StoredMode::Chinese),
        "english" | "en" => Some(StoredMode::English),
        "bilingual" | "both" => Some(StoredMode::Bilingual),
        _ => None,
    }
}

/// Where the file is: [`PATH_ENV`] if set, else the system's place for it.
pub fn path() -> PathBuf {
    if let Some(p) = std::env::var_os(PATH_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    system_path(
        std::env::consts::OS,
        std::env::var_os("ProgramData").map(PathBuf::from),
    )
}

/// The per-OS location, as a pure function of the OS name so every branch is tested
/// everywhere. Each is a folder ordinary users may read but not write.
pub fn system_path(os: &str, program_data: Option<PathBuf>) -> PathBuf {
    match os {
        "windows" => program_data
            .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"))
            .join("NHI Card Companion")
            .join("config.toml"),
        "macos" => PathBuf::from("/Library/Application Support/NHI Card Companion/config.toml"),
        _ => PathBuf::from("/etc/nhi-companion/config.toml"),
    }
}
