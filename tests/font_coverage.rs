//! The bundled fonts lose no glyph a person may need: every character of Big5 and Big5-HKSCS,
//! as encoding_rs decodes them (the WHATWG Big5 decoder, which is Big5-HKSCS: every lead and
//! trail byte pair that decodes), has a glyph in Noto Sans TC Regular or in the symbols font,
//! and in Bold or the symbols font; and every character of the app's own texts has a glyph in
//! both Noto weights. A card's name field is Big5, so this is what "every name renders" means.

use std::collections::BTreeSet;

use nhi_companion::ui::fonts;

/// Every character a two-byte Big5 sequence decodes to.
fn big5_characters() -> BTreeSet<char> {
    let mut chars = BTreeSet::new();
    let mut pairs = 0;
    for lead in 0x81..=0xFEu8 {
        for trail in (0x40..=0x7Eu8).chain(0xA1..=0xFE) {
            let bytes = [lead, trail];
            let (text, had_errors) = encoding_rs::BIG5.decode_without_bom_handling(&bytes);
            if had_errors {
                continue;
            }
            pairs += 1;
            chars.extend(text.chars());
        }
    }
    assert!(
        pairs > 18_000,
        "only {pairs} Big5 pairs decode: not Big5-HKSCS"
    );
    chars
}

/// `assets/fonts/big5-characters.txt`: the same set, for `scripts/build-fonts.py` (Python's
/// codecs are not WHATWG's Big5): code points in hex, 16 to a line.
fn big5_list(chars: &BTreeSet<char>) -> String {
    let hex: Vec<String> = chars
        .iter()
        .map(|c| format!("{:04X}", u32::from(*c)))
        .collect();
    let mut out = String::from(
        "# Every character a two-byte Big5 sequence decodes to (encoding_rs, WHATWG Big5 =\n\
         # Big5-HKSCS). Written by NHI_UPDATE_BIG5_LIST=1 cargo test --test font_coverage.\n",
    );
    for line in hex.chunks(16) {
        out.push_str(&line.join(" "));
        out.push('\n');
    }
    out
}

#[test]
fn the_build_scripts_big5_list_is_encoding_rs_s() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/fonts/big5-characters.txt");
    let expected = big5_list(&big5_characters());
    if std::env::var_os("NHI_UPDATE_BIG5_LIST").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == expected,
        "{} is not encoding_rs's Big5 set: run NHI_UPDATE_BIG5_LIST=1 cargo test --test font_coverage, then scripts/build-fonts.py",
        path.display()
    );
}

fn face(data: &[u8]) -> ttf_parser::Face<'_> {
    ttf_parser::Face::parse(data, 0).expect("a font")
}

fn missing(chars: &BTreeSet<char>, faces: &[&ttf_parser::Face<'_>]) -> Vec<char> {
    chars
        .iter()
        .copied()
        .filter(|c| faces.iter().all(|f| f.glyph_index(*c).is_none()))
        .collect()
}

#[test]
fn every_big5_and_hkscs_character_has_a_glyph_in_both_weights() {
    fonts::unpack_both();
    let regular = face(fonts::regular());
    let bold = face(fonts::bold());
    let symbols = face(fonts::SYMBOLS);
    let symbols2 = face(fonts::SYMBOLS2);
    let chars = big5_characters();
    assert!(chars.len() > 18_000, "{} characters", chars.len());
    for (weight, noto) in [("Regular", &regular), ("Bold", &bold)] {
        let gaps = missing(&chars, &[noto, &symbols, &symbols2]);
        assert!(
            gaps.is_empty(),
            "{weight}: {} Big5/HKSCS characters have no glyph: {}",
            gaps.len(),
            gaps.iter().take(40).collect::<String>()
        );
    }
    // The symbols fonts hold only what Noto Sans TC lacks.
    let noto_gaps = missing(&chars, &[&regular]);
    assert!(
        noto_gaps.len() < 50,
        "the symbols font stands in for {} characters",
        noto_gaps.len()
    );
}

#[test]
fn every_character_of_the_apps_texts_has_a_glyph_in_both_weights() {
    fonts::unpack_both();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut chars = BTreeSet::new();
    for language in ["zh-TW", "en"] {
        let text = std::fs::read_to_string(root.join("i18n").join(language).join("main.ftl"))
            .expect("the translations");
        chars.extend(text.chars().filter(|c| !c.is_control()));
    }
    let symbols = face(fonts::SYMBOLS);
    for (weight, data) in [("Regular", fonts::regular()), ("Bold", fonts::bold())] {
        let noto = face(data);
        let gaps = missing(&chars, &[&noto, &symbols]);
        assert!(
            gaps.is_empty(),
            "{weight}: the app's texts use characters with no glyph: {gaps:?}"
        );
    }
}
