//! The app in a real window, as a person would use it: under Xvfb, in demo mode against a
//! reference service in another process, the password typed with xdotool, a screenshot taken,
//! the QR decoded from its pixels by an independent decoder (zbarimg) and redeemed like a
//! phone would. Then the "verified" screen must appear. Also measures the app's CPU while the
//! QR and its countdown are on screen (DESIGN: ≤ 1 % of a core).
//!
//! Needs Xvfb, xdotool, zbarimg and import (`scripts/setup-system.sh --test`). Without them it
//! is skipped with a message, unless `CI` is set: in CI it fails. The app exiting at any point
//! the test did not ask for (at launch too) fails it, with the app's stderr.
//!
//! The same in normal mode, on a real pcscd with the virtual card, is `ui_xvfb_pcscd.rs`.

mod xvfb_support;

use std::time::Duration;

use nhi_companion::service::RegistrationClient;
use xvfb_support::{
    App, cpu_percent_over, decode_qr, keep_shots, reference_service, screenshot, shows_green_check,
    tools_present, wait_for, xvfb,
};

#[test]
fn demo_in_a_real_window_shows_a_scannable_qr_that_redeems() {
    if !tools_present("ui_xvfb") {
        return;
    }
    let shots = tempfile::tempdir().unwrap();
    // The app's settings and any saved file go here, never into the tester's home.
    let home = tempfile::tempdir().unwrap();

    let (_service, url) = reference_service(&[]);
    let (_xvfb, display) = xvfb();
    let mut app = App::launch(&["--demo", "--service", &url], &display, home.path());
    app.wait_for_window(Duration::from_secs(60));
    let pid = app.pid();
    // The demo card is read at start; give the first frames time to settle.
    std::thread::sleep(Duration::from_secs(3));
    let card_ready = shots.path().join("card-ready.png");
    screenshot(&display, &card_ready);

    app.type_and_enter("Demo1234");

    let code_shot = shots.path().join("code.png");
    let code = app.wait_for_qr(&code_shot, Duration::from_secs(60), "while signing in");

    // CPU while the QR and its countdown are on screen.
    let (percent, seconds) = cpu_percent_over(pid, 30);
    eprintln!("ui_xvfb: CPU with the QR on screen: {percent:.2} % of one core over {seconds} s");
    // The goal is 1 %; a loaded CI machine gets some slack, a busy loop does not.
    assert!(
        percent < 5.0,
        "the app used {percent:.2} % of a core while idle"
    );

    // Play the phone.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = RegistrationClient::new(&url).unwrap();
    let device = runtime
        .block_on(client.redeem_device_code(&code, "Test phone", "android"))
        .expect("the code from the screen redeems");
    assert_eq!(device.device_name, "Test phone");

    // The app polls every 3 s: the QR leaves and the green check of "verified" appears.
    let verified = shots.path().join("verified.png");
    wait_for("the verified screen", Duration::from_secs(30), || {
        app.assert_running("after the code was redeemed");
        screenshot(&display, &verified);
        (decode_qr(&verified).is_none() && shows_green_check(&verified)).then_some(())
    });
    app.assert_no_panic();
    keep_shots(
        shots.path(),
        &["card-ready.png", "code.png", "verified.png"],
    );
}

/// The harness's own check: an app that exits before its window (here: refused arguments, as
/// a crash at launch would) fails the test at once, with what the app said.
#[test]
fn an_app_that_exits_at_launch_fails_the_test() {
    if !tools_present("ui_xvfb") {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let failure = std::panic::catch_unwind(|| {
        let mut app = App::launch(&["--no-such-option"], ":65000", home.path());
        app.wait_for_window(Duration::from_secs(30));
    })
    .expect_err("the harness must fail when the app exits before its window");
    let message = failure
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("exited before its window") && message.contains("--no-such-option"),
        "{message}"
    );
}

/// With `RUST_LOG=trace` (what a support person asks for), a password typed into the real
/// window reaches no log line: the text-layout library traces every string it shapes, the
/// password field's value included, so the app caps every other crate at warnings. The log
/// must still hold the app's own debug lines (the level was honoured), and the typed text in
/// no form.
#[test]
fn nothing_typed_reaches_the_log_at_trace() {
    if !tools_present("ui_xvfb") {
        return;
    }
    const TYPED: &str = "Zq7xPw93";
    let home = tempfile::tempdir().unwrap();
    let (_xvfb, display) = xvfb();
    let mut app = App::launch_with(&["--demo"], &[("RUST_LOG", "trace")], &display, home.path());
    app.wait_for_window(Duration::from_secs(60));
    std::thread::sleep(Duration::from_secs(3));
    // A wrong password: the sign-in fails and says so (the app logs the failure at debug).
    app.type_and_enter(TYPED);
    std::thread::sleep(Duration::from_secs(4));
    app.assert_running("after the password was typed");
    let log = app.stderr();
    drop(app);
    assert!(
        log.contains("reader event"),
        "RUST_LOG=trace was not honoured for the app's own lines: {} lines",
        log.lines().count()
    );
    // Any four characters in a row of what was typed (the field lays out every prefix).
    for start in 0..=TYPED.len() - 4 {
        let part = &TYPED[start..start + 4];
        let hits: Vec<&str> = log.lines().filter(|l| l.contains(part)).take(3).collect();
        assert!(
            hits.is_empty(),
            "{part:?} of the typed password in the log: {hits:#?}"
        );
    }
}
