//! The few building blocks every screen uses: text in the chosen language(s), big buttons, the
//! problem box. Sizes are generous on purpose: many users are elderly.
//!
//! Everything here takes the person's [`Look`]: sizes go through [`Look::px`] (100–200 %), and
//! colours come from the theme inside style closures (light, dark, high contrast), never fixed.
//! Buttons are [`focus::button`]s: reachable with Tab, pressed with Enter or Space, with a
//! visible focus ring. A choice that is on says so with a ✓, not only with its colour.

use iced::font::Weight;
use iced::widget::{Column, button, column, container, text, text_input};
use iced::{Border, Color, Element, Font, Length, Theme};

use crate::i18n::{self, Arg, Language};
use crate::problem::{Problem, ProblemText};
use crate::ui::focus;
use crate::ui::look::Look;

mod boxes;
mod buttons;

pub use boxes::*;
pub use buttons::*;

/// The bundled font's family name.
pub const FAMILY: &str = "Noto Sans TC";
pub const REGULAR: Font = Font::with_name(FAMILY);
pub const BOLD: Font = Font {
    weight: Weight::Bold,
    ..Font::with_name(FAMILY)
};

pub const BODY: f32 = 24.0;
pub const TITLE: f32 = 40.0;
pub const BUTTON: f32 = 26.0;
/// The second language in bilingual look is a step smaller and softer, so the eye finds one.
/// (In high contrast it is smaller only: full-contrast colour.)
pub const SECOND: f32 = 0.72;
/// Fixed colours of the light theme, kept for code that has no theme at hand. Views should
/// use [`accent`], [`problem_colour`], [`second_colour`] (from the theme) instead.
pub const GREY: Color = Color::from_rgb(0.33, 0.33, 0.36);
pub const ACCENT: Color = crate::ui::look::ACCENT;
pub const PROBLEM: Color = Color::from_rgb(0.65, 0.1, 0.08);
/// Marks the chosen one of several choices (language, reader, text size): the Noto Sans TC
/// glyph, so the choice does not show by colour alone.
pub const CHOSEN: &str = "✓";
/// Starts every problem box (the bundled font has the glyph).
pub const WARNING: &str = "⚠";

/// The theme's accent (links, outlined buttons).
pub fn accent(theme: &Theme) -> Color {
    theme.palette().primary
}

/// The theme's colour for problems.
pub fn problem_colour(theme: &Theme) -> Color {
    theme.palette().danger
}

/// The colour of the second language's text: softer than the first, except in high contrast.
pub fn second_colour(theme: &Theme, look: Look) -> Color {
    let p = theme.palette();
    if look.high_contrast {
        p.text
    } else {
        iced::theme::palette::mix(p.text, p.background, 0.09)
    }
}

/// `base` mixed a little towards `tint`: the tinted background of a box.
fn tint(base: Color, tint: Color, amount: f32) -> Color {
    iced::theme::palette::mix(base, tint, amount)
}

/// The text of `id` in one language.
pub fn tr(language: Language, id: &str) -> String {
    i18n::text(language, id, &[])
}

/// The app names a person looks for on the phone, never split across lines (a narrow column
/// broke 健康存摺 into 健康 / 存摺).
const WHOLE_NAMES: [&str; 2] = ["健康存摺", "健保快易通"];
/// U+2060 WORD JOINER: no line break on either side, nothing drawn.
const JOINER: char = '\u{2060}';

/// `text` as the screen shows it: the app names in [`WHOLE_NAMES`] held together with word
/// joiners (invisible), so a line may break before or after a name, never inside it.
pub fn display(text: String) -> String {
    if !WHOLE_NAMES.iter().any(|name| text.contains(name)) {
        return text;
    }
    let mut out = text;
    for name in WHOLE_NAMES {
        let mut joined = String::new();
        for (i, c) in name.chars().enumerate() {
            if i > 0 {
                joined.push(JOINER);
            }
            joined.push(c);
        }
        out = out.replace(name, &joined);
    }
    out
}

/// Message `id` in every language `look` shows: one text per language, the first full size.
pub fn t<'a, M: 'a>(look: Look, id: &str, size: f32) -> Column<'a, M> {
    ta(look, id, &[], size)
}

/// Like [`t`], with arguments.
pub fn ta<'a, M: 'a>(look: Look, id: &str, args: &[Arg<'_>], size: f32) -> Column<'a, M> {
    lines(look, size, |l| i18n::text(l, id, args))
}

/// A button's label, one line per shown language, the second smaller: every line in the
/// button's own text colour (a softer second line, made for the page's background, was
/// unreadable on a filled button: dark grey on blue, white on yellow).
pub fn label_lines<'a, M: 'a>(
    look: Look,
    size: f32,
    f: impl Fn(Language) -> String,
) -> Column<'a, M> {
    let mut col = column![].spacing(2);
    for (i, language) in look.languages().iter().enumerate() {
        let scale = if i == 0 { 1.0 } else { SECOND };
        col = col.push(
            text(display(f(*language)))
                .font(REGULAR)
                .size(look.px(size * scale)),
        );
    }
    col
}

/// One text per shown language, made by `f`.
pub fn lines<'a, M: 'a>(look: Look, size: f32, f: impl Fn(Language) -> String) -> Column<'a, M> {
    let mut col = column![].spacing(2);
    for (i, language) in look.languages().iter().enumerate() {
        let line = text(display(f(*language))).font(REGULAR);
        col = col.push(if i == 0 {
            line.size(look.px(size))
        } else {
            second(line.size(look.px(size * SECOND)), look)
        });
    }
    col
}

/// A second-language text: softer colour from the theme (full colour in high contrast).
fn second<'a>(line: text::Text<'a>, look: Look) -> text::Text<'a> {
    line.style(move |theme: &Theme| text::Style {
        color: Some(second_colour(theme, look)),
    })
}

/// A heading in bold.
pub fn title<'a, M: 'a>(look: Look, id: &str) -> Column<'a, M> {
    let mut col = column![].spacing(2).align_x(iced::Center);
    for (i, language) in look.languages().iter().enumerate() {
        let line = text(tr(*language, id)).font(BOLD);
        col = col.push(if i == 0 {
            line.size(look.px(TITLE))
        } else {
            second(line.size(look.px(TITLE * SECOND)), look)
        });
    }
    col
}
