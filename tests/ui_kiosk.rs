//! Kiosk mode, headless: the real `App::update` / `App::view` in iced_test's simulator
//! (tiny-skia, bundled font), driven by simulated reader events, service replies and ticks
//! carrying instants the test chooses, so minutes of idling take no time.

mod ui_support;

use std::ops::{Deref, DerefMut};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use iced::keyboard::{self, key::Named};

use nhi_companion::flow::{CodeStatus, Kind, ReaderSignal, Reply};
use nhi_companion::i18n::{self, DisplayMode, Language};
use nhi_companion::kiosk::{self, MachineConfig};
use nhi_companion::ui::app::Key;
use nhi_companion::ui::screen::{admin, card_ready};
use nhi_companion::ui::{self, Message, Options};

use ui_support::{READER, SECRETS, Ui, code, holder, tr};

const PIN: &str = "246810";
const ZH: Language = Language::TraditionalChinese;
const EN: Language = Language::English;
/// The kiosk's screen.
const SCREEN: (f32, f32) = (1920.0, 1080.0);

/// One hash for the whole binary: Argon2 is slow on purpose.
fn pin_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| kiosk::pin::hash(PIN).unwrap()).clone()
}

fn machine() -> MachineConfig {
    MachineConfig {
        kiosk: true,
        admin_pin_hash: Some(pin_hash()),
        ..MachineConfig::default()
    }
}

fn warning(language: Language, seconds: u64) -> String {
    i18n::text(
        language,
        "kiosk-reset-warning",
        &[("seconds", seconds.into())],
    )
}

/// The app in kiosk mode plus a simulated clock: `t0` is a little in the future, so every
/// event the app handles happens at a known instant (the app takes the latest time it saw).
/// Everything else is the shared [`Ui`] driver's.
struct Kiosk {
    ui: Ui,
    t0: Instant,
}

impl Deref for Kiosk {
    type Target = Ui;

    fn deref(&self) -> &Ui {
        &self.ui
    }
}

impl DerefMut for Kiosk {
    fn deref_mut(&mut self) -> &mut Ui {
        &mut self.ui
    }
}

impl Kiosk {
    fn new(machine: MachineConfig) -> Kiosk {
        let ui = Ui::with_size(
            Options {
                kiosk: true,
                machine: Some(machine),
                ..Options::default()
            },
            SCREEN,
        );
        let t0 = Instant::now() + Duration::from_secs(5);
        let mut k = Kiosk { ui, t0 };
        k.at(0);
        k
    }

    /// A tick at `t0 + seconds`.
    fn at(&mut self, seconds: u64) {
        let now = self.t0 + Duration::from_secs(seconds);
        self.send(Message::Tick(now));
    }

    /// No reset announced, in either language.
    fn no_warning(&self) -> bool {
        let prefix = |l| warning(l, 99).split("99").next().unwrap().to_owned();
        !self.shows_part(&prefix(ZH)) && !self.shows_part(&prefix(EN))
    }

    fn nothing_personal(&self) -> bool {
        SECRETS.iter().all(|s| !self.shows_part(s))
    }
}

#[test]
fn idle_warning_keep_going_then_reset_clears_everything() {
    let mut k = Kiosk::new(machine());
    k.code_shown();
    assert!(k.shows("0251 1X66"));

    // Default: 120 s idle, the last 20 announced.
    k.at(99);
    assert!(k.no_warning(), "nothing announced before the window");
    k.at(100);
    assert!(k.shows(&warning(ZH, 20)), "the warning at 100 s says 20");
    assert!(k.shows(&warning(EN, 20)), "bilingual by default");
    k.at(105);
    assert!(k.shows(&warning(ZH, 15)));

    // 繼續使用 / Keep going: the warning goes, the two minutes start over.
    k.interact(|sim| {
        sim.click(tr(ZH, "kiosk-keep-going").as_str())
            .expect("the keep-going button");
    });
    assert!(k.no_warning());
    assert_eq!(k.app.flow().kind(), Kind::DeviceCodeShown);
    k.at(204);
    assert!(k.no_warning(), "postponed by the click at 105 s");
    k.at(205);
    assert!(k.shows(&warning(ZH, 20)));

    // Enter works as "keep going" too, and does not take the screen's main step.
    k.send(Message::Key(Key::Enter));
    assert!(k.no_warning());
    assert_eq!(k.app.flow().kind(), Kind::DeviceCodeShown, "no new code");
    // So does any other input.
    k.at(310);
    assert!(k.shows(&warning(ZH, 15)));
    k.send(Message::Activity);
    assert!(k.no_warning());

    // Left alone: reset at 120 s after the last input.
    assert_eq!(k.app.sign_outs_requested(), 0);
    k.at(429);
    assert!(k.shows(&warning(ZH, 1)));
    k.at(430);
    assert_eq!(k.app.flow().kind(), Kind::WaitingForCard);
    assert_eq!(k.app.sign_outs_requested(), 1, "signed out at the service");
    assert!(k.nothing_personal(), "personal data left after the reset");
    assert!(k.no_warning());
    // The card is still in: ask for it (and only for it), until it is taken.
    assert!(k.shows(&tr(ZH, "kiosk-take-card-title")));
    assert!(k.shows(&tr(EN, "kiosk-take-card-title")), "bilingual");
    assert!(!k.shows(&tr(ZH, "waiting-title")));
    k.reader(ReaderSignal::CardRemoved {
        reader: READER.into(),
    });
    assert!(!k.shows(&tr(ZH, "kiosk-take-card-title")));
    assert!(k.shows(&tr(ZH, "waiting-title")));
    assert_eq!(k.app.flow().kind(), Kind::WaitingForCard);
    // Waiting for a card: nothing to protect, so the idle time no longer matters.
    k.at(5000);
    assert_eq!(k.app.sign_outs_requested(), 1);
    // The next card is read as usual.
    k.reader(ReaderSignal::CardInserted {
        reader: READER.into(),
        atr: vec![0x3b],
    });
    assert_eq!(k.app.flow().kind(), Kind::Reading);
}

#[test]
fn the_idle_time_starts_when_a_card_is_read() {
    let mut k = Kiosk::new(machine());
    // A long wait for a card first: it does not count.
    k.at(1000);
    k.card_ready();
    k.at(1099);
    assert!(k.no_warning());
    k.at(1100);
    assert!(k.shows(&warning(EN, 20)));
    // Typing the password counts as activity.
    k.send(Message::CardReady(card_ready::Message::Password(
        "Dem".into(),
    )));
    k.send(Message::Activity);
    assert!(k.no_warning());
    k.at(1220);
    assert_eq!(k.app.flow().kind(), Kind::WaitingForCard);
    assert!(k.nothing_personal());
    assert!(
        !k.shows_part("Dem"),
        "the typed password went with the screen"
    );
    assert_eq!(
        k.app.sign_outs_requested(),
        0,
        "never signed in: nothing to end"
    );
}

#[test]
fn removing_the_card_resets_at_once() {
    let mut k = Kiosk::new(machine());
    k.code_shown();
    k.at(10);
    k.reader(ReaderSignal::CardRemoved {
        reader: READER.into(),
    });
    assert_eq!(k.app.flow().kind(), Kind::WaitingForCard);
    assert_eq!(k.app.sign_outs_requested(), 1);
    assert!(k.nothing_personal());
    assert!(
        !k.shows(&tr(ZH, "kiosk-take-card-title")),
        "the card is gone already"
    );
}

#[test]
fn a_verified_code_resets_a_few_seconds_later() {
    let mut k = Kiosk::new(machine());
    k.code_shown();
    k.at(3);
    k.reply(Reply::CodeStatus(Ok(CodeStatus::Redeemed(Some(
        "Pixel 8 · Android".into(),
    )))));
    assert_eq!(k.app.flow().kind(), Kind::Verified);
    assert!(k.shows(&tr(ZH, "code-verified-title")));
    let shown = kiosk::config::DEFAULT_RESULT.as_secs();
    k.at(4);
    assert!(k.shows(&warning(ZH, shown - 1)), "the reset is announced");
    assert!(k.shows(&tr(ZH, "code-verified-title")), "over the result");
    k.at(3 + shown);
    assert_eq!(k.app.flow().kind(), Kind::WaitingForCard);
    assert_eq!(k.app.sign_outs_requested(), 1);
    assert!(k.nothing_personal());
}

#[test]
fn with_result_seconds_0_a_verified_code_resets_at_once() {
    let mut k = Kiosk::new(MachineConfig {
        result: Duration::ZERO,
        ..machine()
    });
    k.code_shown();
    k.at(3);
    k.reply(Reply::CodeStatus(Ok(CodeStatus::Redeemed(Some(
        "Pixel 8 · Android".into(),
    )))));
    assert_eq!(k.app.flow().kind(), Kind::WaitingForCard);
    assert_eq!(k.app.sign_outs_requested(), 1);
    assert!(k.nothing_personal());
}

#[test]
fn an_expired_code_resets_a_few_seconds_later() {
    // The longest idle time, so that the code's 15 minutes can run out first.
    let mut k = Kiosk::new(MachineConfig {
        idle: Duration::from_secs(1800),
        ..machine()
    });
    k.code_shown();
    k.at(901);
    assert_eq!(k.app.flow().kind(), Kind::Expired);
    let shown = kiosk::config::DEFAULT_RESULT.as_secs();
    k.at(901 + shown - 1);
    assert_eq!(k.app.flow().kind(), Kind::Expired);
    assert!(k.shows(&warning(EN, 1)));
    k.at(901 + shown);
    assert_eq!(k.app.flow().kind(), Kind::WaitingForCard);
    assert_eq!(k.app.sign_outs_requested(), 1);
    assert!(k.nothing_personal());
}

#[test]
fn copy_and_save_are_not_offered() {
    let mut k = Kiosk::new(machine());
    k.code_shown();
    for l in [ZH, EN] {
        assert!(!k.shows(&tr(l, "code-copy")), "{l:?}");
        assert!(!k.shows(&tr(l, "code-save-qr")), "{l:?}");
        assert!(k.shows(&tr(l, "code-new")), "{l:?}");
    }
    // Outside a kiosk they are there.
    let mut ui = Ui::new(DisplayMode::English);
    ui.reader(ReaderSignal::CardInserted {
        reader: READER.into(),
        atr: vec![0x3b],
    });
    ui.reply(Reply::CardRead(Ok(holder())));
    ui.send(Message::CardReady(card_ready::Message::Password(
        "Demo1234".into(),
    )));
    ui.send(Message::CardReady(card_ready::Message::Submit));
    ui.reply(Reply::SignedIn(Ok("t".into())));
    ui.reply(Reply::CodeCreated(Ok(code())));
    assert!(ui.shows(&tr(EN, "code-copy")));
    assert!(ui.shows(&tr(EN, "code-save-qr")));
}

#[test]
fn settings_open_only_with_the_chord_and_the_pin() {
    let mut k = Kiosk::new(machine());
    k.reader(ReaderSignal::ReaderAdded {
        reader: READER.into(),
    });
    // No settings button; the language switch stays for the visitor.
    for l in [ZH, EN] {
        assert!(!k.shows(&tr(l, "ui-settings")), "{l:?}");
    }
    assert!(k.shows(&tr(ZH, "ui-language-both")));

    // Ctrl+Alt+Shift+A: the PIN prompt.
    k.send(Message::AdminChord);
    assert!(k.shows(&tr(ZH, "kiosk-admin-title")));
    assert!(k.shows(&tr(EN, "kiosk-admin-pin")));

    // A wrong PIN is refused and says how many tries are left.
    k.interact(|sim| {
        sim.click(iced::widget::Id::new(admin::PIN))
            .expect("the PIN field");
        sim.typewrite("135790");
        sim.tap_key(keyboard::Key::Named(Named::Enter));
    });
    let wrong = i18n::text(EN, "kiosk-admin-wrong", &[("tries", 2.into())]);
    assert!(k.shows(&wrong), "{wrong}");
    assert!(!k.shows(&tr(EN, "settings-title")));
    assert!(!k.shows_part("135790"), "the PIN is never shown");

    // The right one opens the settings and the way out.
    k.interact(|sim| {
        sim.click(iced::widget::Id::new(admin::PIN))
            .expect("the PIN field");
        sim.typewrite(PIN);
        sim.tap_key(keyboard::Key::Named(Named::Enter));
    });
    assert!(k.shows(&tr(ZH, "settings-title")));
    assert!(k.shows(&tr(ZH, "kiosk-admin-exit")));
    assert!(k.shows(&tr(EN, "kiosk-admin-lock")));

    // Locked again: back to the kiosk.
    k.interact(|sim| {
        sim.click(tr(ZH, "kiosk-admin-lock").as_str())
            .expect("the lock button");
    });
    assert!(!k.shows(&tr(ZH, "settings-title")));
    assert!(k.shows(&tr(ZH, "waiting-title")));
}

#[test]
fn the_admin_screen_closes_when_left_idle() {
    let mut k = Kiosk::new(machine());
    k.send(Message::AdminChord);
    k.send(Message::Admin(admin::Message::Pin(PIN.into())));
    k.send(Message::Admin(admin::Message::Submit));
    assert!(k.shows(&tr(ZH, "settings-title")));
    k.at(120);
    assert!(
        !k.shows(&tr(ZH, "settings-title")),
        "locked by the idle reset"
    );
}

#[test]
fn too_many_wrong_pins_pause_the_prompt() {
    let mut k = Kiosk::new(machine());
    k.send(Message::AdminChord);
    for _ in 0..kiosk::pin::MAX_TRIES {
        k.send(Message::Admin(admin::Message::Pin("000000".into())));
        k.send(Message::Admin(admin::Message::Submit));
    }
    let pause = i18n::text(
        EN,
        "kiosk-admin-cooldown",
        &[("seconds", kiosk::pin::COOLDOWN.as_secs().into())],
    );
    assert!(k.shows(&pause), "{pause}");
    // Even the right PIN waits.
    k.send(Message::Admin(admin::Message::Pin(PIN.into())));
    k.send(Message::Admin(admin::Message::Submit));
    assert!(!k.shows(&tr(EN, "settings-title")));
    // Esc closes the prompt.
    k.send(Message::Key(Key::Escape));
    assert!(!k.shows(&tr(EN, "kiosk-admin-title")));
}

#[test]
fn without_a_configured_pin_nothing_opens() {
    let mut k = Kiosk::new(MachineConfig {
        admin_pin_hash: None,
        ..machine()
    });
    k.send(Message::AdminChord);
    assert!(k.shows(&tr(ZH, "kiosk-admin-no-pin")));
    assert!(k.shows(&tr(EN, "kiosk-admin-no-pin")));
    let field = iced::widget::Id::new(admin::PIN);
    assert!(k.simulator().find(field).is_err(), "no PIN field");
    k.send(Message::Admin(admin::Message::Submit));
    assert!(!k.shows(&tr(EN, "settings-title")));
}

#[test]
fn bilingual_and_large_by_default_and_a_reset_restores_the_language() {
    let mut k = Kiosk::new(machine());
    assert!(k.app.is_kiosk());
    assert_eq!(k.app.mode(), DisplayMode::Bilingual);
    k.card_ready();
    // A visitor picks English; the next one gets the kiosk's own language again.
    k.send(Message::Mode(DisplayMode::English));
    assert_eq!(k.app.mode(), DisplayMode::English);
    k.at(120);
    assert_eq!(k.app.flow().kind(), Kind::WaitingForCard);
    assert_eq!(k.app.mode(), DisplayMode::Bilingual);

    // The machine-wide file chooses the language.
    let k = Kiosk::new(MachineConfig {
        language: Some(nhi_companion::settings::StoredMode::Chinese),
        ..machine()
    });
    assert_eq!(k.app.mode(), DisplayMode::Chinese);
}

#[test]
fn the_kiosk_window_fills_the_screen_and_ignores_close() {
    let kiosk = ui::window_settings(&Options {
        kiosk: true,
        ..Options::default()
    });
    assert!(kiosk.fullscreen && !kiosk.decorations && !kiosk.exit_on_close_request);
    // Turned on by the machine-wide file alone, too.
    let by_file = ui::window_settings(&Options {
        machine: Some(machine()),
        ..Options::default()
    });
    assert!(by_file.fullscreen);
    let desktop = ui::window_settings(&Options::default());
    assert!(!desktop.fullscreen && desktop.decorations);
    // A desktop window opens hidden until it is sized to its monitor, and its close button
    // goes through the app, which remembers the window's place, then exits (ui::window_place).
    assert!(!desktop.visible && !desktop.exit_on_close_request);
}
