//! Before a card is ready: no smart-card service, no reader, waiting for the card, reading it.
//! One picture and one sentence of what to do.

use iced::widget::{column, svg};
use iced::{Center, Element};

use super::{Ctx, Event};
use crate::flow::State;
use crate::problem::{Problem, ProblemText};
use crate::ui::widgets::{self, BODY, t};

pub(super) const INSERT_CARD: &[u8] =
    include_bytes!("../../../assets/illustrations/insert-card.svg");
const PLUG_READER: &[u8] = include_bytes!("../../../assets/illustrations/plug-reader.svg");
const TAKE_CARD: &[u8] = include_bytes!("../../../assets/illustrations/take-card.svg");

#[derive(Debug, Clone)]
pub enum Message {
    TryDemo,
    Diagnose,
}

/// The waiting screen; after a card left, it says what happened to the session.
#[derive(Debug, Default)]
pub struct Waiting {
    pub farewell: Option<Farewell>,
}

/// What the card's removal did, said once on the screen that follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Farewell {
    /// Signed in when the card left: signed out, data cleared.
    SignedOut,
    /// The card's data was on screen: cleared.
    Cleared,
    /// The same, for the Citizen Digital Certificate.
    CertificateSignedOut,
    CertificateCleared,
}

impl Waiting {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::TryDemo => Some(Event::TryDemo),
            Message::Diagnose => Some(Event::OpenDiagnostics),
        }
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let (picture, body): (&[u8], Element<'a, Message>) = match ctx.state {
            State::SmartCardServiceMissing => (
                PLUG_READER,
                problem_text(ctx, &Problem::SmartCardServiceNotRunning),
            ),
            State::NoReader => (
                PLUG_READER,
                column![
                    widgets::title(look, "no-reader-title"),
                    widgets::lines(look, BODY, |l| Problem::NoReader.hint(l)).align_x(Center),
                ]
                .spacing(look.pad(16.0))
                .align_x(Center)
                .into(),
            ),
            State::OpeningToken { .. } => (
                INSERT_CARD,
                column![
                    widgets::title(look, "waiting-opening-token"),
                    t(look, "reading-hint", BODY).align_x(Center)
                ]
                .spacing(look.pad(16.0))
                .align_x(Center)
                .into(),
            ),
            State::Reading { .. } => (
                INSERT_CARD,
                column![
                    widgets::title(look, "reading-title"),
                    t(look, "reading-hint", BODY).align_x(Center)
                ]
                .spacing(look.pad(16.0))
                .align_x(Center)
                .into(),
            ),
            // A kiosk reset while the card was still in: the person who leaves must take it
            // (one clear step, not "insert" beside "take out").
            _ if ctx.card_left_in => (
                TAKE_CARD,
                column![
                    widgets::title(look, "kiosk-take-card-title"),
                    t(look, "kiosk-take-card-hint", BODY).align_x(Center),
                ]
                .spacing(look.pad(16.0))
                .align_x(Center)
                .into(),
            ),
            _ => (
                INSERT_CARD,
                column![
                    widgets::title(look, "waiting-title"),
                    widgets::lines(look, BODY, |l| Problem::NoCard.hint(l)).align_x(Center),
                    // The official guide's two ways in: 使用健保卡或使用自然人憑證.
                    t(look, "waiting-either-card", BODY * 0.85).align_x(Center),
                ]
                .spacing(look.pad(16.0))
                .align_x(Center)
                .into(),
            ),
        };
        // A kiosk's visitor reads the picture from a step away: half as large again.
        let scale = if ctx.kiosk { 1.5 } else { 1.0 };
        let mut col = column![
            svg(svg::Handle::from_memory(picture))
                .width(420.0 * scale)
                .height(260.0 * scale),
            body
        ]
        .spacing(look.pad(28.0))
        .align_x(Center);
        // Under what to do next, so the screen above it is the usual waiting screen.
        if let Some(farewell) = self.farewell {
            col = col.push(
                iced::widget::container(widgets::note(
                    look,
                    match farewell {
                        Farewell::SignedOut => "waiting-signed-out",
                        Farewell::Cleared => "waiting-card-out",
                        Farewell::CertificateSignedOut => "waiting-cert-signed-out",
                        Farewell::CertificateCleared => "waiting-cert-out",
                    },
                ))
                .max_width(look.px(760.0)),
            );
        }
        // Without hardware the demo is the one thing that can be done.
        let stuck = matches!(ctx.state, State::SmartCardServiceMissing | State::NoReader);
        if stuck && !ctx.demo {
            col = col.push(widgets::secondary(
                look,
                "ui-demo-offer",
                Some(Message::TryDemo),
            ));
        }
        if stuck {
            col = col.push(widgets::secondary(
                look,
                "diag-run",
                Some(Message::Diagnose),
            ));
        }
        col.into()
    }
}

fn problem_text<'a>(ctx: Ctx<'a>, problem: &Problem) -> Element<'a, Message> {
    let mut col = column![].spacing(ctx.look.pad(10.0)).align_x(Center);
    for (i, language) in ctx.look.languages().iter().enumerate() {
        let scale = if i == 0 { 1.0 } else { 0.72 };
        col = col
            .push(
                iced::widget::text(problem.title(*language))
                    .font(widgets::BOLD)
                    .size(ctx.look.px(widgets::TITLE * scale)),
            )
            .push(iced::widget::text(problem.hint(*language)).size(ctx.look.px(BODY * scale)));
    }
    // A problem, said with ⚠ as everywhere (not by colour alone).
    iced::widget::row![
        iced::widget::text(widgets::WARNING)
            .font(widgets::BOLD)
            .size(ctx.look.px(widgets::TITLE)),
        col
    ]
    .spacing(ctx.look.pad(16.0))
    .into()
}
