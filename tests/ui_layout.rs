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
