//! The 57-byte basic-data record as the card stores it, built from plain values.
//!
//! Layout (DESIGN.md, "NHI card facts"): [0..12] card number ASCII, [12..32] name Big5,
//! [32..42] ID number ASCII, [42..49] birth date ROC `YYYMMDD`, [49] sex, [50..57] issue date
//! ROC `YYYMMDD`. This is the card side, written independently of the host-side parser in
//! `card::profile` so that the two can check each other.

use std::ops::Range;

/// Length of the basic-data record.
pub const RECORD_LEN: usize = 57;
pub(crate) const CARD_NUMBER: Range<usize> = 0..12;
pub(crate) const NAME: Range<usize> = 12..32;
pub(crate) const ID_NUMBER: Range<usize> = 32..42;
pub(crate) const BIRTH_DATE: Range<usize> = 42..49;
pub(crate) const SEX: usize = 49;
pub(crate) const ISSUE_DATE: Range<usize> = 50..57;

/// The ROC calendar counts years from 1912 (民國元年).
const ROC_YEAR_OFFSET: u32 = 1911;

/// `"YYYY-MM-DD"` → `b"YYYMMDD"` in the ROC calendar, or `None` if the date is not a real
/// date or falls outside what three ROC year digits can hold.
pub(crate) fn roc_date(iso: &str) -> Option<[u8; 7]> {
    let mut parts = iso.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let digits = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())?
    };
    let (year, month, day) = (digits(y)?, digits(m)?, digits(d)?);
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let roc_year = year
        .checked_sub(ROC_YEAR_OFFSET)
        .filter(|y| (1..=999).contains(y))?;
    let text = format!("{roc_year:03}{month:02}{day:02}");
    text.as_bytes().try_into().ok()
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Copies `value` into `slot`, filling the rest with `pad`; too-long values are cut, because
/// the card has fixed-width fields.
pub(crate) fn put(record: &mut [u8], slot: Range<usize>, value: &[u8], pad: u8) {
    let field = &mut record[slot];
    field.fill(pad);
    let n = value.len().min(field.len());
    field[..n].copy_from_slice(&value[..n]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roc_dates_are_year_minus_1911_zero_padded() {
        assert_eq!(&roc_date("1960-05-06").unwrap(), b"0490506");
        assert_eq!(&roc_date("2020-01-02").unwrap(), b"1090102");
        assert_eq!(&roc_date("1912-01-01").unwrap(), b"0010101");
        assert_eq!(&roc_date("2000-02-29").unwrap(), b"0890229");
    }

    #[test]
    fn impossible_dates_are_refused() {
        for bad in [
            "1911-12-31",
            "2911-01-01",
            "2021-02-29",
            "1900-02-29",
            "2020-13-01",
            "2020-04-31",
            "2020-1-02",
            "20200102",
            "2020-01-02-03",
            "",
            "abcd-ef-gh",
            "+202-01-02",
        ] {
            assert_eq!(roc_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn put_pads_and_truncates() {
        let mut record = [b'x'; 8];
        put(&mut record, 1..5, b"ab", 0);
        assert_eq!(&record, b"xab\0\0xxx");
        put(&mut record, 1..5, b"abcdefg", b' ');
        assert_eq!(&record, b"xabcdxxx");
    }
}
