//! The keyboard: the keys the app acts on itself (Esc closes the overlay on show, else goes
//! back; Enter is the screen's main step; Tab moves the focus), text size shortcuts, Caps
//! Lock as the typed letters show it, and the administrator chord.

use iced::keyboard::key::Named;
use iced::widget::operation;
use iced::{Task, event, keyboard, window};

use super::{App, Key, Message};
use crate::flow::{Event, Kind};
use crate::ui::screen::{Screen, card_ready, certificate};

impl App {
    /// A key the app acts on itself ([`App::key`]); in a kiosk, also a sign of life.
    pub(super) fn key_pressed(&mut self, key: Key) -> Task<Message> {
        // In a kiosk, Enter while the reset is announced means "keep going", not the
        // screen's main step (which could start something the person did not ask for).
        let warned = self.kiosk.as_ref().is_some_and(|k| k.warning.is_some());
        self.activity();
        if warned && key == Key::Enter {
            return Task::none();
        }
        self.key(key)
    }

    /// Caps Lock is on (or off), as the letters typed or the key itself show; a key press
    /// also says the person is there.
    pub(super) fn caps_lock_seen_as(&mut self, on: bool) -> Task<Message> {
        self.caps_lock = on;
        self.activity();
        Task::none()
    }

    pub(super) fn key(&mut self, key: Key) -> Task<Message> {
        match key {
            Key::Tab => operation::focus_next(),
            Key::ShiftTab => operation::focus_previous(),
            Key::Escape => {
                // The overlay on show, whichever it is (the view draws the same one).
                if self.overlay.is_open() {
                    self.close_overlay();
                    return Task::none();
                }
                match &mut self.screen {
                    Screen::CardReady(s) => {
                        s.update(card_ready::Message::Escape);
                    }
                    Screen::Certificate(s) => {
                        s.update(certificate::Message::Escape, self.flow.state());
                    }
                    _ => {}
                }
                self.dispatch(Event::Back)
            }
            // Enter outside a text field: the screen's main step, so the keyboard alone suffices.
            Key::Enter => {
                if self.overlay.is_open() {
                    return Task::none();
                }
                let event = match self.flow.kind() {
                    Kind::SignedIn | Kind::Expired | Kind::Verified => Event::GenerateCode,
                    Kind::ReadFailed | Kind::CertificateFailed | Kind::Failed => Event::Retry,
                    _ => return Task::none(),
                };
                self.dispatch(event)
            }
        }
    }

    /// The keys the app acts on itself, given whether a widget already handled the key (a
    /// focused button presses itself on Enter; Tab is `focus::scope`'s).
    pub fn shortcut(event: &keyboard::Event, status: event::Status) -> Option<Message> {
        let keyboard::Event::KeyPressed { key, modifiers, .. } = event else {
            return None;
        };
        // Ctrl (Cmd on macOS) + / − / 0: text size, from anywhere, even inside a field.
        if modifiers.command()
            && !modifiers.alt()
            && let keyboard::Key::Character(c) = key
        {
            match c.as_str() {
                "+" | "=" => return Some(Message::TextScaleStep(1)),
                "-" | "_" => return Some(Message::TextScaleStep(-1)),
                "0" => return Some(Message::TextScaleStep(0)),
                _ => {}
            }
        }
        match key {
            // Esc always goes back, even from inside the password field.
            keyboard::Key::Named(Named::Escape) => Some(Message::Key(Key::Escape)),
            // Enter that no field or focused button took: the screen's main step.
            keyboard::Key::Named(Named::Enter) if status == event::Status::Ignored => {
                Some(Message::Key(Key::Enter))
            }
            _ => None,
        }
    }

    /// Whether Caps Lock is on, as a typed letter shows it: a capital without Shift (or a
    /// small letter with it). The windowing library reports no lock state, so the letters
    /// are the evidence; other keys say nothing.
    pub fn caps_lock_seen(event: &keyboard::Event) -> Option<bool> {
        let keyboard::Event::KeyPressed {
            modified_key,
            text,
            modifiers,
            ..
        } = event
        else {
            return None;
        };
        if modifiers.control() || modifiers.alt() || modifiers.logo() {
            return None;
        }
        let typed = text.as_deref().or(match modified_key {
            keyboard::Key::Character(c) => Some(c.as_str()),
            _ => None,
        })?;
        let mut chars = typed.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        // Letters with two cases only (not digits, not CJK).
        if c.to_lowercase().eq(c.to_uppercase()) {
            return None;
        }
        Some(c.is_uppercase() != modifiers.shift())
    }
}

/// The administrator chord, then the keys the app acts on itself ([`App::shortcut`]).
pub(super) fn from_event(
    event: &iced::Event,
    status: event::Status,
    _window: window::Id,
) -> Option<Message> {
    let iced::Event::Keyboard(keyboard_event) = event else {
        return None;
    };
    let keyboard::Event::KeyPressed {
        key,
        modifiers,
        physical_key,
        ..
    } = keyboard_event
    else {
        return None;
    };
    // Ctrl+Alt+Shift+A: by the physical key too, since Ctrl+Alt changes the character on some
    // layouts. Harmless outside a kiosk (ignored there).
    let a = matches!(key.as_ref(), keyboard::Key::Character(c) if c.eq_ignore_ascii_case("a"))
        || *physical_key == keyboard::key::Physical::Code(keyboard::key::Code::KeyA);
    if a && modifiers.control() && modifiers.alt() && modifiers.shift() {
        return Some(Message::AdminChord);
    }
    if *key == keyboard::Key::Named(Named::CapsLock) {
        return Some(Message::CapsLockToggled);
    }
    if let Some(on) = App::caps_lock_seen(keyboard_event) {
        return Some(Message::CapsLock(on));
    }
    App::shortcut(keyboard_event, status)
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::keyboard::key::{Code, Physical};
    use iced::keyboard::{Key as K, Location, Modifiers};

    pub(super) fn press(key: K, physical: Physical, modifiers: Modifiers) -> iced::Event {
        iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key,
            physical_key: physical,
            location: Location::Standard,
            modifiers,
            text: None,
            repeat: false,
        })
    }

    pub(super) fn message(event: iced::Event) -> Option<Message> {
        from_event(&event, event::Status::Ignored, window::Id::unique())
    }

    #[test]
    pub(super) fn ctrl_alt_shift_a_is_the_administrator_chord() {
        let all = Modifiers::CTRL | Modifiers::ALT | Modifiers::SHIFT;
        let a = Physical::Code(Code::KeyA);
        assert!(matches!(
            message(press(K::Character("A".into()), a, all)),
            Some(Message::AdminChord)
        ));
        // Ctrl+Alt changes the character on some layouts: the physical key still counts.
        assert!(matches!(
            message(press(K::Character("æ".into()), a, all)),
            Some(Message::AdminChord)
        ));
        // Not without all three modifiers, and not on another key.
        for modifiers in [Modifiers::CTRL | Modifiers::ALT, Modifiers::SHIFT] {
            assert!(!matches!(
                message(press(K::Character("a".into()), a, modifiers)),
                Some(Message::AdminChord)
            ));
        }
        let b = Physical::Code(Code::KeyB);
        assert!(!matches!(
            message(press(K::Character("b".into()), b, all)),
            Some(Message::AdminChord)
        ));
    }

    pub(super) fn typed(text: &str, modifiers: Modifiers) -> keyboard::Event {
        keyboard::Event::KeyPressed {
            key: K::Character(text.to_lowercase().into()),
            modified_key: K::Character(text.into()),
            physical_key: Physical::Code(Code::KeyA),
            location: Location::Standard,
            modifiers,
            text: Some(text.into()),
            repeat: false,
        }
    }

    #[test]
    pub(super) fn caps_lock_shows_in_the_letters_typed() {
        assert_eq!(
            App::caps_lock_seen(&typed("A", Modifiers::empty())),
            Some(true)
        );
        assert_eq!(
            App::caps_lock_seen(&typed("a", Modifiers::SHIFT)),
            Some(true)
        );
        assert_eq!(
            App::caps_lock_seen(&typed("a", Modifiers::empty())),
            Some(false)
        );
        assert_eq!(
            App::caps_lock_seen(&typed("A", Modifiers::SHIFT)),
            Some(false)
        );
        // Digits, CJK and shortcuts say nothing.
        assert_eq!(App::caps_lock_seen(&typed("7", Modifiers::empty())), None);
        assert_eq!(App::caps_lock_seen(&typed("健", Modifiers::empty())), None);
        assert_eq!(App::caps_lock_seen(&typed("A", Modifiers::CTRL)), None);
        // And the subscription turns them into the message; the key itself flips the state.
        let event = iced::Event::Keyboard(typed("Q", Modifiers::empty()));
        assert!(matches!(message(event), Some(Message::CapsLock(true))));
        let caps = press(
            K::Named(Named::CapsLock),
            Physical::Code(Code::CapsLock),
            Modifiers::empty(),
        );
        assert!(matches!(message(caps), Some(Message::CapsLockToggled)));
    }

    #[test]
    pub(super) fn the_other_keys_go_to_the_shortcuts() {
        let esc = press(
            K::Named(Named::Escape),
            Physical::Code(Code::Escape),
            Modifiers::empty(),
        );
        assert!(matches!(message(esc), Some(Message::Key(Key::Escape))));
        let plus = press(
            K::Character("+".into()),
            Physical::Code(Code::Equal),
            Modifiers::CTRL,
        );
        assert!(matches!(message(plus), Some(Message::TextScaleStep(1))));
    }
}
