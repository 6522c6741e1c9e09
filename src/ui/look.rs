//! How the app looks to this person: which language(s), how large the text, which contrast.
//! Every view gets one [`Look`] and hands it to the [`super::widgets`], which size and colour
//! everything from it, so one setting changes the whole app at once.
//!
//! The colours live in the [`iced::Theme`] ([`theme`]): a light and a dark theme, and a
//! high-contrast variant of each (pure black and white, one strong accent, every text pair at
//! least 7:1, WCAG AAA). The widgets read them from the theme inside their style closures, so
//! nothing is hard-coded to white or grey.

use iced::theme::palette::{self, Extended, Pair};
use iced::theme::{Mode, Palette};
use iced::{Color, Theme, color};

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
    /// The text sizes offered in settings (and stepped through by Ctrl + / Ctrl −), in percent.
    pub const SCALES: [u16; 5] = [100, 125, 150, 175, 200];

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
        size * self.scale()
    }

    /// A padding or spacing that goes with text, at this scale (whole pixels).
    pub fn pad(&self, size: f32) -> f32 {
        (size * self.scale()).round()
    }

    /// The scale, clamped to 100–200 %.
    pub fn scale(&self) -> f32 {
        self.text_scale.clamp(Look::MIN_SCALE, Look::MAX_SCALE)
    }

    /// The scale in whole percent (100, 125, …).
    pub fn percent(&self) -> u16 {
        (self.scale() * 100.0).round() as u16
    }

    /// The text is so large that side-by-side blocks must be stacked to fit the window.
    pub fn large(&self) -> bool {
        self.scale() > 1.3
    }

    /// One step up (`+1`) or down (`-1`) the offered sizes; `0` back to 100 %.
    pub fn stepped(&self, step: i32) -> f32 {
        let now = self.percent();
        let percent = match step {
            0 => 100,
            s if s > 0 => Look::SCALES
                .iter()
                .copied()
                .find(|p| *p > now)
                .unwrap_or(200),
            _ => Look::SCALES
                .iter()
                .rev()
                .copied()
                .find(|p| *p < now)
                .unwrap_or(100),
        };
        f32::from(percent) / 100.0
    }
}

impl From<DisplayMode> for Look {
    fn from(mode: DisplayMode) -> Look {
        Look::new(mode)
    }
}

/// Light, dark or as the system: the settings' one type (`--theme`, settings.json, the
/// settings screen); [`dark`] decides it against the system's mode.
pub use crate::settings::ThemeChoice;

/// Dark, as `choice` and the system's mode (no preference: light) say.
pub fn dark(choice: ThemeChoice, system: Mode) -> bool {
    choice.is_dark(system == Mode::Dark)
}

/// The app's dark blue accent (links, outlined buttons): 7.2:1 on white.
pub const ACCENT: Color = Color::from_rgb(0.05, 0.36, 0.55);

pub const LIGHT: Palette = Palette {
    background: Color::WHITE,
    text: Color::BLACK,
    primary: ACCENT,
    success: color!(0x1b6e30),
    warning: color!(0x8a5a00),
    danger: Color::from_rgb(0.65, 0.1, 0.08),
};

pub const DARK: Palette = Palette {
    background: color!(0x1c1e22),
    text: color!(0xeeeeee),
    primary: color!(0x7cc4f4),
    success: color!(0x7fd992),
    warning: color!(0xffc857),
    danger: color!(0xff8a80),
};

/// High contrast on white: black text, a dark blue accent (13.9:1), dark red and green.
pub const HIGH_CONTRAST_LIGHT: Palette = Palette {
    background: Color::WHITE,
    text: Color::BLACK,
    primary: color!(0x0000a0),
    success: color!(0x005000),
    warning: color!(0x5a3c00),
    danger: color!(0xa00000),
};

/// High contrast on black: white text, a yellow accent (19.6:1), light red and green.
pub const HIGH_CONTRAST_DARK: Palette = Palette {
    background: Color::BLACK,
    text: Color::WHITE,
    primary: color!(0xffff00),
    success: color!(0x80ff80),
    warning: color!(0xffd000),
    danger: color!(0xff8080),
};

/// The theme for this look: light or dark as chosen (or as the system is), high contrast or not.
pub fn theme(high_contrast: bool, dark: bool) -> Theme {
    match (high_contrast, dark) {
        (false, false) => Theme::custom("NHI Light", LIGHT),
        (false, true) => Theme::custom("NHI Dark", DARK),
        (true, false) => {
            Theme::custom_with_fn("NHI High Contrast Light", HIGH_CONTRAST_LIGHT, stark)
        }
        (true, true) => Theme::custom_with_fn("NHI High Contrast Dark", HIGH_CONTRAST_DARK, stark),
    }
}

/// iced's generated palette mixes greys for hovers and bars; high contrast allows none: every
/// surface is the background or the text colour, every accent pair full strength.
fn stark(p: Palette) -> Extended {
    let mut e = Extended::generate(p);
    let plain = Pair {
        color: p.background,
        text: p.text,
    };
    let inverse = Pair {
        color: p.text,
        text: p.background,
    };
    e.background.base = plain;
    e.background.weakest = plain;
    e.background.weaker = plain;
    e.background.weak = plain;
    e.background.neutral = inverse;
    e.background.strong = inverse;
    e.background.stronger = inverse;
    e.background.strongest = inverse;
    let accent = |c: Color| palette::Primary {
        base: Pair {
            color: c,
            text: p.background,
        },
        weak: plain,
        strong: inverse,
    };
    e.primary = accent(p.primary);
    e.secondary = palette::Secondary {
        base: plain,
        weak: plain,
        strong: inverse,
    };
    let a = accent(p.success);
    e.success = palette::Success {
        base: a.base,
        weak: a.weak,
        strong: a.strong,
    };
    let a = accent(p.warning);
    e.warning = palette::Warning {
        base: a.base,
        weak: a.weak,
        strong: a.strong,
    };
    let a = accent(p.danger);
    e.danger = palette::Danger {
        base: a.base,
        weak: a.weak,
        strong: a.strong,
    };
    e
}

/// WCAG 2 relative luminance.
pub fn luminance(c: Color) -> f32 {
    let lin = |v: f32| {
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
}

/// WCAG 2 contrast ratio of two opaque colours (1 to 21).
pub fn contrast(a: Color, b: Color) -> f32 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn high_contrast_pairs_meet_aaa() {
        for p in [HIGH_CONTRAST_LIGHT, HIGH_CONTRAST_DARK] {
            for c in [p.text, p.primary, p.success, p.warning, p.danger] {
                assert!(contrast(c, p.background) >= 7.0, "{c:?} on {p:?}");
            }
        }
        // The ordinary themes: body text and accent at least AA, the accent on white AAA.
        for p in [LIGHT, DARK] {
            assert!(contrast(p.text, p.background) >= 7.0);
            for c in [p.primary, p.success, p.danger] {
                assert!(contrast(c, p.background) >= 4.5, "{c:?} on {p:?}");
            }
        }
        assert!(contrast(ACCENT, Color::WHITE) >= 7.0);
    }

    #[test]
    fn scale_steps() {
        let mut look = Look::new(DisplayMode::Chinese);
        assert_eq!(look.stepped(1), 1.25);
        look.text_scale = 2.0;
        assert_eq!(look.stepped(1), 2.0);
        assert_eq!(look.stepped(-1), 1.75);
        look.text_scale = 1.3;
        assert_eq!(look.stepped(-1), 1.25);
        assert_eq!(look.stepped(0), 1.0);
        assert_eq!(look.px(10.0), 13.0);
    }
}
