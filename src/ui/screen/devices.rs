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
        .spacing(18)
        .align_x(Center);
        match devices {
            None => col = col.push(t(look, "devices-loading", BODY)),
            Some(list) if list.is_empty() => col = col.push(t(look, "devices-empty", BODY)),
            Some(list) => {
                for device in list {
                    let mut info =
                        column![text(device.label.clone()).size(BODY).font(widgets::BOLD)];
                    if let Some(when) = device.authenticated_at {
                        info = info.push(widgets::lines(look, BODY * 0.8, |l| {
                            crate::i18n::text(
                                l,
                                "devices-since",
                                &[("when", format::datetime(l, when).into())],
                            )
                        }));
                    }
                    col = col.push(
                        container(
                            row![
                                container(info).width(Length::Fill),
                                widgets::secondary(
                                    look,
                                    "devices-revoke",
                                    (!busy).then(|| Message::Revoke(device.id.clone()))
                                ),
                            ]
                            .align_y(Center),
                        )
                        .padding(12)
                        .width(Length::Fixed(760.0))
                        .style(iced::widget::container::bordered_box),
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
