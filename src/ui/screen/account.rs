//! The account steps of the official site: first-time application (首次登入請先申請), e-mail
//! verification with resend (重寄認證信), and forgotten password (忘記註冊密碼).

use iced::widget::{column, row, text_input};
use iced::{Center, Element, Length};

use super::{Action, Ctx};
use crate::flow::{Event, Secret, Stage, State};
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    Password(String),
    PasswordAgain(String),
    Email(String),
    SubmitApplication,
    SubmitReset,
    Resend,
    /// Demo only: show the mails the practice service "sent".
    OpenMailbox,
    Back,
}

#[derive(Default)]
pub struct Account {
    password: Secret,
    password_again: Secret,
    email: Secret,
    mismatch: bool,
}

impl Account {
    pub fn update(&mut self, message: Message) -> Option<Action> {
        match message {
            Message::Password(v) => self.password = Secret::new(v),
            Message::PasswordAgain(v) => self.password_again = Secret::new(v),
            Message::Email(v) => self.email = Secret::new(v),
            Message::SubmitApplication => {
                self.mismatch = self.password != self.password_again;
                if self.mismatch || self.password.is_empty() || self.email.is_empty() {
                    return None;
                }
                self.password_again = Secret::default();
                return Some(
                    Event::SubmitApplication {
                        password: std::mem::take(&mut self.password),
                        email: self.email.clone(),
                    }
                    .into(),
                );
            }
            Message::SubmitReset => {
                if !self.email.is_empty() {
                    return Some(
                        Event::SubmitPasswordReset {
                            email: self.email.clone(),
                        }
                        .into(),
                    );
                }
            }
            Message::Resend => return Some(Event::ResendVerification.into()),
            Message::OpenMailbox => return Some(Action::OpenMailbox),
            Message::Back => return Some(Event::Back.into()),
        }
        None
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let mode = ctx.mode;
        let State::Card { stage, .. } = ctx.state else {
            return column![].into();
        };
        let back = widgets::secondary(mode, "ui-back", Some(Message::Back));
        match stage {
            Stage::FirstTimeApplication { busy, problem } => {
                let mut col = column![
                    widgets::title(mode, "apply-title"),
                    t(mode, "apply-intro", BODY),
                    self.field(
                        mode,
                        "apply-password",
                        &self.password,
                        true,
                        Message::Password
                    ),
                    self.field(
                        mode,
                        "apply-password-again",
                        &self.password_again,
                        true,
                        Message::PasswordAgain
                    ),
                    self.field(mode, "apply-email", &self.email, false, Message::Email),
                ]
                .spacing(18)
                .align_x(Center);
                if self.mismatch {
                    col = col.push(t(mode, "apply-mismatch", BODY));
                }
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(mode, problem));
                }
                col.push(
                    row![
                        widgets::primary(
                            mode,
                            "apply-submit",
                            (!busy).then_some(Message::SubmitApplication)
                        ),
                        back
                    ]
                    .spacing(20),
                )
                .into()
            }
            Stage::EmailVerification {
                busy,
                resent,
                problem,
            } => {
                let mut col = column![
                    widgets::title(mode, "verify-title"),
                    t(mode, "verify-sent", BODY)
                ]
                .spacing(20)
                .align_x(Center);
                if *resent {
                    col = col.push(widgets::note(mode, "verify-resent"));
                }
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(mode, problem));
                }
                // In the demo the mail is on this computer: opening it is the next step.
                let buttons = if ctx.demo {
                    row![
                        widgets::primary(mode, "ui-mailbox-open", Some(Message::OpenMailbox)),
                        widgets::secondary(mode, "verify-done", Some(Message::Back)),
                    ]
                } else {
                    row![widgets::primary(mode, "verify-done", Some(Message::Back))]
                };
                col.push(buttons.spacing(20).push(widgets::secondary(
                    mode,
                    "verify-resend",
                    (!busy).then_some(Message::Resend),
                )))
                .into()
            }
            Stage::PasswordReset {
                busy,
                sent,
                problem,
            } => {
                let mut col = column![
                    widgets::title(mode, "reset-title"),
                    t(mode, "reset-intro", BODY)
                ]
                .spacing(20)
                .align_x(Center);
                if *sent {
                    col = col.push(widgets::note(mode, "reset-sent"));
                } else {
                    col = col.push(self.field(
                        mode,
                        "apply-email",
                        &self.email,
                        false,
                        Message::Email,
                    ));
                }
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(mode, problem));
                }
                let mut buttons = row![].spacing(20);
                if *sent && ctx.demo {
                    buttons = buttons.push(widgets::primary(
                        mode,
                        "ui-mailbox-open",
                        Some(Message::OpenMailbox),
                    ));
                }
                if !sent {
                    buttons = buttons.push(widgets::primary(
                        mode,
                        "reset-submit",
                        (!busy).then_some(Message::SubmitReset),
                    ));
                }
                col.push(buttons.push(back)).into()
            }
            _ => column![].into(),
        }
    }

    fn field<'a>(
        &self,
        mode: crate::i18n::DisplayMode,
        id: &str,
        value: &Secret,
        secure: bool,
        on_input: fn(String) -> Message,
    ) -> Element<'a, Message> {
        let label = mode
            .languages()
            .iter()
            .map(|l| widgets::tr(*l, id))
            .collect::<Vec<_>>()
            .join(" / ");
        text_input(&label, value.expose())
            .secure(secure)
            .size(28)
            .padding(14)
            .width(Length::Fixed(560.0))
            .on_input(on_input)
            .into()
    }
}
