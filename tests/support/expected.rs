//! What reading each built-in virtual card must give, written out by hand (not computed from
//! `CardProfile`), so a test comparing against it checks the card side and the host side
//! against a third, independent statement of the facts.

use nhi_companion::card::demo;
use nhi_companion::virtual_card::{RARE_GLYPH_NAME, UNDECODABLE_NAME};

/// The public basic data as `read-card --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedProfile {
    pub card_number: &'static str,
    pub name: &'static str,
    pub id_number: &'static str,
    /// YYYY-MM-DD
    pub birth_date: &'static str,
    pub sex: char,
    /// YYYY-MM-DD
    pub issue_date: &'static str,
}

impl ExpectedProfile {
    /// The exact JSON object `read-card --json` (and a `watch --json` `profile`) must print.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "card_number": self.card_number,
            "name": self.name,
            "id_number": self.id_number,
            "birth_date": self.birth_date,
            "sex": self.sex.to_string(),
            "issue_date": self.issue_date,
        })
    }
}

/// The outcome of reading a card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    Nhi(ExpectedProfile),
    /// SELECT of the NHI applet fails (`6A82`).
    NotNhi,
    /// READ answers `6A86`.
    HealthProfessional,
    /// SELECT fails (`6A82`) and the ATR is the one the public list gives the MOICA Citizen
    /// Digital Certificate: named as such by the reader layer, which sees the ATR.
    CitizenDigitalCertificate,
    /// READ answers 30 bytes instead of 57.
    Unreadable,
}

pub const DEMO: ExpectedProfile = ExpectedProfile {
    card_number: demo::DEMO_CARD_NUMBER,
    name: demo::DEMO_NAME,
    id_number: demo::DEMO_ID_NUMBER,
    birth_date: demo::DEMO_BIRTH_DATE,
    sex: demo::DEMO_SEX,
    issue_date: demo::DEMO_ISSUE_DATE,
};

pub const SECOND: ExpectedProfile = ExpectedProfile {
    card_number: "000087654321",
    name: "陳美玲",
    id_number: "B223456782",
    birth_date: "1975-11-23",
    sex: 'F',
    issue_date: "2019-06-30",
};

/// The demo card's data as literals, to check `card::demo` itself.
pub const DEMO_LITERAL: ExpectedProfile = ExpectedProfile {
    card_number: "000012345678",
    name: "王小明",
    id_number: "A123456789",
    birth_date: "1960-05-06",
    sex: 'M',
    issue_date: "2020-01-02",
};

/// Every built-in profile and what reading it gives. A profile added to the built-ins
/// without a line here fails `every_builtin_has_an_expectation`-style checks.
pub fn builtin(name: &str) -> Option<Expected> {
    Some(match name {
        "demo" | "t0" | "new-generation" => Expected::Nhi(DEMO),
        "health-professional" => Expected::HealthProfessional,
        "not-nhi" => Expected::NotNhi,
        "citizen-digital-certificate" => Expected::CitizenDigitalCertificate,
        "short-answer" => Expected::Unreadable,
        "latin-name" => Expected::Nhi(ExpectedProfile {
            card_number: "000055550001",
            name: "SMITH JOHN",
            id_number: "A800000014",
            birth_date: "1985-03-04",
            sex: 'M',
            issue_date: "2022-07-15",
        }),
        "rare-glyph" => Expected::Nhi(ExpectedProfile {
            card_number: "000055550002",
            name: RARE_GLYPH_NAME,
            id_number: "F223456786",
            sex: 'F',
            ..DEMO
        }),
        "undecodable-name" => Expected::Nhi(ExpectedProfile {
            card_number: "000055550003",
            name: UNDECODABLE_NAME,
            ..DEMO
        }),
        "second" => Expected::Nhi(SECOND),
        _ => return None,
    })
}
