//! How the app looks to this person: which language(s), how large the text, which contrast.
//! Every view gets one [`Look`] and hands it to the [`super::widgets`], which size and colour
//! everything from it, so one setting changes the whole app at once.

use crate::i18n::{DisplayMode, Language};

/// The person's reading needs, as one small value passed down every view.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub mode: DisplayMode,
    /// Text scale: 1.0 (100 %) to 2.0 (200 %).
    pub text_scale: f32,
    /// The high-contrast theme: black on white (or white on black), no greys.
    pub high_contrast: bool,
}

impl Look {
    pub const MIN_SCALE: f32 = 1.0;
    pub const MAX_SCALE: f32 = 2.0;

    pub fn new(mode: DisplayMode) -> Look {
        Look {
            mode,
            text_scale: 1.0,
            high_contrast: false,
        }
    }

    /// The languages on show, the first one leading.
    pub fn languages(&self) -> &'static [Language] {
        self.mode.languages()
    }

    /// A text size (or a size that goes with text) at this scale.
    pub fn px(&self, size: f32) -> f32 {
        size * self.text_scale.clamp(Look::MIN_SCALE, Look::MAX_SCALE)
    }
}

impl From<DisplayMode> for Look {
    fn from(mode: DisplayMode) -> Look {
        Look::new(mode)
    }
}
