//! The public ATR list installed on this machine (pcsc-tools' `smartcard_list.txt`, Debian
//! package `pcsc-tools`): every entry it gives for a Taiwan NHI card, the Taiwanese
//! health-professional card or the MOICA Citizen Digital Certificate must be classified as the
//! list says by `reader::atr`. The same facts as a fixed table are the unit tests of
//! `crates/nhi-reader/src/atr.rs`, which always run.
//!
//! Without the list this is skipped with a message, unless `CI` is set: CI installs
//! pcsc-tools (`scripts/setup-system.sh --test`), so there it must run.

use std::path::Path;

use nhi_reader::atr::{CardTypeGuess, LISTED_ATRS, guess_card_type};

const LIST: &str = "/usr/share/pcsc/smartcard_list.txt";

/// One entry: the ATR line as printed (upper-case hex pairs, `..` for any byte) and the
/// description lines under it.
struct Entry {
    atr: String,
    descriptions: Vec<String>,
}

/// The list's format: an ATR on a line of its own, then its descriptions, each indented by a
/// tab; `#` starts a comment; a blank line ends an entry.
fn parse(text: &str) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            open = false;
        } else if let Some(description) = line.strip_prefix('\t') {
            if open && let Some(entry) = entries.last_mut() {
                entry.descriptions.push(description.trim().to_owned());
            }
        } else {
            entries.push(Entry {
                atr: line.trim().to_owned(),
                descriptions: Vec::new(),
            });
            open = true;
        }
    }
    entries
}

/// What the list says the card is, for the three kinds of card this app tells apart.
fn kind(descriptions: &[String]) -> Option<CardTypeGuess> {
    let all = descriptions.join(" ").to_lowercase();
    let taiwan = all.contains("taiwan");
    if all.contains("national health insurance") && taiwan {
        Some(CardTypeGuess::PossiblyNhi)
    } else if all.contains("health professional") && taiwan {
        Some(CardTypeGuess::HealthProfessional)
    } else if all.contains("moica") || (all.contains("citizen digital certificate") && taiwan) {
        Some(CardTypeGuess::CitizenDigitalCertificate)
    } else {
        None
    }
}

#[test]
fn every_taiwan_nhi_moica_and_health_professional_atr_in_the_installed_list_is_classified() {
    if !Path::new(LIST).is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must check the installed ATR list; {LIST} is missing (apt-get install pcsc-tools)"
        );
        eprintln!("SKIPPED atr_list: {LIST} missing; apt-get install pcsc-tools");
        return;
    }
    // The list is UTF-8 in recent pcsc-tools; stay tolerant of a stray Latin-1 byte.
    let text = String::from_utf8_lossy(&std::fs::read(LIST).unwrap()).into_owned();
    let entries = parse(&text);
    assert!(
        entries.len() > 1000,
        "{LIST}: only {} entries",
        entries.len()
    );

    let mut found = Vec::new();
    for entry in &entries {
        let Some(want) = kind(&entry.descriptions) else {
            continue;
        };
        assert!(
            !entry.atr.contains('.'),
            "{}: a Taiwan entry with a wildcard ATR; crates/nhi-reader/src/atr.rs needs a pattern for it",
            entry.atr
        );
        let atr = hex::decode(entry.atr.replace(' ', ""))
            .unwrap_or_else(|e| panic!("{}: {e}", entry.atr));
        assert_eq!(
            guess_card_type(&atr),
            want,
            "{} ({:?}) is not classified as the list says",
            entry.atr,
            entry.descriptions
        );
        found.push(atr);
    }
    eprintln!("atr_list: {} Taiwan entries in {LIST}", found.len());
    // Every row of our table is in the list (it is the list's facts, nothing invented), and
    // the list's six NHI ATRs at least are there.
    for listed in LISTED_ATRS {
        assert!(
            found.iter().any(|a| a == listed.atr),
            "{:02X?} ({}) is not in {LIST}",
            listed.atr,
            listed.listed_as
        );
    }
    let nhi = found
        .iter()
        .filter(|a| guess_card_type(a) == CardTypeGuess::PossiblyNhi)
        .count();
    assert!(nhi >= 6, "only {nhi} NHI ATRs found in {LIST}");
}

#[test]
fn the_parser_reads_the_lists_format() {
    let text = "# a comment\n3B 00\n\tCard one\n\thttps://example.org\n\n3B 01\n\tCard two\n";
    let entries = parse(text);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].atr, "3B 00");
    assert_eq!(entries[0].descriptions, ["Card one", "https://example.org"]);
    assert_eq!(entries[1].descriptions, ["Card two"]);
    assert_eq!(
        kind(&["IC card for the National Health Insurance, Taiwan".into()]),
        Some(CardTypeGuess::PossiblyNhi)
    );
    assert_eq!(
        kind(&["Slovenian national health insurance card".into()]),
        None
    );
}
