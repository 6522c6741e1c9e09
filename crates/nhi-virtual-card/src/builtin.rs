//! The built-in profiles: the demo card, its quirky variants and a few other holders.

use super::profile::{CardProfile, Protocol};
use nhi_reader::atr::{CITIZEN_DIGITAL_CERTIFICATE_ATR, HEALTH_PROFESSIONAL_CARD_ATR};

/// Names accepted by `CardProfile::builtin`.
pub(crate) const NAMES: &[&str] = &[
    "demo",
    "t0",
    "new-generation",
    "health-professional",
    "not-nhi",
    "citizen-digital-certificate",
    "short-answer",
    "latin-name",
    "rare-glyph",
    "undecodable-name",
    "second",
];

/// `陳` (B3AF, Big5) + `𣻗` (8E40, HKSCS, U+23ED7: outside the BMP, and a byte pair the
/// WHATWG Big5 encoder never produces) + `碁` (F9D6, ETEN extension).
pub const RARE_GLYPH_NAME_HEX: &str = "B3AF8E40F9D6";
/// What WHATWG Big5 decodes [`RARE_GLYPH_NAME_HEX`] to.
pub const RARE_GLYPH_NAME: &str = "陳\u{23ED7}碁";
/// `王` (A4FD) + `81 A1` (a pair no Big5 table maps) + `明` (A9FA).
pub const UNDECODABLE_NAME_HEX: &str = "A4FD81A1A9FA";
/// What WHATWG Big5 decodes [`UNDECODABLE_NAME_HEX`] to: one U+FFFD for the bad pair.
pub const UNDECODABLE_NAME: &str = "王\u{FFFD}明";

pub(crate) fn profile(name: &str) -> Option<CardProfile> {
    let demo = CardProfile::default();
    Some(match name {
        "demo" => demo,
        "t0" => CardProfile {
            protocol: Protocol::T0,
            ..demo
        },
        "new-generation" => CardProfile {
            select_sw: "6D00".into(),
            ..demo
        },
        // With the ATR the public list gives the Taiwanese health-professional card.
        "health-professional" => CardProfile {
            read_sw: Some("6A86".into()),
            atr_hex: Some(hex::encode_upper(HEALTH_PROFESSIONAL_CARD_ATR)),
            ..demo
        },
        // A bank card, say: no NHI applet, an ATR no list knows.
        "not-nhi" => CardProfile {
            not_nhi: true,
            atr_hex: Some(super::profile::MADE_UP_ATR_T1.into()),
            ..demo
        },
        // No NHI applet, and the ATR the public list gives the MOICA Citizen Digital
        // Certificate (自然人憑證).
        "citizen-digital-certificate" => CardProfile {
            not_nhi: true,
            atr_hex: Some(hex::encode_upper(CITIZEN_DIGITAL_CERTIFICATE_ATR)),
            ..demo
        },
        "short-answer" => CardProfile {
            basic_data_len: Some(30),
            ..demo
        },
        // A foreign resident: Latin name, new-format resident ID (valid check digit).
        "latin-name" => CardProfile {
            card_number: "000055550001".into(),
            name: "SMITH JOHN".into(),
            id_number: "A800000014".into(),
            birth_date: "1985-03-04".into(),
            issue_date: "2022-07-15".into(),
            padding: super::profile::Padding::Space,
            ..demo
        },
        "rare-glyph" => CardProfile {
            card_number: "000055550002".into(),
            name_hex: Some(RARE_GLYPH_NAME_HEX.into()),
            id_number: "F223456786".into(),
            sex: 'F',
            ..demo
        },
        "undecodable-name" => CardProfile {
            card_number: "000055550003".into(),
            name_hex: Some(UNDECODABLE_NAME_HEX.into()),
            ..demo
        },
        "second" => CardProfile {
            card_number: "000087654321".into(),
            name: "陳美玲".into(),
            id_number: "B223456782".into(),
            birth_date: "1975-11-23".into(),
            sex: 'F',
            issue_date: "2019-06-30".into(),
            ..demo
        },
        _ => return None,
    })
}
