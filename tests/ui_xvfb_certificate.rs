//! 以自然人憑證登入 in a real window, in NORMAL mode (not the demo): the app under Xvfb with
//! a real PKCS#11 module (SoftHSM2, named by `--pkcs11-module` as a support person would set
//! `pkcs11_module`) holding a MOICA-shaped token, on a machine whose pcscd runs with an empty
//! reader, against the reference service binary trusting the test CA (`--moica-ca`). As a
//! person would: the token is seen by the app's watcher, the ID number and a wrong PIN are
//! typed (the app stays up, no QR), then the right PIN; the QR is decoded from the screenshot
//! and redeemed like a phone would, and "verified" appears. The CPU with the certificate
//! session's code on screen is measured as in `ui_xvfb.rs`.
//!
//! Its own `main`: SOFTHSM2_CONF must be set before any thread exists (the test provisions
//! the token through the module itself). Needs what `ui_xvfb.rs` needs plus softhsm2
//! (`scripts/setup-system.sh --test`); without them it is skipped with a message unless `CI`
//! is set (then it fails).

mod softhsm_support;
mod support;
mod xvfb_support;

use std::time::Duration;

use nhi_companion::card::demo::DEMO_ID_NUMBER;
use nhi_companion::service::RegistrationClient;
use nhi_companion::token::demo_ca::{DemoCa, Holder};
use softhsm_support::{KeyAlg, Provision, SoftHsm};
use support::pcscd::Pcscd;
use xvfb_support::{
    App, cpu_percent_over, decode_qr, keep_shots, reference_service, screenshot, shows_green_check,
    tools_present, wait_for, x, xvfb,
};

const PIN: &str = "864209";
const LABEL: &str = "HiCOS PKI Smart Card";

fn main() {
    if !tools_present("ui_xvfb_certificate") {
        return;
    }
    let Some(module) = softhsm_support::module_path() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "SoftHSM2 is missing: scripts/setup-system.sh --test installs softhsm2"
        );
        eprintln!("ui_xvfb_certificate: SoftHSM2 not installed; skipped");
        return;
    };
    let hsm = SoftHsm::new(module.clone());
    // SAFETY: nothing else runs yet (no harness: this is `main`).
    unsafe { std::env::set_var("SOFTHSM2_CONF", &hsm.conf) };
    let ca = DemoCa::new("Test MOICA", true).unwrap();
    hsm.init_token(LABEL, PIN);
    softhsm_support::provision(
        &softhsm_support::context(&module),
        &Provision {
            label: LABEL,
            pin: PIN,
            key: KeyAlg::Rsa2048,
            ca: &ca,
            holder: Holder::signing("林測試", "X1"),
            with_ca_certificate: true,
            with_encryption_pair: true,
            always_authenticate: false,
        },
    );
    let work = tempfile::tempdir().unwrap();
    let ca_file = work.path().join("moica-ca.pem");
    std::fs::write(&ca_file, ca.root_pem()).unwrap();

    // A home PC: pcscd runs, the reader is plugged in and empty.
    let _pcscd = Pcscd::acquire();
    let (_service, url) = reference_service(&["--moica-ca", ca_file.to_str().unwrap()]);
    let (_xvfb, display) = xvfb();
    let home = tempfile::tempdir().unwrap();
    let shots = tempfile::tempdir().unwrap();
    let conf = hsm.conf.to_str().unwrap().to_owned();
    let mut app = App::launch_with(
        &[
            "--service",
            &url,
            "--pkcs11-module",
            module.to_str().unwrap(),
        ],
        &[("SOFTHSM2_CONF", &conf)],
        &display,
        home.path(),
    );
    let window = app.wait_for_window(Duration::from_secs(60));
    // The watcher polls once a second; the certificate is opened and shown to the service.
    std::thread::sleep(Duration::from_secs(4));
    let ready = shots.path().join("certificate.png");
    screenshot(&display, &ready);
    app.assert_running("with the certificate screen");

    // The ID field has the focus; a wrong PIN first.
    x(&display, "xdotool", &["windowfocus", "--sync", &window]);
    x(
        &display,
        "xdotool",
        &["type", "--delay", "60", DEMO_ID_NUMBER],
    );
    x(&display, "xdotool", &["key", "Tab"]);
    app.type_and_enter("000000");
    std::thread::sleep(Duration::from_secs(4));
    let wrong = shots.path().join("wrong-pin.png");
    screenshot(&display, &wrong);
    app.assert_running("after a wrong PIN");
    assert!(decode_qr(&wrong).is_none(), "a QR after a wrong PIN");

    // The PIN field has the focus again, the ID number kept.
    app.type_and_enter(PIN);
    let code_shot = shots.path().join("code.png");
    let code = app.wait_for_qr(
        &code_shot,
        Duration::from_secs(60),
        "while signing in with the certificate",
    );

    let (percent, seconds) = cpu_percent_over(app.pid(), 20);
    eprintln!(
        "ui_xvfb_certificate: CPU with the code on screen and the token watched: {percent:.2} % of one core over {seconds} s"
    );
    assert!(percent < 5.0, "the app used {percent:.2} % of a core");

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = RegistrationClient::new(&url).unwrap();
    runtime
        .block_on(client.redeem_device_code(&code, "Test phone", "android"))
        .expect("the code from the screen redeems");
    let verified = shots.path().join("verified.png");
    wait_for("the verified screen", Duration::from_secs(30), || {
        app.assert_running("after the code was redeemed");
        screenshot(&display, &verified);
        (decode_qr(&verified).is_none() && shows_green_check(&verified)).then_some(())
    });
    app.assert_no_panic();
    let log = app.stderr();
    for secret in [PIN, "000000"] {
        assert!(!log.contains(secret), "the PIN in the app's log");
    }
    keep_shots(
        shots.path(),
        &[
            "certificate.png",
            "wrong-pin.png",
            "code.png",
            "verified.png",
        ],
    );
    eprintln!("ui_xvfb_certificate: ok");
}
