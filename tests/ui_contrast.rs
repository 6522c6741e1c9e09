//! Contrast as drawn: every text on the screens a person meets — first and second language,
//! labels on selected toggles and on disabled buttons, field values and placeholders, notes,
//! warnings, problem boxes — measured on the rendered pixels (tiny-skia, the bundled font,
//! iced_test's 2× snapshot), in all four themes. Palette pairs say what the theme means; this
//! says what the person sees.
//!
//! For each text, the background is the colour most of its box holds and the foreground the
//! pixel in the box that stands out most from it (the core of the strokes). High contrast:
//! every pair at least 7:1 (WCAG AAA); the ordinary themes: at least 4.5:1 (AA). And in every
//! theme a placeholder does not look like typed text, and a disabled button does not look
//! like an enabled one.

mod ui_support;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use iced::{Color, Rectangle};
use iced_test::selector::Candidate;

use nhi_companion::flow::{DeviceInfo, Reply};
use nhi_companion::i18n::DisplayMode;
use nhi_companion::problem::Problem;
use nhi_companion::ui::look::{ThemeChoice, contrast};
use nhi_companion::ui::screen::{account, card_ready, devices, signed_in};
use nhi_companion::ui::{Message, Options};

use ui_support::Ui;

/// The snapshot's pixels per logical pixel.
const SCALE: f32 = 2.0;

struct Picture {
    rgba: image::RgbaImage,
}

impl Picture {
    fn of(ui: &Ui) -> Picture {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("frame.png");
        let snapshot = ui.simulator().snapshot(&ui.app.theme()).unwrap();
        snapshot.matches_image(&path).unwrap();
        let written = std::fs::read_dir(dir.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        Picture {
            rgba: image::open(written).unwrap().to_rgba8(),
        }
    }

    fn pixels(&self, area: Rectangle) -> Vec<[u8; 3]> {
        let (w, h) = self.rgba.dimensions();
        let x0 = ((area.x * SCALE).ceil().max(0.0) as u32).min(w);
        let y0 = ((area.y * SCALE).ceil().max(0.0) as u32).min(h);
        let x1 = (((area.x + area.width) * SCALE).floor().max(0.0) as u32).min(w);
        let y1 = (((area.y + area.height) * SCALE).floor().max(0.0) as u32).min(h);
        let mut out = Vec::new();
        for y in y0..y1 {
            for x in x0..x1 {
                let p = self.rgba.get_pixel(x, y).0;
                out.push([p[0], p[1], p[2]]);
            }
        }
        out
    }

    /// (background, foreground) of the text drawn in `area`: the commonest colour, and the
    /// pixel that differs most from it.
    /// `None` when nothing is drawn there (an empty field).
    fn pair(&self, area: Rectangle) -> Option<(Color, Color)> {
        let mut counts: HashMap<[u8; 3], usize> = HashMap::new();
        for p in self.pixels(area) {
            *counts.entry(p).or_default() += 1;
        }
        let (bg, _) = counts.iter().max_by_key(|(_, n)| **n)?;
        let bg = colour(*bg);
        let fg = counts
            .keys()
            .map(|p| colour(*p))
            .max_by(|a, b| contrast(*a, bg).total_cmp(&contrast(*b, bg)))?;
        (fg != bg).then_some((bg, fg))
    }
}

fn colour([r, g, b]: [u8; 3]) -> Color {
    Color::from_rgb8(r, g, b)
}

/// Every text on screen and every text field, with its box.
fn drawn_texts(ui: &Ui) -> Vec<(String, Rectangle)> {
    let found = Arc::new(Mutex::new(Vec::new()));
    let sink = found.clone();
    let _ = ui.simulator().find(move |c: Candidate<'_>| {
        match c {
            Candidate::Text {
                content,
                visible_bounds: Some(b),
                ..
            } if !content.trim().is_empty() => {
                sink.lock().unwrap().push((content.to_owned(), b));
            }
            // A field: what is drawn inside its border (value or placeholder).
            Candidate::TextInput {
                visible_bounds: Some(b),
                ..
            } => {
                let inner = b.shrink(6.0);
                sink.lock().unwrap().push(("<field>".to_owned(), inner));
            }
            _ => {}
        }
        None::<()>
    });
    found.lock().unwrap().clone()
}

/// The four themes: (name, high contrast, dark).
const THEMES: [(&str, bool, bool); 4] = [
    ("light", false, false),
    ("dark", false, true),
    ("high contrast light", true, false),
    ("high contrast dark", true, true),
];

fn app(high_contrast: bool, dark: bool) -> Ui {
    Ui::with(Options {
        mode: Some(DisplayMode::Bilingual),
        high_contrast: Some(high_contrast),
        theme: Some(if dark {
            ThemeChoice::Dark
        } else {
            ThemeChoice::Light
        }),
        ..Options::default()
    })
}

/// How to reach a screen from a fresh app.
type Reach = fn(&mut Ui);

/// The screens to measure, each reached from a fresh app.
fn screens() -> Vec<(&'static str, Reach)> {
    vec![
        ("waiting", |_| {}),
        // The password taken on submit: the empty field (placeholder), the disabled sign-in
        // with its reason, the problem box, the Caps Lock warning.
        ("card ready: a problem, Caps Lock", |ui| {
            ui.card_ready();
            ui.send(Message::CardReady(card_ready::Message::Password(
                "x".into(),
            )));
            ui.send(Message::CardReady(card_ready::Message::Submit));
            ui.reply(Reply::SignedIn(Err(Problem::WrongPassword {
                attempts_left: 1,
            })));
            ui.send(Message::CapsLock(true));
        }),
        ("settings: selected toggles", |ui| {
            ui.card_ready();
            ui.send(Message::OpenSettings);
        }),
        ("the code", |ui| ui.code_shown()),
        // The PIN warning before a try, the disabled sign-in with its reason.
        ("certificate: a warning before the try", |ui| {
            ui.send(Message::Token(nhi_companion::flow::TokenSignal::Present {
                slot: ui_support::TOKEN_SLOT,
                reader: None,
            }));
            ui.reply(Reply::CertificateRead(Ok(ui_support::certificate_card(
                nhi_companion::flow::PinWarning::FinalTry,
            ))));
        }),
        ("application: form errors", |ui| {
            ui.card_ready();
            ui.send(Message::CardReady(card_ready::Message::FirstTime));
            ui.send(Message::Account(account::Message::Password("abc".into())));
            ui.send(Message::Account(account::Message::SubmitApplication));
        }),
        ("devices: revoke asked", |ui| {
            ui.signed_in();
            ui.send(Message::SignedIn(signed_in::Message::Devices));
            ui.reply(Reply::DevicesListed(Ok(vec![DeviceInfo {
                id: "d1".into(),
                label: "Pixel 8 · Android".into(),
                authenticated_at: None,
            }])));
            ui.send(Message::Devices(devices::Message::Revoke("d1".into())));
        }),
    ]
}

#[test]
fn every_drawn_text_meets_its_contrast_in_every_theme() {
    let mut failures = Vec::new();
    for (theme, high_contrast, dark) in THEMES {
        let floor = if high_contrast { 7.0 } else { 4.5 };
        for (screen, reach) in screens() {
            let mut ui = app(high_contrast, dark);
            reach(&mut ui);
            let picture = Picture::of(&ui);
            for (text, area) in drawn_texts(&ui) {
                let Some((bg, fg)) = picture.pair(area) else {
                    continue;
                };
                let ratio = contrast(fg, bg);
                if ratio < floor {
                    failures.push(format!(
                        "{theme} / {screen}: {text:?} {ratio:.2}:1 (fg {fg:?} on bg {bg:?})"
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} texts below the floor:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The sign-in button's label, both lines (the app runs bilingual here).
fn sign_in_label(ui: &Ui) -> Rectangle {
    use nhi_companion::i18n::Language;
    let zh = ui.bounds_of(&ui_support::tr(
        Language::TraditionalChinese,
        "card-ready-sign-in",
    ));
    let en = ui.bounds_of(&ui_support::tr(Language::English, "card-ready-sign-in"));
    zh.union(&en)
}

/// Where the sign-in label is drawn, widened to take in its button's padding and border.
fn button_area(ui: &Ui) -> Rectangle {
    let label = sign_in_label(ui);
    // Primary buttons have 14 px above and below the label, 40 px beside it, then a 2 px
    // border; the reason line starts 4 px under the button.
    Rectangle {
        x: label.x - 44.0,
        y: label.y - 17.0,
        width: label.width + 88.0,
        height: label.height + 34.0,
    }
}

/// How many pixels in `area` have exactly the colour `c`.
fn count(picture: &Picture, area: Rectangle, c: Color) -> usize {
    let [r, g, b, _] = c.into_rgba8();
    picture
        .pixels(area)
        .iter()
        .filter(|p| **p == [r, g, b])
        .count()
}

#[test]
fn a_disabled_button_never_looks_enabled_and_an_empty_field_looks_empty() {
    for (theme, high_contrast, dark) in THEMES {
        let mut ui = app(high_contrast, dark);
        ui.card_ready();
        let accent = ui.app.theme().palette().primary;
        // Disabled (nothing typed): no fill, no outline in the accent colour.
        let picture = Picture::of(&ui);
        let disabled = count(&picture, button_area(&ui), accent);
        assert_eq!(
            disabled, 0,
            "{theme}: the disabled sign-in is drawn like an enabled one"
        );
        if high_contrast {
            // No outline either (an outline is what an enabled secondary button has): the
            // band around the label is all background.
            let area = button_area(&ui);
            let inner = sign_in_label(&ui).expand(4.0);
            let bg = ui.app.theme().palette().background.into_rgba8();
            let (w, h) = picture.rgba.dimensions();
            let outline = (0..h)
                .flat_map(|y| (0..w).map(move |x| (x, y)))
                .filter(|(x, y)| {
                    let p = iced::Point::new(*x as f32 / SCALE, *y as f32 / SCALE);
                    area.contains(p) && !inner.contains(p)
                })
                .filter(|(x, y)| picture.rgba.get_pixel(*x, *y).0[..3] != bg[..3])
                .count();
            assert_eq!(outline, 0, "{theme}: the disabled sign-in has an outline");
        }
        // The empty field draws nothing inside its border (no placeholder to mistake for a
        // typed value: its label is above it).
        let field = drawn_texts(&ui)
            .into_iter()
            .find(|(t, _)| t == "<field>")
            .expect("the password field")
            .1;
        assert!(
            picture.pair(field).is_none(),
            "{theme}: the empty field shows something"
        );
        // Typed: the button is filled with the accent; the field shows the (masked) value.
        ui.send(Message::CardReady(card_ready::Message::Password(
            "Demo1234".into(),
        )));
        let picture = Picture::of(&ui);
        let enabled = count(&picture, button_area(&ui), accent);
        assert!(
            enabled > 500,
            "{theme}: the enabled sign-in has {enabled} accent pixels"
        );
        assert!(
            picture.pair(field).is_some(),
            "{theme}: the typed value is not drawn"
        );
    }
}
