//! The account steps of the official site: first-time application (首次登入請先申請), e-mail
//! verification with resend (重寄認證信) and the code from the verification mail, and forgotten
//! password (忘記註冊密碼) with the reset mail's code and a new registration password.

use iced::widget::{column, row, text_input};
use iced::{Center, Element, Length};

use super::{Action, Ctx};
use crate::flow::{Event, Secret, Stage, State};
use crate::ui::widgets::{self, BODY, t};

/// The field for the verification mail's code (its widget id).
pub const VERIFICATION_CODE: &str = "verify-code";
/// The fields for the reset mail's code and the new password.
pub const RESET_CODE: &str = "reset-code";
pub const NEW_PASSWORD: &str = "reset-new-password";

#[derive(Debug, Clone)]
pub enum Message {
    Password(String),
    PasswordAgain(String),
    Email(String),
    SubmitApplication,
    SubmitReset,
    Resend,
    /// The verification code (驗證碼) being typed or pasted from the mail.
    VerificationCode(String),
    SubmitVerification,
    /// The reset code (重設碼) from the reset mail.
    ResetCode(String),
    NewPassword(String),
    SubmitNewPassword,
    /// Demo only: show the mails the practice service "sent".
    OpenMailbox,
    Back,
}

/// What was typed. Zeroized when replaced or dropped with the screen (any move to another
/// screen, the card leaving included).
#[derive(Default)]
pub struct Account {
    password: Secret,
    password_again: Secret,
    email: Secret,
    mismatch: bool,
    /// The code from the verification or the reset mail.
    code: Secret,
    new_password: Secret,
}

/// A code as pasted from a mail: without the spaces and line breaks around it.
fn trimmed(code: &Secret) -> Secret {
    Secret::new(code.expose().trim())
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
            Message::VerificationCode(v) | Message::ResetCode(v) => self.code = Secret::new(v),
            Message::NewPassword(v) => self.new_password = Secret::new(v),
            // The code stays in its field, so a mistyped one can be corrected.
            Message::SubmitVerification => {
                let token = trimmed(&self.code);
                if !token.is_empty() {
                    return Some(Event::SubmitVerificationToken(token).into());
                }
            }
            Message::SubmitNewPassword => {
                let token = trimmed(&self.code);
                if !token.is_empty() && !self.new_password.is_empty() {
                    return Some(
                        Event::SubmitResetToken {
                            token,
                            new_password: std::mem::take(&mut self.new_password),
                        }
                        .into(),
                    );
                }
            }
            Message::OpenMailbox => return Some(Action::OpenMailbox),
            Message::Back => return Some(Event::Back.into()),
        }
        None
    }

    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let State::Card { stage, .. } = ctx.state else {
            return column![].into();
        };
        let back = widgets::secondary(look, "ui-back", Some(Message::Back));
        match stage {
            Stage::FirstTimeApplication { busy, problem } => {
                let mut col = column![
                    widgets::title(look, "apply-title"),
                    t(look, "apply-intro", BODY),
                    self.field(
                        look,
                        "apply-password",
                        &self.password,
                        true,
                        Message::Password,
                        None
                    ),
                    self.field(
                        look,
                        "apply-password-again",
                        &self.password_again,
                        true,
                        Message::PasswordAgain,
                        None
                    ),
                    self.field(
                        look,
                        "apply-email",
                        &self.email,
                        false,
                        Message::Email,
                        None
                    ),
                ]
                .spacing(look.pad(18.0))
                .align_x(Center);
                if self.mismatch {
                    col = col.push(t(look, "apply-mismatch", BODY));
                }
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(look, problem));
                }
                col.push(
                    row![
                        widgets::primary(
                            look,
                            "apply-submit",
                            (!busy).then_some(Message::SubmitApplication)
                        ),
                        back
                    ]
                    .spacing(look.pad(20.0))
                    .wrap()
                    .align_x(Center),
                )
                .into()
            }
            Stage::EmailVerification {
                busy,
                resent,
                problem,
            } => {
                let verify =
                    (!busy && !self.code.is_empty()).then_some(Message::SubmitVerification);
                let mut col = column![
                    widgets::title(look, "verify-title"),
                    t(look, "verify-sent", BODY)
                ]
                .spacing(look.pad(20.0))
                .align_x(Center);
                if *resent {
                    col = col.push(widgets::note(look, "verify-resent"));
                }
                let field = self.field(
                    look,
                    VERIFICATION_CODE,
                    &self.code,
                    false,
                    Message::VerificationCode,
                    // Enter submits; an empty field is ignored in `update`.
                    (!busy).then_some(Message::SubmitVerification),
                );
                let submit = if *busy {
                    widgets::primary(look, "verify-submit", None)
                } else {
                    widgets::primary_or_why(look, "verify-submit", verify, "a11y-why-verify")
                };
                col = col.push(if look.large() {
                    Element::from(
                        column![field, submit]
                            .spacing(look.pad(16.0))
                            .align_x(Center),
                    )
                } else {
                    row![field, submit].spacing(20).align_y(Center).into()
                });
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(look, problem));
                }
                // In the demo the mail is on this computer: the mailbox shows the code.
                let mut buttons = row![].spacing(look.pad(20.0));
                if ctx.demo {
                    buttons = buttons.push(widgets::secondary(
                        look,
                        "ui-mailbox-open",
                        Some(Message::OpenMailbox),
                    ));
                }
                col.push(
                    buttons
                        .push(widgets::secondary(
                            look,
                            "verify-resend",
                            (!busy).then_some(Message::Resend),
                        ))
                        .push(widgets::secondary(look, "verify-done", Some(Message::Back)))
                        .wrap()
                        .align_x(Center),
                )
                .into()
            }
            Stage::PasswordReset {
                busy,
                sent,
                problem,
            } => {
                let mut col = column![widgets::title(look, "reset-title")]
                    .spacing(look.pad(20.0))
                    .align_x(Center);
                // Once sent, the note says what to do next instead.
                if !sent {
                    col = col.push(t(look, "reset-intro", BODY));
                }
                let set =
                    (*sent && !busy && !self.code.is_empty() && !self.new_password.is_empty())
                        .then_some(Message::SubmitNewPassword);
                if *sent {
                    col = col
                        .push(widgets::note(look, "reset-sent"))
                        .push(self.field(
                            look,
                            RESET_CODE,
                            &self.code,
                            false,
                            Message::ResetCode,
                            (!busy).then_some(Message::SubmitNewPassword),
                        ))
                        .push(self.field(
                            look,
                            NEW_PASSWORD,
                            &self.new_password,
                            true,
                            Message::NewPassword,
                            (!busy).then_some(Message::SubmitNewPassword),
                        ));
                } else {
                    col = col.push(self.field(
                        look,
                        "apply-email",
                        &self.email,
                        false,
                        Message::Email,
                        None,
                    ));
                }
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(look, problem));
                }
                let mut buttons = row![].spacing(look.pad(20.0));
                if *sent && *busy {
                    buttons = buttons.push(widgets::primary(look, "reset-set-password", None));
                } else if *sent {
                    buttons = buttons.push(widgets::primary_or_why(
                        look,
                        "reset-set-password",
                        set,
                        "a11y-why-set-password",
                    ));
                }
                if *sent && ctx.demo {
                    buttons = buttons.push(widgets::secondary(
                        look,
                        "ui-mailbox-open",
                        Some(Message::OpenMailbox),
                    ));
                }
                if !sent {
                    buttons = buttons.push(widgets::primary(
                        look,
                        "reset-submit",
                        (!busy).then_some(Message::SubmitReset),
                    ));
                }
                col.push(buttons.push(back).wrap().align_x(Center)).into()
            }
            _ => column![].into(),
        }
    }

    fn field<'a>(
        &self,
        look: crate::ui::look::Look,
        // The label's message id, also the field's widget id.
        id: &'static str,
        value: &Secret,
        secure: bool,
        on_input: fn(String) -> Message,
        on_submit: Option<Message>,
    ) -> Element<'a, Message> {
        let label = look
            .languages()
            .iter()
            .map(|l| widgets::tr(*l, id))
            .collect::<Vec<_>>()
            .join(" / ");
        // Both languages in one label: smaller and wider, so the whole label shows.
        let (size, width) = if look.languages().len() > 1 {
            (22.0, 880.0)
        } else {
            (28.0, 640.0)
        };
        text_input(&label, value.expose())
            .id(id)
            .secure(secure)
            .size(look.px(size))
            .padding(look.pad(14.0))
            .style(widgets::field_style(look))
            .width(Length::Fixed(look.px(width).min(1000.0)))
            .on_input(on_input)
            .on_submit_maybe(on_submit)
            .into()
    }
}
