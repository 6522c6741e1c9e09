//! The 57-byte basic-data record of the NHI card, and the masked forms shown on screen.
//!
//! Layout: `[0..12]` card number (ASCII), `[12..32]` name (Big5), `[32..42]` ID number (ASCII),
//! `[42..49]` birth date (ROC `YYYMMDD`), `[49]` sex (`M`/`F`), `[50..57]` issue date (ROC
//! `YYYMMDD`). Text fields are padded with NUL or space.

use std::fmt;
use std::ops::Range;

use chrono::NaiveDate;
use zeroize::{Zeroize, Zeroizing};

use super::error::{CardError, UnreadableReason};

/// Length of the basic-data record.
pub const BASIC_DATA_LEN: usize = 57;

const CARD_NUMBER: Range<usize> = 0..12;
const NAME: Range<usize> = 12..32;
const ID_NUMBER: Range<usize> = 32..42;
const BIRTH_DATE: Range<usize> = 42..49;
const SEX: usize = 49;
const ISSUE_DATE: Range<usize> = 50..57;

/// ROC (Minguo) year 1 is 1912.
const ROC_YEAR_OFFSET: i32 = 1911;

/// Shown instead of a date in `Debug` output.
const MASKED_DATE: &str = "****-**-**";

/// The card holder's sex as the card records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// `'M'` or `'F'`, as printed on the card.
    pub fn as_letter(self) -> char {
        match self {
            Sex::Male => 'M',
            Sex::Female => 'F',
        }
    }
}

/// The basic data of an NHI card.
///
/// Personal data: `Debug` prints masked values only, and the text fields are zeroized when the
/// profile is dropped (the dates are `Copy` values and cannot be wiped reliably).
#[derive(Clone, PartialEq, Eq)]
pub struct Profile {
    /// Card number, normally 12 ASCII digits.
    pub card_number: String,
    /// Holder's name: Chinese (decoded from Big5) or Latin for foreign residents.
    pub name: String,
    /// National ID or resident certificate number (`A123456789`, `AB12345678`, `A800000014`).
    pub id_number: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub issue_date: NaiveDate,
}

impl Profile {
    /// Parses the basic-data record. Bytes after the first [`BASIC_DATA_LEN`] are ignored.
    ///
    /// A name glyph that Big5 cannot decode becomes U+FFFD and never fails the read; anything
    /// wrong in the other fields is [`CardError::Unreadable`] naming the field.
    pub fn parse(data: &[u8]) -> Result<Profile, CardError> {
        let Some(record) = data.first_chunk::<BASIC_DATA_LEN>() else {
            return Err(UnreadableReason::ShortAnswer { len: data.len() }.into());
        };
        // Indexing a fixed-size array with constant in-bounds ranges cannot panic.
        Ok(Profile {
            card_number: parse_card_number(&record[CARD_NUMBER])?,
            name: parse_name(&record[NAME])?,
            id_number: parse_id_number(&record[ID_NUMBER])?,
            birth_date: parse_roc_date(&record[BIRTH_DATE], "birth_date")?,
            sex: parse_sex(record[SEX])?,
            issue_date: parse_roc_date(&record[ISSUE_DATE], "issue_date")?,
        })
    }

    /// The ID number as shown on screen: `A12****789`.
    pub fn masked_id(&self) -> String {
        mask_id(&self.id_number)
    }

    /// The name as shown on screen: `王○明`, `S**** J***`.
    pub fn masked_name(&self) -> String {
        mask_name(&self.name)
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        self.card_number.zeroize();
        self.name.zeroize();
        self.id_number.zeroize();
    }
}

/// Masked on purpose: profiles end up in logs through `{:?}`.
impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("card_number", &mask_id(&self.card_number))
            .field("name", &self.masked_name())
            .field("id_number", &self.masked_id())
            .field("birth_date", &MASKED_DATE)
            .field("sex", &"*")
            .field("issue_date", &MASKED_DATE)
            .finish()
    }
}

/// Drops trailing NUL/space padding. Done on bytes before decoding: neither 0x00 nor 0x20 can be
/// a Big5 trail byte (0x40–0x7E, 0xA1–0xFE), so this never cuts a character in half.
fn trim_padding(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .iter()
        .rposition(|&b| b != 0x00 && b != b' ')
        .map_or(0, |last| last + 1);
    bytes.get(..end).unwrap_or_default()
}

fn bad(field: &'static str) -> CardError {
    UnreadableReason::BadField { field }.into()
}

/// Validated ASCII to `String` without an intermediate copy to wipe.
fn ascii_string(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn parse_card_number(field: &[u8]) -> Result<String, CardError> {
    let value = trim_padding(field);
    // Digits are expected, but the number is only displayed and sent back to the service, so
    // any printable ASCII is tolerated; anything else means we are not reading what we think.
    if value.is_empty() || !value.iter().all(u8::is_ascii_graphic) {
        return Err(bad("card_number"));
    }
    Ok(ascii_string(value))
}

fn parse_id_number(field: &[u8]) -> Result<String, CardError> {
    let value = trim_padding(field);
    // Old (A123456789) and both resident formats (AB12345678, A800000014) are alphanumeric.
    if value.is_empty() || !value.iter().all(u8::is_ascii_alphanumeric) {
        return Err(bad("id_number"));
    }
    Ok(ascii_string(value))
}

fn parse_name(field: &[u8]) -> Result<String, CardError> {
    let value = trim_padding(field);
    if value.is_empty() {
        return Err(bad("name"));
    }
    // WHATWG Big5, as browsers decode it (HKSCS and ETEN extensions). Malformed pairs become
    // U+FFFD: one rare glyph must not make the whole card unreadable.
    let (decoded, _had_errors) = encoding_rs::BIG5.decode_without_bom_handling(value);
    let decoded = Zeroizing::new(decoded.into_owned());
    // Control characters (an interior NUL, an escape) have no place in a name and could upset
    // terminals or logs; show them as U+FFFD like any other undecodable byte.
    let clean = |c: char| if c.is_control() { '\u{FFFD}' } else { c };
    // Exact capacity: growing a String would leave unwiped copies of the name on the heap.
    let mut name = String::with_capacity(decoded.chars().map(|c| clean(c).len_utf8()).sum());
    name.extend(decoded.chars().map(clean));
    Ok(name)
}

fn parse_roc_date(field: &[u8], name: &'static str) -> Result<NaiveDate, CardError> {
    let &[y1, y2, y3, m1, m2, d1, d2] = field else {
        return Err(bad(name));
    };
    let mut digits = [y1, y2, y3, m1, m2, d1, d2];
    for digit in &mut digits {
        if !digit.is_ascii_digit() {
            return Err(bad(name));
        }
        *digit -= b'0';
    }
    let [y1, y2, y3, m1, m2, d1, d2] = digits.map(u32::from);
    let roc_year = y1 * 100 + y2 * 10 + y3;
    // There is no ROC year 0.
    if roc_year == 0 {
        return Err(bad(name));
    }
    let year = i32::try_from(roc_year).map_err(|_| bad(name))? + ROC_YEAR_OFFSET;
    NaiveDate::from_ymd_opt(year, m1 * 10 + m2, d1 * 10 + d2).ok_or_else(|| bad(name))
}

fn parse_sex(byte: u8) -> Result<Sex, CardError> {
    match byte {
        b'M' | b'm' => Ok(Sex::Male),
        b'F' | b'f' => Ok(Sex::Female),
        _ => Err(bad("sex")),
    }
}

/// How many characters [`mask_id`] shows at each end: 3 of a 10-character ID, fewer for
/// shorter input so that most of it stays hidden.
pub(crate) fn id_visible_each_end(len: usize) -> usize {
    len * 3 / 10
}

/// The on-screen form of an ID number: `A123456789` → `A12****789`.
///
/// Counts characters, not bytes, so arbitrary input never panics; short input is masked
/// proportionally (fewer than 4 characters are masked completely).
pub fn mask_id(id: &str) -> String {
    let len = id.chars().count();
    let visible = id_visible_each_end(len);
    id.chars()
        .enumerate()
        .map(|(i, c)| {
            if i < visible || i >= len - visible {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// The on-screen form of a name.
///
/// Chinese names keep the first and the last character (`王小明` → `王○明`, `司馬小明` →
/// `司○○明`; two characters keep the first: `王明` → `王○`; one is masked completely). Latin
/// names (ASCII, or anything with spaces) keep the first letter of each word: `SMITH JOHN` →
/// `S**** J***`.
pub fn mask_name(name: &str) -> String {
    if name.is_ascii() || name.chars().any(char::is_whitespace) {
        let mut word_start = true;
        name.chars()
            .map(|c| {
                if c.is_whitespace() {
                    word_start = true;
                    c
                } else if std::mem::take(&mut word_start) {
                    c
                } else {
                    '*'
                }
            })
            .collect()
    } else {
        let len = name.chars().count();
        name.chars()
            .enumerate()
            .map(|(i, c)| {
                let shown = (i == 0 && len >= 2) || (i + 1 == len && len >= 3);
                if shown { c } else { '○' }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
