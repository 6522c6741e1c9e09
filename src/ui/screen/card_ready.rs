//! The card is read: greet the holder (masked), ask for the registration password.
//! The password field has the focus; Enter signs in, Esc clears it.

use iced::widget::{column, container, row, text, text_input};
use iced::{Center, Element, Length};

use super::{Ctx, Event};
use crate::backend::PasswordHint;
use crate::flow::{self, Note, Secret, Stage, State};
use crate::problem::Problem;
use crate::ui::form;
use crate::ui::widgets::{self, BODY, t};

/// The password field, focused when this screen appears.
pub const PASSWORD: &str = "password";

#[derive(Debug, Clone)]
pub enum Message {
    Password(String),
    Submit,
    FirstTime,
    Forgot,
    Escape,
}

/// What was typed. Zeroized when replaced, refused or dropped with the screen.
#[derive(Default)]
pub struct CardReady {
    password: Secret,
}

impl CardReady {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Password(value) => {
                self.password = Secret::new(value);
                None
            }
            // The field keeps it while signing in: a failure of the card, the network or the
            // service leaves it there to try again (see `sign_in_answered`).
            Message::Submit => (!self.password.is_empty())
                .then(|| flow::Event::SubmitPassword(self.password.clone()).into()),
            Message::FirstTime => Some(flow::Event::StartApplication.into()),
            Message::Forgot => Some(flow::Event::ForgotPassword.into()),
            Message::Escape => {
                self.password = Secret::default();
                None
            }
        }
    }

    /// The sign-in was answered and the flow is back on this screen: the typed password goes
    /// unless `state` says it stays (the service refused it, or the card left).
    pub fn sign_in_answered(&mut self, state: &State) {
        if !state.keeps_typed_password() {
            self.password = Secret::default();
        }
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let State::Card { session, stage } = ctx.state else {
            return column![].into();
        };
        let busy = matches!(stage, Stage::SigningIn);
        let (problem, note) = match stage {
            Stage::CardReady { problem, note } => (problem.as_ref(), *note),
            _ => (None, None),
        };
        let Some(holder) = session.holder() else {
            return column![].into();
        };

        // The masked name and ID each in their own text, so nothing else ever contains them.
        let who = row![
            t(look, "card-ready-greeting", widgets::TITLE),
            text(holder.masked_name.expose().to_owned())
                .font(widgets::BOLD)
                .size(look.px(widgets::TITLE)),
        ]
        .spacing(look.pad(12.0))
        .align_y(Center)
        .wrap()
        .align_x(Center);
        let id = row![
            t(look, "card-ready-id", BODY),
            text(holder.masked_id.expose().to_owned())
                .size(look.px(BODY * 1.2))
                .font(widgets::BOLD),
        ]
        .spacing(look.pad(16.0))
        .align_y(Center)
        .wrap()
        .align_x(Center);

        // The label above the field, not a placeholder in it: it stays while typing, and an
        // empty field never looks filled in (a placeholder in high contrast did).
        let label = widgets::lines(look, BODY * 0.85, |l| widgets::tr(l, "card-ready-password"));
        let mut field = text_input("", self.password.expose())
            .id(PASSWORD)
            .secure(true)
            .size(look.px(32.0))
            .padding(look.pad(16.0))
            .style(widgets::field_style(look))
            .width(Length::Fixed(look.px(520.0).min(900.0)));
        if !busy {
            field = field.on_input(Message::Password).on_submit(Message::Submit);
        }
        let sign_in = if busy {
            // The reason line's room kept (not its words: nothing is missing while signing
            // in), so the field does not jump.
            column![
                widgets::primary(look, "card-ready-signing-in", None),
                crate::ui::reserve::reserve(t(look, "a11y-why-sign-in", BODY * 0.75))
            ]
            .spacing(look.pad(4.0))
            .align_x(Center)
            .into()
        } else {
            widgets::primary_or_why(
                look,
                "card-ready-sign-in",
                (!self.password.is_empty()).then_some(Message::Submit),
                "a11y-why-sign-in",
            )
        };

        let mut col = column![who, id].spacing(look.pad(22.0)).align_x(Center);
        // Good news from the account step just done, above the field it leads to.
        if let Some(note) = note {
            col = col.push(widgets::note(
                look,
                match note {
                    Note::EmailVerified => "card-ready-email-verified",
                    Note::PasswordChanged => "card-ready-password-changed",
                },
            ));
        }
        // Caps Lock's warning under the field, in room kept beside the button's reason line:
        // it costs no height and moves nothing when it comes.
        let field =
            column![label, field, form::caps_lock(look, ctx.caps_lock)].spacing(look.pad(6.0));
        col = col.extend([
            t(look, "card-ready-instruction", BODY).into(),
            // Large text: the button under the field, not pushed off the side.
            if look.large() {
                column![field, sign_in]
                    .spacing(look.pad(16.0))
                    .align_x(Center)
                    .into()
            } else {
                row![field, sign_in]
                    .spacing(20)
                    .align_y(iced::Alignment::End)
                    .into()
            },
        ]);
        if let Some(problem) = problem {
            col = col.push(widgets::problem_box(look, problem));
        }
        if let Some(hint) = ctx.demo_password {
            // Right under the field, in a box: the one thing a demo user must know about
            // the practice card in the reader.
            let note = match hint {
                PasswordHint::Known(password) => {
                    widgets::note_with(look, "ui-demo-password", &[("password", password.into())])
                }
                PasswordHint::ChosenByYou => widgets::note(look, "demo-password-chosen"),
                PasswordHint::NotRegistered => widgets::note(look, "demo-not-registered"),
            };
            col = col.push(container(note).max_width(look.px(720.0)));
        }
        // One try left: the way out of a forgotten password becomes the obvious step.
        let last_try = matches!(problem, Some(Problem::WrongPassword { attempts_left: 1 }));
        let forgot = (!busy).then_some(Message::Forgot);
        col = col.push(
            row![
                widgets::secondary(
                    look,
                    "card-ready-first-time",
                    (!busy).then_some(Message::FirstTime)
                ),
                if last_try {
                    widgets::primary(look, "card-ready-forgot", forgot)
                } else {
                    widgets::secondary(look, "card-ready-forgot", forgot)
                },
            ]
            .spacing(look.pad(20.0))
            .wrap()
            .align_x(Center),
        );
        col.into()
    }
}
