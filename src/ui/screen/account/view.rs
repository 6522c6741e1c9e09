//! The account screens' views: labelled fields with their error lines, then what was sent
//! where, then the buttons (the main step first).

use iced::widget::{Row, column};
use iced::{Center, Element};

use super::{
    APPLY_EMAIL, APPLY_PASSWORD, APPLY_PASSWORD_AGAIN, Account, Message, NEW_PASSWORD, RESET_CODE,
    VERIFICATION_CODE,
};
use crate::flow::{Secret, Stage, State};
use crate::ui::form::{self, Field};
use crate::ui::look::Look;
use crate::ui::screen::Ctx;
use crate::ui::widgets::{self, BODY, t};

/// A calm note naming where a mail went (`id` takes `$email`).
fn sent_note<'a>(look: Look, id: &str, to: &Secret) -> Element<'a, Message> {
    widgets::note_with(look, id, &[("email", to.expose().to_owned().into())])
}

/// The buttons under a form, wrapping when the text is large.
fn buttons<'a>(look: Look, items: Vec<Element<'a, Message>>) -> Element<'a, Message> {
    Row::with_children(items)
        .spacing(look.pad(20.0))
        .wrap()
        .align_x(Center)
        .into()
}

impl Account {
    pub fn view<'a>(&self, ctx: Ctx<'a>) -> Element<'a, Message> {
        let look = ctx.look;
        let State::Card { stage, .. } = ctx.state else {
            return column![].into();
        };
        let shown = self.shown();
        let back = widgets::secondary(look, "ui-back", Some(Message::Back));
        let mailbox = || {
            ctx.demo
                .then(|| widgets::secondary(look, "ui-mailbox-open", Some(Message::OpenMailbox)))
        };
        match stage {
            Stage::FirstTimeApplication { busy, problem } => {
                let submit = (!busy).then_some(Message::SubmitApplication);
                let mut col = column![
                    widgets::title(look, "apply-title"),
                    t(look, "apply-intro", BODY),
                    form::field(
                        look,
                        Field {
                            id: APPLY_PASSWORD,
                            value: self.password.expose(),
                            secure: true,
                            on_input: Message::Password,
                            on_submit: submit.clone(),
                            error: shown.password,
                        }
                    ),
                    form::field(
                        look,
                        Field {
                            id: APPLY_PASSWORD_AGAIN,
                            value: self.password_again.expose(),
                            secure: true,
                            on_input: Message::PasswordAgain,
                            on_submit: submit.clone(),
                            error: shown.password_again,
                        }
                    ),
                    form::caps_lock(look, ctx.caps_lock),
                    form::field(
                        look,
                        Field {
                            id: APPLY_EMAIL,
                            value: self.email.expose(),
                            secure: false,
                            on_input: Message::Email,
                            on_submit: submit.clone(),
                            error: shown.email,
                        }
                    ),
                ]
                .spacing(look.pad(14.0))
                .align_x(Center);
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(look, problem));
                }
                col.push(buttons(
                    look,
                    vec![widgets::primary(look, "apply-submit", submit), back],
                ))
                .into()
            }
            Stage::EmailVerification {
                busy,
                resent,
                problem,
                sent_to,
            } => {
                let submit = (!busy).then_some(Message::SubmitVerification);
                let sent = match (sent_to, resent) {
                    (Some(to), true) => sent_note(look, "verify-resent-to", to),
                    (Some(to), false) => sent_note(look, "verify-sent-to", to),
                    (None, _) => widgets::note(look, "verify-sent-unknown"),
                };
                let mut col = column![
                    widgets::title(look, "verify-title"),
                    sent,
                    t(look, "verify-sent", BODY),
                    form::field(
                        look,
                        Field {
                            id: VERIFICATION_CODE,
                            value: self.code.expose(),
                            secure: false,
                            on_input: Message::VerificationCode,
                            on_submit: submit.clone(),
                            error: shown.code,
                        }
                    ),
                ]
                .spacing(look.pad(16.0))
                .align_x(Center);
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(look, problem));
                }
                let mut items = vec![widgets::primary(look, "verify-submit", submit)];
                items.extend(mailbox());
                items.push(widgets::secondary(
                    look,
                    "verify-resend",
                    (!busy).then_some(Message::Resend),
                ));
                items.push(widgets::secondary(look, "verify-done", Some(Message::Back)));
                col.push(buttons(look, items)).into()
            }
            Stage::PasswordReset {
                busy,
                sent_to: None,
                problem,
            } => {
                let mut col = column![
                    widgets::title(look, "reset-title"),
                    t(look, "reset-intro", BODY)
                ]
                .spacing(look.pad(20.0))
                .align_x(Center);
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(look, problem));
                }
                col.push(buttons(
                    look,
                    vec![
                        widgets::primary(
                            look,
                            "reset-submit",
                            (!busy).then_some(Message::SubmitReset),
                        ),
                        back,
                    ],
                ))
                .into()
            }
            Stage::PasswordReset {
                busy,
                sent_to: Some(to),
                problem,
            } => {
                let submit = (!busy).then_some(Message::SubmitNewPassword);
                let mut col = column![
                    widgets::title(look, "reset-title"),
                    sent_note(look, "reset-sent-to", to),
                    form::field(
                        look,
                        Field {
                            id: RESET_CODE,
                            value: self.code.expose(),
                            secure: false,
                            on_input: Message::ResetCode,
                            on_submit: submit.clone(),
                            error: shown.code,
                        }
                    ),
                    form::field(
                        look,
                        Field {
                            id: NEW_PASSWORD,
                            value: self.new_password.expose(),
                            secure: true,
                            on_input: Message::NewPassword,
                            on_submit: submit.clone(),
                            error: shown.new_password,
                        }
                    ),
                    form::caps_lock(look, ctx.caps_lock),
                ]
                .spacing(look.pad(14.0))
                .align_x(Center);
                if let Some(problem) = problem {
                    col = col.push(widgets::problem_box(look, problem));
                }
                let mut items = vec![widgets::primary(look, "reset-set-password", submit)];
                items.extend(mailbox());
                items.push(widgets::secondary(
                    look,
                    "reset-send-again",
                    (!busy).then_some(Message::SubmitReset),
                ));
                items.push(back);
                col.push(buttons(look, items)).into()
            }
            _ => column![].into(),
        }
    }
}
