//! What the app listens to: keys (and, in a kiosk, every click and touch), the one-second
//! tick while a countdown or a kiosk's session needs it, the window, the readers (PC/SC or
//! the demo's), and the system's light or dark setting.

use std::time::Duration;

use iced::{Subscription, event, keyboard, time, window};

use super::{App, Message, keys};
use crate::backend::readers::Watched;
use crate::backend::token_watch::WatchedTokens;
use crate::flow::{Kind, State};
use crate::ui::window_place;

impl App {
    pub fn subscription(&self) -> Subscription<Message> {
        // A kiosk also hears every click and touch (activity); a personal PC only its keys.
        let keys = if self.kiosk.is_some() {
            event::listen_with(|event, status, window| {
                keys::from_event(&event, status, window).or(match event {
                    iced::Event::Keyboard(keyboard::Event::KeyPressed { .. })
                    | iced::Event::Mouse(iced::mouse::Event::ButtonPressed(_))
                    | iced::Event::Mouse(iced::mouse::Event::WheelScrolled { .. })
                    | iced::Event::Touch(iced::touch::Event::FingerPressed { .. }) => {
                        Some(Message::Activity)
                    }
                    _ => None,
                })
            })
        } else {
            event::listen_with(|event, status, window| keys::from_event(&event, status, window))
        };
        // One tick a second, only while a countdown is on screen or, in a kiosk, while there is
        // something to protect: idle CPU stays near zero while waiting for a card.
        let tick = if self.flow.kind() == Kind::DeviceCodeShown
            || (self.kiosk.is_some() && self.guarding())
        {
            time::every(Duration::from_secs(1)).map(Message::Tick)
        } else {
            Subscription::none()
        };
        let close = if self.kiosk.is_some() {
            Subscription::batch([
                window::close_requests().map(Message::CloseRequested),
                window::open_events().map(Message::WindowOpened),
                // Its size decides the compact layout (a kiosk on a small monitor).
                window::resize_events()
                    .map(|(_, size)| Message::Window(window_place::Message::Resized(size))),
            ])
        } else {
            window_place::subscription().map(Message::Window)
        };
        // The real readers, unless the demo's reader stands in for them.
        let watched = match &self.demo {
            Some(demo) => demo.watched(),
            None => Watched::Pcsc,
        };
        let readers =
            Subscription::run_with(watched, crate::ui::hardware::signals).map(Message::Reader);
        let tokens = if self.demo.is_none() && self.tokens.is_module() && self.may_take_a_token() {
            Subscription::run_with(
                WatchedTokens(self.tokens.clone()),
                crate::ui::hardware::token_signals,
            )
            .map(Message::Token)
        } else {
            Subscription::none()
        };
        let system_theme = iced::system::theme_changes().map(Message::SystemTheme);
        Subscription::batch([keys, tick, close, readers, tokens, system_theme])
    }

    /// Whether the token watcher runs: while the flow could take a certificate, or holds
    /// one (to see it leave). Never while an NHI card is read or signs in: a vendor module
    /// looking for its cards could talk to that card mid-proof.
    fn may_take_a_token(&self) -> bool {
        match self.flow.state() {
            State::Card { session, .. } => session.certificate().is_some(),
            State::Reading { .. } => false,
            _ => true,
        }
    }
}
