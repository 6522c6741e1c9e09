//! Command APDUs of the NHI card and the parsed response (data + status word).

use std::fmt;

use super::error::{CardError, UnreadableReason};

/// SELECT the NHI applet by AID `D1 58 00 00 01 00 00 00 00 00 00 00 00 00 11 00`.
pub const SELECT_NHI: [u8; 21] = [
    0x00, 0xA4, 0x04, 0x00, 0x10, // SELECT by DF name, Lc = 16
    0xD1, 0x58, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00,
];

/// READ basic data: answers the 57-byte record (see [`super::profile`]).
pub const READ_BASIC_DATA: [u8; 7] = [0x00, 0xCA, 0x11, 0x00, 0x02, 0x00, 0x00];

/// GET CHALLENGE: 8 random bytes from the card.
pub const GET_CHALLENGE: [u8; 5] = [0x00, 0x84, 0x00, 0x00, 0x08];

/// GET RESPONSE for `len` bytes (the `xx` of a `61xx` answer; `0` means 256, as Le does).
pub fn get_response(len: u8) -> [u8; 5] {
    [0x00, 0xC0, 0x00, 0x00, len]
}

/// Card authentication: `00 82 11 12 20 <32-byte challenge> 10`, answered with 16 bytes.
pub fn card_authentication(challenge: &[u8; 32]) -> [u8; 38] {
    let mut apdu = [0u8; 38];
    let (header, rest) = apdu.split_at_mut(5);
    header.copy_from_slice(&[0x00, 0x82, 0x11, 0x12, 0x20]);
    let (body, le) = rest.split_at_mut(32);
    body.copy_from_slice(challenge);
    le.copy_from_slice(&[0x10]);
    apdu
}

/// The same command with its expected length set to `le` (ISO 7816-4 short APDU cases),
/// used to answer a `6Cxx` ("wrong Le, use xx"). A case-1/3 command gets an Le appended; a
/// case-2/4 command has its Le replaced. Returns `None` for a command whose Lc does not match
/// its length (never one of ours).
pub(crate) fn with_le(command: &[u8], le: u8) -> Option<Vec<u8>> {
    let mut out = command.to_vec();
    match command.len() {
        0..=3 => return None,
        4 => out.push(le),
        5 => *out.last_mut()? = le,
        len => {
            let lc = usize::from(*command.get(4)?);
            if len == 5 + lc {
                out.push(le);
            } else if len == 6 + lc {
                *out.last_mut()? = le;
            } else {
                return None;
            }
        }
    }
    Some(out)
}

/// The two status bytes SW1 SW2 ending every response.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StatusWord(pub u8, pub u8);

impl StatusWord {
    /// `90 00`: success.
    pub const OK: StatusWord = StatusWord(0x90, 0x00);
    /// `69 85`: conditions of use not satisfied (card authentication without a GET CHALLENGE
    /// random: the card was powered down or reset since).
    pub const CONDITIONS_NOT_SATISFIED: StatusWord = StatusWord(0x69, 0x85);
    /// `6A 86`: incorrect P1-P2 (READ on a health-professional card).
    pub const INCORRECT_P1P2: StatusWord = StatusWord(0x6A, 0x86);
    /// `6D 00`: instruction not supported.
    pub const INS_NOT_SUPPORTED: StatusWord = StatusWord(0x6D, 0x00);
    /// `6E 00`: class not supported.
    pub const CLA_NOT_SUPPORTED: StatusWord = StatusWord(0x6E, 0x00);

    /// `90 00`.
    pub fn is_ok(self) -> bool {
        self == Self::OK
    }

    /// For `61xx` ("xx more bytes available"), the Le to put in GET RESPONSE. `0x00` means 256,
    /// exactly as in the Le byte, so it can be passed to [`get_response`] unchanged.
    pub fn bytes_available(self) -> Option<u8> {
        (self.0 == 0x61).then_some(self.1)
    }

    /// For `6Cxx` ("wrong Le; resend with Le = xx"), the Le to resend with.
    pub fn correct_le(self) -> Option<u8> {
        (self.0 == 0x6C).then_some(self.1)
    }

    /// SW1 SW2 as one number, e.g. `0x6A86`.
    pub fn to_u16(self) -> u16 {
        u16::from_be_bytes([self.0, self.1])
    }
}

impl From<u16> for StatusWord {
    fn from(sw: u16) -> Self {
        let [sw1, sw2] = sw.to_be_bytes();
        StatusWord(sw1, sw2)
    }
}

/// Upper-case hex without separator, the way status words are written in specs: `6A86`.
impl fmt::Display for StatusWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02X}{:02X}", self.0, self.1)
    }
}

/// A response APDU: the data bytes and the trailing status word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub data: Vec<u8>,
    pub sw: StatusWord,
}

impl Response {
    /// Splits a raw answer into data and status word. Fewer than 2 bytes cannot hold a status
    /// word: [`UnreadableReason::MalformedResponse`].
    pub fn parse(raw: &[u8]) -> Result<Response, CardError> {
        match raw {
            [data @ .., sw1, sw2] => Ok(Response {
                data: data.to_vec(),
                sw: StatusWord(*sw1, *sw2),
            }),
            _ => Err(UnreadableReason::MalformedResponse.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_bytes_match_the_published_apdus() {
        assert_eq!(
            hex::encode_upper(SELECT_NHI),
            "00A4040010D1580000010000000000000000001100"
        );
        assert_eq!(hex::encode_upper(READ_BASIC_DATA), "00CA1100020000");
        assert_eq!(hex::encode_upper(GET_CHALLENGE), "0084000008");
        assert_eq!(hex::encode_upper(get_response(0x39)), "00C0000039");
        let challenge: [u8; 32] = std::array::from_fn(|i| i as u8);
        let auth = card_authentication(&challenge);
        assert_eq!(auth[..5], [0x00, 0x82, 0x11, 0x12, 0x20]);
        assert_eq!(auth[5..37], challenge);
        assert_eq!(auth[37], 0x10);
    }

    #[test]
    fn status_word_helpers() {
        assert!(StatusWord(0x90, 0x00).is_ok());
        assert!(!StatusWord(0x61, 0x00).is_ok());
        assert_eq!(StatusWord(0x61, 0x39).bytes_available(), Some(0x39));
        assert_eq!(StatusWord(0x61, 0x00).bytes_available(), Some(0x00));
        assert_eq!(StatusWord(0x90, 0x00).bytes_available(), None);
        assert_eq!(StatusWord(0x6C, 0x39).correct_le(), Some(0x39));
        assert_eq!(StatusWord(0x61, 0x39).correct_le(), None);
        assert_eq!(StatusWord(0x6A, 0x86).to_string(), "6A86");
        assert_eq!(StatusWord(0x09, 0x0A).to_string(), "090A");
        assert_eq!(StatusWord::from(0x6A86), StatusWord::INCORRECT_P1P2);
        assert_eq!(StatusWord::INCORRECT_P1P2.to_u16(), 0x6A86);
    }

    #[test]
    fn response_parse() {
        assert_eq!(
            Response::parse(&[0x90, 0x00]),
            Ok(Response {
                data: vec![],
                sw: StatusWord::OK
            })
        );
        assert_eq!(
            Response::parse(&[1, 2, 3, 0x61, 0x10]),
            Ok(Response {
                data: vec![1, 2, 3],
                sw: StatusWord(0x61, 0x10)
            })
        );
        for raw in [&[][..], &[0x90][..]] {
            assert_eq!(
                Response::parse(raw),
                Err(CardError::Unreadable(UnreadableReason::MalformedResponse))
            );
        }
    }

    #[test]
    fn with_le_follows_the_iso_cases() {
        // Case 2 (GET CHALLENGE): the Le is replaced.
        assert_eq!(
            with_le(&GET_CHALLENGE, 0x10),
            Some(vec![0, 0x84, 0, 0, 0x10])
        );
        // Case 3 (READ: Lc = 2, two data bytes): an Le is appended.
        assert_eq!(
            with_le(&READ_BASIC_DATA, 0x39),
            Some(vec![0, 0xCA, 0x11, 0, 2, 0, 0, 0x39])
        );
        // Case 4 (card authentication): the trailing Le is replaced.
        let auth = with_le(&card_authentication(&[7; 32]), 0x20);
        assert_eq!(auth.as_deref().map(<[u8]>::len), Some(38));
        assert_eq!(auth.as_deref().and_then(<[u8]>::last), Some(&0x20));
        // Case 1: an Le is appended.
        assert_eq!(with_le(&[0, 0x12, 0, 0], 1), Some(vec![0, 0x12, 0, 0, 1]));
        // Inconsistent Lc or too short: refuse rather than guess.
        assert_eq!(with_le(&[0, 0xCA, 0x11, 0, 9, 0], 1), None);
        assert_eq!(with_le(&[0, 0xCA], 1), None);
    }
}
