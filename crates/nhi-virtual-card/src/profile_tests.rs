use super::*;
use crate::{RARE_GLYPH_NAME, RARE_GLYPH_NAME_HEX, UNDECODABLE_NAME, UNDECODABLE_NAME_HEX};

fn name_field(profile: &CardProfile) -> Vec<u8> {
    profile.basic_data()[record::NAME].to_vec()
}

#[test]
fn every_builtin_is_valid_and_57_bytes() {
    for name in CardProfile::builtin_names() {
        let profile = CardProfile::builtin(name).unwrap();
        profile.validate().unwrap();
        assert_eq!(profile.basic_data().len(), RECORD_LEN, "{name}");
    }
    assert!(matches!(
        CardProfile::builtin("nope"),
        Err(ProfileError::UnknownBuiltin(_))
    ));
}

#[test]
fn second_card_differs_from_demo_in_every_personal_field() {
    let demo = CardProfile::builtin("demo").unwrap().basic_data();
    let second = CardProfile::builtin("second").unwrap().basic_data();
    for slot in [
        record::CARD_NUMBER,
        record::NAME,
        record::ID_NUMBER,
        record::BIRTH_DATE,
        record::ISSUE_DATE,
    ] {
        assert_ne!(demo[slot.clone()], second[slot]);
    }
    assert_eq!(&second[..12], b"000087654321");
}

#[test]
fn latin_name_is_ascii_and_space_padded() {
    let profile = CardProfile::builtin("latin-name").unwrap();
    assert_eq!(name_field(&profile), b"SMITH JOHN          ");
    assert_eq!(&profile.basic_data()[record::ID_NUMBER], b"A800000014");
}

#[test]
fn rare_glyph_and_undecodable_names_decode_as_whatwg_big5_does() {
    for (name, hex, decoded, had_errors) in [
        ("rare-glyph", RARE_GLYPH_NAME_HEX, RARE_GLYPH_NAME, false),
        (
            "undecodable-name",
            UNDECODABLE_NAME_HEX,
            UNDECODABLE_NAME,
            true,
        ),
    ] {
        let field = name_field(&CardProfile::builtin(name).unwrap());
        let raw = hex::decode(hex).unwrap();
        assert_eq!(&field[..raw.len()], &raw[..]);
        assert!(field[raw.len()..].iter().all(|&b| b == 0));
        let (text, _, errors) = encoding_rs::BIG5.decode(&raw);
        assert_eq!((&*text, errors), (decoded, had_errors), "{name}");
    }
    // The HKSCS pair cannot come from a string: the WHATWG encoder does not produce it.
    let (_, _, unmappable) = encoding_rs::BIG5.encode(RARE_GLYPH_NAME);
    assert!(unmappable);
}

#[test]
fn partial_json_takes_demo_defaults() {
    let profile = CardProfile::from_json(r#"{"name": "陳美玲", "protocol": "t0"}"#).unwrap();
    assert_eq!(profile.protocol, Protocol::T0);
    assert_eq!(profile.card_number, nhi_card::demo::DEMO_CARD_NUMBER);
    assert_eq!(
        name_field(&profile)[..6],
        [0xB3, 0xAF, 0xAC, 0xFC, 0xAC, 0xC2]
    );
    // An unknown field is tolerated (forward compatibility of profile files).
    CardProfile::from_json(r#"{"future_field": 1}"#).unwrap();
}

#[test]
fn json_round_trip_and_file_load() {
    let profile = CardProfile::builtin("rare-glyph").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("card.json");
    std::fs::write(&path, serde_json::to_string_pretty(&profile).unwrap()).unwrap();
    assert_eq!(CardProfile::load(&path).unwrap(), profile);
    assert_eq!(
        CardProfile::resolve(path.to_str().unwrap()).unwrap(),
        profile
    );
    assert_eq!(
        CardProfile::resolve("second").unwrap(),
        CardProfile::builtin("second").unwrap()
    );
    assert!(matches!(
        CardProfile::load(dir.path().join("missing.json")),
        Err(ProfileError::Io { .. })
    ));
}

#[test]
fn bad_fields_are_named_in_the_error() {
    let cases = [
        (r#"{"card_number": "123"}"#, "card_number"),
        (r#"{"id_number": "A12345678Ω"}"#, "id_number"),
        (r#"{"birth_date": "1960-02-30"}"#, "birth_date"),
        (r#"{"issue_date": "109-01-02"}"#, "issue_date"),
        (r#"{"sex": "X"}"#, "sex"),
        (r#"{"name": "王小明王小明王小明王小明X"}"#, "name"),
        (r#"{"name": "😀"}"#, "name"),
        (r#"{"name_hex": "zz"}"#, "name_hex"),
        (r#"{"atr_hex": "3B"}"#, "atr_hex"),
        (r#"{"key_hex": "0011"}"#, "key_hex"),
        (r#"{"select_sw": "90"}"#, "select_sw"),
        (r#"{"read_sw": "6A8G"}"#, "read_sw"),
        (r#"{"raw_basic_data_hex": "0"}"#, "raw_basic_data_hex"),
    ];
    for (json, field) in cases {
        match CardProfile::from_json(json) {
            Err(ProfileError::Field { field: f, .. }) => assert_eq!(f, field, "{json}"),
            other => panic!("{json}: expected a `{field}` error, got {other:?}"),
        }
    }
    assert!(matches!(
        CardProfile::from_json("{"),
        Err(ProfileError::Json(_))
    ));
}

#[test]
fn raw_record_and_length_override() {
    let profile = CardProfile::from_json(
        r#"{"raw_basic_data_hex": "41 42 43", "basic_data_len": 5, "card_number": "bad"}"#,
    )
    .unwrap();
    assert_eq!(profile.basic_data(), b"ABC");
    assert_eq!(profile.read_answer(), b"ABC\0\0");
}

#[test]
fn default_atrs_are_well_formed() {
    let t1 = CardProfile::default().atr();
    // T=1 is offered, so the ATR carries a check byte: T0..TCK XOR to zero.
    assert_eq!(t1[1..].iter().fold(0, |acc, b| acc ^ b), 0);
    // TS T0 TB1 TC1 TD1 TD2 TA3 TB3, the historical bytes, TCK.
    assert_eq!(
        usize::from(t1[1] & 0x0F),
        t1.len() - 9,
        "historical byte count"
    );
    // The ATR the public list gives the NHI card, so ATR readers see an NHI card.
    assert_eq!(t1, nhi_reader::atr::NHI_CARD_ATR);
    assert_eq!(
        nhi_reader::guess_card_type(&t1),
        nhi_reader::CardTypeGuess::PossiblyNhi
    );
    let t0 = CardProfile::builtin("t0").unwrap().atr();
    assert_eq!(usize::from(t0[1] & 0x0F), t0.len() - 2);
    assert_ne!(t0, t1);
    let custom = CardProfile {
        atr_hex: Some("3b:02:14:50".into()),
        ..CardProfile::default()
    };
    assert_eq!(custom.atr(), [0x3B, 0x02, 0x14, 0x50]);
}

#[test]
fn not_nhi_overrides_select_status() {
    let profile = CardProfile::builtin("not-nhi").unwrap();
    assert_eq!(profile.select_status(), 0x6A82);
    assert_eq!(CardProfile::default().select_status(), 0x9000);
    assert_eq!(
        CardProfile::builtin("health-professional")
            .unwrap()
            .read_status(),
        Some(0x6A86)
    );
}
