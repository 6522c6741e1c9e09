//! Signed in: one big button, 產生裝置認證碼 (as on the official site), and the lesser steps.

use iced::widget::{column, row};
use iced::{Center, Element};

use super::{Ctx, Event};
use crate::flow::{self, Stage, State};
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    Generate,
    Devices,
    SignOut,
}

pub struct SignedIn;

impl SignedIn {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        Some(match message {
            Message::Generate => flow::Event::GenerateCode.into(),
            Message::Devices => flow::Event::ShowDevices.into(),
            Message::SignOut => flow::Event::SignOut.into(),
        })
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let creating = matches!(
            ctx.state,
            State::Card {
                stage: Stage::CreatingCode { .. },
                ..
            }
        );
        if creating {
            return column![widgets::title(look, "code-generating")]
                .align_x(Center)
                .into();
        }
        column![
            widgets::title(look, "signed-in-title"),
            t(look, "signed-in-hint", BODY),
            widgets::primary(look, "code-generate", Some(Message::Generate)),
            row![
                widgets::secondary(look, "devices-open", Some(Message::Devices)),
                widgets::secondary(look, "sign-out", Some(Message::SignOut)),
            ]
            .spacing(look.pad(20.0))
            .wrap()
            .align_x(Center),
        ]
        .spacing(look.pad(28.0))
        .align_x(Center)
        .into()
    }
}
