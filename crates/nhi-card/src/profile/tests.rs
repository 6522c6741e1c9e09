use super::*;

const BIG5_WANG_XIAO_MING: &[u8] = &[0xA4, 0xFD, 0xA4, 0x70, 0xA9, 0xFA];

/// A 57-byte record with the demo values, the name given as raw bytes (padded with `pad`).
fn record_with_name(name: &[u8], pad: u8) -> Vec<u8> {
    let mut name_field = [pad; 20];
    name_field[..name.len()].copy_from_slice(name);
    let mut r = Vec::with_capacity(BASIC_DATA_LEN);
    r.extend_from_slice(b"000012345678");
    r.extend_from_slice(&name_field);
    r.extend_from_slice(b"A123456789");
    r.extend_from_slice(b"0490506");
    r.push(b'M');
    r.extend_from_slice(b"1090102");
    assert_eq!(r.len(), BASIC_DATA_LEN);
    r
}

fn demo_record() -> Vec<u8> {
    record_with_name(BIG5_WANG_XIAO_MING, 0)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn unreadable(reason: UnreadableReason) -> Result<Profile, CardError> {
    Err(CardError::Unreadable(reason))
}

fn bad_field(field: &'static str) -> Result<Profile, CardError> {
    unreadable(UnreadableReason::BadField { field })
}

#[test]
fn parses_the_demo_card() {
    use crate::demo::*;
    let p = Profile::parse(&demo_record()).unwrap();
    assert_eq!(p.card_number, DEMO_CARD_NUMBER);
    assert_eq!(p.name, DEMO_NAME);
    assert_eq!(p.id_number, DEMO_ID_NUMBER);
    assert_eq!(p.birth_date.to_string(), DEMO_BIRTH_DATE);
    assert_eq!(p.sex.as_letter(), DEMO_SEX);
    assert_eq!(p.issue_date.to_string(), DEMO_ISSUE_DATE);
}

#[test]
fn name_padding_nul_and_space() {
    for pad in [0x00, b' '] {
        let p = Profile::parse(&record_with_name(BIG5_WANG_XIAO_MING, pad)).unwrap();
        assert_eq!(p.name, "王小明", "pad {pad:#04x}");
    }
    // Mixed padding, as seen when a field was space-filled then NUL-terminated.
    let p = Profile::parse(&record_with_name(&[0xA4, 0xFD, 0xA4, 0x70, b' ', 0], b' '));
    assert_eq!(p.unwrap().name, "王小");
}

#[test]
fn name_eten_extension() {
    let p = Profile::parse(&record_with_name(&[0xA4, 0xFD, 0xC6, 0xA1], 0)).unwrap();
    assert_eq!(p.name, "王\u{2460}"); // ①
}

#[test]
fn name_hkscs_extension() {
    // 0x87 0x40 is HKSCS; encoding_rs (WHATWG index) decodes it to U+43F0.
    let p = Profile::parse(&record_with_name(&[0xA4, 0xFD, 0x87, 0x40], 0)).unwrap();
    assert_eq!(p.name, "王\u{43F0}");
}

#[test]
fn name_latin_keeps_inner_spaces() {
    let p = Profile::parse(&record_with_name(b"SMITH JOHN", b' ')).unwrap();
    assert_eq!(p.name, "SMITH JOHN");
    assert_eq!(p.masked_name(), "S**** J***");
}

#[test]
fn name_undecodable_pairs_become_replacement_and_other_fields_survive() {
    // 0x81 0x30: 0x30 is not a trail byte, so WHATWG emits U+FFFD and keeps the '0'.
    let p = Profile::parse(&record_with_name(&[0xA4, 0xFD, 0x81, 0x30], 0)).unwrap();
    assert_eq!(p.name, "王\u{FFFD}0");
    // 0xFF is never a lead byte: each one becomes U+FFFD.
    let p = Profile::parse(&record_with_name(&[0xA4, 0xFD, 0xFF, 0xFF], 0)).unwrap();
    assert_eq!(p.name, "王\u{FFFD}\u{FFFD}");
    assert_eq!(p.card_number, "000012345678");
    assert_eq!(p.id_number, "A123456789");
    assert_eq!(p.birth_date, date(1960, 5, 6));
    assert_eq!(p.issue_date, date(2020, 1, 2));
    // A lead byte cut off by the padding is one U+FFFD, not a failure.
    let p = Profile::parse(&record_with_name(&[0xA4, 0xFD, 0xA4], 0)).unwrap();
    assert_eq!(p.name, "王\u{FFFD}");
}

#[test]
fn name_control_characters_are_replaced() {
    let p = Profile::parse(&record_with_name(&[0xA4, 0xFD, 0x00, 0x1B, 0xA4, 0x70], 0));
    assert_eq!(p.unwrap().name, "王\u{FFFD}\u{FFFD}小");
}

#[test]
fn blank_name_is_unreadable() {
    assert_eq!(
        Profile::parse(&record_with_name(b"", b' ')),
        bad_field("name")
    );
}

#[test]
fn length_rules() {
    let r = demo_record();
    assert_eq!(
        Profile::parse(&r[..56]),
        unreadable(UnreadableReason::ShortAnswer { len: 56 })
    );
    assert_eq!(
        Profile::parse(&[]),
        unreadable(UnreadableReason::ShortAnswer { len: 0 })
    );
    let mut longer = r.clone();
    longer.extend_from_slice(&[0xFF; 10]);
    assert_eq!(Profile::parse(&longer), Profile::parse(&r));
}

#[test]
fn id_number_formats() {
    for id in [
        &b"A123456789"[..],
        b"AB12345678",
        b"A800000014",
        b"a123456789",
    ] {
        let mut r = demo_record();
        r[ID_NUMBER].copy_from_slice(id);
        assert_eq!(Profile::parse(&r).unwrap().id_number.as_bytes(), id);
    }
    let mut r = demo_record();
    r[ID_NUMBER].copy_from_slice(b"A1234567\0\0");
    assert_eq!(Profile::parse(&r).unwrap().id_number, "A1234567");
    for bad_id in [
        &b"A12345678-"[..],
        b"A1234\xA4\xFD789",
        b"          ",
        b"A12 456789",
    ] {
        let mut r = demo_record();
        r[ID_NUMBER].copy_from_slice(bad_id);
        assert_eq!(Profile::parse(&r), bad_field("id_number"), "{bad_id:?}");
    }
}

#[test]
fn card_number_must_be_printable_ascii() {
    let mut r = demo_record();
    r[CARD_NUMBER].copy_from_slice(b"0000123456\0\0");
    assert_eq!(Profile::parse(&r).unwrap().card_number, "0000123456");
    for bad_number in [
        &b"00001234567\x07"[..],
        b"0000\xA4\xFD345678",
        b"000012 45678",
        &[0; 12],
    ] {
        let mut r = demo_record();
        r[CARD_NUMBER].copy_from_slice(bad_number);
        assert_eq!(
            Profile::parse(&r),
            bad_field("card_number"),
            "{bad_number:?}"
        );
    }
}

#[test]
fn dates() {
    let mut r = demo_record();
    r[BIRTH_DATE].copy_from_slice(b"0010101");
    r[ISSUE_DATE].copy_from_slice(b"1991231");
    let p = Profile::parse(&r).unwrap();
    assert_eq!(p.birth_date, date(1912, 1, 1));
    assert_eq!(p.issue_date, date(2110, 12, 31));
    // Leap day: 2020 = ROC 109.
    r[ISSUE_DATE].copy_from_slice(b"1090229");
    assert_eq!(Profile::parse(&r).unwrap().issue_date, date(2020, 2, 29));

    for bad_date in [
        &b"0491306"[..], // month 13
        b"0490230",      // Feb 30
        b"1100229",      // Feb 29 in 2021
        b"0490500",      // day 0
        b"0000506",      // ROC year 0
        b"04905 6",      // not digits
        b"\0\0\0\0\0\0\0",
    ] {
        let mut r = demo_record();
        r[BIRTH_DATE].copy_from_slice(bad_date);
        assert_eq!(Profile::parse(&r), bad_field("birth_date"), "{bad_date:?}");
        let mut r = demo_record();
        r[ISSUE_DATE].copy_from_slice(bad_date);
        assert_eq!(Profile::parse(&r), bad_field("issue_date"), "{bad_date:?}");
    }
}

#[test]
fn sex_letters() {
    for (byte, sex) in [
        (b'M', Sex::Male),
        (b'm', Sex::Male),
        (b'F', Sex::Female),
        (b'f', Sex::Female),
    ] {
        let mut r = demo_record();
        r[SEX] = byte;
        assert_eq!(Profile::parse(&r).unwrap().sex, sex);
    }
    for byte in [b'X', b' ', 0, b'1', 0xA4] {
        let mut r = demo_record();
        r[SEX] = byte;
        assert_eq!(Profile::parse(&r), bad_field("sex"));
    }
    assert_eq!(Sex::Male.as_letter(), 'M');
    assert_eq!(Sex::Female.as_letter(), 'F');
}

#[test]
fn debug_is_masked() {
    let p = Profile::parse(&demo_record()).unwrap();
    let debug = format!("{p:?}");
    for secret in [
        "A123456789",
        "王小明",
        "小",
        "1960",
        "05-06",
        "2020",
        "000012345678",
    ] {
        assert!(!debug.contains(secret), "{secret} leaked in {debug}");
    }
    assert!(debug.contains("A12****789"), "{debug}");
    assert!(debug.contains("王○明"), "{debug}");
}

#[test]
fn mask_id_examples() {
    assert_eq!(mask_id("A123456789"), "A12****789");
    assert_eq!(mask_id("AB12345678"), "AB1****678");
    assert_eq!(mask_id(""), "");
    assert_eq!(mask_id("A"), "*");
    assert_eq!(mask_id("A12"), "***");
    assert_eq!(mask_id("A123"), "A**3");
    assert_eq!(mask_id("A1234567"), "A1****67");
    assert_eq!(mask_id("王小明王小明王小明王"), "王小明****小明王");
}

#[test]
fn mask_name_examples() {
    assert_eq!(mask_name("王小明"), "王○明");
    assert_eq!(mask_name("王明"), "王○");
    assert_eq!(mask_name("司馬小明"), "司○○明");
    assert_eq!(mask_name("王"), "○");
    assert_eq!(mask_name(""), "");
    assert_eq!(mask_name("SMITH JOHN"), "S**** J***");
    assert_eq!(mask_name("SMITH"), "S****");
    assert_eq!(mask_name("DE LA CRUZ  MARIA"), "D* L* C***  M****");
}
