//! What lies over the screen. One value says it, and both the view and the keys read it, so
//! what is drawn on top is what Esc closes and nothing can stay open out of sight.
//!
//! At most one overlay is open: opening another (the footer's Diagnostics over the demo
//! mailbox, a kiosk's administrator chord over diagnostics) replaces it, and closing it shows
//! the screen underneath. A kiosk's administration is itself an overlay ([`Overlay::Admin`]),
//! so anything that replaces or closes it locks the kiosk again.

use super::screen::{admin, diagnostics, mailbox, settings};

#[derive(Debug, Default)]
pub enum Overlay {
    /// The screen for the flow's state, nothing over it.
    #[default]
    None,
    /// The person's settings (not a kiosk's: those are [`Overlay::Admin`]).
    Settings(settings::Settings),
    /// Demo only: the practice service's outbox.
    Mailbox(mailbox::Mailbox),
    /// The diagnostics report, checking or gathered (boxed: a report is large).
    Diagnostics(Box<diagnostics::Diagnostics>),
    /// Kiosk: the administrator PIN prompt.
    AdminPrompt(admin::Prompt),
    /// Kiosk: unlocked by the administrator: the settings, with "lock" and "exit".
    Admin(settings::Settings),
}

impl Overlay {
    pub fn is_open(&self) -> bool {
        !matches!(self, Overlay::None)
    }

    /// A kiosk's administration (its prompt or the unlocked settings) is on show.
    pub fn is_admin(&self) -> bool {
        matches!(self, Overlay::AdminPrompt(_) | Overlay::Admin(_))
    }

    pub fn diagnostics(&self) -> Option<&diagnostics::Diagnostics> {
        match self {
            Overlay::Diagnostics(d) => Some(d),
            _ => None,
        }
    }

    /// The settings on show, the person's or (unlocked) a kiosk's.
    pub fn settings_mut(&mut self) -> Option<&mut settings::Settings> {
        match self {
            Overlay::Settings(s) | Overlay::Admin(s) => Some(s),
            _ => None,
        }
    }

    pub fn mailbox_mut(&mut self) -> Option<&mut mailbox::Mailbox> {
        match self {
            Overlay::Mailbox(m) => Some(m),
            _ => None,
        }
    }
}
