//! Settings: language, text size, contrast, light/dark, the registration service, which reader
//! to use. Remembered between runs (`crate::settings`); nothing personal.

use iced::widget::{Row, column, row, text, text_input};
use iced::{Center, Element, Length};

use crate::i18n::DisplayMode;
use crate::problem::Problem;
use crate::ui::look::{Look, ThemeChoice};
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    Mode(DisplayMode),
    /// Text size in percent (100, 125, 150, 175, 200).
    TextScale(u16),
    HighContrast(bool),
    Theme(ThemeChoice),
    ServiceInput(String),
    ServiceApply,
    /// `None`: any reader.
    Reader(Option<String>),
    Close,
}

/// What the settings ask the root to do: it owns the look and the remembered settings.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Mode(DisplayMode),
    /// Text size in percent.
    TextScale(u16),
    HighContrast(bool),
    Theme(ThemeChoice),
    /// Use the registration service at this address (as typed), if it can be used.
    UseService(String),
    Reader(Option<String>),
    Close,
}

/// The settings' own state: the service address being typed (it starts as the one in use).
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub draft: String,
}

impl Settings {
    pub fn new(service_url: &str) -> Settings {
        Settings {
            draft: service_url.to_owned(),
        }
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        Some(match message {
            Message::ServiceInput(url) => {
                self.draft = url;
                return None;
            }
            Message::ServiceApply => Event::UseService(self.draft.clone()),
            Message::Mode(mode) => Event::Mode(mode),
            Message::TextScale(percent) => Event::TextScale(percent),
            Message::HighContrast(on) => Event::HighContrast(on),
            Message::Theme(choice) => Event::Theme(choice),
            Message::Reader(reader) => Event::Reader(reader),
            Message::Close => Event::Close,
        })
    }
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
    pub theme: ThemeChoice,
}

/// The three language buttons, each labelled in its own language so anyone finds theirs.
pub fn language_switch<'a, M: Clone + 'a>(
    look: Look,
    on_choose: impl Fn(DisplayMode) -> M,
) -> Element<'a, M> {
    let choice = |m: DisplayMode, id: &str| {
        let label = text(widgets::tr(crate::i18n::Language::TraditionalChinese, id))
            .size(look.px(20.0))
            .font(widgets::BOLD);
        widgets::choice(look, label, m == look.mode, on_choose(m))
    };
    row![
        choice(DisplayMode::Chinese, "ui-language-chinese"),
        choice(DisplayMode::English, "ui-language-english"),
        choice(DisplayMode::Bilingual, "ui-language-both"),
    ]
    .spacing(look.pad(8.0))
    .align_y(Center)
    .into()
}

/// One reader choice: filled, with a ✓, when chosen.
fn reader_button<'a>(
    look: Look,
    label: Element<'a, Message>,
    chosen: bool,
    pick: Option<String>,
) -> Element<'a, Message> {
    widgets::choice(look, label, chosen, Message::Reader(pick))
}

/// 100 % … 200 %: each button says its number; the chosen one has a ✓.
fn text_sizes<'a>(look: Look) -> Element<'a, Message> {
    let mut sizes = Row::new().spacing(look.pad(8.0)).align_y(Center);
    for percent in Look::SCALES {
        let label = text(format!("{percent} %"))
            .size(look.px(22.0))
            .font(widgets::BOLD);
        sizes = sizes.push(widgets::choice(
            look,
            label,
            look.percent() == percent,
            Message::TextScale(percent),
        ));
    }
    // Five buttons at 200 % are wider than the window: let them wrap.
    sizes.wrap().into()
}

/// Two or three choices, each labelled by its message id.
fn choices<'a>(look: Look, options: &[(&str, bool, Message)]) -> Element<'a, Message> {
    let mut r = Row::new().spacing(look.pad(8.0)).align_y(Center);
    for (id, chosen, message) in options {
        r = r.push(widgets::choice(
            look,
            widgets::label_lines(look, 20.0, |l| widgets::tr(l, id)),
            *chosen,
            message.clone(),
        ));
    }
    r.wrap().into()
}

pub fn view<'a>(v: View<'a>) -> Element<'a, Message> {
    let look = v.look;
    let mut readers = column![].spacing(8).align_x(Center);
    if v.readers.is_empty() {
        readers = readers.push(t(look, "settings-no-readers", BODY));
    } else {
        readers = readers.push(reader_button(
            look,
            widgets::label_lines(look, BODY, |l| widgets::tr(l, "settings-reader-any")).into(),
            v.chosen_reader.is_none(),
            None,
        ));
        for r in v.readers {
            let chosen = v.chosen_reader == Some(r.as_str());
            readers = readers.push(reader_button(
                look,
                text(r.clone()).size(look.px(BODY)).into(),
                chosen,
                Some(r),
            ));
        }
    }
    // No placeholder: the label above says what goes here (a placeholder looked like an
    // address typed in, in high contrast).
    let mut input = text_input("", v.service_draft)
        .size(look.px(BODY))
        .padding(look.pad(10.0))
        .style(widgets::field_style(look))
        .width(Length::Fill)
        .id(SERVICE);
    if !v.demo {
        input = input
            .on_input(Message::ServiceInput)
            .on_submit(Message::ServiceApply);
    }
    let input = iced::widget::container(input).max_width(look.px(640.0));
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
    let contrast = choices(
        look,
        &[
            (
                "a11y-contrast-normal",
                !look.high_contrast,
                Message::HighContrast(false),
            ),
            (
                "a11y-contrast-high",
                look.high_contrast,
                Message::HighContrast(true),
            ),
        ],
    );
    let theme = choices(
        look,
        &[
            (
                "a11y-theme-system",
                v.theme == ThemeChoice::System,
                Message::Theme(ThemeChoice::System),
            ),
            (
                "a11y-theme-light",
                v.theme == ThemeChoice::Light,
                Message::Theme(ThemeChoice::Light),
            ),
            (
                "a11y-theme-dark",
                v.theme == ThemeChoice::Dark,
                Message::Theme(ThemeChoice::Dark),
            ),
        ],
    );
    column![
        widgets::title(look, "settings-title"),
        t(look, "settings-language", BODY),
        language_switch(look, Message::Mode),
        t(look, "a11y-text-size", BODY),
        text_sizes(look),
        t(look, "a11y-text-size-keys", BODY * 0.75).align_x(Center),
        t(look, "a11y-contrast", BODY),
        contrast,
        t(look, "a11y-theme", BODY),
        theme,
        service,
        t(look, "settings-readers", BODY),
        readers,
        widgets::primary(look, "settings-close", Some(Message::Close)),
    ]
    .spacing(look.pad(18.0))
    .align_x(Center)
    .into()
}

/// The service address field (its widget id).
pub const SERVICE: &str = "settings-service-url";
