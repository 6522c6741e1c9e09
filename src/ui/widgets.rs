//! The few building blocks every screen uses: text in the chosen language(s), big buttons, the
//! problem box. Sizes are generous on purpose: many users are elderly.
//!
//! Everything here takes the person's [`Look`]: sizes go through [`Look::px`] (100–200 %), and
//! colours come from the theme inside style closures (light, dark, high contrast), never fixed.
//! Buttons are [`focus::button`]s: reachable with Tab, pressed with Enter or Space, with a
//! visible focus ring. A choice that is on says so with a ✓, not only with its colour.

use iced::font::Weight;
use iced::widget::{Column, button, column, container, row, text, text_input};
use iced::{Border, Color, Element, Font, Length, Theme};

use crate::i18n::{self, Arg, Language};
use crate::problem::{Problem, ProblemText};
use crate::ui::focus;
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
