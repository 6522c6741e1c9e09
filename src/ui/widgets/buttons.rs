//! Buttons: the big primary step, the outlined secondary ones, a choice with its ✓, a
//! disabled button with the reason under it, and their styles in every theme.

use super::*;
use iced::widget::{column, row};

/// A button's padding around its label: grows with the text, but only to 150 % of these
/// (the label is what must be large; at 200 % the room goes to the page's content).
pub struct ButtonPadding {
    vertical: f32,
    horizontal: f32,
}

impl ButtonPadding {
    pub fn at(&self, look: Look) -> [f32; 2] {
        let capped = Look {
            text_scale: look.text_scale.min(1.5),
            ..look
        };
        [capped.pad(self.vertical), capped.pad(self.horizontal)]
    }
}

const PRIMARY_PADDING: ButtonPadding = ButtonPadding {
    vertical: 14.0,
    horizontal: 40.0,
};
const SECONDARY_PADDING: ButtonPadding = ButtonPadding {
    vertical: 10.0,
    horizontal: 24.0,
};

/// The one obvious next step: a large filled button. `None` shows it disabled.
pub fn primary<'a, M: Clone + 'a>(look: Look, id: &str, on_press: Option<M>) -> Element<'a, M> {
    focus::button(labels(look, id).align_x(iced::Center))
        .padding(PRIMARY_PADDING.at(look))
        .on_press_maybe(on_press)
        .style(move |theme, status| primary_style(theme, status, look))
        .into()
}

/// Like [`primary`], and while it is disabled, a line under it says why (`why` is a message
/// id), so a greyed button is never a riddle. The line's room stays when the button is
/// enabled, so typing the first character moves nothing.
pub fn primary_or_why<'a, M: Clone + 'a>(
    look: Look,
    id: &str,
    on_press: Option<M>,
    why: &str,
) -> Element<'a, M> {
    let disabled = on_press.is_none();
    column![
        primary(look, id, on_press),
        crate::ui::reserve::shown_or_reserved(
            disabled,
            t(look, why, BODY * 0.75).align_x(iced::Center)
        )
    ]
    .spacing(look.pad(4.0))
    .align_x(iced::Center)
    .into()
}

/// Any other step: an outlined button.
pub fn secondary<'a, M: Clone + 'a>(look: Look, id: &str, on_press: Option<M>) -> Element<'a, M> {
    focus::button(labels(look, id).align_x(iced::Center))
        .padding(SECONDARY_PADDING.at(look))
        .on_press_maybe(on_press)
        .style(move |theme, status| secondary_style(theme, status, look))
        .into()
}

/// An outlined button whose label changes ("Copy the code" → "Copied"): sized for the
/// longest of `ids`, showing `ids[shown]`, so the row it sits in never re-flows.
pub fn secondary_changing<'a, M: Clone + 'a>(
    look: Look,
    ids: &[&str],
    shown: usize,
    on_press: Option<M>,
) -> Element<'a, M> {
    let labels = ids
        .iter()
        .map(|id| labels(look, id).align_x(iced::Center).into())
        .collect();
    focus::button(crate::ui::reserve::one_of(labels, shown))
        .padding(SECONDARY_PADDING.at(look))
        .on_press_maybe(on_press)
        .style(move |theme, status| secondary_style(theme, status, look))
        .into()
}

/// One of several choices (language, reader, text size): filled with a ✓ when it is the
/// chosen one, outlined otherwise. `label` is the choice's own content.
pub fn choice<'a, M: Clone + 'a>(
    look: Look,
    label: impl Into<Element<'a, M>>,
    chosen: bool,
    on_press: M,
) -> Element<'a, M> {
    let content: Element<'a, M> = if chosen {
        row![
            text(CHOSEN).font(BOLD).size(look.px(BODY * 0.9)),
            label.into()
        ]
        .spacing(look.pad(8.0))
        .align_y(iced::Center)
        .into()
    } else {
        label.into()
    };
    focus::button(content)
        .padding([look.pad(6.0), look.pad(14.0)])
        .on_press(on_press)
        .style(move |theme, status| {
            if chosen {
                primary_style(theme, status, look)
            } else {
                secondary_style(theme, status, look)
            }
        })
        .into()
}

/// The filled look: the theme's accent, its readable text colour.
pub fn primary_style(theme: &Theme, status: button::Status, look: Look) -> button::Style {
    let p = theme.extended_palette();
    let base = button::Style {
        background: Some(p.primary.base.color.into()),
        text_color: p.primary.base.text,
        border: Border {
            color: p.primary.base.color,
            width: 2.0,
            radius: 6.0.into(),
        },
        ..button::Style::default()
    };
    match status {
        button::Status::Active => base,
        button::Status::Hovered | button::Status::Pressed => {
            let hover = if look.high_contrast {
                // Outlined in the text colour: visible without any grey.
                Border {
                    color: p.background.base.text,
                    width: 3.0,
                    radius: 6.0.into(),
                }
            } else {
                base.border
            };
            button::Style {
                background: Some(
                    if look.high_contrast {
                        p.primary.base.color
                    } else {
                        p.primary.strong.color
                    }
                    .into(),
                ),
                border: hover,
                ..base
            }
        }
        button::Status::Disabled => disabled_style(theme, look),
    }
}

/// The outlined look: accent border and text on the background.
pub fn secondary_style(theme: &Theme, status: button::Status, look: Look) -> button::Style {
    let p = theme.palette();
    let base = button::Style {
        background: Some(p.background.into()),
        text_color: p.primary,
        border: Border {
            color: p.primary,
            width: 2.0,
            radius: 6.0.into(),
        },
        ..button::Style::default()
    };
    match status {
        button::Status::Active => base,
        button::Status::Hovered | button::Status::Pressed => button::Style {
            background: Some(
                if look.high_contrast {
                    p.background
                } else {
                    tint(p.background, p.primary, 0.12)
                }
                .into(),
            ),
            border: Border {
                width: 3.0,
                ..base.border
            },
            ..base
        },
        button::Status::Disabled => disabled_style(theme, look),
    }
}

/// A disabled button: no fill, a thin border, its text softened but still readable (about
/// 4.5:1). High contrast allows no grey: the text keeps the full text colour and the button
/// loses its outline and fill, so it reads as a label (what to do first is said under it),
/// never as an enabled button (filled, or outlined in the accent).
fn disabled_style(theme: &Theme, look: Look) -> button::Style {
    let p = theme.palette();
    if look.high_contrast {
        return button::Style {
            background: Some(p.background.into()),
            text_color: p.text,
            border: Border {
                color: p.background,
                width: 0.0,
                radius: 6.0.into(),
            },
            ..button::Style::default()
        };
    }
    let soft = iced::theme::palette::mix(p.text, p.background, 0.18);
    button::Style {
        background: Some(p.background.into()),
        text_color: soft,
        border: Border {
            color: soft,
            width: 1.0,
            radius: 6.0.into(),
        },
        ..button::Style::default()
    }
}

fn labels<'a, M: 'a>(look: Look, id: &str) -> Column<'a, M> {
    let mut col = column![].spacing(0);
    for (i, language) in look.languages().iter().enumerate() {
        let line = text(display(tr(*language, id))).font(BOLD);
        col = col.push(if i == 0 {
            line.size(look.px(BUTTON))
        } else {
            line.size(look.px(BUTTON * 0.65))
        });
    }
    col
}
