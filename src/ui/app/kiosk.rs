//! Kiosk: the idle policy (warn, then reset for the next person), the card left in at a
//! reset, the administrator chord and PIN, and the window that covers its monitor.

use std::time::Instant;

use iced::widget::operation;
use iced::{Task, window};

use super::{App, Message};
use crate::flow::{Event, Kind, ReaderSignal, Secret, State};
use crate::kiosk::{Attempt, Verdict};
use crate::ui::overlay::Overlay;
use crate::ui::screen::{admin, settings};

impl App {
    /// The time now: the latest the app has seen (ticks in tests carry simulated time).
    pub(super) fn clock(&mut self) -> Instant {
        self.now = self.now.max(Instant::now());
        self.now
    }

    /// Kiosk: the person is still there.
    pub(super) fn activity(&mut self) {
        let now = self.clock();
        if let Some(k) = &mut self.kiosk {
            k.policy.activity(now);
        }
    }

    /// Kiosk: something to protect is on show (a card's session, or the administration).
    pub(super) fn guarding(&self) -> bool {
        matches!(self.flow.state(), State::Card { .. }) || self.overlay.is_admin()
    }

    /// Kiosk: warn, or reset, as the policy says.
    pub(super) fn kiosk_check(&mut self) -> Task<Message> {
        if self.kiosk.is_none() {
            return Task::none();
        }
        let guarding = self.guarding();
        let result = matches!(self.flow.kind(), Kind::Verified | Kind::Expired);
        let now = self.clock();
        let Some(k) = &mut self.kiosk else {
            return Task::none();
        };
        match k.policy.check(now, guarding, result) {
            Verdict::Quiet => k.warning = None,
            Verdict::Warn(seconds) => k.warning = Some(seconds),
            Verdict::Reset => return self.kiosk_reset(now),
        }
        Task::none()
    }

    /// Kiosk: start over for the next person. The flow signs out and drops the session; the
    /// screens, the typed text, the administration and the visitor's language go with it.
    pub(super) fn kiosk_reset(&mut self, now: Instant) -> Task<Message> {
        let left_in = self.flow.state().reader().map(str::to_owned);
        // Every overlay closes, the administration with it (it locks).
        self.close_overlay();
        let task = self.dispatch_at(Event::Reset, now);
        if let Some(k) = &mut self.kiosk {
            k.warning = None;
            k.card_left_in = left_in;
            k.policy.restart(now);
            self.look = k.home;
        }
        // Nothing personal here: only that it happened.
        tracing::info!("kiosk: the screen was reset for the next person");
        task
    }

    /// Kiosk: the card left in at the last reset was taken out (or things moved on).
    pub(super) fn card_left_in_seen(&mut self, signal: &ReaderSignal) {
        let Some(k) = &mut self.kiosk else { return };
        let Some(left) = &k.card_left_in else { return };
        let gone = match signal {
            ReaderSignal::CardRemoved { reader } | ReaderSignal::ReaderRemoved { reader } => {
                reader == left
            }
            ReaderSignal::CardInserted { .. }
            | ReaderSignal::CardSwapped { .. }
            | ReaderSignal::ServiceDown => true,
            ReaderSignal::ReaderAdded { .. } | ReaderSignal::ServiceUp => false,
        };
        if gone {
            k.card_left_in = None;
        }
    }

    /// Kiosk: the certificate left in after a reset was taken out.
    pub(super) fn card_left_in_cleared(&mut self) {
        if let Some(k) = &mut self.kiosk {
            k.card_left_in = None;
        }
    }

    /// Kiosk: the administrator chord opens the PIN prompt (nothing happens elsewhere).
    pub(super) fn open_admin(&mut self) -> Task<Message> {
        if self.kiosk.is_none() {
            return Task::none();
        }
        // Over whatever else is open (it gives way); the administration stays as it is.
        if !self.overlay.is_admin() {
            self.open(Overlay::AdminPrompt(admin::Prompt::default()));
        }
        operation::focus(admin::PIN)
    }

    pub(super) fn admin(&mut self, message: admin::Message) -> Task<Message> {
        let event = match &mut self.overlay {
            Overlay::AdminPrompt(p) => p.update(message),
            Overlay::Admin(_) => admin::unlocked(message),
            _ => None,
        };
        match event {
            Some(admin::Event::Submit(pin)) => self.try_pin(pin),
            // Back from the prompt, or locked again: the kiosk as the visitor sees it.
            Some(admin::Event::Cancel | admin::Event::Lock) => {
                self.close_overlay();
                Task::none()
            }
            Some(admin::Event::Exit) => iced::exit(),
            None => Task::none(),
        }
    }

    /// The PIN given at the prompt: the settings open if it is right; the prompt says why
    /// not otherwise.
    fn try_pin(&mut self, pin: Secret) -> Task<Message> {
        let now = self.clock();
        let Some(k) = &mut self.kiosk else {
            return Task::none();
        };
        // Argon2 takes tens of milliseconds: acceptable once per submit, and it keeps the
        // outcome in step with the screen.
        let hash = k.policy.config.admin_pin_hash.as_deref();
        match k.policy.gate.attempt(hash, pin.expose(), now) {
            Attempt::Accepted => {
                tracing::info!("kiosk: administrator unlocked");
                let settings = settings::Settings::new(&self.service_url);
                self.open(Overlay::Admin(settings));
                Task::none()
            }
            outcome => {
                tracing::info!("kiosk: administrator PIN refused");
                if let Overlay::AdminPrompt(p) = &mut self.overlay {
                    p.outcome = Some(outcome);
                }
                operation::focus(admin::PIN)
            }
        }
    }

    /// The window's close button or Alt+F4: a kiosk closes only when unlocked.
    pub(super) fn close_requested(&mut self) -> Task<Message> {
        if self.kiosk.is_some() && matches!(self.overlay, Overlay::Admin(_)) {
            return iced::exit();
        }
        tracing::info!("kiosk: window close refused (not unlocked by the administrator)");
        Task::none()
    }
}

/// A kiosk's window covers its whole monitor. `fullscreen` asks the window manager for that;
/// a kiosk session without one (X started with just this app) ignores the request, so the
/// window is also moved to the corner and sized to the monitor.
pub(super) fn fill_monitor(id: window::Id) -> Task<Message> {
    window::monitor_size(id).and_then(move |size| {
        Task::batch([
            window::move_to(id, iced::Point::ORIGIN),
            window::resize(id, size),
        ])
    })
}
