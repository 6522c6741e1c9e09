//! `CardProfile`: what one virtual card holds and how it misbehaves, loadable from JSON.
//!
//! Every field has a default (`#[serde(default)]`), so a profile file only names what differs
//! from the demo card: `{"name": "陳美玲", "protocol": "t0"}` is a valid profile.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::record::{self, RECORD_LEN};
use nhi_card::auth::CardKey;
use nhi_card::demo;

/// How the card fills the unused tail of its fixed-width fields.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Padding {
    #[default]
    Nul,
    Space,
}

impl Padding {
    fn byte(self) -> u8 {
        match self {
            Padding::Nul => 0x00,
            Padding::Space => b' ',
        }
    }
}

/// The transmission protocol the card offers in its ATR, and how it returns data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// Data comes back with the command's answer.
    #[default]
    T1,
    /// Data-returning commands answer `61 xx`; the data follows on GET RESPONSE.
    T0,
}

/// A T=1 ATR that the public ATR list (pcsc-tools' `smartcard_list.txt`) gives "IC card for the
/// National Health Insurance, Taiwan" (`reader::atr::NHI_CARD_ATR`): TB1 TC1 TD1 = 81 (T=1),
/// TD2 = 31 (TA3 IFSC 254, TB3 BWI/CWI), 14 historical bytes, TCK. So the virtual card looks
/// like an NHI card to anything that reads ATRs, as the real one does.
const DEFAULT_ATR_T1: &str = "3B EE 00 00 81 31 FE 45 80 31 80 66 40 90 93 06 0F 17 83 0F 90 00 F3";
/// A T=1-only ATR made up for cards that are not NHI cards: TD1 = 81, TD2 = 31, historical
/// bytes "NHI-VCARD", TCK. Nothing here claims to be a real card's ATR.
pub(crate) const MADE_UP_ATR_T1: &str = "3B 89 81 31 FE 45 4E 48 49 2D 56 43 41 52 44 A2";
/// A T=0-only ATR (no interface bytes, so T=0 is implied and no TCK): historical "NHI-T0".
const DEFAULT_ATR_T0: &str = "3B 06 4E 48 49 2D 54 30";

/// The data and quirks of one virtual card. See the module docs for the JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CardProfile {
    /// 12 ASCII characters.
    pub card_number: String,
    /// Encoded as Big5 (WHATWG, like browsers) into the 20-byte name field.
    pub name: String,
    /// Raw name bytes (hex, at most 20), used instead of `name` to model bytes exactly,
    /// including HKSCS glyphs the Big5 encoder cannot produce and undecodable pairs.
    pub name_hex: Option<String>,
    /// 10 ASCII characters.
    pub id_number: String,
    /// ISO `YYYY-MM-DD`; the card stores ROC `YYYMMDD`.
    pub birth_date: String,
    /// 'M' or 'F'.
    pub sex: char,
    /// ISO `YYYY-MM-DD`; the card stores ROC `YYYMMDD`.
    pub issue_date: String,
    pub padding: Padding,
    /// The ATR (hex); default depends on `protocol`.
    pub atr_hex: Option<String>,
    /// The 32-byte card-authentication key (hex); default `CardKey::demo(card_number)`.
    pub key_hex: Option<String>,
    pub protocol: Protocol,
    /// Status word answered to SELECT of the NHI applet, e.g. "9000", or "6D00" for cards
    /// that do not support SELECT but still serve the read.
    pub select_sw: String,
    /// If set, READ answers this status word instead of the data ("6A86": a
    /// health-professional card).
    pub read_sw: Option<String>,
    /// The NHI applet is absent: SELECT answers `6A82` (bank card, Citizen Digital
    /// Certificate).
    pub not_nhi: bool,
    /// Answer only this many bytes of the record (models short answers).
    pub basic_data_len: Option<usize>,
    /// Replaces the whole record (hex, any length).
    pub raw_basic_data_hex: Option<String>,
}

impl Default for CardProfile {
    /// The demo card (`nhi_card::demo`).
    fn default() -> Self {
        Self {
            card_number: demo::DEMO_CARD_NUMBER.into(),
            name: demo::DEMO_NAME.into(),
            name_hex: None,
            id_number: demo::DEMO_ID_NUMBER.into(),
            birth_date: demo::DEMO_BIRTH_DATE.into(),
            sex: demo::DEMO_SEX,
            issue_date: demo::DEMO_ISSUE_DATE.into(),
            padding: Padding::Nul,
            atr_hex: None,
            key_hex: None,
            protocol: Protocol::T1,
            select_sw: "9000".into(),
            read_sw: None,
            not_nhi: false,
            basic_data_len: None,
            raw_basic_data_hex: None,
        }
    }
}

/// Why a profile cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("cannot read profile file {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("profile is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("unknown built-in profile {0:?} (known: {known})", known = super::builtin::NAMES.join(", "))]
    UnknownBuiltin(String),
    #[error("profile field `{field}`: {reason}")]
    Field { field: &'static str, reason: String },
}

fn field_error(field: &'static str, reason: impl Into<String>) -> ProfileError {
    ProfileError::Field {
        field,
        reason: reason.into(),
    }
}

/// Hex with optional whitespace or colons between bytes ("3B 89", "3b:89", "3B89").
fn parse_hex(field: &'static str, text: &str) -> Result<Vec<u8>, ProfileError> {
    let compact: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    hex::decode(&compact).map_err(|e| field_error(field, format!("not hex: {e}")))
}

fn parse_sw(field: &'static str, text: &str) -> Result<u16, ProfileError> {
    let bytes = parse_hex(field, text)?;
    match bytes[..] {
        [sw1, sw2] => Ok(u16::from_be_bytes([sw1, sw2])),
        _ => Err(field_error(
            field,
            "a status word is two bytes, e.g. \"9000\"",
        )),
    }
}

fn check_ascii(field: &'static str, value: &str, len: usize) -> Result<(), ProfileError> {
    if value.len() != len || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(field_error(
            field,
            format!("must be {len} printable ASCII characters, got {value:?}"),
        ));
    }
    Ok(())
}

impl CardProfile {
    /// A built-in profile by name (see [`CardProfile::builtin_names`]).
    pub fn builtin(name: &str) -> Result<Self, ProfileError> {
        super::builtin::profile(name).ok_or_else(|| ProfileError::UnknownBuiltin(name.into()))
    }

    /// Names accepted by [`CardProfile::builtin`].
    pub fn builtin_names() -> &'static [&'static str] {
        super::builtin::NAMES
    }

    /// Reads and validates a JSON profile file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, ProfileError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| ProfileError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_json(&text)
    }

    /// Parses and validates a JSON profile.
    pub fn from_json(text: &str) -> Result<Self, ProfileError> {
        let profile: Self = serde_json::from_str(text)?;
        profile.validate()?;
        Ok(profile)
    }

    /// A built-in name if it is one, otherwise a path to a JSON file.
    pub fn resolve(name_or_path: &str) -> Result<Self, ProfileError> {
        match super::builtin::profile(name_or_path) {
            Some(profile) => Ok(profile),
            None if Path::new(name_or_path).exists() => Self::load(name_or_path),
            None => Err(ProfileError::UnknownBuiltin(name_or_path.into())),
        }
    }

    /// Checks every field, so that the accessors below cannot meet bad data later.
    pub fn validate(&self) -> Result<(), ProfileError> {
        if let Some(raw) = &self.raw_basic_data_hex {
            parse_hex("raw_basic_data_hex", raw)?;
        } else {
            check_ascii("card_number", &self.card_number, record::CARD_NUMBER.len())?;
            check_ascii("id_number", &self.id_number, record::ID_NUMBER.len())?;
            self.name_bytes()?;
            for (field, date) in [
                ("birth_date", &self.birth_date),
                ("issue_date", &self.issue_date),
            ] {
                record::roc_date(date)
                    .ok_or_else(|| field_error(field, format!("not a date: {date:?}")))?;
            }
            if !matches!(self.sex, 'M' | 'F') {
                return Err(field_error("sex", "must be \"M\" or \"F\""));
            }
        }
        self.try_atr()?;
        self.try_key()?;
        parse_sw("select_sw", &self.select_sw)?;
        if let Some(sw) = &self.read_sw {
            parse_sw("read_sw", sw)?;
        }
        Ok(())
    }

    fn name_bytes(&self) -> Result<Vec<u8>, ProfileError> {
        let bytes = match &self.name_hex {
            Some(hex) => parse_hex("name_hex", hex)?,
            None => {
                let (bytes, _, unmappable) = encoding_rs::BIG5.encode(&self.name);
                if unmappable {
                    return Err(field_error(
                        "name",
                        "has characters Big5 cannot encode; give the bytes as name_hex",
                    ));
                }
                bytes.into_owned()
            }
        };
        if bytes.len() > record::NAME.len() {
            return Err(field_error("name", "longer than 20 bytes in Big5"));
        }
        Ok(bytes)
    }

    /// The 57-byte basic-data record (or `raw_basic_data_hex`), before `basic_data_len`.
    ///
    /// Never panics: on a profile that failed [`CardProfile::validate`], bad fields are left
    /// as padding.
    pub fn basic_data(&self) -> Vec<u8> {
        if let Some(raw) = &self.raw_basic_data_hex {
            return parse_hex("raw_basic_data_hex", raw).unwrap_or_default();
        }
        let pad = self.padding.byte();
        let mut out = vec![pad; RECORD_LEN];
        record::put(
            &mut out,
            record::CARD_NUMBER,
            self.card_number.as_bytes(),
            pad,
        );
        record::put(
            &mut out,
            record::NAME,
            &self.name_bytes().unwrap_or_default(),
            pad,
        );
        record::put(&mut out, record::ID_NUMBER, self.id_number.as_bytes(), pad);
        if let Some(date) = record::roc_date(&self.birth_date) {
            out[record::BIRTH_DATE].copy_from_slice(&date);
        }
        out[record::SEX] = if self.sex.is_ascii() {
            self.sex as u8
        } else {
            pad
        };
        if let Some(date) = record::roc_date(&self.issue_date) {
            out[record::ISSUE_DATE].copy_from_slice(&date);
        }
        out
    }

    /// What READ answers: the record cut to `basic_data_len` if set.
    pub fn read_answer(&self) -> Vec<u8> {
        let mut data = self.basic_data();
        if let Some(len) = self.basic_data_len {
            data.resize(len, 0);
        }
        data
    }

    fn try_atr(&self) -> Result<Vec<u8>, ProfileError> {
        let text = self.atr_hex.as_deref().unwrap_or(match self.protocol {
            Protocol::T1 => DEFAULT_ATR_T1,
            Protocol::T0 => DEFAULT_ATR_T0,
        });
        let atr = parse_hex("atr_hex", text)?;
        // ISO 7816-3 caps an ATR at 33 bytes; pcscd rejects longer ones.
        if !(2..=33).contains(&atr.len()) {
            return Err(field_error("atr_hex", "an ATR is 2 to 33 bytes"));
        }
        Ok(atr)
    }

    /// The ATR the card answers with.
    pub fn atr(&self) -> Vec<u8> {
        self.try_atr().unwrap_or_else(|_| {
            parse_hex("atr_hex", DEFAULT_ATR_T1).expect("the built-in ATR is valid hex")
        })
    }

    fn try_key(&self) -> Result<CardKey, ProfileError> {
        match &self.key_hex {
            None => Ok(CardKey::demo(&self.card_number)),
            Some(text) => {
                let bytes: [u8; 32] = parse_hex("key_hex", text)?
                    .try_into()
                    .map_err(|_| field_error("key_hex", "a card key is 32 bytes"))?;
                Ok(CardKey::from_bytes(bytes))
            }
        }
    }

    /// The card-authentication key.
    pub fn key(&self) -> CardKey {
        self.try_key()
            .unwrap_or_else(|_| CardKey::demo(&self.card_number))
    }

    /// Status word for SELECT of the NHI applet (`6A82` when `not_nhi`).
    pub fn select_status(&self) -> u16 {
        if self.not_nhi {
            return 0x6A82;
        }
        parse_sw("select_sw", &self.select_sw).unwrap_or(0x9000)
    }

    /// Status word READ answers instead of the data, if any.
    pub fn read_status(&self) -> Option<u16> {
        self.read_sw
            .as_deref()
            .and_then(|sw| parse_sw("read_sw", sw).ok())
    }
}

#[cfg(test)]
#[path = "profile_tests.rs"]
mod tests;
