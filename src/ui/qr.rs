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

/// What a saved picture shows: the QR's payload, and the code with its expiry for the
/// caption under it.
#[derive(Debug, Clone)]
pub struct Saved {
    pub payload: String,
    pub code: String,
    pub expires_at: chrono::NaiveDateTime,
}

/// Pixels per module in a saved picture: larger than on screen, for a printout.
const PRINT_SCALE: u32 = 2;

/// The saved picture: the QR (black on white, quiet zone), under it the caption
/// ([`super::qr_caption`]) — the code, that its space is not typed, its expiry — so a
/// printout can be scanned or typed from and says when it stops working.
pub fn picture(saved: &Saved) -> Option<::image::RgbaImage> {
    let b = bitmap(&saved.payload)?;
    let qr = ::image::RgbaImage::from_raw(b.size, b.size, b.rgba)?;
    let qr = ::image::imageops::resize(
        &qr,
        b.size * PRINT_SCALE,
        b.size * PRINT_SCALE,
        ::image::imageops::FilterType::Nearest,
    );
    let lines = super::qr_caption::lines(&saved.code, saved.expires_at);
    let (text_w, text_h) = super::qr_caption::measure(&lines);
    let margin = super::qr_caption::MARGIN;
    let width = qr.width().max(text_w + 2 * margin);
    let height = qr.height() + text_h + margin;
    let mut out = ::image::RgbaImage::from_pixel(width, height, ::image::Rgba([255; 4]));
    ::image::imageops::replace(&mut out, &qr, i64::from((width - qr.width()) / 2), 0);
    // The quiet zone's white is the caption's top margin.
    super::qr_caption::draw(&mut out, &lines, qr.height());
    Some(out)
}

/// Writes the picture ([`picture`]) as a PNG into `dir` with a timestamped name
/// (`nhi-device-code-20261130-113829.png`, never overwriting another) and returns its path.
/// Only the code and its expiry go to disk: nothing about the card holder.
pub fn save_png(
    saved: &Saved,
    dir: &std::path::Path,
    now: chrono::NaiveDateTime,
) -> Result<std::path::PathBuf, String> {
    let picture = picture(saved).ok_or("the code cannot be drawn")?;
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

    fn saved(code: &str) -> Saved {
        Saved {
            payload: code.into(),
            code: code.into(),
            expires_at: chrono::NaiveDate::from_ymd_opt(2026, 11, 30)
                .unwrap()
                .and_hms_opt(11, 38, 29)
                .unwrap(),
        }
    }

    /// The rows of `picture` from `top` down that hold any ink, as runs (text lines).
    fn ink_bands(picture: &::image::RgbaImage, top: u32) -> usize {
        let mut bands = 0;
        let mut inked = false;
        for y in top..picture.height() {
            let row = (0..picture.width()).any(|x| picture.get_pixel(x, y).0[0] < 128);
            if row && !inked {
                bands += 1;
            }
            inked = row;
        }
        bands
    }

    #[test]
    fn saves_the_qr_with_the_code_and_its_expiry_under_it() {
        let dir = tempfile::tempdir().unwrap();
        let now = saved("02511X66").expires_at;
        let first = save_png(&saved("02511X66"), dir.path(), now).unwrap();
        assert!(first.ends_with("nhi-device-code-20261130-113829.png"));
        // The same second again: a new name, the first file kept.
        let second = save_png(&saved("02511X66"), dir.path(), now).unwrap();
        assert_ne!(first, second);
        let read = ::image::open(&first).unwrap().to_rgba8();
        // The QR on top, as on screen but twice as large: module for module the same.
        let b = bitmap("02511X66").unwrap();
        let side = b.size * PRINT_SCALE;
        let left = (read.width() - side) / 2;
        for y in 0..b.size {
            for x in 0..b.size {
                let on_screen = b.rgba[((y * b.size + x) * 4) as usize];
                let saved = read.get_pixel(left + x * PRINT_SCALE, y * PRINT_SCALE).0[0];
                assert_eq!(on_screen, saved, "module pixel {x},{y}");
            }
        }
        // Under it, the caption's six lines of ink (label, code, two notes, two expiries).
        assert!(read.height() > side + 150, "{}", read.height());
        assert_eq!(ink_bands(&read, side), 6);
        // A different code or expiry reads differently under the same kind of QR.
        let other = picture(&Saved {
            expires_at: now + chrono::Duration::minutes(7),
            ..saved("K7QX2M9D")
        })
        .unwrap();
        assert_ne!(
            other.as_raw()[(side * read.width() * 4) as usize..],
            read.as_raw()[(side * read.width() * 4) as usize..]
        );
    }

    /// An independent decoder reads the saved picture (zbarimg, when installed; CI has it).
    #[test]
    fn the_saved_picture_scans() {
        let Ok(out) = std::process::Command::new("zbarimg")
            .arg("--version")
            .output()
        else {
            assert!(std::env::var_os("CI").is_none(), "CI must have zbarimg");
            eprintln!("SKIPPED: zbarimg is not installed");
            return;
        };
        assert!(out.status.success());
        let dir = tempfile::tempdir().unwrap();
        let path = save_png(&saved("02511X66"), dir.path(), saved("02511X66").expires_at).unwrap();
        let out = std::process::Command::new("zbarimg")
            .args(["--raw", "-q"])
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "02511X66");
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
