//! Property tests of the card layer: no panics on arbitrary card answers, parse round trips,
//! and masking that never shows the hidden characters.

use std::collections::VecDeque;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use nhi_card::apdu::Response;
use nhi_card::profile::BASIC_DATA_LEN;
use nhi_card::session::{CardTransport, authenticate, get_challenge, read_profile};
use nhi_card::{Profile, Sex, mask_id, mask_name};
use proptest::prelude::*;

/// A card that answers whatever the test generated, then reports the card as gone.
struct RandomCard {
    answers: VecDeque<Vec<u8>>,
}

impl CardTransport for RandomCard {
    type Error = &'static str;
    fn transmit(&mut self, _command: &[u8]) -> Result<Vec<u8>, Self::Error> {
        self.answers.pop_front().ok_or("card removed")
    }
}

/// Status words that drive the session down every path, plus arbitrary ones.
fn status_word() -> impl Strategy<Value = [u8; 2]> {
    prop_oneof![
        Just([0x90, 0x00]),
        any::<u8>().prop_map(|x| [0x61, x]),
        any::<u8>().prop_map(|x| [0x6C, x]),
        Just([0x6D, 0x00]),
        Just([0x6E, 0x00]),
        Just([0x6A, 0x86]),
        any::<[u8; 2]>(),
    ]
}

/// An answer: mostly "data + status word", sometimes raw garbage (including too short).
fn card_answer() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        4 => (prop::collection::vec(any::<u8>(), 0..80), status_word()).prop_map(|(mut d, sw)| {
            d.extend_from_slice(&sw);
            d
        }),
        1 => prop::collection::vec(any::<u8>(), 0..4),
    ]
}

/// CJK characters that WHATWG Big5 encodes as one two-byte pair and decodes back unchanged.
static BIG5_CJK: LazyLock<Vec<char>> = LazyLock::new(|| {
    ('\u{4E00}'..='\u{9FFF}')
        .filter(|&c| {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            let (bytes, _, unmappable) = encoding_rs::BIG5.encode(s);
            !unmappable
                && bytes.len() == 2
                && encoding_rs::BIG5.decode_without_bom_handling(&bytes).0 == *s
        })
        .collect()
});

fn chinese_name() -> impl Strategy<Value = String> {
    let pool_len = BIG5_CJK.len();
    // 20 bytes hold at most 10 Big5 characters.
    prop::collection::vec(0..pool_len, 1..=10)
        .prop_map(|indexes| indexes.into_iter().map(|i| BIG5_CJK[i]).collect())
}

fn latin_name() -> impl Strategy<Value = String> {
    "[A-Z]{1,9}( [A-Z]{1,9}){0,2}".prop_filter("fits in 20 bytes", |n| n.len() <= 20)
}

fn id_number() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][12][0-9]{8}",  // national ID
        "[A-Z][A-D][0-9]{8}", // old resident certificate
        "[A-Z][89][0-9]{8}",  // new resident certificate
    ]
}

/// Any date the ROC `YYY` field can hold: 1912-01-01 (ROC 1) to 2110-12-31 (ROC 199).
fn roc_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1912, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2110, 12, 31).unwrap();
    (0..=(last - first).num_days()).prop_map(move |d| first + chrono::Duration::days(d))
}

fn roc(date: NaiveDate) -> String {
    format!(
        "{:03}{:02}{:02}",
        date.year() - 1911,
        date.month(),
        date.day()
    )
}

#[derive(Debug)]
struct Fields {
    card_number: String,
    name: String,
    id_number: String,
    birth_date: NaiveDate,
    sex: Sex,
    sex_letter: u8,
    issue_date: NaiveDate,
    pad: u8,
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        "[0-9]{12}",
        prop_oneof![chinese_name(), latin_name()],
        id_number(),
        roc_date(),
        prop::sample::select(vec![
            (Sex::Male, b'M'),
            (Sex::Male, b'm'),
            (Sex::Female, b'F'),
            (Sex::Female, b'f'),
        ]),
        roc_date(),
        prop::sample::select(vec![0x00, b' ']),
    )
        .prop_map(
            |(card_number, name, id_number, birth_date, (sex, sex_letter), issue_date, pad)| {
                Fields {
                    card_number,
                    name,
                    id_number,
                    birth_date,
                    sex,
                    sex_letter,
                    issue_date,
                    pad,
                }
            },
        )
}

fn record(f: &Fields) -> Vec<u8> {
    let (name, _, unmappable) = encoding_rs::BIG5.encode(&f.name);
    assert!(!unmappable);
    let mut name_field = vec![f.pad; 20];
    name_field[..name.len()].copy_from_slice(&name);
    let mut r = Vec::with_capacity(BASIC_DATA_LEN);
    r.extend_from_slice(f.card_number.as_bytes());
    r.extend_from_slice(&name_field);
    r.extend_from_slice(f.id_number.as_bytes());
    r.extend_from_slice(roc(f.birth_date).as_bytes());
    r.push(f.sex_letter);
    r.extend_from_slice(roc(f.issue_date).as_bytes());
    assert_eq!(r.len(), BASIC_DATA_LEN);
    r
}

/// A 57-byte record whose fields are each either plausible or arbitrary, to reach every
/// field's validation rather than failing on the first.
fn near_valid_record() -> impl Strategy<Value = Vec<u8>> {
    fn field(valid: &'static str, len: usize) -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            valid.prop_map(String::into_bytes),
            prop::collection::vec(any::<u8>(), len),
        ]
    }
    (
        field("[0-9]{12}", 12),
        prop::collection::vec(any::<u8>(), 20),
        field("[A-Z][0-9]{9}", 10),
        field("[01][0-9]{2}[01][0-9][0-3][0-9]", 7),
        prop_oneof![Just(b'M'), Just(b'f'), any::<u8>()],
        field("[01][0-9]{2}[01][0-9][0-3][0-9]", 7),
    )
        .prop_map(|(a, b, c, d, e, f)| {
            let mut r = [a, b, c, d].concat();
            r.push(e);
            r.extend_from_slice(&f);
            r
        })
}

/// Positions `mask_id` must hide (mirrors its documented rule: 3 of 10 shown at each end).
fn hidden_id_positions(len: usize) -> std::ops::Range<usize> {
    let shown = len * 3 / 10;
    shown..len - shown
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn profile_parse_never_panics(data in prop::collection::vec(any::<u8>(), 0..120)) {
        let _ = Profile::parse(&data);
    }

    #[test]
    fn profile_parse_near_valid_never_panics(data in near_valid_record()) {
        if let Ok(p) = Profile::parse(&data) {
            // Whatever is accepted is clean text.
            prop_assert!(p.card_number.bytes().all(|b| b.is_ascii_graphic()));
            prop_assert!(p.id_number.bytes().all(|b| b.is_ascii_alphanumeric()));
            prop_assert!(!p.name.chars().any(char::is_control));
            let _ = format!("{p:?}");
        }
    }

    #[test]
    fn response_parse_never_panics(raw in prop::collection::vec(any::<u8>(), 0..300)) {
        match Response::parse(&raw) {
            Ok(r) => prop_assert_eq!(r.data.len() + 2, raw.len()),
            Err(_) => prop_assert!(raw.len() < 2),
        }
    }

    #[test]
    fn session_never_panics_on_random_answers(
        answers in prop::collection::vec(card_answer(), 0..24),
        challenge in any::<[u8; 32]>(),
    ) {
        let mut card = RandomCard { answers: answers.into() };
        let _ = read_profile(&mut card);
        let _ = get_challenge(&mut card);
        let _ = authenticate(&mut card, &challenge);
    }

    #[test]
    fn session_reads_a_valid_record_split_over_get_response(f in fields(), cut in 0..=BASIC_DATA_LEN) {
        let r = record(&f);
        let (first, second) = r.split_at(cut);
        let mut first = first.to_vec();
        first.extend_from_slice(&[0x61, u8::try_from(second.len()).unwrap()]);
        let mut second = second.to_vec();
        second.extend_from_slice(&[0x90, 0x00]);
        let mut card = RandomCard {
            answers: vec![vec![0x90, 0x00], first, second].into(),
        };
        let p = read_profile(&mut card).unwrap();
        prop_assert_eq!(&p.name, &f.name);
    }

    #[test]
    fn round_trip(f in fields()) {
        let parsed = Profile::parse(&record(&f)).unwrap();
        let expected = Profile {
            card_number: f.card_number.clone(),
            name: f.name.clone(),
            id_number: f.id_number.clone(),
            birth_date: f.birth_date,
            sex: f.sex,
            issue_date: f.issue_date,
        };
        prop_assert_eq!(&parsed, &expected);
        prop_assert_eq!(parsed.birth_date.to_string(), f.birth_date.format("%Y-%m-%d").to_string());
        // Debug never shows the ID or the birth date.
        let debug = format!("{parsed:?}");
        prop_assert!(!debug.contains(&f.id_number));
        prop_assert!(!debug.contains(&f.birth_date.to_string()));
    }

    #[test]
    fn mask_id_hides_the_middle(id in prop_oneof![id_number(), any::<String>()]) {
        let masked = mask_id(&id);
        let original: Vec<char> = id.chars().collect();
        let shown: Vec<char> = masked.chars().collect();
        prop_assert_eq!(shown.len(), original.len());
        for i in hidden_id_positions(original.len()) {
            prop_assert_eq!(shown[i], '*');
        }
    }

    #[test]
    fn mask_chinese_name_hides_all_but_the_ends(name in chinese_name()) {
        let masked: Vec<char> = mask_name(&name).chars().collect();
        let original: Vec<char> = name.chars().collect();
        let n = original.len();
        prop_assert_eq!(masked.len(), n);
        for (i, (&m, &o)) in masked.iter().zip(&original).enumerate() {
            let may_show = (i == 0 && n >= 2) || (i + 1 == n && n >= 3);
            prop_assert_eq!(m, if may_show { o } else { '○' });
        }
    }

    #[test]
    fn mask_latin_name_keeps_initials_only(name in latin_name()) {
        let masked = mask_name(&name);
        prop_assert_eq!(masked.len(), name.len());
        for (m, o) in masked.split(' ').zip(name.split(' ')) {
            let mut o = o.chars();
            let mut m = m.chars();
            prop_assert_eq!(m.next(), o.next());
            prop_assert!(m.all(|c| c == '*'));
        }
    }

    #[test]
    fn mask_name_never_panics(name in any::<String>()) {
        prop_assert_eq!(mask_name(&name).chars().count(), name.chars().count());
    }
}

#[test]
fn the_big5_pool_is_large() {
    // The round trip is only meaningful with thousands of distinct characters.
    assert!(BIG5_CJK.len() > 10_000, "{}", BIG5_CJK.len());
}
