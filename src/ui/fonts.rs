//! The bundled fonts: Noto Sans TC Regular and Bold (a fresh system may have no CJK font at
//! all, and then every Chinese glyph would be a box) and a few symbols Noto Sans TC lacks.
//!
//! The two Noto fonts are subset to Big5 + HKSCS + Latin + punctuation + the app's own texts
//! and stored LZ4-compressed (`scripts/build-fonts.py`): 9.0 MB in the binary instead of
//! 14.2 MB. They are unpacked once, at start-up, both at the same time on two threads, in
//! milliseconds (LZ4 rather than zstd, which packs tighter but unpacks several times slower
//! in pure Rust: that showed in the time to the window). The unpacked fonts take the memory
//! the mapped fonts took before (the text engine reads all of a font's pages anyway).

use std::sync::OnceLock;

const REGULAR_LZ4: &[u8] = include_bytes!("../../assets/fonts/NotoSansTC-Regular.subset.ttf.lz4");
const BOLD_LZ4: &[u8] = include_bytes!("../../assets/fonts/NotoSansTC-Bold.subset.ttf.lz4");
/// The Big5 / HKSCS characters Noto Sans TC has no glyph for: HKSCS's IPA letters, ˆ ˍ ≒ …
/// from DejaVu Sans, and the control pictures (␀ …) from Noto Sans Symbols 2. Small, so
/// stored as they are.
pub const SYMBOLS: &[u8] = include_bytes!("../../assets/fonts/NhiSymbols-Regular.ttf");
pub const SYMBOLS2: &[u8] =
    include_bytes!("../../assets/fonts/NotoSansSymbols2-Regular.subset.ttf");

static REGULAR: OnceLock<Vec<u8>> = OnceLock::new();
static BOLD: OnceLock<Vec<u8>> = OnceLock::new();

/// Noto Sans TC Regular (unpacked on first use).
pub fn regular() -> &'static [u8] {
    REGULAR.get_or_init(|| unpack("Regular", REGULAR_LZ4))
}

/// Noto Sans TC Bold (unpacked on first use).
pub fn bold() -> &'static [u8] {
    BOLD.get_or_init(|| unpack("Bold", BOLD_LZ4))
}

/// Unpacks both fonts at once, Bold on a thread of its own, and returns when both are there.
pub fn unpack_both() {
    let other = std::thread::Builder::new()
        .name("font-bold".into())
        .spawn(|| {
            bold();
        });
    regular();
    match other {
        Ok(handle) => {
            let _ = handle.join();
        }
        // No thread to be had: unpack it here.
        Err(_) => {
            bold();
        }
    }
}

/// The data is the app's own, checked by the tests; should it ever be damaged, the app still
/// runs (with the system's fonts) and says why in the log, rather than stopping.
fn unpack(name: &str, packed: &[u8]) -> Vec<u8> {
    let started = std::time::Instant::now();
    // The unpacked size is in front: one allocation of exactly that.
    match lz4_flex::block::decompress_size_prepended(packed) {
        Ok(font) => {
            tracing::debug!(
                font = name,
                bytes = font.len(),
                micros = started.elapsed().as_micros(),
                "font unpacked"
            );
            font
        }
        Err(e) => {
            tracing::error!(font = name, error = %e, "the bundled font could not be unpacked");
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_fonts_unpack_to_truetype() {
        unpack_both();
        for font in [regular(), bold(), SYMBOLS, SYMBOLS2] {
            assert!(font.len() > 4_000, "{} bytes", font.len());
            assert_eq!(&font[..4], &[0, 1, 0, 0], "a TrueType font");
        }
        assert!(regular().len() > 6_000_000, "the whole Regular font");
    }
}
