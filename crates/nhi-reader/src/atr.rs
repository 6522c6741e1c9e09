//! The card type guessed from the ATR, by the public list of smart-card ATRs.
//!
//! An ATR identifies the chip and its operating system, not the application on it, so it can
//! never prove "NHI card": only SELECT of the NHI applet does, and the app always sends it.
//! The guess lets diagnostics name the card in the reader, and lets the app tell a Citizen
//! Digital Certificate (自然人憑證) from "not an NHI card" once SELECT has failed.
//!
//! The table is the facts of Ludovic Rousseau's public ATR list, `smartcard_list.txt`
//! (pcsc-tools; Debian package `pcsc-tools` installs it as
//! `/usr/share/pcsc/smartcard_list.txt`; <https://pcsc-tools.apdu.fr/smartcard_list.txt>),
//! version of 2023 in pcsc-tools 1.6.2: every entry it gives for a Taiwan NHI card, the
//! Taiwanese health-professional card and the MOICA Citizen Digital Certificate, with the
//! list's own words. The ATRs are facts copied from it, not its text or code.

use serde::Serialize;

/// A Taiwan card the public ATR list names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListedCard {
    /// 健保卡, the National Health Insurance IC card.
    NhiCard,
    /// 醫事人員卡, the health-professional card (TW HPC).
    HealthProfessionalCard,
    /// 自然人憑證, the MOICA Citizen Digital Certificate.
    CitizenDigitalCertificate,
}

/// One entry of the list.
#[derive(Debug, Clone, Copy)]
pub struct ListedAtr {
    pub atr: &'static [u8],
    pub card: ListedCard,
    /// What the list says the ATR is.
    pub listed_as: &'static str,
}

/// Every Taiwan NHI, health-professional and Citizen Digital Certificate ATR in the list.
pub const LISTED_ATRS: &[ListedAtr] = &[
    ListedAtr {
        atr: &NHI_CARD_ATR,
        card: ListedCard::NhiCard,
        listed_as: "IC card for the National Health Insurance, Taiwan",
    },
    ListedAtr {
        atr: &[
            0x3B, 0xFC, 0x18, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x45, 0x80, 0x73, 0xC8, 0x21, 0x13,
            0x66, 0x02, 0x04, 0x03, 0x55, 0x00, 0x02, 0xD2,
        ],
        card: ListedCard::NhiCard,
        listed_as: "National Health Insurance Card, Taiwan",
    },
    ListedAtr {
        // Historical bytes "JCOP21v231GDT".
        atr: &[
            0x3B, 0xFD, 0x13, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x45, 0x4A, 0x43, 0x4F, 0x50, 0x32,
            0x31, 0x76, 0x32, 0x33, 0x31, 0x47, 0x44, 0x54, 0xE1,
        ],
        card: ListedCard::NhiCard,
        listed_as: "National Health Insurance Card, Taiwan",
    },
    ListedAtr {
        // Historical bytes "SLJ52GxxyyyzR".
        atr: &[
            0x3B, 0xFD, 0x18, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x45, 0x53, 0x4C, 0x4A, 0x35, 0x32,
            0x47, 0x78, 0x78, 0x79, 0x79, 0x79, 0x7A, 0x52, 0xAA,
        ],
        card: ListedCard::NhiCard,
        listed_as: "The National Health Insurance Card issued by the National Health Insurance \
                    Administration Ministy of Health and Welfare in Taiwan (HealthCare)",
    },
    ListedAtr {
        // Historical bytes "THCC10TECOGDHN2".
        atr: &[
            0x3B, 0xFF, 0x18, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x54, 0x48, 0x43, 0x43, 0x31,
            0x30, 0x54, 0x45, 0x43, 0x4F, 0x47, 0x44, 0x48, 0x4E, 0x32, 0x24,
        ],
        card: ListedCard::NhiCard,
        listed_as: "National Health Insurance Card, Taiwan",
    },
    ListedAtr {
        // Historical bytes "THCC10TECOGDIN1".
        atr: &[
            0x3B, 0xFF, 0x18, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x54, 0x48, 0x43, 0x43, 0x31,
            0x30, 0x54, 0x45, 0x43, 0x4F, 0x47, 0x44, 0x49, 0x4E, 0x31, 0x26,
        ],
        card: ListedCard::NhiCard,
        listed_as: "National Health Insurance Card, Taiwan",
    },
    ListedAtr {
        atr: &HEALTH_PROFESSIONAL_CARD_ATR,
        card: ListedCard::HealthProfessionalCard,
        listed_as: "Taiwanese Health Professional Card(TW HPC) (HealthCare)",
    },
    ListedAtr {
        atr: &[
            0x3B, 0x8B, 0x80, 0x01, 0x00, 0x31, 0xC1, 0x64, 0x08, 0x40, 0x21, 0x30, 0x00, 0x90,
            0x00, 0x57,
        ],
        card: ListedCard::CitizenDigitalCertificate,
        listed_as: "MOICA Citizen Digital Certificate of Taiwan R.O.C. (PKI)",
    },
    ListedAtr {
        // Historical bytes "CHTMOICA".
        atr: &CITIZEN_DIGITAL_CERTIFICATE_ATR,
        card: ListedCard::CitizenDigitalCertificate,
        listed_as: "citizen digital certificate (PKI) http://moica.nat.gov.tw/",
    },
    ListedAtr {
        // Historical bytes "CHTGPKIJ".
        atr: &[
            0x3B, 0xD8, 0x96, 0x00, 0x81, 0xB1, 0xFE, 0x45, 0x1F, 0x07, 0x43, 0x48, 0x54, 0x47,
            0x50, 0x4B, 0x49, 0x4A, 0xDD,
        ],
        card: ListedCard::CitizenDigitalCertificate,
        listed_as: "Citizen Digital Certificate, Taiwan (PKI)",
    },
];

/// A listed NHI card ATR (T=1, no TA1): the one the virtual demo card answers with.
pub const NHI_CARD_ATR: [u8; 23] = [
    0x3B, 0xEE, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x45, 0x80, 0x31, 0x80, 0x66, 0x40, 0x90, 0x93, 0x06,
    0x0F, 0x17, 0x83, 0x0F, 0x90, 0x00, 0xF3,
];

/// The listed health-professional card ATR (historical bytes "PV_J2D081").
pub const HEALTH_PROFESSIONAL_CARD_ATR: [u8; 19] = [
    0x3B, 0xF9, 0x18, 0x00, 0x00, 0x81, 0x31, 0xFE, 0x45, 0x50, 0x56, 0x5F, 0x4A, 0x32, 0x44, 0x30,
    0x38, 0x31, 0xB6,
];

/// A listed Citizen Digital Certificate ATR (historical bytes "CHTMOICA").
pub const CITIZEN_DIGITAL_CERTIFICATE_ATR: [u8; 17] = [
    0x3B, 0xB8, 0x13, 0x00, 0x81, 0x31, 0xFA, 0x52, 0x43, 0x48, 0x54, 0x4D, 0x4F, 0x49, 0x43, 0x41,
    0xA5,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardTypeGuess {
    /// The list names this ATR as a Taiwan NHI card: possibly one (other cards on the same
    /// chip may share it). Confirm with SELECT.
    PossiblyNhi,
    /// The list names this ATR as the Taiwanese health-professional card.
    HealthProfessional,
    /// The list names this ATR as the MOICA Citizen Digital Certificate.
    CitizenDigitalCertificate,
    /// A well-formed ATR we have no opinion on. It may still be an NHI card: try SELECT.
    Unknown,
    /// No ATR: the card is in but mute.
    NoAtr,
    /// The first byte (TS) is neither 3B nor 3F, so this is not an ISO 7816-3 ATR.
    Malformed,
}

/// The list's name for `atr`, if it has one.
pub fn listed(atr: &[u8]) -> Option<ListedCard> {
    LISTED_ATRS.iter().find(|l| l.atr == atr).map(|l| l.card)
}

pub fn guess_card_type(atr: &[u8]) -> CardTypeGuess {
    match atr.first() {
        None => CardTypeGuess::NoAtr,
        Some(0x3B | 0x3F) => match listed(atr) {
            Some(ListedCard::NhiCard) => CardTypeGuess::PossiblyNhi,
            Some(ListedCard::HealthProfessionalCard) => CardTypeGuess::HealthProfessional,
            Some(ListedCard::CitizenDigitalCertificate) => CardTypeGuess::CitizenDigitalCertificate,
            None => CardTypeGuess::Unknown,
        },
        Some(_) => CardTypeGuess::Malformed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same facts as the list, written out as it prints them: this always runs
    /// (`crates/nhi-reader/tests/atr_list.rs` also checks the installed list itself, when it is there).
    const AS_LISTED: [(&str, CardTypeGuess); 10] = [
        (
            "3B EE 00 00 81 31 FE 45 80 31 80 66 40 90 93 06 0F 17 83 0F 90 00 F3",
            CardTypeGuess::PossiblyNhi,
        ),
        (
            "3B FC 18 00 00 81 31 FE 45 80 73 C8 21 13 66 02 04 03 55 00 02 D2",
            CardTypeGuess::PossiblyNhi,
        ),
        (
            "3B FD 13 00 00 81 31 FE 45 4A 43 4F 50 32 31 76 32 33 31 47 44 54 E1",
            CardTypeGuess::PossiblyNhi,
        ),
        (
            "3B FD 18 00 00 81 31 FE 45 53 4C 4A 35 32 47 78 78 79 79 79 7A 52 AA",
            CardTypeGuess::PossiblyNhi,
        ),
        (
            "3B FF 18 00 FF 81 31 FE 45 54 48 43 43 31 30 54 45 43 4F 47 44 48 4E 32 24",
            CardTypeGuess::PossiblyNhi,
        ),
        (
            "3B FF 18 00 FF 81 31 FE 45 54 48 43 43 31 30 54 45 43 4F 47 44 49 4E 31 26",
            CardTypeGuess::PossiblyNhi,
        ),
        (
            "3B F9 18 00 00 81 31 FE 45 50 56 5F 4A 32 44 30 38 31 B6",
            CardTypeGuess::HealthProfessional,
        ),
        (
            "3B 8B 80 01 00 31 C1 64 08 40 21 30 00 90 00 57",
            CardTypeGuess::CitizenDigitalCertificate,
        ),
        (
            "3B B8 13 00 81 31 FA 52 43 48 54 4D 4F 49 43 41 A5",
            CardTypeGuess::CitizenDigitalCertificate,
        ),
        (
            "3B D8 96 00 81 B1 FE 45 1F 07 43 48 54 47 50 4B 49 4A DD",
            CardTypeGuess::CitizenDigitalCertificate,
        ),
    ];

    fn bytes(listed: &str) -> Vec<u8> {
        hex::decode(listed.replace(' ', "")).unwrap()
    }

    #[test]
    fn every_listed_taiwan_atr_is_classified_as_the_list_says() {
        for (atr, guess) in AS_LISTED {
            assert_eq!(guess_card_type(&bytes(atr)), guess, "{atr}");
        }
        assert_eq!(LISTED_ATRS.len(), AS_LISTED.len(), "one row per listed ATR");
    }

    #[test]
    fn the_table_is_well_formed() {
        for l in LISTED_ATRS {
            // ISO 7816-3: TS, T0, at most 31 more bytes; every listed one ends with its TCK.
            assert!((2..=33).contains(&l.atr.len()), "{}", l.listed_as);
            assert_eq!(l.atr[0], 0x3B, "{}", l.listed_as);
            let tck = l.atr[1..].iter().fold(0u8, |x, b| x ^ b);
            assert_eq!(tck, 0, "{}: the check byte does not add up", l.listed_as);
        }
        let mut seen = std::collections::HashSet::new();
        assert!(
            LISTED_ATRS.iter().all(|l| seen.insert(l.atr)),
            "a duplicate"
        );
    }

    #[test]
    fn other_atrs() {
        assert_eq!(guess_card_type(&[]), CardTypeGuess::NoAtr);
        assert_eq!(
            guess_card_type(&[0x3B, 0x8F, 0x80, 0x01]),
            CardTypeGuess::Unknown
        );
        assert_eq!(guess_card_type(&[0x00, 0x11]), CardTypeGuess::Malformed);
        // A truncated NHI ATR is not the NHI ATR.
        assert_eq!(guess_card_type(&NHI_CARD_ATR[..22]), CardTypeGuess::Unknown);
        // The list names this one an ACS ACOS-1 / ACOS3 card, not an NHI card.
        assert_eq!(
            guess_card_type(&bytes(
                "3B BE 11 00 00 41 01 38 00 00 00 00 00 00 00 00 01 90 00"
            )),
            CardTypeGuess::Unknown
        );
    }
}
