//! Fields and boxes: the text field's style, the problem box (⚠ first), notes, tinted and
//! framed containers.

use super::*;
use iced::widget::{column, row};

/// A text field's look: a clear border that gets thick and full-contrast with the focus.
pub fn field_style(look: Look) -> impl Fn(&Theme, text_input::Status) -> text_input::Style + Copy {
    move |theme: &Theme, status: text_input::Status| {
        let p = theme.palette();
        let border = iced::theme::palette::mix(p.text, p.background, 0.25);
        let base = text_input::Style {
            background: p.background.into(),
            border: Border {
                color: if look.high_contrast { p.text } else { border },
                width: 2.0,
                radius: 4.0.into(),
            },
            icon: p.text,
            placeholder: if look.high_contrast {
                p.text
            } else {
                iced::theme::palette::mix(p.text, p.background, 0.15)
            },
            value: p.text,
            selection: iced::theme::palette::mix(p.primary, p.background, 0.6),
        };
        match status {
            text_input::Status::Focused { .. } => text_input::Style {
                border: Border {
                    color: focus::ring_colour(theme),
                    width: 4.0,
                    radius: 4.0.into(),
                },
                background: if look.high_contrast {
                    p.background.into()
                } else {
                    tint(p.background, p.primary, 0.06).into()
                },
                ..base
            },
            text_input::Status::Hovered => text_input::Style {
                border: Border {
                    color: p.text,
                    ..base.border
                },
                ..base
            },
            text_input::Status::Active => base,
            text_input::Status::Disabled => text_input::Style {
                value: base.placeholder,
                ..base
            },
        }
    }
}

/// What went wrong and what to do, in a tinted box that starts with ⚠ (not colour alone).
pub fn problem_box<'a, M: 'a>(look: Look, problem: &Problem) -> Element<'a, M> {
    let mut col = column![].spacing(look.pad(6.0));
    for (i, language) in look.languages().iter().enumerate() {
        let scale = if i == 0 { 1.0 } else { SECOND };
        col = col
            .push(
                text(problem.title(*language))
                    .font(BOLD)
                    .size(look.px(BODY * 1.1 * scale))
                    .style(|theme: &Theme| text::Style {
                        color: Some(problem_colour(theme)),
                    }),
            )
            .push(text(problem.hint(*language)).size(look.px(BODY * 0.9 * scale)));
    }
    let icon = text(WARNING)
        .font(BOLD)
        .size(look.px(BODY * 1.6))
        .style(|theme: &Theme| text::Style {
            color: Some(problem_colour(theme)),
        });
    container(
        row![icon, col.width(Length::Fill)]
            .spacing(look.pad(14.0))
            .align_y(iced::Alignment::Start),
    )
    .padding(look.pad(16.0))
    .width(Length::Fill)
    .style(tinted(look, |p| p.danger, 0.08))
    .into()
}

/// A calm note (for example "sent", "copied").
pub fn note<'a, M: 'a>(look: Look, id: &str) -> Element<'a, M> {
    note_with(look, id, &[])
}

/// A calm note with arguments (for example where a file was saved).
pub fn note_with<'a, M: 'a>(look: Look, id: &str, args: &[Arg<'_>]) -> Element<'a, M> {
    container(ta(look, id, args, BODY))
        .padding(look.pad(14.0))
        .width(Length::Fill)
        .style(tinted(look, |p| p.success, 0.1))
        .into()
}

/// A box bordered in one of the theme's colours (`colour`) over a light tint of it. High
/// contrast: no tint (the plain background keeps text at full contrast), a thicker border.
pub fn tinted(
    look: Look,
    colour: fn(&iced::theme::Palette) -> Color,
    amount: f32,
) -> impl Fn(&Theme) -> container::Style + Copy {
    move |theme: &Theme| {
        let p = theme.palette();
        let background = if look.high_contrast {
            p.background
        } else {
            tint(p.background, colour(&p), amount)
        };
        container::Style {
            background: Some(background.into()),
            border: Border {
                color: colour(&p),
                width: if look.high_contrast { 3.0 } else { 2.0 },
                radius: 8.0.into(),
            },
            ..container::Style::default()
        }
    }
}

/// A plain bordered box (a mail, a device): background and a text-coloured border.
pub fn boxed(look: Look) -> impl Fn(&Theme) -> container::Style + Copy {
    move |theme: &Theme| {
        let p = theme.palette();
        container::Style {
            background: Some(p.background.into()),
            border: Border {
                color: if look.high_contrast {
                    p.text
                } else {
                    iced::theme::palette::mix(p.text, p.background, 0.6)
                },
                width: if look.high_contrast { 2.0 } else { 1.0 },
                radius: 8.0.into(),
            },
            ..container::Style::default()
        }
    }
}

/// A softly shaded panel (the phone steps): a step off the background, none in high contrast
/// (there it gets a border instead).
pub fn panel(look: Look) -> impl Fn(&Theme) -> container::Style + Copy {
    move |theme: &Theme| {
        let p = theme.palette();
        if look.high_contrast {
            boxed(look)(theme)
        } else {
            container::Style::default().background(tint(p.background, p.primary, 0.07))
        }
    }
}
