//! How times and codes are written on screen. Pure functions, tested here.

use std::time::Duration;

use chrono::{Datelike, NaiveDateTime, Timelike};

use crate::i18n::Language;

/// The ROC (民國) year: the Gregorian year minus 1911.
pub fn roc_year(year: i32) -> i32 {
    year - 1911
}

/// An absolute time as the official site writes it: `民國115年11月30日 11:38:29` in Chinese,
/// `2026-11-30 11:38:29` in English.
pub fn datetime(language: Language, t: NaiveDateTime) -> String {
    match language {
        Language::TraditionalChinese => format!(
            "民國{}年{:02}月{:02}日 {:02}:{:02}:{:02}",
            roc_year(t.year()),
            t.month(),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ),
        Language::English => t.format("%Y-%m-%d %H:%M:%S").to_string(),
    }
}

/// `mm:ss`, rounding up so a fresh 15-minute code reads 15:00 and 0:00 means expired.
pub fn countdown(remaining: Duration) -> String {
    let secs = remaining.as_secs() + u64::from(remaining.subsec_nanos() > 0);
    format!("{:02}:{:02}", secs / 60, secs % 60)
}

/// `02511X66` → `0251 1X66`: two groups of four are easier to read out and type.
pub fn group_code(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn t() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 30)
            .unwrap()
            .and_hms_opt(11, 38, 29)
            .unwrap()
    }

    #[test]
    fn roc_datetime_as_the_official_site_writes_it() {
        assert_eq!(
            datetime(Language::TraditionalChinese, t()),
            "民國115年11月30日 11:38:29"
        );
        let feb = NaiveDate::from_ymd_opt(2017, 2, 13)
            .unwrap()
            .and_hms_opt(11, 38, 29)
            .unwrap();
        // The guide's own example.
        assert_eq!(
            datetime(Language::TraditionalChinese, feb),
            "民國106年02月13日 11:38:29"
        );
        assert_eq!(datetime(Language::English, t()), "2026-11-30 11:38:29");
    }

    #[test]
    fn countdown_rounds_up() {
        assert_eq!(countdown(Duration::from_secs(900)), "15:00");
        assert_eq!(countdown(Duration::from_millis(899_001)), "15:00");
        assert_eq!(countdown(Duration::from_millis(899_000)), "14:59");
        assert_eq!(countdown(Duration::from_millis(1)), "00:01");
        assert_eq!(countdown(Duration::ZERO), "00:00");
    }

    #[test]
    fn codes_are_grouped_four_and_four() {
        assert_eq!(group_code("02511X66"), "0251 1X66");
        assert_eq!(group_code("ABC"), "ABC");
    }
}
