//! The desktop app in NORMAL mode (not the demo) in a real window under Xvfb, on the real
//! smart-card stack: the project's virtual demo card in the vpcd reader of a real pcscd, read
//! through the app's own `Cards::pcsc` and `pcsc_signals`, and the reference service in
//! another process on loopback. As a person would: the card goes in, the password is typed,
//! the QR is decoded from the screenshot (zbarimg) and redeemed like a phone would.
//!
//! 1. A prompt service: sign in, QR, redeemed, "verified".
//! 2. The challenge step answers 7 s late, past pcscd's power-down grace period (5 s at most;
//!    0.4–0.8 s for vpcd; docs/TESTING.md): the app keeps the card powered and the QR comes.
//! 3. The card taken out while the sign-in waits for the service: back to the waiting screen
//!    (pixel for pixel the one from before any card: nothing personal left), and the card put
//!    back is read afresh with an empty password field.
//!
//! Needs what `ui_xvfb.rs` needs plus pcscd and vsmartcard-vpcd (`scripts/setup-system.sh
//! --test`); without the X tools it is skipped with a message unless `CI` is set (then it
//! fails), and pcscd missing fails as in every pcscd test. Any exit of the app the test did
//! not ask for (at launch too) fails it, with the app's stderr.

mod support;
mod xvfb_support;

use std::path::Path;
use std::time::{Duration, Instant};

use nhi_companion::card::demo::DEMO_PASSWORD;
use nhi_companion::service::RegistrationClient;
use nhi_companion::service::protocol::{FaultKind, FaultRequest};
use nhi_companion::virtual_card::CardProfile;
use support::pcscd::Pcscd;
use xvfb_support::{
    App, SAME_SCREEN_PIXELS, decode_qr, differing_pixels_outside, keep_shots, reference_service,
    same_screen, screenshot, settled_screenshot, shows_green_check, tools_present, wait_for, xvfb,
};

/// Past pcsc-lite's longest power-down grace period (5 s), inside the client's 15 s read timeout.
const LATE: Duration = Duration::from_secs(7);
/// Long enough to take the card out while the sign-in waits for it.
const STUCK: Duration = Duration::from_secs(20);
/// The rows of the 1280×900 window where the waiting screen, after a card left, says so
/// ("signed out, your data cleared"): under the instructions, above the footer. The rest of
/// that screen must be the very waiting screen shown before any card was in.
const FAREWELL: std::ops::Range<u32> = 500..832;

struct Run<'a> {
    app: App,
    display: String,
    shots: &'a Path,
    client: RegistrationClient,
    runtime: tokio::runtime::Runtime,
}

impl Run<'_> {
    fn shot(&self, name: &str) -> std::path::PathBuf {
        self.shots.join(name)
    }

    /// Waits until the screen settles on something other than `not` and keeps it as `name`.
    fn settled_other_than(&mut self, not: &Path, name: &str, what: &str) {
        let path = self.shot(name);
        let display = self.display.clone();
        let again = self.shot("again.png");
        wait_for(what, Duration::from_secs(20), || {
            self.app.assert_running(what);
            settled_screenshot(&display, &path, Duration::from_secs(10));
            // Not a step on the way there (reading the card): the same a second later.
            std::thread::sleep(Duration::from_secs(1));
            screenshot(&display, &again);
            (!same_screen(&path, not) && same_screen(&path, &again)).then_some(())
        });
    }

    /// Waits until the screen shows what `like` shows.
    fn shows_like(&mut self, like: &Path, name: &str, what: &str, timeout: Duration) {
        self.shows_like_but(like, 0..0, name, what, timeout);
    }

    /// Waits until the screen shows what `like` shows outside the rows in `band`.
    fn shows_like_but(
        &mut self,
        like: &Path,
        band: std::ops::Range<u32>,
        name: &str,
        what: &str,
        timeout: Duration,
    ) {
        let path = self.shot(name);
        let display = self.display.clone();
        let mut closest = usize::MAX;
        let start = Instant::now();
        loop {
            self.app.assert_running(what);
            screenshot(&display, &path);
            let differing = differing_pixels_outside(&path, like, band.clone());
            if differing < SAME_SCREEN_PIXELS {
                eprintln!("ui_xvfb_pcscd: {what}: {differing} pixels off");
                return;
            }
            closest = closest.min(differing);
            assert!(
                start.elapsed() < timeout,
                "timed out waiting for {what} ({name} vs {}: {closest} pixels differ at best)",
                like.display()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    /// The QR on screen, decoded.
    fn qr(&mut self, name: &str, timeout: Duration) -> String {
        let path = self.shot(name);
        self.app.wait_for_qr(&path, timeout, "while signing in")
    }

    /// The phone redeems `code`; the app shows "verified" (it polls every 3 s).
    fn redeem(&mut self, code: &str, name: &str) {
        let device = self
            .runtime
            .block_on(
                self.client
                    .redeem_device_code(code, "Test phone", "android"),
            )
            .expect("the code from the screen redeems");
        assert_eq!(device.device_name, "Test phone");
        let path = self.shot(name);
        let display = self.display.clone();
        wait_for("the verified screen", Duration::from_secs(30), || {
            self.app.assert_running("after the code was redeemed");
            screenshot(&display, &path);
            (decode_qr(&path).is_none() && shows_green_check(&path)).then_some(())
        });
    }

    /// The next challenge request answers `delay` late.
    fn slow_challenge(&self, delay: Duration) {
        self.runtime
            .block_on(self.client.inject_fault(&FaultRequest {
                kind: FaultKind::Delay,
                count: 1,
                delay_ms: Some(delay.as_millis() as u64),
                path_prefix: Some("/api/v1/sign-in/challenge".into()),
            }))
            .unwrap();
    }
}

#[test]
fn normal_mode_on_pcscd_signs_in_late_challenge_and_removal() {
    if !tools_present("ui_xvfb_pcscd") {
        return;
    }
    let pcscd = Pcscd::acquire();
    let shots = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let (_service, url) = reference_service(&["--enable-faults"]);
    let (_xvfb, display) = xvfb();
    let mut run = Run {
        app: App::launch(&["--service", &url], &display, home.path()),
        display: display.clone(),
        shots: shots.path(),
        client: RegistrationClient::new(&url).unwrap(),
        runtime: tokio::runtime::Runtime::new().unwrap(),
    };
    run.app.wait_for_window(Duration::from_secs(60));

    // No card yet: the waiting screen, nothing personal anywhere. Kept to compare with.
    let waiting = run.shot("waiting.png");
    settled_screenshot(&display, &waiting, Duration::from_secs(20));
    assert!(decode_qr(&waiting).is_none());

    // 1. A prompt service.
    let card = pcscd.insert(0, CardProfile::default());
    run.settled_other_than(&waiting, "card-ready.png", "the card read");
    let card_ready = run.shot("card-ready.png");
    run.app.type_and_enter(DEMO_PASSWORD);
    let code = run.qr("code.png", Duration::from_secs(30));
    run.redeem(&code, "verified.png");
    pcscd.remove(card);
    run.shows_like_but(
        &waiting,
        FAREWELL,
        "waiting-again.png",
        "the waiting screen after the card left",
        Duration::from_secs(10),
    );

    // 2. The challenge step answers late, past pcscd's power-down grace period.
    run.slow_challenge(LATE);
    let card = pcscd.insert(0, CardProfile::default());
    run.shows_like(
        &card_ready,
        "card-ready-2.png",
        "the card read again",
        Duration::from_secs(20),
    );
    let typed = Instant::now();
    run.app.type_and_enter(DEMO_PASSWORD);
    let code = run.qr("code-late.png", LATE + Duration::from_secs(30));
    let took = typed.elapsed();
    eprintln!("ui_xvfb_pcscd: QR after a {LATE:?} challenge step: {took:?} after typing");
    assert!(
        took >= LATE,
        "the challenge step was not delayed ({took:?})"
    );
    run.redeem(&code, "verified-late.png");

    // 3. The card taken out while the sign-in waits for the service.
    pcscd.remove(card);
    run.shows_like_but(
        &waiting,
        FAREWELL,
        "waiting-3.png",
        "the waiting screen",
        Duration::from_secs(10),
    );
    run.slow_challenge(STUCK);
    let card = pcscd.insert(0, CardProfile::default());
    run.shows_like(
        &card_ready,
        "card-ready-3.png",
        "the card read",
        Duration::from_secs(20),
    );
    run.app.type_and_enter(DEMO_PASSWORD);
    // Signing in: the card was asked for its random, the request waits at the service.
    std::thread::sleep(Duration::from_secs(2));
    screenshot(&display, &run.shot("signing-in.png"));
    let removed = Instant::now();
    pcscd.remove(card);
    run.shows_like_but(
        &waiting,
        FAREWELL,
        "removed-mid-sign-in.png",
        "the waiting screen after the card left mid sign-in",
        Duration::from_secs(10),
    );
    let back = removed.elapsed();
    eprintln!("ui_xvfb_pcscd: waiting screen {back:?} after the card left mid sign-in");
    assert!(
        back < STUCK / 2,
        "the app waited for the service ({back:?})"
    );
    // The card back: read afresh, the password field empty (the card-ready screen as at first).
    run.runtime.block_on(run.client.clear_faults()).unwrap();
    let card = pcscd.insert(0, CardProfile::default());
    run.shows_like(
        &card_ready,
        "card-ready-4.png",
        "the card read once more, nothing typed",
        Duration::from_secs(20),
    );
    run.app.assert_running("at the end");
    run.app.assert_no_panic();
    pcscd.remove(card);
    keep_shots(
        shots.path(),
        &[
            "waiting.png",
            "card-ready.png",
            "code.png",
            "verified.png",
            "code-late.png",
            "signing-in.png",
            "removed-mid-sign-in.png",
            "card-ready-4.png",
        ],
    );
}
