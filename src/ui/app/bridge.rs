//! The flow→Task bridge: a flow event in, the screen for the new state and the effects out
//! as `Task`s through the backend (a request in flight is aborted when its ticket is
//! cancelled), plus what a screen asked for ([`screen::Event`]) carried out.

use std::time::Instant;

use iced::Task;
use iced::widget::operation;

use super::{App, Message};
use crate::flow::{Effect, Event, Kind, Note, ReaderSignal, Stage, State, TokenSignal};
use crate::ui::screen;
use crate::ui::screen::{Screen, Which, account, card_ready, certificate, device_code, waiting};

impl App {
    /// Save the QR picture off the UI thread; the screen shows where it went.
    pub(super) fn save_qr(saved: crate::ui::qr::Saved) -> Task<Message> {
        Task::future(async move {
            tokio::task::spawn_blocking(move || {
                let dir = crate::ui::qr::save_dir().ok_or("no home folder")?;
                crate::ui::qr::save_png(&saved, &dir, chrono::Local::now().naive_local())
                    .map(|p| p.display().to_string())
            })
            .await
            .unwrap_or_else(|e| Err(e.to_string()))
        })
        .map(|r| Message::DeviceCode(device_code::Message::Saved(r)))
    }

    /// Carry out what a screen asked for.
    pub(super) fn act(&mut self, action: Option<screen::Event>) -> Task<Message> {
        match action {
            // A kiosk never lets a code leave the screen (the buttons are not shown either).
            Some(
                screen::Event::Copy(_) | screen::Event::SaveQr(_) | screen::Event::CopyText(_),
            ) if self.kiosk.is_some() => Task::none(),
            Some(screen::Event::Flow(event)) => self.dispatch(event),
            Some(screen::Event::Copy(code) | screen::Event::CopyText(code)) => {
                iced::clipboard::write(code)
            }
            Some(screen::Event::TryDemo) => self.start_demo(),
            Some(screen::Event::OpenMailbox) => self.open_mailbox(),
            Some(screen::Event::SaveQr(saved)) => App::save_qr(saved),
            Some(screen::Event::OpenDiagnostics) => self.run_diagnostics(),
            None => Task::none(),
        }
    }

    pub(super) fn dispatch(&mut self, event: Event) -> Task<Message> {
        let now = Instant::now().max(self.now);
        self.dispatch_at(event, now)
    }

    pub(super) fn dispatch_at(&mut self, event: Event, now: Instant) -> Task<Message> {
        self.now = now;
        let before = self.flow.kind();
        let farewell = match self.flow.state() {
            State::Card { session, stage } => Some(
                match (session.certificate().is_some(), stage.is_signed_in()) {
                    (false, true) => waiting::Farewell::SignedOut,
                    (false, false) => waiting::Farewell::Cleared,
                    (true, true) => waiting::Farewell::CertificateSignedOut,
                    (true, false) => waiting::Farewell::CertificateCleared,
                },
            ),
            _ => None,
        };
        let sending_reset_mail = matches!(
            self.flow.state(),
            State::Card {
                stage: Stage::PasswordReset { busy: true, .. },
                ..
            }
        );
        let effects = self.flow.handle(event, now);
        self.demo_progress(before);
        let focus = if sending_reset_mail && self.reset_mail_just_sent() {
            // The reset mail went out: its code is what the screen waits for now.
            let _ = self.sync_screen(before);
            operation::focus(account::RESET_CODE)
        } else {
            self.sync_screen(before)
        };
        // The card left (or a kiosk reset): the waiting screen says what became of the session.
        if let (Some(farewell), Screen::Waiting(w)) = (farewell, &mut self.screen)
            && !self.flow.state().holds_personal_data()
        {
            w.farewell = Some(farewell);
        }
        Task::batch([focus, self.execute(effects)])
    }

    /// Demo: a password the person chose (an application sent, a reset done) replaces the
    /// practice password in the card-ready hint.
    pub(super) fn demo_progress(&mut self, before: Kind) {
        let Some(demo) = &mut self.demo else { return };
        let chosen = match self.flow.state() {
            State::Card {
                stage:
                    Stage::CardReady {
                        note: Some(Note::PasswordChanged),
                        ..
                    },
                ..
            } => before == Kind::PasswordReset,
            State::Card {
                stage: Stage::EmailVerification { .. },
                ..
            } => before == Kind::FirstTimeApplication,
            _ => false,
        };
        if chosen {
            demo.password_chosen();
        }
    }

    /// Show the screen for the flow's state. A new screen starts empty, so whatever was typed
    /// on the old one (a password) is dropped with it.
    pub(super) fn sync_screen(&mut self, before: Kind) -> Task<Message> {
        let kind = self.flow.kind();
        let new_code = kind == Kind::DeviceCodeShown && before != Kind::DeviceCodeShown;
        let changed = screen::which(kind) != self.screen.which() || new_code;
        if changed {
            self.screen = Screen::for_state(self.flow.state());
            self.new_page();
        }
        if before == Kind::SigningIn
            && kind == Kind::CardReady
            && let Screen::CardReady(s) = &mut self.screen
        {
            s.sign_in_answered(self.flow.state());
        }
        if screen::which(kind) == Which::CardReady && kind != before && kind == Kind::CardReady {
            return operation::focus(card_ready::PASSWORD);
        }
        if before == Kind::CertificateSigningIn
            && kind == Kind::CertificateReady
            && let Screen::Certificate(s) = &mut self.screen
        {
            s.sign_in_answered(self.flow.state());
        }
        // The ID number first; once typed (a wrong PIN), straight to the PIN.
        if kind == Kind::CertificateReady
            && kind != before
            && let Screen::Certificate(s) = &self.screen
        {
            let field = if s.has_id_number() {
                certificate::CERT_PIN
            } else {
                certificate::CERT_ID
            };
            return operation::focus(field);
        }
        // The mail's code is what the verification step waits for; a form starts at its
        // first field.
        if kind == Kind::EmailVerification && before != Kind::EmailVerification {
            return operation::focus(account::VERIFICATION_CODE);
        }
        if kind == Kind::FirstTimeApplication && before != Kind::FirstTimeApplication {
            return operation::focus(account::APPLY_PASSWORD);
        }

        // A new screen starts with no focus (Tab begins at the top), so a ring never lands on
        // whatever control of the new screen happens to sit where the pressed one was.
        if changed {
            return iced::advanced::widget::operate(
                iced::advanced::widget::operation::focusable::unfocus(),
            );
        }
        Task::none()
    }

    /// The reset screen, idle, with a mail sent and nothing wrong.
    pub(super) fn reset_mail_just_sent(&self) -> bool {
        matches!(
            self.flow.state(),
            State::Card {
                stage: Stage::PasswordReset {
                    busy: false,
                    sent_to: Some(_),
                    problem: None,
                },
                ..
            }
        )
    }

    pub(super) fn execute(&mut self, effects: Vec<Effect>) -> Task<Message> {
        let mut tasks = Vec::new();
        for effect in effects {
            if matches!(effect, Effect::SignOut { .. }) {
                self.sign_outs += 1;
            }
            if let Effect::Cancel(ticket) = effect {
                if self.in_flight.as_ref().is_some_and(|(t, _)| *t == ticket) {
                    // Dropping the handle aborts the task.
                    self.in_flight = None;
                }
                continue;
            }
            let ticket = effect.ticket();
            let future = self.backend.perform(effect);
            match ticket {
                Some(ticket) => {
                    let (task, handle) = Task::future(future)
                        .map(move |reply| match reply {
                            Some(reply) => Message::Replied(ticket, reply),
                            None => Message::Ignore,
                        })
                        .abortable();
                    self.in_flight = Some((ticket, handle.abort_on_drop()));
                    tasks.push(task);
                }
                // Fire and forget (sign-out): it must finish even as the screen changes.
                None => tasks.push(Task::future(future).map(|_| Message::Ignore)),
            }
        }
        Task::batch(tasks)
    }

    /// A reader's signal, for the flow unless it is about a reader not in use.
    pub(super) fn reader_signal(&mut self, signal: ReaderSignal) -> Task<Message> {
        if !self.wanted(&signal) {
            return Task::none();
        }
        if self.kiosk.is_some() {
            self.card_left_in_seen(&signal);
        }
        self.dispatch(Event::Reader(signal))
    }

    pub(super) fn token_signal(&mut self, signal: TokenSignal) -> Task<Message> {
        if self.kiosk.is_some() && matches!(signal, TokenSignal::Gone { .. }) {
            self.card_left_in_cleared();
        }
        self.dispatch(Event::Token(signal))
    }

    /// With a preferred reader attached, a card put into another reader is not read (the
    /// kiosk's second reader, say). Removals always pass, so nothing stale stays on screen.
    fn wanted(&self, signal: &ReaderSignal) -> bool {
        let ReaderSignal::CardInserted { reader, .. } = signal else {
            return true;
        };
        match &self.store.settings.reader {
            Some(chosen) if chosen != reader => !self.flow.readers().any(|r| r == chosen),
            _ => true,
        }
    }
}
