//! The demo: the practice cards put in and taken out, and the practice service's mailbox,
//! whose codes go into the screen underneath as if typed.

use std::sync::Arc;

use iced::Task;
use iced::widget::operation;

use super::{App, Message};
use crate::backend::{DEMO_TOKEN_SLOT, Demo, MailKind, PracticeCard};
use crate::flow::{Kind, Stage, State, TokenSignal};
use crate::ui::overlay::Overlay;
use crate::ui::screen;
use crate::ui::screen::{Screen, account, mailbox};

impl App {
    /// Switch to the demo: the demo card in an in-process reader (its monitor replaces the
    /// PC/SC one in [`App::subscription`]) and the embedded practice service.
    pub(super) fn start_demo(&mut self) -> Task<Message> {
        match Demo::start(self.demo_service_url.as_deref()) {
            Ok(demo) => {
                self.service_url = demo.service_url();
                self.backend = Arc::new(demo.backend.clone());
                self.demo = Some(demo);
            }
            Err(e) => {
                // Stay on the real readers; the waiting screen keeps offering the demo.
                tracing::error!(error = %e, "the demo could not start");
                eprintln!("The demo could not start: {e} / 無法啟動示範模式：{e}");
            }
        }
        Task::none()
    }

    /// Put a practice card in, or take it out (`None`); the demo reader's monitor tells the
    /// flow of an NHI card. The practice certificate is a token, not a card in that reader:
    /// the flow hears of it as it would from the token watcher.
    pub(super) fn demo_card(&mut self, card: Option<PracticeCard>) -> Task<Message> {
        let Some(demo) = &self.demo else {
            return Task::none();
        };
        let certificate_was_in = demo.card_in() == Some(PracticeCard::Certificate);
        match card {
            Some(card) => demo.insert(card),
            None => demo.remove(),
        }
        let slot = DEMO_TOKEN_SLOT;
        match (
            certificate_was_in,
            demo.card_in() == Some(PracticeCard::Certificate),
        ) {
            (false, true) => {
                Task::done(Message::Token(TokenSignal::Present { slot, reader: None }))
            }
            (true, false) => Task::done(Message::Token(TokenSignal::Gone { slot })),
            _ => Task::none(),
        }
    }

    pub(super) fn open_mailbox(&mut self) -> Task<Message> {
        let Some(backend) = self.demo.as_ref().map(|demo| demo.backend.clone()) else {
            return Task::none();
        };
        self.open(Overlay::Mailbox(mailbox::Mailbox::default()));
        Task::future(async move { backend.outbox().await })
            .map(|mails| Message::Mailbox(mailbox::Message::Loaded(mails)))
    }

    pub(super) fn mailbox_message(&mut self, message: mailbox::Message) -> Task<Message> {
        let Some(event) = self.overlay.mailbox_mut().and_then(|m| m.update(message)) else {
            return Task::none();
        };
        match event {
            mailbox::Event::Copy(code) => self.act(Some(screen::Event::CopyText(code))),
            mailbox::Event::Use(kind, code) => self.use_mail_code(kind, code),
            mailbox::Event::Close => {
                self.close_overlay();
                Task::none()
            }
        }
    }

    /// The demo mailbox's "Use this code": into the field of the screen underneath, as if
    /// typed, and the mailbox closes so the step ends on the screen that follows it.
    pub(super) fn use_mail_code(&mut self, kind: MailKind, code: String) -> Task<Message> {
        self.close_overlay();
        let Screen::Account(account) = &mut self.screen else {
            return Task::none();
        };
        match (kind, self.flow.kind()) {
            (MailKind::Verification, Kind::EmailVerification) => {
                account.update(account::Message::VerificationCode(code));
                let action = account.update(account::Message::SubmitVerification);
                self.act(action)
            }
            (MailKind::PasswordReset, Kind::PasswordReset) => {
                account.update(account::Message::ResetCode(code));
                // The new password is the person's to type, on the screen itself.
                operation::focus(account::NEW_PASSWORD)
            }
            _ => Task::none(),
        }
    }

    /// The kind of mail code the screen on show waits for (the mailbox offers to use it).
    pub(super) fn wanted_mail(&self) -> Option<MailKind> {
        match self.flow.state() {
            State::Card {
                stage: Stage::EmailVerification { busy: false, .. },
                ..
            } => Some(MailKind::Verification),
            State::Card {
                stage:
                    Stage::PasswordReset {
                        busy: false,
                        sent_to: Some(_),
                        ..
                    },
                ..
            } => Some(MailKind::PasswordReset),
            _ => None,
        }
    }
}
