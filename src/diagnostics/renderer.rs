//! The renderer, as diagnostics tells it: what was asked for (and where), what was chosen and
//! why, and, from the window, what actually draws. The support question it answers: "why is
//! the app slow / why does it use the CPU so much on this PC?".

use serde::Serialize;

use crate::renderer::{Choice, Decision, Reason, Renderer, Source};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RendererStatus {
    /// `auto`, `gpu` or `software`, and where that came from.
    pub setting: Choice,
    pub source: Source,
    /// What the app asked iced for, and why.
    pub chosen: Renderer,
    pub reason: Reason,
    /// What draws the window, as seen from inside it; `None` from the command line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running: Option<Renderer>,
}

impl RendererStatus {
    pub fn new(decision: Decision, running: Option<Renderer>) -> RendererStatus {
        RendererStatus {
            setting: decision.choice,
            source: decision.source,
            chosen: decision.renderer,
            reason: decision.reason,
            running,
        }
    }

    /// The renderer that draws: the one seen, else the one chosen.
    pub fn drawing(&self) -> Renderer {
        self.running.unwrap_or(self.chosen)
    }

    /// The GPU renderer was asked for but could not start (iced drew in software instead).
    pub fn fell_back(&self) -> bool {
        self.chosen == Renderer::Gpu && self.running == Some(Renderer::Software)
    }
}
