//! The diagnostics the app gathers itself (not a report handed in): the PKCS#11 module it looks
//! at is the one `App::new` chose — `--pkcs11-module` over the machine-wide file's
//! `pkcs11_module` — and the screen says which file, and who named it. Paths with nothing
//! there, so the result is the same on every machine.
//!
//! The only test in this binary: it points PC/SC at a socket that is not there before any
//! other thread exists (no card of anyone's, in the shared pcscd, is touched).

mod ui_support;

use nhi_companion::i18n::{self, DisplayMode, Language};
use nhi_companion::kiosk::MachineConfig;
use nhi_companion::ui::{Message, Options};

use ui_support::{Ui, tr};

#[test]
fn the_app_diagnoses_the_module_it_was_given() {
    // SAFETY: the only test here, run before it starts any thread of its own; pcsc-lite reads
    // the variable when the app's diagnostics open a context.
    unsafe { std::env::set_var("PCSCLITE_CSOCK_NAME", "/nonexistent/pcscd.comm") };
    let dir = tempfile::tempdir().unwrap();
    let from_file = dir.path().join("machine/libHicos_p11.so");
    let asked = dir.path().join("asked/libHicos_p11.so");
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let l = Language::English;
    let machine = MachineConfig {
        pkcs11_module: Some(from_file.clone()),
        ..MachineConfig::default()
    };
    let missing_line = |path: &std::path::Path, source: &str| {
        let source = i18n::text(l, "diag-token-source", &[("source", source.into())]);
        i18n::text(
            l,
            "diag-token-module-missing",
            &[
                ("places", path.display().to_string().into()),
                ("source", source.into()),
            ],
        )
    };
    for (asked_module, expected, source) in [
        (None, &from_file, "machine-file"),
        (Some(asked.clone()), &asked, "command-line"),
    ] {
        let mut ui = Ui::with(Options {
            mode: Some(DisplayMode::English),
            service_url: Some(url.clone()),
            machine: Some(machine.clone()),
            pkcs11_module: asked_module,
            ..Options::default()
        });
        ui.run(Message::OpenDiagnostics);
        assert!(!ui.shows(&tr(l, "diag-checking")), "gathered");
        assert!(ui.shows(&tr(l, "diag-section-token")));
        assert!(
            ui.shows(&missing_line(expected, source)),
            "{source}: {:?}",
            ui.texts().iter().map(|(t, _)| t).collect::<Vec<_>>()
        );
    }
}
