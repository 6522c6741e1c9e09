//! Demo only: the reference service's outbox, so the person can open the verification or
//! reset mail that "was sent" (none leaves the computer). Each mail shows its code large, to
//! read and type, with "Copy the code"; the newest mail of the kind the screen underneath is
//! waiting for also has "Use this code", which puts the code into that screen's field (and,
//! for the verification, submits it) and closes the mailbox, so the step ends on the screen
//! that follows it, with its note, as it would after typing the code by hand.

use iced::widget::{column, container, row, text};
use iced::{Center, Element, Length};

use crate::backend::{MailKind, OutboxMessage};
use crate::problem::Problem;
use crate::ui::look::Look;
use crate::ui::reserve::shown_or_reserved;
use crate::ui::widgets::{self, BODY, t};

#[derive(Debug, Clone)]
pub enum Message {
    /// The outbox as the practice service gave it (or why it could not).
    Loaded(Result<Vec<OutboxMessage>, Problem>),
    /// Put this mail's code on the clipboard.
    Copy(u64, String),
    /// Hand this code to the screen underneath.
    Use(MailKind, String),
    Close,
}

/// What the mailbox asks the root to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// Put this code on the clipboard.
    Copy(String),
    /// Put this code into the screen underneath, as if typed.
    Use(MailKind, String),
    Close,
}

/// What the mailbox shows: the mails once loaded, and which mail's code was copied last.
#[derive(Debug, Default)]
pub struct Mailbox {
    pub mails: Option<Result<Vec<OutboxMessage>, Problem>>,
    pub copied: Option<u64>,
}

impl Mailbox {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Loaded(mails) => {
                self.mails = Some(mails);
                None
            }
            Message::Copy(id, code) => {
                self.copied = Some(id);
                Some(Event::Copy(code))
            }
            Message::Use(kind, code) => Some(Event::Use(kind, code)),
            Message::Close => Some(Event::Close),
        }
    }
}

/// What the mailbox may offer besides reading.
#[derive(Debug, Clone, Copy, Default)]
pub struct Offer {
    /// The kind of code the screen underneath waits for, if any.
    pub usable: Option<MailKind>,
    /// Copying is offered (not at a kiosk: the clipboard outlives the visitor).
    pub copy: bool,
}

pub fn view(look: Look, mailbox: &Mailbox, offer: Offer) -> Element<'_, Message> {
    let mut col = column![widgets::title(look, "mailbox-title")]
        .spacing(look.pad(20.0))
        .align_x(Center);
    match &mailbox.mails {
        None => col = col.push(t(look, "mailbox-loading", BODY)),
        Some(Err(problem)) => col = col.push(widgets::problem_box(look, problem)),
        Some(Ok(mails)) if mails.is_empty() => col = col.push(t(look, "mailbox-empty", BODY)),
        // Newest first: the mail just sent is the one wanted (and the screen opens at the top).
        Some(Ok(mails)) => {
            // Only the newest mail of the wanted kind can be used: older codes are usually
            // superseded.
            let newest = offer
                .usable
                .and_then(|kind| mails.iter().rev().find(|m| m.kind == kind))
                .map(|m| m.id);
            for mail in mails.iter().rev() {
                col = col.push(mail_card(
                    look,
                    mail,
                    mailbox,
                    offer,
                    newest == Some(mail.id),
                ));
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
    offer: Offer,
    usable: bool,
) -> Element<'a, Message> {
    let code = column![
        t(look, "mailbox-code", BODY * 0.8),
        text(mail.token.clone())
            .font(widgets::BOLD)
            .size(look.px(BODY * 1.4)),
    ]
    .spacing(look.pad(4.0));
    let mut actions = row![].spacing(look.pad(12.0)).align_y(Center);
    if usable {
        actions = actions.push(widgets::primary(
            look,
            "mailbox-use",
            Some(Message::Use(mail.kind, mail.token.clone())),
        ));
    }
    if offer.copy {
        let copied = mailbox.copied == Some(mail.id);
        actions = actions
            .push(widgets::secondary(
                look,
                "mailbox-copy",
                Some(Message::Copy(mail.id, mail.token.clone())),
            ))
            .push(shown_or_reserved(
                copied,
                t(look, "mailbox-copied", BODY * 0.8),
            ));
    }
    let col = column![
        text(&mail.subject).font(widgets::BOLD).size(look.px(BODY)),
        text(format!("→ {}", mail.to)).size(look.px(BODY * 0.8)),
        text(&mail.body).size(look.px(BODY * 0.8)),
        code,
        actions.wrap(),
    ]
    .spacing(look.pad(8.0));
    container(col)
        .padding(look.pad(16.0))
        .width(Length::Fill)
        .style(widgets::boxed(look))
        .into()
}
