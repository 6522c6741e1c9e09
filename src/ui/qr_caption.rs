//! The lines under the QR in a saved picture: what the code is, the code itself (large, for
//! typing into the phone from a printout), that the space is not typed, and until when it is
//! valid, in both languages. Drawn with the bundled font (a fresh system may have no CJK
//! font), black on white like the QR.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont};
use image::{Rgba, RgbaImage};

use crate::i18n::{self, Language};
use crate::ui::{fonts, format};

/// One line of the caption: its text, size in pixels, bold or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub text: String,
    pub size: f32,
    pub bold: bool,
}

/// The caption for `code` (as the service gave it) valid until `expires_at` (local time).
pub fn lines(code: &str, expires_at: chrono::NaiveDateTime) -> Vec<Line> {
    let zh = Language::TraditionalChinese;
    let en = Language::English;
    let line = |text: String, size: f32, bold: bool| Line { text, size, bold };
    let tr = |l: Language, id: &str| i18n::text(l, id, &[]);
    let until = |l: Language| {
        i18n::text(
            l,
            "code-valid-until",
            &[("when", format::datetime(l, expires_at).into())],
        )
    };
    vec![
        line(
            format!("{} · {}", tr(zh, "code-label"), tr(en, "code-label")),
            24.0,
            false,
        ),
        line(format::group_code(code), 64.0, true),
        line(tr(zh, "code-not-typed"), 20.0, false),
        line(tr(en, "code-not-typed"), 18.0, false),
        line(until(zh), 24.0, false),
        line(until(en), 22.0, false),
    ]
}

/// Space between lines, and around the caption.
const GAP: f32 = 10.0;
pub const MARGIN: u32 = 24;

fn font(bold: bool) -> Option<FontRef<'static>> {
    FontRef::try_from_slice(if bold {
        fonts::bold()
    } else {
        fonts::regular()
    })
    .ok()
}

/// The width one line takes.
fn width(line: &Line) -> f32 {
    let Some(font) = font(line.bold) else {
        return 0.0;
    };
    let font = font.as_scaled(PxScale::from(line.size));
    let mut w = 0.0;
    let mut last = None;
    for c in line.text.chars() {
        let id = font.glyph_id(c);
        if let Some(prev) = last {
            w += font.kern(prev, id);
        }
        w += font.h_advance(id);
        last = Some(id);
    }
    w
}

/// The size `lines` need: (widest line, total height).
pub fn measure(lines: &[Line]) -> (u32, u32) {
    let w = lines.iter().map(width).fold(0.0_f32, f32::max);
    let h: f32 = lines.iter().map(|l| line_height(l) + GAP).sum::<f32>() - GAP;
    (w.ceil() as u32, h.max(0.0).ceil() as u32)
}

fn line_height(line: &Line) -> f32 {
    font(line.bold).map_or(line.size, |f| {
        let f = f.as_scaled(PxScale::from(line.size));
        f.ascent() - f.descent()
    })
}

/// Draw `lines` centred in `picture`, the first one's top at `top`.
pub fn draw(picture: &mut RgbaImage, lines: &[Line], top: u32) {
    let mut y = top as f32;
    let centre = picture.width() as f32 / 2.0;
    for line in lines {
        let Some(font) = font(line.bold) else {
            continue;
        };
        let scaled = font.as_scaled(PxScale::from(line.size));
        let baseline = y + scaled.ascent();
        let mut x = centre - width(line) / 2.0;
        let mut last = None;
        for c in line.text.chars() {
            let id = scaled.glyph_id(c);
            if let Some(prev) = last {
                x += scaled.kern(prev, id);
            }
            let glyph = id.with_scale_and_position(line.size, ab_glyph::point(x, baseline));
            if let Some(outline) = font.outline_glyph(glyph) {
                let b = outline.px_bounds();
                outline.draw(|gx, gy, coverage| {
                    let (px, py) = (b.min.x as i64 + gx as i64, b.min.y as i64 + gy as i64);
                    if px < 0 || py < 0 {
                        return;
                    }
                    let (px, py) = (px as u32, py as u32);
                    if px >= picture.width() || py >= picture.height() {
                        return;
                    }
                    // Black over white, by coverage.
                    let p = picture.get_pixel_mut(px, py);
                    let v = (f32::from(p.0[0]) * (1.0 - coverage.clamp(0.0, 1.0))).round() as u8;
                    *p = Rgba([v, v, v, 255]);
                });
            }
            x += scaled.h_advance(id);
            last = Some(id);
        }
        y += line_height(line) + GAP;
    }
}
