//! Demo only: the reference service's outbox, so the person can open the verification or
//! reset mail that "was sent" (none leaves the computer), follow the verification link, or
//! set a new password with the reset mail's token.

use iced::widget::{column, container, row, text, text_input};
use iced::{Center, Element, Length};

use crate::flow::Secret;
use crate::problem::Problem;
use crate::service::protocol::{MailKind, OutboxMessage};
use crate::ui::look::Look;
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    /// Follow the verification link of the mail carrying this token.
    Follow(String),
    NewPassword(String),
    /// Set the typed password with the reset mail carrying this token.
    Reset(String),
    Close,
}

/// What the mailbox shows: the mails once loaded, the new password being typed, and the
/// result of following a link (`done` names the message to show on success).
#[derive(Debug, Default)]
pub struct Mailbox {
    pub mails: Option<Result<Vec<OutboxMessage>, Problem>>,
    pub new_password: Secret,
    pub followed: Option<Result<&'static str, Problem>>,
}

pub fn view(look: Look, mailbox: &Mailbox) -> Element<'_, Message> {
    let mut col = column![widgets::title(look, "mailbox-title")]
        .spacing(look.pad(20.0))
        .align_x(Center);
    match &mailbox.followed {
        // Done: the next step is to leave, so the way out sits right under the news.
        Some(Ok(done)) => {
            return col
                .push(widgets::note(look, done))
                .push(widgets::primary(
                    look,
                    "mailbox-close",
                    Some(Message::Close),
                ))
                .into();
        }
        Some(Err(problem)) => col = col.push(widgets::problem_box(look, problem)),
        None => {}
    }
    match &mailbox.mails {
        None => col = col.push(t(look, "mailbox-loading", BODY)),
        Some(Err(problem)) => col = col.push(widgets::problem_box(look, problem)),
        Some(Ok(mails)) if mails.is_empty() => col = col.push(t(look, "mailbox-empty", BODY)),
        // Newest first: the mail just sent is the one wanted.
        Some(Ok(mails)) => {
            // Only the newest mail can be acted on: older links are usually superseded.
            for (i, mail) in mails.iter().rev().enumerate() {
                col = col.push(mail_card(look, mail, mailbox, i == 0));
            }
        }
    }
    col.push(widgets::primary(
        look,
        "mailbox-close",
        Some(Message::Close),
    ))
    .into()
}

fn mail_card<'a>(
    look: Look,
    mail: &'a OutboxMessage,
    mailbox: &'a Mailbox,
    newest: bool,
) -> Element<'a, Message> {
    let can_follow = newest && !matches!(mailbox.followed, Some(Ok(_)));
    let mut col = column![
        text(&mail.subject).font(widgets::BOLD).size(look.px(BODY)),
        text(format!("→ {}", mail.to)).size(look.px(BODY * 0.8)),
        text(&mail.body).size(look.px(BODY * 0.8)),
    ]
    .spacing(look.pad(8.0));
    if mail.kind == MailKind::Verification && can_follow {
        col = col.push(widgets::secondary(
            look,
            "mailbox-follow",
            Some(Message::Follow(mail.token.clone())),
        ));
    }
    if mail.kind == MailKind::PasswordReset && can_follow {
        let label = look
            .languages()
            .iter()
            .map(|l| widgets::tr(*l, "mailbox-new-password"))
            .collect::<Vec<_>>()
            .join(" / ");
        let typed = !mailbox.new_password.is_empty();
        col = col.push(
            row![
                text_input(&label, mailbox.new_password.expose())
                    .secure(true)
                    .size(look.px(BODY))
                    .padding(look.pad(10.0))
                    .style(widgets::field_style(look))
                    .width(Length::Fixed(look.px(420.0)))
                    .on_input(Message::NewPassword)
                    .on_submit_maybe(typed.then(|| Message::Reset(mail.token.clone()))),
                widgets::secondary(
                    look,
                    "mailbox-reset",
                    typed.then(|| Message::Reset(mail.token.clone())),
                ),
            ]
            .spacing(look.pad(12.0))
            .align_y(Center)
            .wrap(),
        );
    }
    container(col)
        .padding(look.pad(16.0))
        .width(Length::Fill)
        .style(widgets::boxed(look))
        .into()
}
