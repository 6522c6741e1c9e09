//! The phones already authenticated with this card, each with "revoke" (a lost phone). Revoking
//! asks first (it cannot be undone from here: the phone must be authenticated again), and the
//! list then says which phone went.

use iced::widget::{column, container, row, text};
use iced::{Center, Element, Length};

use super::{Ctx, Event};
use crate::flow::{self, Stage, State};
use crate::ui::format;
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    /// "Revoke…": ask about this device first.
    Revoke(String),
    /// "Yes, revoke it".
    Confirm(String),
    /// "Keep it".
    Cancel,
    Back,
}

/// Which device's revocation is being asked about.
#[derive(Debug, Default)]
pub struct Devices {
    confirming: Option<String>,
}

impl Devices {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Revoke(id) => {
                self.confirming = Some(id);
                None
            }
            Message::Confirm(id) => {
                self.confirming = None;
                Some(flow::Event::Revoke(id).into())
            }
            Message::Cancel => {
                self.confirming = None;
                None
            }
            Message::Back => Some(flow::Event::Back.into()),
        }
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let State::Card {
            stage:
                Stage::Devices {
                    devices,
                    busy,
                    problem,
                    revoked,
                    ..
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
        if let Some(name) = revoked {
            col = col.push(
                container(widgets::note_with(
                    look,
                    "devices-revoked",
                    &[("device", name.clone().into())],
                ))
                .max_width(look.px(760.0)),
            );
        }
        match devices {
            None => col = col.push(t(look, "devices-loading", BODY)),
            Some(list) if list.is_empty() => col = col.push(t(look, "devices-empty", BODY)),
            Some(list) => {
                for device in list {
                    col = col.push(self.device_box(ctx, device, *busy));
                }
            }
        }
        if let Some(problem) = problem {
            col = col.push(widgets::problem_box(look, problem));
        }
        col.push(widgets::secondary(look, "ui-back", Some(Message::Back)))
            .into()
    }

    fn device_box<'a>(
        &self,
        ctx: Ctx<'a>,
        device: &'a crate::flow::DeviceInfo,
        busy: bool,
    ) -> Element<'a, Message> {
        let look = ctx.look;
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
        let line: Element<'a, Message> = if self.confirming.as_deref() == Some(&device.id) {
            // The question in the device's own box, with both answers under it.
            column![
                info,
                widgets::ta(
                    look,
                    "devices-revoke-confirm",
                    &[("device", device.label.clone().into())],
                    BODY * 0.9
                ),
                row![
                    widgets::primary(
                        look,
                        "devices-revoke-yes",
                        (!busy).then(|| Message::Confirm(device.id.clone())),
                    ),
                    widgets::secondary(look, "devices-revoke-no", Some(Message::Cancel)),
                ]
                .spacing(look.pad(16.0))
                .wrap(),
            ]
            .spacing(look.pad(10.0))
            .into()
        } else {
            let revoke = widgets::secondary(
                look,
                "devices-revoke",
                (!busy).then(|| Message::Revoke(device.id.clone())),
            );
            // Large text: the button under the phone's name, not squeezing it.
            if look.large() {
                column![info, revoke].spacing(look.pad(10.0)).into()
            } else {
                row![container(info).width(Length::Fill), revoke]
                    .align_y(Center)
                    .into()
            }
        };
        container(line)
            .padding(look.pad(12.0))
            .width(Length::Fill)
            .max_width(look.px(760.0))
            .style(widgets::boxed(look))
            .into()
    }
}
