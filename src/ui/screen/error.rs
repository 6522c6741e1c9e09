//! Something went wrong: what happened, what to do, and (where it helps) "try again".

use iced::widget::{column, row, svg};
use iced::{Center, Element};

use super::{Ctx, Event};
use crate::flow::{self, Stage, State};
use crate::ui::widgets;

#[derive(Debug, Clone)]
pub enum Message {
    Retry,
    Back,
    Diagnose,
}

pub struct ErrorScreen;

impl ErrorScreen {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        Some(match message {
            Message::Retry => flow::Event::Retry.into(),
            Message::Back => flow::Event::Back.into(),
            Message::Diagnose => Event::OpenDiagnostics,
        })
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let (problem, retry, back) = match ctx.state {
            // Only another card helps: no button, the hint says what to do.
            State::NotNhiCard { problem, .. } => (problem, false, false),
            State::ReadFailed { problem, .. } | State::CertificateFailed { problem, .. } => {
                (problem, true, false)
            }
            State::Card {
                stage: Stage::Failed { problem, .. },
                ..
            } => (problem, true, true),
            _ => return column![].into(),
        };
        let mut buttons = row![].spacing(look.pad(20.0)).align_y(Center);
        if retry {
            buttons = buttons.push(widgets::primary(look, "ui-retry", Some(Message::Retry)));
        }
        if back {
            buttons = buttons.push(widgets::secondary(look, "ui-back", Some(Message::Back)));
        }
        if crate::diagnostics::helps_with(problem) {
            buttons = buttons.push(widgets::secondary(
                look,
                "diag-run",
                Some(Message::Diagnose),
            ));
        }
        let mut col = column![widgets::problem_box(look, problem)];
        if !back {
            // A card problem: show again how the NHI card goes in.
            col = col.push(
                svg(svg::Handle::from_memory(super::waiting::INSERT_CARD))
                    .width(420)
                    .height(260),
            );
        }
        col.push(buttons.wrap().align_x(Center))
            .spacing(look.pad(28.0))
            .align_x(Center)
            .into()
    }
}
