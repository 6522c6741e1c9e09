//! Kiosk administration: the PIN prompt that the administrator chord (Ctrl+Alt+Shift+A)
//! opens, and the bar shown above the settings once unlocked (lock again, exit the app).
//! Whether a PIN is right is decided by `crate::kiosk::PinGate`; this only asks and tells.

use iced::widget::{column, row, text_input};
use iced::{Center, Element, Length};

use crate::flow::Secret;
use crate::kiosk::Attempt;
use crate::ui::look::Look;
use crate::ui::widgets::{self, BODY, t};

/// The PIN field's id (it gets the focus when the prompt opens).
pub const PIN: &str = "admin-pin";

#[derive(Debug, Clone)]
pub enum Message {
    Pin(String),
    Submit,
    Cancel,
    /// Unlocked: leave the administration (the kiosk locks again).
    Lock,
    /// Unlocked: quit the app.
    Exit,
}

/// What the administration asks the root to do (which decides whether a PIN is right).
#[derive(Debug)]
pub enum Event {
    /// Try this PIN (taken out of the field).
    Submit(Secret),
    Cancel,
    Lock,
    Exit,
}

/// The prompt's local state: the PIN as typed (zeroized when dropped) and the last outcome.
#[derive(Debug, Default)]
pub struct Prompt {
    pub pin: Secret,
    pub outcome: Option<Attempt>,
}

impl Prompt {
    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Pin(pin) => {
                self.pin = Secret::new(pin);
                None
            }
            Message::Submit => Some(Event::Submit(std::mem::take(&mut self.pin))),
            Message::Cancel => Some(Event::Cancel),
            // Only the unlocked bar offers these.
            Message::Lock | Message::Exit => None,
        }
    }
}

/// Unlocked: the bar's "lock" and "exit" (it has no state of its own).
pub fn unlocked(message: Message) -> Option<Event> {
    match message {
        Message::Lock => Some(Event::Lock),
        Message::Exit => Some(Event::Exit),
        Message::Pin(_) | Message::Submit | Message::Cancel => None,
    }
}

/// The PIN prompt. `configured`: the machine-wide file has an `admin_pin_hash`; without one
/// there is nothing to unlock, and the prompt says so instead of asking.
pub fn prompt<'a>(look: Look, p: &Prompt, configured: bool) -> Element<'a, Message> {
    let mut col = column![widgets::title(look, "kiosk-admin-title")]
        .spacing(20)
        .align_x(Center);
    if !configured {
        return col
            .push(t(look, "kiosk-admin-no-pin", BODY).align_x(Center))
            .push(widgets::primary(look, "ui-back", Some(Message::Cancel)))
            .into();
    }
    let cooling = matches!(p.outcome, Some(Attempt::CoolingDown { .. }));
    let mut field = text_input("", p.pin.expose())
        .id(PIN)
        .secure(true)
        .size(look.px(32.0))
        .padding(look.pad(16.0))
        .style(widgets::field_style(look))
        .width(Length::Fixed(look.px(360.0)));
    if !cooling {
        field = field.on_input(Message::Pin).on_submit(Message::Submit);
    }
    col = col.push(t(look, "kiosk-admin-pin", BODY)).push(field);
    match p.outcome {
        Some(Attempt::Wrong { tries_left }) => {
            col = col.push(widgets::ta(
                look,
                "kiosk-admin-wrong",
                &[("tries", tries_left.into())],
                BODY,
            ));
        }
        Some(Attempt::CoolingDown { seconds }) => {
            col = col.push(widgets::ta(
                look,
                "kiosk-admin-cooldown",
                &[("seconds", seconds.into())],
                BODY,
            ));
        }
        _ => {}
    }
    col.push(
        row![
            widgets::primary(
                look,
                "kiosk-admin-unlock",
                (!cooling).then_some(Message::Submit)
            ),
            widgets::secondary(look, "ui-back", Some(Message::Cancel)),
        ]
        .spacing(20),
    )
    .into()
}

/// Above the settings while unlocked: what this is, lock again, exit the app.
pub fn unlocked_bar<'a>(look: Look) -> Element<'a, Message> {
    column![
        t(look, "kiosk-admin-unlocked", BODY * 0.85).align_x(Center),
        row![
            widgets::secondary(look, "kiosk-admin-lock", Some(Message::Lock)),
            widgets::secondary(look, "kiosk-admin-exit", Some(Message::Exit)),
        ]
        .spacing(20),
    ]
    .spacing(12)
    .align_x(Center)
    .into()
}
