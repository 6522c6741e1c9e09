//! Demo only: the reference service's outbox, so the person can open the verification or
//! reset mail that "was sent" (none leaves the computer) and follow its link.

use iced::widget::{column, container, text};
use iced::{Border, Center, Color, Element, Length, Theme};

use crate::i18n::DisplayMode;
use crate::problem::Problem;
use crate::service::protocol::{MailKind, OutboxMessage};
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    /// Follow the verification link of the mail carrying this token.
    Follow(String),
    Close,
}

/// What the mailbox shows: the mails once loaded, and the result of following a link.
#[derive(Debug, Default)]
pub struct Mailbox {
    pub mails: Option<Result<Vec<OutboxMessage>, Problem>>,
    pub followed: Option<Result<(), Problem>>,
}

pub fn view(mode: DisplayMode, mailbox: &Mailbox) -> Element<'_, Message> {
    let mut col = column![widgets::title(mode, "mailbox-title")]
        .spacing(20)
        .align_x(Center);
    match &mailbox.followed {
        Some(Ok(())) => col = col.push(widgets::note(mode, "mailbox-followed")),
        Some(Err(problem)) => col = col.push(widgets::problem_box(mode, problem)),
        None => {}
    }
    match &mailbox.mails {
        None => col = col.push(t(mode, "mailbox-loading", BODY)),
        Some(Err(problem)) => col = col.push(widgets::problem_box(mode, problem)),
        Some(Ok(mails)) if mails.is_empty() => col = col.push(t(mode, "mailbox-empty", BODY)),
        // Newest first: the mail just sent is the one wanted.
        Some(Ok(mails)) => {
            for mail in mails.iter().rev() {
                col = col.push(mail_card(mode, mail, mailbox.followed.is_none()));
            }
        }
    }
    col.push(widgets::primary(
        mode,
        "mailbox-close",
        Some(Message::Close),
    ))
    .into()
}

fn mail_card(mode: DisplayMode, mail: &OutboxMessage, can_follow: bool) -> Element<'_, Message> {
    let mut col = column![
        text(&mail.subject).font(widgets::BOLD).size(BODY),
        text(format!("→ {}", mail.to)).size(BODY * 0.8),
        text(&mail.body).size(BODY * 0.8),
    ]
    .spacing(8);
    if mail.kind == MailKind::Verification && can_follow {
        col = col.push(widgets::secondary(
            mode,
            "mailbox-follow",
            Some(Message::Follow(mail.token.clone())),
        ));
    }
    container(col)
        .padding(16)
        .width(Length::Fill)
        .style(|_theme: &Theme| container::Style {
            background: Some(Color::WHITE.into()),
            border: Border {
                color: Color::from_rgb(0.7, 0.7, 0.7),
                width: 1.0,
                radius: 8.0.into(),
            },
            ..container::Style::default()
        })
        .into()
}
