//! The QR code as a picture phones can scan: black on white, a 4-module quiet zone (iced's own
//! `qr_code` widget draws 2 modules in theme colours, which some phones reject), built once
//! when the code arrives and kept in the screen's state.

use iced::widget::image;
use qrcode::{Color, EcLevel, QrCode};

/// Modules of white border around the code (the QR specification asks for 4).
pub const QUIET_ZONE: usize = 4;
/// Pixels per module in the bitmap; the widget scales it with nearest-neighbour filtering.
const SCALE: usize = 8;

/// The QR bitmap: width in pixels and RGBA bytes.
pub struct QrBitmap {
    pub size: u32,
    pub rgba: Vec<u8>,
}

/// Encode `payload` (medium error correction: a laptop screen photographed at an angle).
pub fn bitmap(payload: &str) -> Option<QrBitmap> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).ok()?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 2 * QUIET_ZONE) * SCALE;
    let mut rgba = vec![255u8; side * side * 4];
    for (i, color) in colors.iter().enumerate() {
        if *color != Color::Dark {
            continue;
        }
        let (mx, my) = (i % modules + QUIET_ZONE, i / modules + QUIET_ZONE);
        for y in my * SCALE..(my + 1) * SCALE {
            for x in mx * SCALE..(mx + 1) * SCALE {
                let p = (y * side + x) * 4;
                rgba[p..p + 3].copy_from_slice(&[0, 0, 0]);
            }
        }
    }
    Some(QrBitmap {
        size: side as u32,
        rgba,
    })
}

/// Writes the QR as a PNG into `dir` with a timestamped name (`nhi-device-code-
/// 20261130-113829.png`, never overwriting another) and returns its path. Only the picture
/// of the code goes to disk: nothing about the card holder.
pub fn save_png(
    payload: &str,
    dir: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<std::path::PathBuf, String> {
    let b = bitmap(payload).ok_or("the code cannot be drawn")?;
    let picture = ::image::RgbaImage::from_raw(b.size, b.size, b.rgba)
        .ok_or("the picture has the wrong size")?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let stamp = now.format("%Y%m%d-%H%M%S");
    let mut path = dir.join(format!("nhi-device-code-{stamp}.png"));
    let mut n = 1;
    while path.exists() {
        n += 1;
        path = dir.join(format!("nhi-device-code-{stamp}-{n}.png"));
    }
    picture.save(&path).map_err(|e| e.to_string())?;
    Ok(path)
}

/// Where a saved QR goes: the person's Pictures folder, else Downloads, else home.
pub fn save_dir() -> Option<std::path::PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.picture_dir()
            .or(dirs.download_dir())
            .unwrap_or(dirs.home_dir())
            .to_path_buf(),
    )
}

/// An image handle for the widget.
pub fn handle(payload: &str) -> Option<image::Handle> {
    let b = bitmap(payload)?;
    Some(image::Handle::from_rgba(b.size, b.size, b.rgba))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dark(b: &QrBitmap, x: usize, y: usize) -> bool {
        b.rgba[(y * b.size as usize + x) * 4] == 0
    }

    #[test]
    fn saves_a_png_that_decodes_back_to_the_bitmap() {
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(11, 38, 29)
            .unwrap();
        let first = save_png("02511X66", dir.path(), now).unwrap();
        assert!(first.ends_with("nhi-device-code-20261130-113829.png"));
        // The same second again: a new name, the first file kept.
        let second = save_png("02511X66", dir.path(), now).unwrap();
        assert_ne!(first, second);
        let read = ::image::open(&first).unwrap().to_rgba8();
        let b = bitmap("02511X66").unwrap();
        assert_eq!(read.width(), b.size);
        assert_eq!(read.into_raw(), b.rgba);
    }

    #[test]
    fn black_on_white_with_a_four_module_quiet_zone() {
        let b = bitmap("02511X66").unwrap();
        let side = b.size as usize;
        let border = QUIET_ZONE * SCALE;
        for i in 0..side {
            for j in 0..border {
                assert!(!dark(&b, i, j) && !dark(&b, j, i), "quiet zone at {i},{j}");
                assert!(!dark(&b, i, side - 1 - j) && !dark(&b, side - 1 - j, i));
            }
        }
        // The finder pattern's corner module is dark, right inside the quiet zone.
        assert!(dark(&b, border, border));
        // Only pure black and pure white.
        assert!(
            b.rgba
                .chunks(4)
                .all(|p| p == [0, 0, 0, 255] || p == [255; 4])
        );
    }
}
