//! Settings: language, the registration service, the readers seen. Nothing personal.

use iced::widget::{button, column, row, text};
use iced::{Center, Element};

use crate::i18n::DisplayMode;
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    Mode(DisplayMode),
    Close,
}

/// What the settings screen shows.
pub struct View<'a> {
    pub mode: DisplayMode,
    pub service: &'a str,
    pub readers: Vec<String>,
}

/// The three language buttons, each labelled in its own language so anyone finds theirs.
pub fn language_switch<'a, M: Clone + 'a>(
    mode: DisplayMode,
    on_choose: impl Fn(DisplayMode) -> M,
) -> Element<'a, M> {
    let choice = |m: DisplayMode, id: &str| {
        let label = text(widgets::tr(crate::i18n::Language::TraditionalChinese, id))
            .size(20)
            .font(widgets::BOLD);
        button(label)
            .padding([6, 14])
            .style(if m == mode {
                button::primary
            } else {
                button::secondary
            })
            .on_press(on_choose(m))
    };
    row![
        choice(DisplayMode::Chinese, "ui-language-chinese"),
        choice(DisplayMode::English, "ui-language-english"),
        choice(DisplayMode::Bilingual, "ui-language-both"),
    ]
    .spacing(8)
    .into()
}

pub fn view<'a>(v: View<'a>) -> Element<'a, Message> {
    let mode = v.mode;
    let readers: Element<'a, Message> = if v.readers.is_empty() {
        t(mode, "settings-no-readers", BODY).into()
    } else {
        column(v.readers.into_iter().map(|r| text(r).size(BODY).into()))
            .spacing(6)
            .into()
    };
    column![
        widgets::title(mode, "settings-title"),
        t(mode, "settings-language", BODY),
        language_switch(mode, Message::Mode),
        t(mode, "settings-service", BODY),
        text(v.service.to_owned()).size(BODY),
        t(mode, "settings-readers", BODY),
        readers,
        widgets::primary(mode, "settings-close", Some(Message::Close)),
    ]
    .spacing(16)
    .align_x(Center)
    .into()
}
