//! Accessibility, headless (iced_test, tiny-skia, the bundled font): text scale up to 200 %,
//! the high-contrast and dark themes, focus and keyboard-only operation, states that do not
//! show by colour alone, and the settings that remember all of it.
//!
//! `NHI_UI_SNAPSHOTS=1` also writes PNGs (200 %, high contrast, dark) to
//! `$CARGO_TARGET_DIR/ui-snapshots/` to look at.

mod ui_support;

use std::time::{Duration, Instant};

use iced::keyboard::{self, key::Named};
use iced::theme::Mode;
use iced::{Rectangle, Theme, event};
use iced_test::Simulator;
use iced_test::selector;

use nhi_companion::flow::{DeviceInfo, Kind, ReaderSignal, Reply};
use nhi_companion::i18n::{DisplayMode, Language};
use nhi_companion::problem::{Problem, ProblemText};
use nhi_companion::ui::app::Key;
use nhi_companion::ui::look::{self, Look, ThemeChoice, contrast};
use nhi_companion::ui::screen::{card_ready, settings, signed_in};
use nhi_companion::ui::{self, App, Message, Options, widgets};

use ui_support::{HEIGHT, READER, Ui, WIDTH, code, tr};

impl Ui {
    /// With NHI_UI_SNAPSHOTS set, a PNG `a11y-NAME` of the view in the app's own theme.
    fn snapshot(&self, name: &str) {
        self.save_snapshot(&format!("a11y-{name}"), &self.app.theme());
    }
}

/// A key press with modifiers (the simulator's `tap_key` has none).
fn press(key: keyboard::Key, modifiers: keyboard::Modifiers) -> iced::Event {
    iced::Event::Keyboard(keyboard::Event::KeyPressed {
        key: key.clone(),
        modified_key: key,
        physical_key: keyboard::key::Physical::Unidentified(
            keyboard::key::NativeCode::Unidentified,
        ),
        location: keyboard::Location::Standard,
        modifiers,
        text: None,
        repeat: false,
    })
}

fn tab(sim: &mut Simulator<'_, Message>) {
    sim.tap_key(keyboard::Key::Named(Named::Tab));
}

/// The bounds of the focused widget, if any.
fn focused(sim: &mut Simulator<'_, Message>) -> Option<Rectangle> {
    sim.find(selector::is_focused()).ok().map(|t| t.bounds())
}

/// Tab until the focused widget holds `text`; panics after a full round without it.
fn tab_to(sim: &mut Simulator<'_, Message>, text: &str) {
    let target = sim
        .find(text)
        .unwrap_or_else(|_| panic!("{text:?} not shown"))
        .bounds();
    for _ in 0..40 {
        tab(sim);
        if focused(sim).is_some_and(|b| b.contains(target.center())) {
            return;
        }
    }
    panic!("Tab never reached {text:?}");
}

/// The whole round of focusable widgets, in Tab order.
fn tab_round(sim: &mut Simulator<'_, Message>) -> Vec<Rectangle> {
    let mut round = Vec::new();
    for _ in 0..60 {
        tab(sim);
        let now = focused(sim).expect("Tab always focuses something");
        if round.first() == Some(&now) {
            return round;
        }
        round.push(now);
    }
    panic!("the focus never came back round");
}

// --- Text scale ---------------------------------------------------------------------------

#[test]
fn text_at_200_percent_is_twice_as_large() {
    for mode in [DisplayMode::Chinese, DisplayMode::English] {
        let l = mode.languages()[0];
        let mut small = Ui::scaled(mode, 1.0);
        let mut large = Ui::scaled(mode, 2.0);
        small.second_code_shown();
        large.second_code_shown();
        for id in ["code-title", "code-label", "phone-step-1", "ui-back"] {
            let (a, b) = (small.bounds_of(&tr(l, id)), large.bounds_of(&tr(l, id)));
            assert!(
                b.height >= a.height * 1.8,
                "{mode:?} {id}: {} px at 100 %, {} px at 200 %",
                a.height,
                b.height
            );
        }
        // The code itself, too.
        let (a, b) = (small.bounds_of("0251 1X66"), large.bounds_of("0251 1X66"));
        assert!(b.height >= a.height * 1.8 && b.width >= a.width * 1.8);
        assert_eq!(
            Look {
                text_scale: 2.0,
                ..Look::new(mode)
            }
            .px(24.0),
            48.0
        );
    }
}

/// Every screen at 200 %, in every language mode: it renders, shows its text, and nothing
/// sticks out of the 1280 px window sideways (long rows wrap or stack instead).
#[test]
fn every_screen_fits_the_window_at_200_percent() {
    type Step = fn(&mut Ui);
    let screens: Vec<(&str, Step, &str)> = vec![
        ("no reader", |_| {}, "no-reader-title"),
        (
            "service missing",
            |ui| ui.reader(ReaderSignal::ServiceDown),
            "ui-demo-offer",
        ),
        (
            "waiting",
            |ui| {
                ui.reader(ReaderSignal::ReaderAdded {
                    reader: READER.into(),
                })
            },
            "waiting-title",
        ),
        ("card ready", |ui| ui.card_ready(), "card-ready-first-time"),
        (
            "first-time application",
            |ui| {
                ui.card_ready();
                ui.send(Message::CardReady(card_ready::Message::FirstTime));
            },
            "apply-title",
        ),
        (
            "e-mail verification",
            |ui| {
                ui.card_ready();
                ui.send(Message::CardReady(card_ready::Message::Password(
                    "x".into(),
                )));
                ui.send(Message::CardReady(card_ready::Message::Submit));
                ui.reply(Reply::SignedIn(Err(Problem::EmailNotVerified)));
            },
            "verify-resend",
        ),
        (
            "password reset mail sent",
            |ui| {
                ui.card_ready();
                ui.send(Message::CardReady(card_ready::Message::Forgot));
                ui.send(Message::Account(
                    nhi_companion::ui::screen::account::Message::Email("a@b.tw".into()),
                ));
                ui.send(Message::Account(
                    nhi_companion::ui::screen::account::Message::SubmitReset,
                ));
                ui.reply(Reply::PasswordResetSent(Ok("d***@example.org".into())));
            },
            "reset-set-password",
        ),
        ("signed in", |ui| ui.signed_in(), "code-generate"),
        ("device code", |ui| ui.second_code_shown(), "code-label"),
        (
            "verified",
            |ui| {
                ui.second_code_shown();
                ui.send(Message::Tick(Instant::now() + Duration::from_secs(4)));
                ui.reply(Reply::CodeStatus(Ok(
                    nhi_companion::flow::CodeStatus::Redeemed(Some("Pixel 8 · Android".into())),
                )));
            },
            "code-verified-title",
        ),
        (
            "expired",
            |ui| {
                ui.second_code_shown();
                ui.send(Message::Tick(Instant::now() + Duration::from_secs(901)));
            },
            "code-validity-note",
        ),
        (
            "devices",
            |ui| {
                ui.signed_in();
                ui.send(Message::SignedIn(signed_in::Message::Devices));
                ui.reply(Reply::DevicesListed(Ok(vec![DeviceInfo {
                    id: "1".into(),
                    label: "iPhone 15 of the family".into(),
                    authenticated_at: None,
                }])));
            },
            "devices-revoke",
        ),
        (
            "failed with retry",
            |ui| {
                ui.signed_in();
                ui.send(Message::SignedIn(signed_in::Message::Generate));
                ui.reply(Reply::CodeCreated(Err(Problem::NetworkDown)));
            },
            "ui-retry",
        ),
        (
            "settings",
            |ui| {
                ui.reader(ReaderSignal::ReaderAdded {
                    reader: READER.into(),
                });
                ui.send(Message::OpenSettings)
            },
            "a11y-text-size",
        ),
    ];
    for (name, go, id) in screens {
        for mode in [
            DisplayMode::Chinese,
            DisplayMode::English,
            DisplayMode::Bilingual,
        ] {
            let l = mode.languages()[0];
            let mut ui = Ui::scaled(mode, 2.0);
            go(&mut ui);
            assert!(ui.shows(&tr(l, id)), "{name} {mode:?}: {id} not shown");
            for (text, b) in ui.texts() {
                assert!(
                    b.x >= -0.5 && b.x + b.width <= WIDTH + 0.5,
                    "{name} {mode:?} at 200 %: {text:?} sticks out ({b:?})"
                );
            }
            ui.snapshot(&format!("200-{}-{mode:?}", name.replace(' ', "_")));
        }
    }
}

#[test]
fn the_text_size_buttons_and_shortcuts_change_the_scale() {
    let l = Language::English;
    let mut ui = Ui::scaled(DisplayMode::English, 1.0);
    ui.send(Message::OpenSettings);
    // Each button says its number; the chosen one has a ✓ beside it.
    for percent in Look::SCALES {
        assert!(ui.shows(&format!("{percent} %")), "{percent} %");
    }
    assert!(ui.shows(&tr(l, "a11y-text-size-keys")));
    ui.interact(|sim| {
        sim.click("150 %").expect("the 150 % button");
    });
    assert_eq!(ui.app.look().percent(), 150);
    // A ✓ sits in the 150 % button, just before its number.
    let label = ui.bounds_of("150 %");
    assert!(
        ui.texts().iter().any(|(t, b)| t == widgets::CHOSEN
            && b.x < label.x
            && label.x - b.x < 80.0
            && (b.center_y() - label.center_y()).abs() < 10.0),
        "no ✓ beside 150 %"
    );
    // Ctrl + / Ctrl − / Ctrl 0, as the key subscription maps them.
    let ctrl = keyboard::Modifiers::CTRL;
    let key = |c: &str| keyboard::Key::Character(c.into());
    for (c, expect) in [("=", 175), ("+", 200), ("+", 200), ("-", 175), ("0", 100)] {
        let iced::Event::Keyboard(event) = press(key(c), ctrl) else {
            unreachable!()
        };
        let message = App::shortcut(&event, event::Status::Captured).expect("a shortcut");
        ui.send(message);
        assert_eq!(ui.app.look().percent(), expect, "Ctrl {c}");
    }
    // Without Ctrl these keys are only typing.
    let iced::Event::Keyboard(event) = press(key("+"), keyboard::Modifiers::default()) else {
        unreachable!()
    };
    assert!(App::shortcut(&event, event::Status::Ignored).is_none());
}

// --- Themes ---------------------------------------------------------------------------------

fn palette_contrasts(theme: &Theme) -> Vec<(&'static str, f32)> {
    let p = theme.palette();
    let e = theme.extended_palette();
    vec![
        ("text", contrast(p.text, p.background)),
        ("accent", contrast(p.primary, p.background)),
        ("danger", contrast(p.danger, p.background)),
        ("success", contrast(p.success, p.background)),
        (
            "text on the filled button",
            contrast(e.primary.base.text, e.primary.base.color),
        ),
        (
            "header bar text",
            contrast(e.background.weak.text, e.background.weak.color),
        ),
        (
            "focus ring",
            contrast(ui::focus::ring_colour(theme), p.background),
        ),
    ]
}

#[test]
fn the_high_contrast_theme_meets_aaa_in_light_and_dark() {
    for (choice, dark) in [(ThemeChoice::Light, false), (ThemeChoice::Dark, true)] {
        let mut ui = Ui::with(Options {
            mode: Some(DisplayMode::Bilingual),
            high_contrast: Some(true),
            theme: Some(choice),
            ..Options::default()
        });
        let theme = ui.app.theme();
        assert_eq!(theme.extended_palette().is_dark, dark, "{choice:?}");
        assert_eq!(theme.palette(), look::theme(true, dark).palette());
        let expected = if dark {
            (iced::Color::BLACK, iced::Color::WHITE)
        } else {
            (iced::Color::WHITE, iced::Color::BLACK)
        };
        assert_eq!((theme.palette().background, theme.palette().text), expected);
        for (what, ratio) in palette_contrasts(&theme) {
            assert!(
                ratio >= 7.0,
                "{choice:?} high contrast: {what} only {ratio:.2}:1"
            );
        }
        // No grey second language in high contrast: it is drawn in the text colour.
        assert_eq!(
            widgets::second_colour(&theme, ui.app.look()),
            theme.palette().text
        );
        ui.second_code_shown();
        ui.snapshot(&format!("high-contrast-{choice:?}-code"));
        ui.send(Message::CardReady(card_ready::Message::Escape));
        ui.card_ready();
        ui.snapshot(&format!("high-contrast-{choice:?}-card-ready"));
    }
    // Chosen in settings at run time, it is the app's theme at once.
    let mut ui = Ui::scaled(DisplayMode::Chinese, 1.0);
    assert!(
        contrast(
            ui.app.theme().palette().text,
            ui.app.theme().palette().background
        ) >= 7.0
    );
    ui.send(Message::Settings(settings::Message::HighContrast(true)));
    assert_eq!(ui.app.theme().palette(), look::HIGH_CONTRAST_LIGHT);
}

#[test]
fn light_or_dark_follows_the_system_unless_chosen() {
    let mut ui = Ui::scaled(DisplayMode::English, 1.0);
    assert_eq!(ui.app.theme_choice(), ThemeChoice::System);
    assert!(
        !ui.app.theme().extended_palette().is_dark,
        "no preference: light"
    );
    ui.send(Message::SystemTheme(Mode::Dark));
    assert!(
        ui.app.theme().extended_palette().is_dark,
        "the system went dark"
    );
    assert_eq!(ui.app.theme().palette(), look::DARK);
    for (what, ratio) in palette_contrasts(&ui.app.theme()) {
        assert!(ratio >= 4.5, "dark: {what} only {ratio:.2}:1");
    }
    ui.second_code_shown();
    ui.snapshot("dark-code");
    // Chosen light in settings: the system's dark no longer matters.
    ui.send(Message::Settings(settings::Message::Theme(
        ThemeChoice::Light,
    )));
    assert!(!ui.app.theme().extended_palette().is_dark);
    ui.send(Message::SystemTheme(Mode::Light));
    ui.send(Message::Settings(settings::Message::Theme(
        ThemeChoice::Dark,
    )));
    assert!(ui.app.theme().extended_palette().is_dark);
}

// --- Focus and the keyboard -----------------------------------------------------------------

#[test]
fn tab_reaches_every_button_and_space_or_enter_presses_the_focused_one() {
    let l = Language::English;
    let mut ui = Ui::scaled(DisplayMode::English, 1.0);
    ui.signed_in();
    // Header: 中文, English, 雙語 Both, Settings; body: generate, devices, sign out; footer:
    // diagnostics.
    let round = ui.interact(tab_round);
    assert_eq!(round.len(), 8, "{round:?}");
    for id in [
        "code-generate",
        "devices-open",
        "sign-out",
        "ui-settings",
        "diag-open",
    ] {
        let b = ui.bounds_of(&tr(l, id));
        assert!(
            round.iter().any(|r| r.contains(b.center())),
            "Tab never reaches {id}"
        );
    }
    // Shift+Tab goes back the same way.
    ui.interact(|sim| {
        tab(sim);
        let first = focused(sim);
        tab(sim);
        let _ = sim.simulate([press(
            keyboard::Key::Named(Named::Tab),
            keyboard::Modifiers::SHIFT,
        )]);
        assert_eq!(focused(sim), first, "Shift+Tab");
    });

    // Space on the focused "Devices" opens the devices.
    ui.interact(|sim| {
        tab_to(sim, &tr(l, "devices-open"));
        sim.tap_key(keyboard::Key::Named(Named::Space));
    });
    assert_eq!(ui.app.flow().kind(), Kind::Devices);

    // Enter on a focused button is taken by the button (captured), so the app's own "Enter
    // takes the main step" does not fire as well: one press, one action.
    let mut ui = Ui::scaled(DisplayMode::English, 1.0);
    ui.signed_in();
    let status = ui.interact(|sim| {
        tab_to(sim, &tr(l, "sign-out"));
        sim.tap_key(keyboard::Key::Named(Named::Enter))
    });
    assert_eq!(status, event::Status::Captured);
    let iced::Event::Keyboard(enter) =
        press(keyboard::Key::Named(Named::Enter), Default::default())
    else {
        unreachable!()
    };
    assert!(App::shortcut(&enter, status).is_none());
    assert!(App::shortcut(&enter, event::Status::Ignored).is_some());
    assert_eq!(ui.app.flow().kind(), Kind::CardReady, "signed out");

    // A disabled button is skipped: on the card-ready screen with no password typed, the
    // sign-in button is not in the round (and says why it cannot be pressed).
    let mut ui = Ui::scaled(DisplayMode::English, 1.0);
    ui.card_ready();
    assert!(ui.shows(&tr(l, "a11y-why-sign-in")));
    let sign_in = ui.bounds_of(&tr(l, "card-ready-sign-in"));
    let round = ui.interact(tab_round);
    assert!(!round.iter().any(|r| r.contains(sign_in.center())));
}

/// The text fields and buttons draw their focus: a snapshot with the focus on a button differs
/// from one without, in every theme.
#[test]
fn the_focus_is_visible() {
    for (hc, choice) in [
        (false, ThemeChoice::Light),
        (false, ThemeChoice::Dark),
        (true, ThemeChoice::Light),
        (true, ThemeChoice::Dark),
    ] {
        let mut ui = Ui::with(Options {
            mode: Some(DisplayMode::English),
            high_contrast: Some(hc),
            theme: Some(choice),
            ..Options::default()
        });
        ui.signed_in();
        let theme = ui.app.theme();
        let (before, after) = ui.interact(|sim| {
            let before = sim.snapshot(&theme).unwrap();
            tab_to(sim, &tr(Language::English, "devices-open"));
            let after = sim.snapshot(&theme).unwrap();
            (before, after)
        });
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("before");
        let b = dir.path().join("after");
        before.matches_image(&a).unwrap();
        assert!(
            !after.matches_image(&a).unwrap(),
            "hc={hc} {choice:?}: the focus does not show"
        );
        after.matches_image(&b).unwrap();
    }
}

#[test]
fn the_whole_flow_by_keyboard_only() {
    let l = Language::TraditionalChinese;
    let mut ui = Ui::scaled(DisplayMode::Chinese, 2.0);
    // The card goes in (hardware, not keys).
    ui.card_ready();
    // Tab to the password field, type, Enter.
    ui.interact(|sim| {
        let field = sim
            .find(iced::widget::Id::new(card_ready::PASSWORD))
            .expect("the password field")
            .bounds();
        for _ in 0..20 {
            tab(sim);
            if focused(sim) == Some(field) {
                break;
            }
        }
        assert_eq!(focused(sim), Some(field), "Tab reaches the password field");
        sim.typewrite("Demo1234");
        sim.tap_key(keyboard::Key::Named(Named::Enter));
    });
    assert_eq!(ui.app.flow().kind(), Kind::SigningIn);
    // Signed in, the code is asked for at once (as on the official site).
    ui.reply(Reply::SignedIn(Ok("token".into())));
    assert_eq!(ui.app.flow().kind(), Kind::CreatingCode);
    ui.reply(Reply::CodeCreated(Ok(code())));
    assert!(ui.shows("0251 1X66"), "the code is shown");
    ui.snapshot("keyboard-code-200");
    // Copy it from the keyboard, then back with the Back button.
    ui.interact(|sim| {
        tab_to(sim, &tr(l, "code-copy"));
        sim.tap_key(keyboard::Key::Named(Named::Enter));
    });
    assert!(ui.shows(&tr(l, "code-copied")));
    ui.interact(|sim| {
        tab_to(sim, &tr(l, "ui-back"));
        sim.tap_key(keyboard::Key::Named(Named::Enter));
    });
    assert_eq!(ui.app.flow().kind(), Kind::SignedIn, "and back");
    // A new code: Tab to 產生裝置認證碼, Space.
    ui.interact(|sim| {
        tab_to(sim, &tr(l, "code-generate"));
        sim.tap_key(keyboard::Key::Named(Named::Space));
    });
    assert_eq!(ui.app.flow().kind(), Kind::CreatingCode);
    ui.reply(Reply::CodeCreated(Ok(code())));
    assert!(ui.shows("0251 1X66"), "the new code is shown");
    ui.send(Message::Key(Key::Escape));
    assert_eq!(ui.app.flow().kind(), Kind::SignedIn, "Esc goes back too");
    // Settings by keyboard too: open, choose 200 %… (already), high contrast, close.
    ui.interact(|sim| {
        tab_to(sim, &tr(l, "ui-settings"));
        sim.tap_key(keyboard::Key::Named(Named::Enter));
    });
    ui.interact(|sim| {
        tab_to(sim, &tr(l, "a11y-contrast-high"));
        sim.tap_key(keyboard::Key::Named(Named::Space));
    });
    assert!(ui.app.look().high_contrast);
    ui.interact(|sim| {
        tab_to(sim, &tr(l, "settings-close"));
        // At 200 % "Done" is far below the window: the focus scrolled it into view.
        let target = sim.find(selector::is_focused()).unwrap();
        let visible = target
            .visible_bounds()
            .expect("the focused button is on screen");
        assert!(
            (visible.height - target.bounds().height).abs() < 0.5,
            "fully on screen: {visible:?}"
        );
        assert!(visible.y >= 0.0 && visible.y + visible.height <= HEIGHT);
        sim.tap_key(keyboard::Key::Named(Named::Space));
    });
    assert!(ui.shows(&tr(l, "code-generate")), "settings closed");
}

// --- Not by colour alone --------------------------------------------------------------------

#[test]
fn states_do_not_show_by_colour_alone() {
    let l = Language::English;
    // Chosen language, text size, contrast, theme and reader each carry a ✓.
    let mut ui = Ui::scaled(DisplayMode::English, 1.0);
    ui.reader(ReaderSignal::ReaderAdded {
        reader: READER.into(),
    });
    ui.send(Message::OpenSettings);
    let checks = ui
        .texts()
        .into_iter()
        .filter(|(t, _)| t == widgets::CHOSEN)
        .count();
    // Header language switch + settings language switch, size, contrast, theme, reader.
    assert_eq!(checks, 6);

    // A problem starts with ⚠ and its title in words.
    let mut ui = Ui::scaled(DisplayMode::English, 1.0);
    ui.signed_in();
    ui.send(Message::SignedIn(signed_in::Message::Generate));
    ui.reply(Reply::CodeCreated(Err(Problem::NetworkDown)));
    assert!(ui.shows(widgets::WARNING));
    assert!(ui.shows(&Problem::NetworkDown.title(l)));

    // The countdown says in words when little time is left.
    let mut ui = Ui::scaled(DisplayMode::English, 1.0);
    let start = Instant::now();
    ui.second_code_shown();
    assert!(!ui.shows(&tr(l, "a11y-code-hurry")));
    ui.send(Message::Tick(start + Duration::from_secs(800)));
    assert_eq!(ui.app.flow().kind(), Kind::DeviceCodeShown);
    assert!(ui.shows(&tr(l, "a11y-code-hurry")));
    assert!(ui.shows(widgets::WARNING));
}

// --- Remembered -----------------------------------------------------------------------------

/// Text size, contrast and theme are written to the settings file and read back at start.
/// (Linux: the file goes under `$XDG_CONFIG_HOME`, pointed at a temporary folder.)
#[cfg(target_os = "linux")]
#[test]
fn text_size_contrast_and_theme_are_remembered() {
    let dir = tempfile::tempdir().unwrap();
    // Only this test reads or writes settings (the others remember nothing).
    unsafe { std::env::set_var("XDG_CONFIG_HOME", dir.path()) };
    let remembering = || Options {
        mode: Some(DisplayMode::English),
        remember_settings: true,
        ..Options::default()
    };
    let mut ui = Ui::with(remembering());
    assert_eq!(ui.app.look().percent(), 100);
    ui.send(Message::Settings(settings::Message::TextScale(175)));
    ui.send(Message::Settings(settings::Message::HighContrast(true)));
    ui.send(Message::Settings(settings::Message::Theme(
        ThemeChoice::Dark,
    )));
    let file = dir.path().join("nhi-companion/settings.json");
    let text = std::fs::read_to_string(&file).expect("settings written");
    assert!(text.contains("\"text_scale\": 175"), "{text}");

    let again = Ui::with(remembering());
    assert_eq!(again.app.look().percent(), 175);
    assert!(again.app.look().high_contrast);
    assert_eq!(again.app.theme_choice(), ThemeChoice::Dark);
    assert_eq!(again.app.theme().palette(), look::HIGH_CONTRAST_DARK);

    // The command line wins over the file, and is not written back.
    let cli = Ui::with(Options {
        text_scale: Some(1.25),
        high_contrast: Some(false),
        ..remembering()
    });
    assert_eq!(cli.app.look().percent(), 125);
    assert!(!cli.app.look().high_contrast);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}
