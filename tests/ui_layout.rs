//! Where things are, headless (iced_test, tiny-skia, the bundled font), with the widget state
//! kept across views as in the real window (`ui_support::live`): every screen and overlay
//! opens at its top; the code screen shows the QR, the code and the countdown together at
//! 200 % and in a 1920×1080 kiosk; buttons and fields do not move when a label changes or a
//! hint comes and goes.

mod ui_support;

use iced::Point;

use nhi_companion::i18n::{DisplayMode, Language};
use nhi_companion::ui::Message;

use ui_support::live::Live;
use ui_support::{Ui, tr};

const CENTRE: Point = Point::new(640.0, 450.0);

#[test]
fn every_page_opens_at_its_top() {
    let l = Language::English;
    let mut ui = Ui::scaled(DisplayMode::English, 2.0);
    let mut live = Live::new((1280.0, 900.0));
    ui.code_shown();
    let code = "0251 1X66";
    assert!(live.visible(&ui.app, code).is_some(), "the code at first");

    // Scrolled down the code screen (to its buttons), then settings: they open at their title.
    live.wheel(&ui.app, CENTRE, 40.0);
    assert!(
        live.visible(&ui.app, code).is_none(),
        "the wheel did not scroll"
    );
    ui.send(Message::OpenSettings);
    assert!(
        live.visible(&ui.app, &tr(l, "settings-title")).is_some(),
        "settings opened below their title"
    );
    // Scrolled down the settings and closed: the code screen is back at its top.
    live.wheel(&ui.app, CENTRE, 40.0);
    ui.send(Message::Settings(
        nhi_companion::ui::screen::settings::Message::Close,
    ));
    assert!(
        live.visible(&ui.app, code).is_some(),
        "back from settings the code is off screen"
    );

    // Diagnostics over a scrolled page, and back.
    live.wheel(&ui.app, CENTRE, 40.0);
    ui.send(Message::OpenDiagnostics);
    assert!(live.visible(&ui.app, &tr(l, "diag-title")).is_some());
    live.wheel(&ui.app, CENTRE, 40.0);
    ui.send(Message::Key(nhi_companion::ui::app::Key::Escape));
    assert!(live.visible(&ui.app, code).is_some());

    // A new screen (the signed-in menu after a scrolled code screen) starts at its top too.
    live.wheel(&ui.app, CENTRE, 40.0);
    ui.send(Message::Key(nhi_companion::ui::app::Key::Escape));
    assert!(live.visible(&ui.app, &tr(l, "signed-in-title")).is_some());
}

/// The part of the window the page shows (below the header).
fn in_view(live: &mut Live, ui: &Ui, text: &str) -> Option<iced::Rectangle> {
    live.visible(&ui.app, text)
}

/// Wholly in view: not scrolled away, not cut by the page's edge (the header or the footer).
fn fully_shown(live: &mut Live, ui: &Ui, text: &str) -> bool {
    live.texts(&ui.app)
        .iter()
        .find(|s| s.content == text)
        .is_some_and(|s| s.whole())
}

/// The focusable widget (a button) that holds `text`, if it is wholly in view: its bounds.
fn button_of(live: &mut Live, ui: &Ui, text: &str) -> Option<iced::Rectangle> {
    use iced::advanced::widget::Operation;
    use iced::advanced::widget::operation::{Outcome, black_box};
    use iced_test::selector::{Candidate, Selector};
    let centre = live
        .texts(&ui.app)
        .into_iter()
        .find(|s| s.content == text)?
        .visible?
        .center();
    live.frame(&ui.app, |ui, renderer| {
        let selector = move |c: Candidate<'_>| match c {
            Candidate::Focusable {
                bounds,
                visible_bounds: Some(visible),
                ..
            } if visible.contains(centre) => {
                Some(ui_support::live::same(bounds, visible).then_some(bounds))
            }
            _ => None,
        };
        let mut op = selector.find();
        ui.operate(renderer, &mut black_box(&mut op));
        match op.finish() {
            Outcome::Some(found) => found.flatten(),
            _ => None,
        }
    })
}

/// The QR's white box, where it is visible.
fn qr_bounds(live: &mut Live, ui: &Ui) -> Option<iced::Rectangle> {
    use iced::advanced::widget::Operation;
    use iced::advanced::widget::operation::{Outcome, black_box};
    use iced_test::selector::{Candidate, Selector};
    let id = iced::widget::Id::new(nhi_companion::ui::screen::device_code::QR_ID);
    live.frame(&ui.app, |ui, renderer| {
        let selector = move |c: Candidate<'_>| match c {
            Candidate::Container {
                id: Some(found),
                bounds,
                visible_bounds,
                ..
            } if *found == id => {
                Some(visible_bounds.filter(|v| ui_support::live::same(*v, bounds)))
            }
            _ => None,
        };
        let mut op = selector.find();
        ui.operate(renderer, &mut black_box(&mut op));
        match op.finish() {
            Outcome::Some(Some(bounds)) => bounds,
            _ => None,
        }
    })
}

#[test]
fn at_200_percent_the_qr_code_countdown_and_buttons_are_on_screen_together() {
    for mode in [DisplayMode::Chinese, DisplayMode::English] {
        let l = mode.languages()[0];
        let mut ui = Ui::scaled(mode, 2.0);
        let mut live = Live::new((1280.0, 900.0));
        ui.second_code_shown();
        let qr = qr_bounds(&mut live, &ui).expect("the QR is on screen");
        assert!(
            qr.height >= 390.0 && qr.y + qr.height <= 900.0,
            "{mode:?}: the QR is cut: {qr:?}"
        );
        assert!(
            fully_shown(&mut live, &ui, "0251 1X66"),
            "{mode:?}: the code"
        );
        let countdown = i18n_time(l);
        assert!(
            fully_shown(&mut live, &ui, &countdown),
            "{mode:?}: the countdown"
        );
        for id in ["code-copy", "code-save-qr", "code-new", "ui-back"] {
            let button = button_of(&mut live, &ui, &tr(l, id));
            assert!(
                button.is_some_and(|b| b.y + b.height <= 900.0),
                "{mode:?}: {id} at {button:?}"
            );
        }
        ui.save_snapshot(&format!("layout-200-{mode:?}"), &ui.app.theme());
    }
    // Both languages at 200 % are taller than a window: the QR, the code and the countdown
    // still come first, and the page scrolls to the rest.
    let mut ui = Ui::scaled(DisplayMode::Bilingual, 2.0);
    let mut live = Live::new((1280.0, 900.0));
    ui.second_code_shown();
    assert!(qr_bounds(&mut live, &ui).is_some_and(|q| q.y + q.height <= 900.0));
    assert!(fully_shown(&mut live, &ui, "0251 1X66"));
    assert!(in_view(&mut live, &ui, &i18n_time(Language::TraditionalChinese)).is_some());
}

#[test]
fn at_200_percent_the_demo_s_header_keeps_every_control_whole() {
    for mode in [
        DisplayMode::Chinese,
        DisplayMode::English,
        DisplayMode::Bilingual,
    ] {
        let l = mode.languages()[0];
        let ui = Ui::with(nhi_companion::ui::Options {
            demo: true,
            mode: Some(mode),
            text_scale: Some(2.0),
            ..nhi_companion::ui::Options::default()
        });
        let mut live = Live::new((1280.0, 900.0));
        // One line a language (a squeezed button wraps its label into a column of letters).
        let tallest = if mode == DisplayMode::Bilingual {
            100.0
        } else {
            70.0
        };
        for id in ["ui-settings", "ui-language-english"] {
            let button = button_of(&mut live, &ui, &tr(l, id));
            assert!(
                button.is_some_and(|b| b.x + b.width <= 1280.0 && b.height < tallest),
                "{mode:?}: {id} at {button:?}"
            );
        }
    }
}

fn i18n_time(l: Language) -> String {
    nhi_companion::i18n::text(l, "code-remaining", &[("time", "15:00".into())])
}

/// A 1920×1080 kiosk (bilingual, 125 %), as a service center runs it.
fn kiosk_ui(demo: bool) -> Ui {
    Ui::with_size(
        nhi_companion::ui::Options {
            kiosk: true,
            demo,
            ..nhi_companion::ui::Options::default()
        },
        (1920.0, 1080.0),
    )
}

#[test]
fn a_1920_kiosk_shows_the_whole_code_screen_with_a_large_qr() {
    let mut ui = kiosk_ui(false);
    let mut live = Live::new((1920.0, 1080.0));
    ui.code_shown();
    let qr = qr_bounds(&mut live, &ui).expect("the QR");
    // Read from arm's length: much larger than a desktop's 380 px, and wholly on screen.
    assert!(qr.width >= 600.0, "the kiosk QR is only {} px", qr.width);
    assert!(qr.y + qr.height <= 1080.0, "{qr:?}");
    for l in [Language::TraditionalChinese, Language::English] {
        for id in ["code-new", "ui-back"] {
            let b = button_of(&mut live, &ui, &tr(l, id));
            assert!(b.is_some_and(|b| b.y + b.height <= 1080.0), "{id}: {b:?}");
        }
        for id in ["phone-step-1", "phone-step-2", "phone-step-3"] {
            assert!(
                fully_shown(&mut live, &ui, &tr(l, id)),
                "{l:?} {id} needs scrolling"
            );
        }
    }
    assert!(fully_shown(&mut live, &ui, "0251 1X66"));
    ui.save_snapshot("layout-kiosk-code", &ui.app.theme());
}

#[test]
fn the_app_names_are_never_split_across_lines() {
    // 健康存摺 in a step that wraps (the kiosk's steps column): the name is held together by
    // word joiners, drawn as nothing.
    let shown = tr(Language::TraditionalChinese, "phone-step-1");
    assert!(
        shown.contains("健\u{2060}康\u{2060}存\u{2060}摺"),
        "{shown:?}"
    );
    assert_eq!(
        shown.replace('\u{2060}', ""),
        nhi_companion::i18n::text(Language::TraditionalChinese, "phone-step-1", &[])
    );
}

#[test]
fn a_1920_kiosk_s_password_screen_keeps_its_buttons_above_the_footer() {
    let mut ui = kiosk_ui(true);
    let mut live = Live::new((1920.0, 1080.0));
    // The demo's card, read for real: the card-ready screen with the demo's password box.
    ui.run(Message::Reader(
        nhi_companion::flow::ReaderSignal::ReaderAdded {
            reader: nhi_companion::backend::DEMO_READER.into(),
        },
    ));
    ui.run(Message::Reader(
        nhi_companion::flow::ReaderSignal::CardInserted {
            reader: nhi_companion::backend::DEMO_READER.into(),
            atr: vec![0x3B],
        },
    ));
    assert_eq!(ui.app.flow().kind(), nhi_companion::flow::Kind::CardReady);
    // The footer's top: its first note.
    let footer = live
        .visible(&ui.app, &tr(Language::TraditionalChinese, "ui-privacy"))
        .expect("the footer")
        .y;
    for id in ["card-ready-first-time", "card-ready-forgot"] {
        let b = button_of(&mut live, &ui, &tr(Language::TraditionalChinese, id));
        assert!(
            b.is_some_and(|b| b.y + b.height <= footer),
            "{id}: {b:?} (footer at {footer})"
        );
    }
    ui.save_snapshot("layout-kiosk-ready", &ui.app.theme());
}

#[test]
fn nothing_moves_under_the_pointer() {
    for mode in [
        DisplayMode::Chinese,
        DisplayMode::English,
        DisplayMode::Bilingual,
    ] {
        let l = mode.languages()[0];
        let mut ui = Ui::new(mode);
        // Tall enough for every button (what is tested here is that they stay put).
        let mut live = Live::new((1280.0, 1400.0));
        // "Copy the code" → "Copied": the row of buttons stays put.
        ui.code_shown();
        let before: Vec<_> = ["code-copy", "code-save-qr", "code-new", "ui-back"]
            .iter()
            .map(|id| button_of(&mut live, &ui, &tr(l, id)))
            .collect();
        ui.send(Message::DeviceCode(
            nhi_companion::ui::screen::device_code::Message::Copy,
        ));
        assert!(ui.shows(&tr(l, "code-copied")), "{mode:?}");
        let after: Vec<_> = ["code-copied", "code-save-qr", "code-new", "ui-back"]
            .iter()
            .map(|id| button_of(&mut live, &ui, &tr(l, id)))
            .collect();
        assert!(before.iter().all(Option::is_some), "{mode:?}: {before:?}");
        assert_eq!(before, after, "{mode:?}: the buttons moved");

        // Typing the first character of the password: the reason line under "Sign in" goes,
        // and nothing around it moves.
        let mut ui = Ui::new(mode);
        ui.card_ready();
        // (A disabled button takes no focus: its label says where it is.)
        let sign_in = live.visible(&ui.app, &tr(l, "card-ready-sign-in"));
        assert!(sign_in.is_some(), "{mode:?}");
        let first_time = button_of(&mut live, &ui, &tr(l, "card-ready-first-time"));
        assert!(ui.shows(&tr(l, "a11y-why-sign-in")), "{mode:?}");
        ui.send(Message::CardReady(
            nhi_companion::ui::screen::card_ready::Message::Password("D".into()),
        ));
        assert!(!ui.shows(&tr(l, "a11y-why-sign-in")), "{mode:?}");
        assert_eq!(
            live.visible(&ui.app, &tr(l, "card-ready-sign-in")),
            sign_in,
            "{mode:?}"
        );
        assert_eq!(
            button_of(&mut live, &ui, &tr(l, "card-ready-first-time")),
            first_time,
            "{mode:?}: the buttons under the field jumped"
        );
    }
}

#[test]
fn at_200_percent_a_wide_code_stays_on_one_line_beside_the_qr() {
    use nhi_companion::flow::{Kind, Reply};
    for mode in [DisplayMode::Chinese, DisplayMode::English] {
        let mut ui = Ui::scaled(mode, 2.0);
        let mut live = Live::new((1280.0, 900.0));
        ui.card_ready();
        ui.send(Message::CardReady(
            nhi_companion::ui::screen::card_ready::Message::Password("Demo1234".into()),
        ));
        ui.send(Message::CardReady(
            nhi_companion::ui::screen::card_ready::Message::Submit,
        ));
        ui.reply(Reply::SignedIn(Ok("token".into())));
        // W, M and K are the alphabet's widest letters.
        let wide = nhi_companion::flow::DeviceCode {
            code: "WMWKYGPL".into(),
            qr_payload: "WMWKYGPL".into(),
            ..ui_support::code()
        };
        ui.reply(Reply::CodeCreated(Ok(wide)));
        assert_eq!(ui.app.flow().kind(), Kind::DeviceCodeShown);
        let shown = live
            .texts(&ui.app)
            .into_iter()
            .find(|s| s.content == "WMWK YGPL")
            .expect("the code");
        assert!(shown.whole(), "{mode:?}: {shown:?}");
        // One line: no taller than the line of a code that fits, and its glyphs (the text's
        // size is its line's height / 1.3) end inside the window.
        assert!(shown.bounds.height < 190.0, "{mode:?}: {shown:?}");
        let size = shown.bounds.height / 1.3;
        let em = nhi_companion::ui::screen::code_layout::em_width("WMWK YGPL").unwrap();
        let right = shown.bounds.x + em * size;
        assert!(
            right <= 1280.0 - 24.0,
            "{mode:?}: the code runs to {right} px"
        );
        let qr = qr_bounds(&mut live, &ui).expect("the QR");
        assert!(
            shown.bounds.x >= qr.x + qr.width,
            "{mode:?}: the code is not beside the QR"
        );
    }
}
