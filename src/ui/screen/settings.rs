//! Settings: language, the registration service, which reader to use. Remembered between runs
//! (`crate::settings`); nothing personal.

use iced::widget::{button, column, row, text, text_input};
use iced::{Center, Element, Length};

use crate::i18n::DisplayMode;
use crate::problem::Problem;
use crate::ui::look::Look;
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    Mode(DisplayMode),
    ServiceInput(String),
    ServiceApply,
    /// `None`: any reader.
    Reader(Option<String>),
    Close,
}

/// What the settings screen shows.
pub struct View<'a> {
    pub look: Look,
    /// The address being edited.
    pub service_draft: &'a str,
    /// Why the last address given cannot be used.
    pub service_problem: Option<&'a Problem>,
    /// The demo brings its own service: the address is shown, not edited.
    pub demo: bool,
    pub readers: Vec<String>,
    pub chosen_reader: Option<&'a str>,
}

/// The three language buttons, each labelled in its own language so anyone finds theirs.
pub fn language_switch<'a, M: Clone + 'a>(
    look: Look,
    on_choose: impl Fn(DisplayMode) -> M,
) -> Element<'a, M> {
    let choice = |m: DisplayMode, id: &str| {
        let label = text(widgets::tr(crate::i18n::Language::TraditionalChinese, id))
            .size(20)
            .font(widgets::BOLD);
        button(label)
            .padding([6, 14])
            .style(if m == look.mode {
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

/// One reader choice: filled when chosen.
fn reader_button<'a>(
    label: Element<'a, Message>,
    chosen: bool,
    pick: Option<String>,
) -> Element<'a, Message> {
    button(label)
        .padding([8, 18])
        .style(if chosen {
            button::primary
        } else {
            button::secondary
        })
        .on_press(Message::Reader(pick))
        .into()
}

pub fn view<'a>(v: View<'a>) -> Element<'a, Message> {
    let look = v.look;
    let mut readers = column![].spacing(8).align_x(Center);
    if v.readers.is_empty() {
        readers = readers.push(t(look, "settings-no-readers", BODY));
    } else {
        readers = readers.push(reader_button(
            t(look, "settings-reader-any", BODY).into(),
            v.chosen_reader.is_none(),
            None,
        ));
        for r in v.readers {
            let chosen = v.chosen_reader == Some(r.as_str());
            readers = readers.push(reader_button(
                text(r.clone()).size(BODY).into(),
                chosen,
                Some(r),
            ));
        }
    }
    let mut input = text_input("https://…", v.service_draft)
        .size(BODY)
        .padding(10)
        .width(Length::Fixed(640.0));
    if !v.demo {
        input = input
            .on_input(Message::ServiceInput)
            .on_submit(Message::ServiceApply);
    }
    let mut service = column![t(look, "settings-service", BODY), input]
        .spacing(10)
        .align_x(Center);
    if v.demo {
        service = service.push(t(look, "settings-service-demo", BODY * 0.85));
    } else {
        service = service.push(widgets::secondary(
            look,
            "settings-service-apply",
            Some(Message::ServiceApply),
        ));
    }
    if let Some(problem) = v.service_problem {
        service = service.push(widgets::problem_box(look, problem));
    }
    column![
        widgets::title(look, "settings-title"),
        t(look, "settings-language", BODY),
        language_switch(look, Message::Mode),
        service,
        t(look, "settings-readers", BODY),
        readers,
        widgets::primary(look, "settings-close", Some(Message::Close)),
    ]
    .spacing(18)
    .align_x(Center)
    .into()
}
