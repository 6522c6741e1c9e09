//! The phones already authenticated with this card, each with "revoke" (a lost phone).

use iced::widget::{column, container, row, text};
use iced::{Center, Element, Length};

use super::{Action, Ctx};
use crate::flow::{Event, Stage, State};
use crate::ui::format;
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    Revoke(String),
    Back,
}

pub struct Devices;

impl Devices {
    pub fn update(&mut self, message: Message) -> Option<Action> {
        Some(match message {
            Message::Revoke(id) => Event::Revoke(id).into(),
            Message::Back => Event::Back.into(),
        })
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let State::Card {
            stage:
                Stage::Devices {
                    devices,
                    busy,
                    problem,
                },
            ..
        } = ctx.state
        else {
            return column![].into();
        };
        let mut col = column![
            widgets::title(look, "devices-title"),
            t(look, "devices-hint", BODY)
        ]
        .spacing(look.pad(18.0))
        .align_x(Center);
        match devices {
            None => col = col.push(t(look, "devices-loading", BODY)),
            Some(list) if list.is_empty() => col = col.push(t(look, "devices-empty", BODY)),
            Some(list) => {
                for device in list {
                    let mut info = column![
                        text(device.label.clone())
                            .size(look.px(BODY))
                            .font(widgets::BOLD)
                    ];
                    if let Some(when) = device.authenticated_at {
                        info = info.push(widgets::lines(look, BODY * 0.8, |l| {
                            crate::i18n::text(
                                l,
                                "devices-since",
                                &[("when", format::datetime(l, when).into())],
                            )
                        }));
                    }
                    let revoke = widgets::secondary(
                        look,
                        "devices-revoke",
                        (!busy).then(|| Message::Revoke(device.id.clone())),
                    );
                    // Large text: the button under the phone's name, not squeezing it.
                    let line: Element<'a, Message> = if look.large() {
                        column![info, revoke].spacing(look.pad(10.0)).into()
                    } else {
                        row![container(info).width(Length::Fill), revoke]
                            .align_y(Center)
                            .into()
                    };
                    col = col.push(
                        container(line)
                            .padding(look.pad(12.0))
                            .width(Length::Fill)
                            .max_width(look.px(760.0))
                            .style(widgets::boxed(look)),
                    );
                }
            }
        }
        if let Some(problem) = problem {
            col = col.push(widgets::problem_box(look, problem));
        }
        col.push(widgets::secondary(look, "ui-back", Some(Message::Back)))
            .into()
    }
}
