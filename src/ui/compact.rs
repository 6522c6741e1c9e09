//! The layout for a short window at 100 % text: a 1366×768 or 1280×720 screen, less a taskbar
//! and a title bar, leaves 650–700 px, and the header, the QR with its code and countdown, and
//! the footer must all fit in it without scrolling. Below [`HEIGHT`] the views tighten: less
//! padding, the bilingual header's two names side by side instead of stacked, and the device
//! code's title beside the QR instead of above it. Large text (`Look::large`) has its own
//! stacked, scrolling layout and is left alone.

use iced::widget::{Row, row, text};
use iced::{Alignment, Theme};

use super::look::Look;
use super::widgets::{self, REGULAR, SECOND};
use crate::i18n::Language;

/// Windows shorter than this (logical px) get the compact layout.
pub const HEIGHT: f32 = 820.0;
/// The bilingual header's names fit side by side from this width on (at 1024 px the language
/// buttons would be pushed off the window).
pub const SIDE_BY_SIDE_WIDTH: f32 = 1200.0;

/// Whether a window of this height (if known) gets the compact layout with this look.
pub fn is_compact(look: Look, window_height: Option<f32>) -> bool {
    !look.large() && window_height.is_some_and(|h| h < HEIGHT)
}

/// Whether the header puts each line's languages side by side in a window of this size.
pub fn header_side_by_side(look: Look, window: Option<iced::Size>) -> bool {
    window.is_some_and(|w| is_compact(look, Some(w.height)) && w.width >= SIDE_BY_SIDE_WIDTH)
}

/// The languages' texts on one line, the second softer (the compact bilingual header).
pub fn side_by_side<'a, M: 'a>(
    look: Look,
    size: f32,
    f: impl Fn(Language) -> String,
) -> Row<'a, M> {
    let mut line = row![].spacing(look.pad(12.0)).align_y(Alignment::End);
    for (i, language) in look.languages().iter().enumerate() {
        let part = text(f(*language)).font(REGULAR);
        line = line.push(if i == 0 {
            part.size(look.px(size))
        } else {
            part.size(look.px(size * SECOND))
                .style(move |theme: &Theme| text::Style {
                    color: Some(widgets::second_colour(theme, look)),
                })
        });
    }
    line
}
