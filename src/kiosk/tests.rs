//! The kiosk policy with simulated time, and the machine-wide configuration's parsing.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use super::config::{self, Loaded, MachineConfig};
use super::*;
use crate::settings::StoredMode;

const S: fn(u64) -> Duration = Duration::from_secs;

fn kiosk() -> (Kiosk, Instant) {
    let t0 = Instant::now();
    let config = MachineConfig {
        kiosk: true,
        ..MachineConfig::default()
    };
    (Kiosk::new(config, t0), t0)
}

#[test]
fn nothing_to_protect_keeps_the_timer_fresh() {
    let (mut k, t0) = kiosk();
    assert_eq!(k.check(t0 + S(500), false, false), Verdict::Quiet);
    // Protection starts at +500 s: the full two minutes from there.
    assert_eq!(k.check(t0 + S(500), true, false), Verdict::Quiet);
    assert_eq!(k.check(t0 + S(599), true, false), Verdict::Quiet);
    assert_eq!(k.check(t0 + S(600), true, false), Verdict::Warn(20));
    assert_eq!(k.check(t0 + S(615), true, false), Verdict::Warn(5));
    assert_eq!(k.check(t0 + S(620), true, false), Verdict::Reset);
}

#[test]
fn activity_postpones_the_reset() {
    let (mut k, t0) = kiosk();
    assert_eq!(k.check(t0 + S(105), true, false), Verdict::Warn(15));
    k.activity(t0 + S(106));
    assert_eq!(k.check(t0 + S(106), true, false), Verdict::Quiet);
    assert_eq!(k.check(t0 + S(205), true, false), Verdict::Quiet);
    assert_eq!(k.check(t0 + S(206), true, false), Verdict::Warn(20));
    k.restart(t0 + S(300));
    assert_eq!(k.remaining(t0 + S(300)), S(120));
}

#[test]
fn a_finished_code_resets_after_a_few_seconds() {
    let (mut k, t0) = kiosk();
    assert_eq!(k.check(t0 + S(30), true, true), Verdict::Warn(10));
    assert_eq!(k.check(t0 + S(33), true, true), Verdict::Warn(7));
    // Still there (another phone?): input starts the result's time over.
    k.activity(t0 + S(35));
    assert_eq!(k.check(t0 + S(36), true, true), Verdict::Warn(9));
    assert_eq!(k.check(t0 + S(45), true, true), Verdict::Reset);
    // Leaving the result (a new code) stops its timer.
    let (mut k, t0) = kiosk();
    assert_eq!(k.check(t0 + S(1), true, true), Verdict::Warn(10));
    assert_eq!(k.check(t0 + S(2), true, false), Verdict::Quiet);
}

#[test]
fn config_defaults_and_every_field() {
    let (c, ignored) = MachineConfig::from_toml("").unwrap();
    assert_eq!(c, MachineConfig::default());
    assert!(!c.kiosk);
    assert!(ignored.is_empty());

    let hash = pin::hash("135790").unwrap();
    let text = format!(
        r#"
        kiosk = true
        idle_seconds = 90
        warning_seconds = 15
        result_seconds = 0
        admin_pin_hash = "{hash}"
        language = "bilingual"
        service_url = "https://registration.example.org"
        reader = "ACS ACR39U ICC Reader 00 00"
        renderer = "software"
        pkcs11_module = "/opt/HiCOS/libHicos_p11.so"
        "#
    );
    let (c, ignored) = MachineConfig::from_toml(&text).unwrap();
    assert!(ignored.is_empty(), "{ignored:?}");
    assert!(c.kiosk);
    assert_eq!(c.idle, S(90));
    assert_eq!(c.warning, S(15));
    assert_eq!(c.result, S(0));
    assert_eq!(c.admin_pin_hash.as_deref(), Some(hash.as_str()));
    assert_eq!(c.language, Some(StoredMode::Bilingual));
    assert_eq!(
        c.service_url.as_deref(),
        Some("https://registration.example.org")
    );
    assert_eq!(c.reader.as_deref(), Some("ACS ACR39U ICC Reader 00 00"));
    assert_eq!(c.renderer, Some(crate::renderer::Choice::Software));
    assert_eq!(
        c.pkcs11_module.as_deref(),
        Some(std::path::Path::new("/opt/HiCOS/libHicos_p11.so"))
    );
}

#[test]
fn a_service_url_with_the_protocol_suffix_is_taken_to_the_root() {
    // An administrator pasting an endpoint: the app adds /api/v1 itself.
    let (c, ignored) = MachineConfig::from_toml(
        r#"
        kiosk = true
        service_url = "https://registration.example.org/api/v1/"
        "#,
    )
    .unwrap();
    assert!(ignored.is_empty(), "{ignored:?}");
    assert_eq!(
        c.service_url.as_deref(),
        Some("https://registration.example.org")
    );
}

#[test]
fn config_is_tolerant_field_by_field() {
    let (c, ignored) = MachineConfig::from_toml(
        r#"
        kiosk = true
        idle_seconds = "two minutes"
        warning_seconds = -3
        result_seconds = "soon"
        admin_pin_hash = "123456"
        language = "klingon"
        service_url = 8480
        reader = ""
        renderer = "opengl"
        pkcs11_module = ""
        future_option = { x = 1 }
        [some_table]
        y = 2
        "#,
    )
    .unwrap();
    assert!(c.kiosk);
    assert_eq!(c.idle, config::DEFAULT_IDLE);
    assert_eq!(c.warning, config::DEFAULT_WARNING);
    assert_eq!(c.result, config::DEFAULT_RESULT);
    assert_eq!(c.admin_pin_hash, None, "a plain PIN is not a hash");
    assert_eq!(c.language, None);
    assert_eq!(c.service_url, None);
    assert_eq!(c.reader, None);
    assert_eq!(c.renderer, None);
    assert_eq!(c.pkcs11_module, None);
    assert_eq!(
        ignored,
        [
            "idle_seconds",
            "warning_seconds",
            "result_seconds",
            "admin_pin_hash",
            "language",
            "service_url",
            "reader",
            "renderer",
            "pkcs11_module"
        ]
    );
}

#[test]
fn config_clamps_the_times() {
    let (c, _) = MachineConfig::from_toml("idle_seconds = 1\nwarning_seconds = 1000").unwrap();
    assert_eq!(c.idle, S(config::IDLE_RANGE.0));
    // At most half the idle time, so there is time before the warning.
    assert_eq!(c.warning, S(15));
    let (c, _) = MachineConfig::from_toml("idle_seconds = 999999\nwarning_seconds = 0").unwrap();
    assert_eq!(c.idle, S(config::IDLE_RANGE.1));
    assert_eq!(c.warning, S(config::WARNING_RANGE.0));
    let (c, _) = MachineConfig::from_toml("result_seconds = 3600").unwrap();
    assert_eq!(c.result, S(config::RESULT_RANGE.1));
}

#[test]
fn a_kiosk_key_written_wrongly_still_means_kiosk() {
    let (c, ignored) = MachineConfig::from_toml(r#"kiosk = "yes""#).unwrap();
    assert!(c.kiosk);
    assert_eq!(ignored, ["kiosk"]);
    let (c, _) = MachineConfig::from_toml("kiosk = false").unwrap();
    assert!(!c.kiosk);
}

#[test]
fn files_missing_broken_and_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    assert_eq!(
        MachineConfig::load_from(&path),
        (MachineConfig::default(), Loaded::Missing)
    );

    std::fs::write(&path, "kiosk = true\nidle_seconds = [").unwrap();
    let (c, loaded) = MachineConfig::load_from(&path);
    assert_eq!(loaded, Loaded::Broken);
    assert!(c.kiosk, "a broken kiosk file fails closed");
    assert_eq!(c.idle, config::DEFAULT_IDLE);

    std::fs::write(
        &path,
        "kiosk = true\nidle_seconds = 60\nlanguage = 'zh-TW'\n",
    )
    .unwrap();
    let (c, loaded) = MachineConfig::load_from(&path);
    assert_eq!(loaded, Loaded::Read { ignored: vec![] });
    assert_eq!(c.idle, S(60));
    assert_eq!(c.language, Some(StoredMode::Chinese));

    // A directory where the file should be cannot be read: kiosk on, defaults.
    let (c, loaded) = MachineConfig::load_from(dir.path());
    assert_eq!(loaded, Loaded::Unreadable);
    assert!(c.kiosk);
}

#[test]
fn the_file_is_where_each_system_keeps_machine_settings() {
    assert_eq!(
        config::system_path("linux", None),
        PathBuf::from("/etc/nhi-companion/config.toml")
    );
    assert_eq!(
        config::system_path("macos", None),
        PathBuf::from("/Library/Application Support/NHI Card Companion/config.toml")
    );
    assert_eq!(
        config::system_path("windows", Some(PathBuf::from(r"D:\ProgramData"))),
        PathBuf::from(r"D:\ProgramData")
            .join("NHI Card Companion")
            .join("config.toml")
    );
    assert_eq!(
        config::system_path("windows", None),
        PathBuf::from(r"C:\ProgramData")
            .join("NHI Card Companion")
            .join("config.toml")
    );
    // This build's own answer, without the override.
    #[cfg(target_os = "linux")]
    assert_eq!(
        config::system_path(std::env::consts::OS, None),
        PathBuf::from("/etc/nhi-companion/config.toml")
    );
}

#[test]
fn the_environment_overrides_the_path() {
    // The only test in this binary that touches the variable; set and read in one place.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("machine.toml");
    std::fs::write(&path, "kiosk = true\nwarning_seconds = 10\n").unwrap();
    // SAFETY: no other test in this process reads or writes this variable.
    unsafe { std::env::set_var(config::PATH_ENV, &path) };
    assert_eq!(config::path(), path);
    let (c, loaded) = MachineConfig::load();
    unsafe { std::env::remove_var(config::PATH_ENV) };
    assert_eq!(loaded, Loaded::Read { ignored: vec![] });
    assert!(c.kiosk);
    assert_eq!(c.warning, S(10));
}
