//! The vpcd socket framing, from its public description: every message is a 2-byte
//! big-endian length and that many bytes. A 1-byte message from vpcd is a control
//! (0 power off, 1 power on, 2 reset, 4 "send your ATR"); a longer one is a command APDU.
//! The card answers the ATR request and every APDU with one message; controls get no answer.

use std::io::{self, Read, Write};

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Message {
    PowerOff,
    PowerOn,
    Reset,
    GetAtr,
    /// A control code this card does not know; ignored.
    UnknownControl(u8),
    Apdu(Vec<u8>),
}

/// The next message, or `None` when vpcd closed the connection between messages.
pub(crate) fn read_message(input: &mut impl Read) -> io::Result<Option<Message>> {
    let mut len = [0u8; 2];
    match input.read_exact(&mut len[..1]) {
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
        other => other?,
    }
    input.read_exact(&mut len[1..])?;
    let mut payload = vec![0u8; usize::from(u16::from_be_bytes(len))];
    input.read_exact(&mut payload)?;
    Ok(Some(match payload[..] {
        [0] => Message::PowerOff,
        [1] => Message::PowerOn,
        [2] => Message::Reset,
        [4] => Message::GetAtr,
        [code] => Message::UnknownControl(code),
        _ => Message::Apdu(payload),
    }))
}

/// Sends one message in a single write (one TCP segment with `TCP_NODELAY`, so vpcd does not
/// wait on a half message).
pub(crate) fn write_message(output: &mut impl Write, payload: &[u8]) -> io::Result<()> {
    let len = u16::try_from(payload.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "vpcd message over 64 KiB"))?;
    let mut frame = Vec::with_capacity(payload.len() + 2);
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(payload);
    output.write_all(&frame)?;
    output.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(bytes: &[u8]) -> Vec<io::Result<Option<Message>>> {
        let mut input = bytes;
        let mut out = Vec::new();
        loop {
            let message = read_message(&mut input);
            let done = !matches!(message, Ok(Some(_)));
            out.push(message);
            if done {
                return out;
            }
        }
    }

    #[test]
    fn controls_and_apdus_are_told_apart_by_length() {
        let stream = [
            0, 1, 1, 0, 1, 4, 0, 1, 2, 0, 1, 0, 0, 1, 9, 0, 5, 0, 0x84, 0, 0, 8,
        ];
        let messages: Vec<_> = read_all(&stream).into_iter().map(|m| m.unwrap()).collect();
        assert_eq!(
            messages,
            [
                Some(Message::PowerOn),
                Some(Message::GetAtr),
                Some(Message::Reset),
                Some(Message::PowerOff),
                Some(Message::UnknownControl(9)),
                Some(Message::Apdu(vec![0, 0x84, 0, 0, 8])),
                None,
            ]
        );
    }

    #[test]
    fn a_frame_cut_in_the_middle_is_an_error_not_a_clean_close() {
        for cut in [&[0u8][..], &[0, 5, 0, 0x84]] {
            let mut input = cut;
            let err = read_message(&mut input).unwrap_err();
            assert_eq!(err.kind(), io::ErrorKind::UnexpectedEof);
        }
    }

    #[test]
    fn write_prefixes_the_big_endian_length() {
        let mut out = Vec::new();
        write_message(&mut out, &[0x90, 0x00]).unwrap();
        write_message(&mut out, &vec![7u8; 300]).unwrap();
        assert_eq!(&out[..4], [0, 2, 0x90, 0x00]);
        assert_eq!(&out[4..6], [0x01, 0x2C]);
        assert_eq!(out.len(), 4 + 2 + 300);
        assert!(write_message(&mut out, &vec![0u8; 70_000]).is_err());
    }
}
