//! Parsing command APDUs the virtual card understands, card side.
//!
//! Anything malformed becomes the status word a strict card would answer, never a panic:
//! `6700` wrong length, `6E00` class not supported, `6D00` instruction not supported,
//! `6A86` wrong P1/P2, `6A80` wrong data.

pub(crate) const SW_OK: u16 = 0x9000;
pub(crate) const SW_WRONG_LENGTH: u16 = 0x6700;
pub(crate) const SW_CONDITIONS_NOT_SATISFIED: u16 = 0x6985;
pub(crate) const SW_WRONG_DATA: u16 = 0x6A80;
pub(crate) const SW_NOT_FOUND: u16 = 0x6A82;
pub(crate) const SW_WRONG_P1P2: u16 = 0x6A86;
pub(crate) const SW_INS_NOT_SUPPORTED: u16 = 0x6D00;
pub(crate) const SW_CLA_NOT_SUPPORTED: u16 = 0x6E00;

/// The NHI applet's AID: the 16 data bytes of DESIGN's SELECT
/// `00 A4 04 00 10 D1 58 00 00 01 00 00 00 00 00 00 00 00 00 11 00` (the last `00` is part of
/// the AID, not an Le: Lc is 0x10).
pub const NHI_AID: [u8; 16] = [
    0xD1, 0x58, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00,
];

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Command<'a> {
    Select {
        aid: &'a [u8],
    },
    ReadBasicData,
    GetChallenge,
    Authenticate {
        challenge: [u8; 32],
    },
    /// `le == 0` means "up to 256".
    GetResponse {
        le: u8,
    },
}

/// The part after the 4-byte header, in short-length form.
struct Body<'a> {
    data: &'a [u8],
    le: Option<u8>,
}

/// ISO 7816-4 short cases 1-4. Extended lengths (a zero Lc byte followed by more) are not
/// something the NHI card uses, so they are a length error.
fn split_body(body: &[u8]) -> Result<Body<'_>, u16> {
    match body {
        [] => Ok(Body {
            data: &[],
            le: None,
        }),
        [le] => Ok(Body {
            data: &[],
            le: Some(*le),
        }),
        [0, ..] => Err(SW_WRONG_LENGTH),
        [lc, rest @ ..] => {
            let lc = usize::from(*lc);
            match rest.len().checked_sub(lc) {
                Some(0) => Ok(Body {
                    data: rest,
                    le: None,
                }),
                Some(1) => Ok(Body {
                    data: &rest[..lc],
                    le: Some(rest[lc]),
                }),
                _ => Err(SW_WRONG_LENGTH),
            }
        }
    }
}

pub(crate) fn parse(apdu: &[u8]) -> Result<Command<'_>, u16> {
    let [cla, ins, p1, p2, body @ ..] = apdu else {
        return Err(SW_WRONG_LENGTH);
    };
    if *cla != 0x00 {
        return Err(SW_CLA_NOT_SUPPORTED);
    }
    let p1p2 = [*p1, *p2];
    let known_ins = matches!(ins, 0xA4 | 0xCA | 0x84 | 0x82 | 0xC0);
    if !known_ins {
        return Err(SW_INS_NOT_SUPPORTED);
    }
    let body = split_body(body)?;
    match (ins, p1p2) {
        // SELECT by DF name; P2 00 (return FCI) or 0C (no FCI) are both fine.
        (0xA4, [0x04, 0x00 | 0x0C]) if body.data.is_empty() => Err(SW_WRONG_LENGTH),
        (0xA4, [0x04, 0x00 | 0x0C]) => Ok(Command::Select { aid: body.data }),
        (0xCA, [0x11, 0x00]) => match body.data {
            [0x00, 0x00] => Ok(Command::ReadBasicData),
            [_, _] => Err(SW_WRONG_DATA),
            _ => Err(SW_WRONG_LENGTH),
        },
        (0x84, [0x00, 0x00]) if body.data.is_empty() && body.le == Some(8) => {
            Ok(Command::GetChallenge)
        }
        (0x84, [0x00, 0x00]) => Err(SW_WRONG_LENGTH),
        (0x82, [0x11, 0x12]) => match (<[u8; 32]>::try_from(body.data), body.le) {
            (Ok(challenge), None | Some(0x10) | Some(0x00)) => {
                Ok(Command::Authenticate { challenge })
            }
            _ => Err(SW_WRONG_LENGTH),
        },
        (0xC0, [0x00, 0x00]) => match (body.data, body.le) {
            ([], Some(le)) => Ok(Command::GetResponse { le }),
            _ => Err(SW_WRONG_LENGTH),
        },
        _ => Err(SW_WRONG_P1P2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select_apdu(le: Option<u8>) -> Vec<u8> {
        let mut apdu = vec![0x00, 0xA4, 0x04, 0x00, 0x10];
        apdu.extend_from_slice(&NHI_AID);
        apdu.extend(le);
        apdu
    }

    #[test]
    fn the_documented_commands_parse() {
        assert_eq!(
            parse(&select_apdu(Some(0))),
            Ok(Command::Select { aid: &NHI_AID })
        );
        assert_eq!(
            parse(&select_apdu(None)),
            Ok(Command::Select { aid: &NHI_AID })
        );
        assert_eq!(
            parse(&[0x00, 0xCA, 0x11, 0x00, 0x02, 0x00, 0x00]),
            Ok(Command::ReadBasicData)
        );
        assert_eq!(
            parse(&[0x00, 0x84, 0x00, 0x00, 0x08]),
            Ok(Command::GetChallenge)
        );
        let mut auth = vec![0x00, 0x82, 0x11, 0x12, 0x20];
        auth.extend(0..32u8);
        auth.push(0x10);
        let challenge: [u8; 32] = std::array::from_fn(|i| i as u8);
        assert_eq!(parse(&auth), Ok(Command::Authenticate { challenge }));
        assert_eq!(
            parse(&[0x00, 0xC0, 0x00, 0x00, 0x39]),
            Ok(Command::GetResponse { le: 0x39 })
        );
    }

    #[test]
    fn malformed_commands_get_the_matching_status_word() {
        let cases: &[(&[u8], u16)] = &[
            (&[], SW_WRONG_LENGTH),
            (&[0x00, 0xA4, 0x04], SW_WRONG_LENGTH),
            (
                &[0x80, 0xCA, 0x11, 0x00, 0x02, 0x00, 0x00],
                SW_CLA_NOT_SUPPORTED,
            ),
            (&[0x00, 0xB0, 0x00, 0x00, 0x10], SW_INS_NOT_SUPPORTED),
            (&[0x00, 0xCA, 0x11, 0x01, 0x02, 0x00, 0x00], SW_WRONG_P1P2),
            (&[0x00, 0xCA, 0x11, 0x00, 0x02, 0x01, 0x00], SW_WRONG_DATA),
            (&[0x00, 0xCA, 0x11, 0x00, 0x03, 0x00, 0x00], SW_WRONG_LENGTH),
            (&[0x00, 0xCA, 0x11, 0x00], SW_WRONG_LENGTH),
            (&[0x00, 0xCA, 0x11, 0x00, 0x01, 0x00], SW_WRONG_LENGTH),
            (&[0x00, 0x84, 0x00, 0x00, 0x10], SW_WRONG_LENGTH),
            (&[0x00, 0x84, 0x00, 0x00], SW_WRONG_LENGTH),
            (&[0x00, 0x84, 0x01, 0x00, 0x08], SW_WRONG_P1P2),
            (
                &[0x00, 0x82, 0x11, 0x12, 0x02, 0x01, 0x02, 0x10],
                SW_WRONG_LENGTH,
            ),
            (&[0x00, 0xC0, 0x00, 0x00], SW_WRONG_LENGTH),
            (&[0x00, 0xA4, 0x04, 0x00], SW_WRONG_LENGTH),
            (&[0x00, 0xA4, 0x00, 0x00, 0x02, 0x3F, 0x00], SW_WRONG_P1P2),
            // An extended-length header.
            (
                &[0x00, 0xCA, 0x11, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00],
                SW_WRONG_LENGTH,
            ),
        ];
        for (apdu, sw) in cases {
            assert_eq!(parse(apdu), Err(*sw), "{apdu:02X?}");
        }
    }
}
