//! The few building blocks every screen uses: text in the chosen language(s), big buttons, the
//! problem box. Sizes are generous on purpose: many users are elderly.

use iced::font::Weight;
use iced::widget::{Column, button, column, container, text};
use iced::{Border, Color, Element, Font, Length, Theme};

use crate::i18n::{self, Arg, Language};
use crate::problem::Problem;
use crate::ui::look::Look;

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
/// The second language in bilingual look is a step smaller and grey, so the eye finds one.
const SECOND: f32 = 0.72;
pub const GREY: Color = Color::from_rgb(0.33, 0.33, 0.36);
pub const ACCENT: Color = Color::from_rgb(0.05, 0.36, 0.55);
pub const PROBLEM: Color = Color::from_rgb(0.65, 0.1, 0.08);

/// The text of `id` in one language.
pub fn tr(language: Language, id: &str) -> String {
    i18n::text(language, id, &[])
}

/// Message `id` in every language `look` shows: one text per language, the first full size.
pub fn t<'a, M: 'a>(look: Look, id: &str, size: f32) -> Column<'a, M> {
    ta(look, id, &[], size)
}

/// Like [`t`], with arguments.
pub fn ta<'a, M: 'a>(look: Look, id: &str, args: &[Arg<'_>], size: f32) -> Column<'a, M> {
    lines(look, size, |l| i18n::text(l, id, args))
}

/// One text per shown language, made by `f`.
pub fn lines<'a, M: 'a>(look: Look, size: f32, f: impl Fn(Language) -> String) -> Column<'a, M> {
    let mut col = column![].spacing(2);
    for (i, language) in look.languages().iter().enumerate() {
        let line = text(f(*language)).font(REGULAR);
        col = col.push(if i == 0 {
            line.size(look.px(size))
        } else {
            line.size(look.px(size * SECOND)).color(GREY)
        });
    }
    col
}

/// A heading in bold.
pub fn title<'a, M: 'a>(look: Look, id: &str) -> Column<'a, M> {
    let mut col = column![].spacing(2).align_x(iced::Center);
    for (i, language) in look.languages().iter().enumerate() {
        let line = text(tr(*language, id)).font(BOLD);
        col = col.push(if i == 0 {
            line.size(look.px(TITLE))
        } else {
            line.size(look.px(TITLE * SECOND)).color(GREY)
        });
    }
    col
}

/// The one obvious next step: a large filled button. `None` shows it disabled.
pub fn primary<'a, M: Clone + 'a>(look: Look, id: &str, on_press: Option<M>) -> Element<'a, M> {
    button(labels(look, id).align_x(iced::Center))
        .padding([14, 40])
        .on_press_maybe(on_press)
        .style(button::primary)
        .into()
}

/// Any other step: an outlined button.
pub fn secondary<'a, M: Clone + 'a>(look: Look, id: &str, on_press: Option<M>) -> Element<'a, M> {
    button(labels(look, id).align_x(iced::Center))
        .padding([10, 24])
        .on_press_maybe(on_press)
        .style(|theme: &Theme, status| {
            let mut style = button::secondary(theme, status);
            style.border = Border {
                color: ACCENT,
                width: 2.0,
                radius: 6.0.into(),
            };
            style.background = Some(Color::WHITE.into());
            style.text_color = ACCENT;
            style
        })
        .into()
}

fn labels<'a, M: 'a>(look: Look, id: &str) -> Column<'a, M> {
    let mut col = column![].spacing(0);
    for (i, language) in look.languages().iter().enumerate() {
        let line = text(tr(*language, id)).font(BOLD);
        col = col.push(if i == 0 {
            line.size(look.px(BUTTON))
        } else {
            line.size(look.px(BUTTON * 0.65))
        });
    }
    col
}

/// What went wrong and what to do, in a tinted box.
pub fn problem_box<'a, M: 'a>(look: Look, problem: &Problem) -> Element<'a, M> {
    let mut col = column![].spacing(6);
    for (i, language) in look.languages().iter().enumerate() {
        let scale = if i == 0 { 1.0 } else { SECOND };
        col = col
            .push(
                text(problem.title(*language))
                    .font(BOLD)
                    .size(look.px(BODY * 1.1 * scale))
                    .color(PROBLEM),
            )
            .push(text(problem.hint(*language)).size(look.px(BODY * 0.9 * scale)));
    }
    container(col)
        .padding(16)
        .width(Length::Fill)
        .style(|_theme: &Theme| container::Style {
            background: Some(Color::from_rgb(1.0, 0.95, 0.93).into()),
            border: Border {
                color: PROBLEM,
                width: 2.0,
                radius: 8.0.into(),
            },
            ..container::Style::default()
        })
        .into()
}

/// A calm note (for example "sent", "copied").
pub fn note<'a, M: 'a>(look: Look, id: &str) -> Element<'a, M> {
    note_with(look, id, &[])
}

/// A calm note with arguments (for example where a file was saved).
pub fn note_with<'a, M: 'a>(look: Look, id: &str, args: &[Arg<'_>]) -> Element<'a, M> {
    container(ta(look, id, args, BODY))
        .padding(14)
        .width(Length::Fill)
        .style(|_theme: &Theme| container::Style {
            background: Some(Color::from_rgb(0.9, 0.96, 0.9).into()),
            border: Border {
                color: Color::from_rgb(0.2, 0.5, 0.2),
                width: 2.0,
                radius: 8.0.into(),
            },
            ..container::Style::default()
        })
        .into()
}
