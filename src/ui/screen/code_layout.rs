//! Where the device code screen's parts go when the usual layout (QR left, code and phone
//! steps right) does not serve: at large text sizes, and on a service-center kiosk's screen.
//!
//! - Large text (above 130 %): what a person needs at once — the QR, the code, the countdown
//!   and the buttons — comes first, within one window's height; the expiry time, the note
//!   about the space and the phone's steps follow under them (scrolled to, if need be).
//! - A wide kiosk screen (full screen, 1920×1080 typically): the QR uses the room the screen
//!   has (it is read from arm's length, by a phone held up to a monitor), with the code,
//!   countdown and buttons in one column beside it and the phone's steps in another, all in
//!   view without scrolling.

use iced::widget::{column, container, row};
use iced::{Center, Element, Length};

use super::Ctx;
use super::device_code::{Message, QR_SIZE, phone_picture, step};
use crate::ui::widgets::{self, BODY, t};

/// The largest QR a kiosk shows (with its quiet zone), in logical pixels.
const KIOSK_QR_MAX: f32 = 720.0;
/// Height a wide kiosk's code screen needs besides the QR: header, title, footer, margins.
const KIOSK_AROUND_QR: f32 = 400.0;
/// Width the two text columns beside a kiosk's QR need, with the margins.
const KIOSK_BESIDE_QR: f32 = 1170.0;
/// From this window width on, a kiosk puts the code and the phone's steps in two columns
/// beside the QR; narrower kiosk screens keep the usual layout.
pub const KIOSK_WIDE: f32 = 1600.0;

/// Whether this is a wide kiosk screen (1920×1080 and the like).
pub fn kiosk_wide(ctx: Ctx<'_>) -> bool {
    ctx.kiosk && !ctx.look.large() && ctx.window.width >= KIOSK_WIDE
}

/// The QR's side: the usual one, or on a wide kiosk as large as its screen allows (never
/// smaller than the usual).
pub fn qr_side(ctx: Ctx<'_>) -> f32 {
    if kiosk_wide(ctx) {
        (ctx.window.height - KIOSK_AROUND_QR)
            .min(ctx.window.width - KIOSK_BESIDE_QR)
            .clamp(QR_SIZE, KIOSK_QR_MAX)
            .floor()
    } else {
        QR_SIZE
    }
}

/// The code's text size: `wanted`, or at large text sizes at most what fits on one line
/// beside the QR (measured with the bundled bold font the code is drawn in). "YGPL BUXK" at
/// 200 % is wider than the room a 1280 px window leaves, and broke into two lines.
pub fn code_size(ctx: Ctx<'_>, grouped: &str, wanted: f32) -> f32 {
    if !ctx.look.large() {
        return wanted;
    }
    let page = (ctx.window.width - 64.0).min(LARGE_PAGE_WIDTH);
    let room = page - QR_SIZE - 16.0 - ctx.look.pad(16.0);
    match em_width(grouped) {
        Some(em) if em > 0.0 => wanted.min((room / em).floor()),
        _ => wanted,
    }
}

/// The page's widest, at large text sizes (`App::view`).
const LARGE_PAGE_WIDTH: f32 = 1216.0;

/// The width of `text` in the bold font at 1 px, in px (the advances, kerned).
pub fn em_width(text: &str) -> Option<f32> {
    use ab_glyph::{Font, FontRef};
    let font = FontRef::try_from_slice(crate::ui::fonts::bold()).ok()?;
    let units = font.units_per_em()?;
    let mut width = 0.0;
    let mut last = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(prev) = last {
            width += font.kern_unscaled(prev, id);
        }
        width += font.h_advance_unscaled(id);
        last = Some(id);
    }
    Some(width / units)
}

/// The screen's parts, built once by `device_code` and placed by a layout.
pub struct Parts<'a> {
    pub qr: Element<'a, Message>,
    pub label: Element<'a, Message>,
    pub code: Element<'a, Message>,
    pub not_typed: Element<'a, Message>,
    pub countdown: Element<'a, Message>,
    pub valid_until: Element<'a, Message>,
    pub buttons: Element<'a, Message>,
    pub saved: Element<'a, Message>,
}

/// Large text: QR, code, countdown and buttons first; the rest under them.
pub fn large<'a>(
    ctx: Ctx<'a>,
    parts: Parts<'a>,
    steps: Element<'a, Message>,
) -> Element<'a, Message> {
    let look = ctx.look;
    let essentials = column![parts.label, parts.code, parts.countdown].spacing(look.pad(4.0));
    column![
        widgets::title(look, "code-title"),
        row![parts.qr, essentials.width(Length::Fill)]
            .spacing(look.pad(16.0))
            .align_y(Center),
        parts.buttons,
        parts.saved,
        column![parts.valid_until, parts.not_typed]
            .spacing(look.pad(8.0))
            .width(Length::Fill),
        steps,
    ]
    .spacing(look.pad(8.0))
    .align_x(Center)
    .into()
}

/// A wide kiosk: the large QR, then the code, countdown and buttons, then the phone's steps,
/// side by side: the whole screen at once, no scrolling.
pub fn kiosk<'a>(ctx: Ctx<'a>, parts: Parts<'a>) -> Element<'a, Message> {
    let look = ctx.look;
    let details = column![
        parts.label,
        parts.code,
        parts.not_typed,
        parts.countdown,
        parts.valid_until,
        parts.buttons,
    ]
    .spacing(look.pad(12.0))
    .width(Length::FillPortion(1));
    column![
        widgets::title(look, "code-title"),
        row![
            parts.qr,
            details,
            container(steps_in_a_column(ctx)).width(Length::FillPortion(1)),
        ]
        .spacing(look.pad(28.0))
        .align_y(Center),
    ]
    .spacing(look.pad(16.0))
    .align_x(Center)
    .into()
}

/// The phone's steps as a column of their own, the picture above them.
fn steps_in_a_column<'a>(ctx: Ctx<'a>) -> Element<'a, Message> {
    let look = ctx.look;
    container(
        column![
            row![
                phone_picture(look),
                t(look, "phone-steps-title", BODY * 0.9)
            ]
            .spacing(look.pad(16.0))
            .align_y(Center),
            step(look, 1, "phone-step-1"),
            step(look, 2, "phone-step-2"),
            step(look, 3, "phone-step-3"),
        ]
        .spacing(look.pad(12.0)),
    )
    .padding(look.pad(16.0))
    .width(Length::Fill)
    .style(widgets::panel(look))
    .into()
}
