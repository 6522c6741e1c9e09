//! The kiosk's part of the window: its state beside the app's (the policy from
//! `crate::kiosk`, the reset warning on show; the administration is an overlay,
//! [`super::overlay::Overlay::Admin`]) and the two things only
//! a kiosk shows: the "this screen will reset" banner and "please take your card".

use iced::widget::{container, row, space};
use iced::{Border, Center, Color, Element, Fill, Theme};

use super::app::Message;
use super::look::Look;
use super::widgets::{self, BODY};
use crate::kiosk::Kiosk;

/// Kiosk text is a step larger: read standing, at arm's length, by many older people.
pub const TEXT_SCALE: f32 = 1.25;

/// Everything the app keeps only in kiosk mode.
#[derive(Debug)]
pub struct KioskUi {
    pub policy: Kiosk,
    /// "This screen will reset in N s" on show.
    pub warning: Option<u64>,
    /// At the last reset a card was still in this reader: ask for it to be taken.
    pub card_left_in: Option<String>,
    /// The look every reset returns to (a visitor may have switched the language).
    pub home: Look,
}

impl KioskUi {
    pub fn new(policy: Kiosk, home: Look) -> KioskUi {
        KioskUi {
            policy,
            warning: None,
            card_left_in: None,
            home,
        }
    }
}

const AMBER: Color = Color::from_rgb(1.0, 0.93, 0.7);
const AMBER_EDGE: Color = Color::from_rgb(0.75, 0.5, 0.0);

/// The reset warning: what will happen, when, and one big button to stay. Any key, click or
/// touch also counts; Enter is taken as "keep going" rather than the screen's main step.
pub fn warning_banner<'a>(look: Look, seconds: u64) -> Element<'a, Message> {
    let keep = widgets::primary(look, "kiosk-keep-going", Some(Message::KeepGoing));
    container(
        row![
            widgets::ta(
                look,
                "kiosk-reset-warning",
                &[("seconds", seconds.into())],
                BODY * 1.2
            ),
            space().width(Fill),
            keep,
        ]
        .spacing(24)
        .align_y(Center),
    )
    // Tall enough to cover the header it lies over.
    .padding([26, 32])
    .width(Fill)
    .style(move |theme: &Theme| {
        // Light: amber, which catches the eye (the light palette's warning is a dark brown
        // made for text, and a tint of it is a dull tan). Dark and high contrast: the theme's
        // own warning tint, so their light text keeps its contrast.
        if look.high_contrast || theme.extended_palette().is_dark {
            widgets::tinted(look, |p| p.warning, 0.15)(theme)
        } else {
            container::Style {
                background: Some(AMBER.into()),
                border: Border {
                    color: AMBER_EDGE,
                    width: 3.0,
                    radius: 0.0.into(),
                },
                ..container::Style::default()
            }
        }
    })
    .into()
}
