//! The window on small screens, at 100 % text: the real view laid out (iced_test, tiny-skia,
//! the bundled font) at the window sizes a person gets on a 1366×768 and a 1280×720 screen —
//! the whole screen (no window manager, or full screen) and what is left under a taskbar and a
//! title bar — must show the QR, the code and the countdown whole, without scrolling, and the
//! header (title, language, Settings) and footer (hotline, Diagnostics) whole. At 1024×768
//! the page may scroll, but nothing is cut off at the sides.
//!
//! The real window at 1366×768 (sized by the app itself, QR decoded from the screen, buttons
//! clicked) is `tests/ui_small_screen_xvfb.rs`.

mod ui_support;

use iced::Rectangle;
use iced_test::selector::Candidate;
use nhi_companion::i18n::DisplayMode;
use nhi_companion::ui::screen::card_ready;
use nhi_companion::ui::screen::device_code;
use nhi_companion::ui::{Message, Options, window_place};
use ui_support::*;

/// Window sizes (inner, logical px): the screen itself, and the screen less a 40 px taskbar
/// and a 31 px title bar (Windows 10/11 at 100 %; GNOME's top bar and title bar take less).
const FITS: [(f32, f32); 4] = [
    (1366.0, 768.0),
    (1366.0, 697.0),
    (1280.0, 720.0),
    (1280.0, 649.0),
];

const MODES: [DisplayMode; 3] = [
    DisplayMode::Chinese,
    DisplayMode::English,
    DisplayMode::Bilingual,
];

/// The app in a window of `size`, told its size as the real window tells it.
fn ui(mode: DisplayMode, size: (f32, f32)) -> Ui {
    let mut ui = Ui::with_size(
        Options {
            mode: Some(mode),
            ..Options::default()
        },
        size,
    );
    ui.send(Message::Window(window_place::Message::Resized(
        iced::Size::new(size.0, size.1),
    )));
    ui
}

/// Where something is drawn and how much of it is visible (inside the window and, in the
/// page, inside the scrolled area).
fn find(
    ui: &Ui,
    what: impl Fn(&Candidate<'_>) -> bool + Send + 'static,
) -> Option<(Rectangle, Option<Rectangle>)> {
    ui.simulator()
        .find(move |c: Candidate<'_>| what(&c).then(|| (c.bounds(), c.visible_bounds())))
        .ok()
}

fn text_containing(ui: &Ui, needle: &str) -> Option<(Rectangle, Option<Rectangle>)> {
    let needle = needle.to_owned();
    find(
        ui,
        move |c| matches!(c, Candidate::Text { content, .. } if content.contains(&needle)),
    )
}

/// `bounds` is all visible, and inside the window.
fn whole(
    (bounds, visible): (Rectangle, Option<Rectangle>),
    (w, h): (f32, f32),
    what: &str,
    at: &str,
) {
    let seen = visible.unwrap_or_else(|| panic!("{at}: {what} is not visible at all"));
    let close = |a: f32, b: f32| (a - b).abs() < 0.5;
    assert!(
        close(seen.x, bounds.x)
            && close(seen.y, bounds.y)
            && close(seen.width, bounds.width)
            && close(seen.height, bounds.height),
        "{at}: {what} is cut: drawn at {bounds:?}, visible {seen:?}"
    );
    assert!(
        bounds.x >= 0.0
            && bounds.y >= 0.0
            && bounds.x + bounds.width <= w + 0.5
            && bounds.y + bounds.height <= h + 0.5,
        "{at}: {what} at {bounds:?} is outside the {w}×{h} window"
    );
}

fn header_and_footer_whole(ui: &Ui, mode: DisplayMode, size: (f32, f32), at: &str) {
    for language in mode.languages() {
        let language = *language;
        for id in ["app-name", "ui-settings", "diag-open"] {
            let label = tr(language, id);
            let found = text_containing(ui, &label)
                .unwrap_or_else(|| panic!("{at}: {label:?} not on screen"));
            whole(found, size, &label, at);
        }
        let hotline = text_containing(ui, "0800-030-598")
            .unwrap_or_else(|| panic!("{at}: the hotline is not on screen"));
        whole(hotline, size, "the hotline", at);
    }
    for label in ["中文", "English", "雙語"] {
        let found = text_containing(ui, label)
            .unwrap_or_else(|| panic!("{at}: the {label:?} switch is not on screen"));
        whole(found, size, label, at);
    }
}

#[test]
fn the_code_fits_1366x768_and_1280x720_without_scrolling() {
    for size in FITS {
        for mode in MODES {
            let at = format!("{}×{} {mode:?}", size.0, size.1);
            let mut ui = ui(mode, size);
            ui.code_shown();
            let qr = find(
                &ui,
                |c| matches!(c, Candidate::Container { id: Some(id), .. } if **id == iced::widget::Id::new(device_code::QR_ID)),
            )
            .unwrap_or_else(|| panic!("{at}: no QR"));
            whole(qr, size, "the QR", &at);
            assert!(
                qr.0.width >= device_code::QR_SIZE && qr.0.height >= device_code::QR_SIZE,
                "{at}: the QR shrank to {:?}",
                qr.0
            );
            let code = text_containing(&ui, "0251 1X66")
                .unwrap_or_else(|| panic!("{at}: the code is not on screen"));
            whole(code, size, "the code", &at);
            let countdown = text_containing(&ui, "15:00")
                .unwrap_or_else(|| panic!("{at}: the countdown is not on screen"));
            whole(countdown, size, "the countdown", &at);
            header_and_footer_whole(&ui, mode, size, &at);
            ui.save_snapshot(
                &format!("small-{}x{}-{mode:?}", size.0, size.1),
                &iced::Theme::Light,
            );
        }
    }
}

#[test]
fn at_1024x768_nothing_is_cut_off_at_the_sides() {
    for size in [(1024.0, 768.0), (1024.0, 697.0)] {
        for mode in MODES {
            let at = format!("{}×{} {mode:?}", size.0, size.1);
            let mut ui = ui(mode, size);
            ui.card_ready();
            check_sides(&ui, size, &format!("{at} card ready"));
            header_and_footer_whole(&ui, mode, size, &at);
            ui.code_shown_again();
            check_sides(&ui, size, &format!("{at} code"));
            header_and_footer_whole(&ui, mode, size, &at);
            ui.save_snapshot(
                &format!("small-{}x{}-{mode:?}", size.0, size.1),
                &iced::Theme::Light,
            );
        }
    }
}

/// Every text lies within the window's width (the page may scroll down, never sideways).
fn check_sides(ui: &Ui, (w, _): (f32, f32), at: &str) {
    for (text, bounds) in ui.texts() {
        assert!(
            bounds.x >= -0.5 && bounds.x + bounds.width <= w + 0.5,
            "{at}: {text:?} at {bounds:?} is cut off at the side of the {w} px window"
        );
    }
}

trait Again {
    fn code_shown_again(&mut self);
}

impl Again for Ui {
    /// From the card-ready screen to the code.
    fn code_shown_again(&mut self) {
        use nhi_companion::flow::Reply;
        self.send(Message::CardReady(card_ready::Message::Password(
            "Demo1234".into(),
        )));
        self.send(Message::CardReady(card_ready::Message::Submit));
        self.reply(Reply::SignedIn(Ok("token".into())));
        self.reply(Reply::CodeCreated(Ok(code())));
    }
}

/// The demo, what a person tries first and what the README's pictures show: its badge in the
/// header must leave the name, the language switch and Settings whole (beside the name, it pushed
/// "Settings" off a 1024 px window and squeezed "雙語 Both" into a column).
#[test]
fn the_demo_header_is_whole_on_small_screens() {
    for size in [
        (1024.0, 768.0),
        (1024.0, 697.0),
        (1280.0, 720.0),
        (1366.0, 768.0),
    ] {
        for mode in MODES {
            let at = format!("demo {}×{} {mode:?}", size.0, size.1);
            let mut ui = Ui::with_size(
                Options {
                    mode: Some(mode),
                    demo: true,
                    ..Options::default()
                },
                size,
            );
            ui.send(Message::Window(window_place::Message::Resized(
                iced::Size::new(size.0, size.1),
            )));
            ui.save_snapshot(
                &format!("demo-{}x{}-{mode:?}", size.0, size.1),
                &iced::Theme::Light,
            );
            for language in mode.languages() {
                let badge = tr(*language, "ui-demo-badge");
                let found = text_containing(&ui, &badge)
                    .unwrap_or_else(|| panic!("{at}: the demo badge is not on screen"));
                whole(found, size, "the demo badge", &at);
                for id in ["app-name", "ui-settings"] {
                    let label = tr(*language, id);
                    let found = text_containing(&ui, &label)
                        .unwrap_or_else(|| panic!("{at}: {label:?} not on screen"));
                    whole(found, size, &label, &at);
                }
            }
            // The header only: the waiting page has a "Diagnostics" of its own, under the
            // fold (the page scrolls), which the footer's check would find first.
            for label in ["中文", "English", "雙語"] {
                let found = text_containing(&ui, label)
                    .unwrap_or_else(|| panic!("{at}: the {label:?} switch is not on screen"));
                whole(found, size, label, &at);
            }
        }
    }
}

/// The certificate screen on a laptop: in Chinese and in English the ID field, the PIN field
/// and "Sign in" are in view without scrolling (a short window drops the two hints), and at
/// 1024 px nothing is cut at the sides in any mode.
#[test]
fn the_certificate_screen_fits_a_laptop() {
    for size in FITS {
        for mode in [DisplayMode::Chinese, DisplayMode::English] {
            let at = format!("{}×{} {mode:?} certificate", size.0, size.1);
            let mut ui = ui(mode, size);
            ui.certificate_ready();
            let language = mode.languages()[0];
            for id in ["cert-id-number", "cert-pin", "cert-sign-in"] {
                // Exactly the label: the instruction line above names the button too.
                let label = tr(language, id);
                let wanted = label.clone();
                let found = find(
                    &ui,
                    move |c| matches!(c, Candidate::Text { content, .. } if *content == wanted),
                )
                .unwrap_or_else(|| panic!("{at}: {label:?} not on screen"));
                whole(found, size, &label, &at);
            }
            header_and_footer_whole(&ui, mode, size, &at);
        }
    }
    for mode in MODES {
        let size = (1024.0, 768.0);
        let mut ui = ui(mode, size);
        ui.certificate_ready();
        check_sides(&ui, size, &format!("1024×768 {mode:?} certificate"));
    }
}
