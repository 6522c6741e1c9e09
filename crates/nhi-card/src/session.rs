//! The card exchanges, generic over how APDUs reach the card, so this stays pure and testable
//! with a scripted transport.

use zeroize::Zeroizing;

use super::apdu::{self, Response, StatusWord};
use super::error::{CardError, UnreadableReason};
use super::profile::Profile;

/// Sends one command APDU and returns the raw response (data + SW1 SW2).
pub trait CardTransport {
    type Error;
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Self::Error>;
}

impl<T: CardTransport + ?Sized> CardTransport for &mut T {
    type Error = T::Error;
    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, Self::Error> {
        (**self).transmit(command)
    }
}

/// A failed exchange: either the transport (reader, PC/SC) or the card itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionError<E> {
    #[error(transparent)]
    Transport(E),
    #[error(transparent)]
    Card(#[from] CardError),
}

impl<E> SessionError<E> {
    /// The card error, if the transport worked.
    pub fn card(&self) -> Option<&CardError> {
        match self {
            SessionError::Card(error) => Some(error),
            SessionError::Transport(_) => None,
        }
    }
}

/// Most transmissions one logical exchange may take (first command, GET RESPONSEs, a resend).
/// A hostile card answering `61xx` forever must not keep us looping.
pub const MAX_ROUNDS: usize = 16;
/// Most data bytes one logical exchange may gather across GET RESPONSEs.
pub const MAX_RESPONSE_LEN: usize = 4096;

fn unreadable<E>(reason: UnreadableReason) -> SessionError<E> {
    SessionError::Card(CardError::Unreadable(reason))
}

/// Transmits `command` and follows the T=0 conventions until the card gives a final status:
/// `61xx` → GET RESPONSE `xx`, repeated, concatenating the data; `6Cxx` → resend the last
/// command with Le = `xx`, once. Everything else is returned for the caller to judge.
fn exchange<T: CardTransport + ?Sized>(
    t: &mut T,
    command: &[u8],
) -> Result<Response, SessionError<T::Error>> {
    // Reserved up front so the buffer never reallocates: a reallocation would leave an unwiped
    // copy of personal data behind.
    let mut data = Zeroizing::new(Vec::with_capacity(MAX_RESPONSE_LEN));
    let mut current = command.to_vec();
    let mut resent = false;
    for _ in 0..MAX_ROUNDS {
        let raw = Zeroizing::new(t.transmit(&current).map_err(SessionError::Transport)?);
        let Some((body, &[sw1, sw2])) = raw.split_last_chunk::<2>() else {
            return Err(unreadable(UnreadableReason::MalformedResponse));
        };
        let sw = StatusWord(sw1, sw2);
        if let Some(le) = sw.correct_le()
            && !resent
            && let Some(again) = apdu::with_le(&current, le)
        {
            // A 6Cxx carries no data of the response; only the resent command's answer counts.
            resent = true;
            current = again;
            continue;
        }
        if data.len() + body.len() > MAX_RESPONSE_LEN {
            return Err(unreadable(UnreadableReason::ResponseChainTooLong));
        }
        data.extend_from_slice(body);
        match sw.bytes_available() {
            Some(le) => current = apdu::get_response(le).to_vec(),
            None => {
                return Ok(Response {
                    data: std::mem::take(&mut *data),
                    sw,
                });
            }
        }
    }
    Err(unreadable(UnreadableReason::ResponseChainTooLong))
}

/// SELECTs the NHI applet and reads the basic-data record.
///
/// - SELECT `9000`: selected. `6D00`: newer cards answer this and still serve the read, so we
///   go on. Anything else: [`CardError::NotNhiCard`] (bank card, Citizen Digital Certificate…).
/// - READ `9000`: parse the record. `6A86`: [`CardError::HealthProfessionalCard`]. `6D00`/`6E00`
///   after a `6D00` SELECT: the applet really is missing, [`CardError::NotNhiCard`]. Anything
///   else: [`UnreadableReason::UnexpectedStatus`].
pub fn read_profile<T: CardTransport + ?Sized>(
    t: &mut T,
) -> Result<Profile, SessionError<T::Error>> {
    let select = exchange(t, &apdu::SELECT_NHI)?;
    let select_unsupported = match select.sw {
        StatusWord::OK => false,
        StatusWord::INS_NOT_SUPPORTED => true,
        sw => return Err(CardError::NotNhiCard { sw }.into()),
    };
    let read = exchange(t, &apdu::READ_BASIC_DATA)?;
    let data = Zeroizing::new(read.data);
    match read.sw {
        StatusWord::OK => Ok(Profile::parse(&data)?),
        StatusWord::INCORRECT_P1P2 => Err(CardError::HealthProfessionalCard.into()),
        sw @ (StatusWord::INS_NOT_SUPPORTED | StatusWord::CLA_NOT_SUPPORTED)
            if select_unsupported =>
        {
            Err(CardError::NotNhiCard { sw }.into())
        }
        sw => Err(unreadable(UnreadableReason::UnexpectedStatus(sw))),
    }
}

/// Sends `command` and expects `9000` with exactly `N` data bytes.
fn fixed_answer<const N: usize, T: CardTransport + ?Sized>(
    t: &mut T,
    command: &[u8],
) -> Result<[u8; N], SessionError<T::Error>> {
    let response = exchange(t, command)?;
    if !response.sw.is_ok() {
        return Err(unreadable(UnreadableReason::UnexpectedStatus(response.sw)));
    }
    <[u8; N]>::try_from(response.data.as_slice()).map_err(|_| {
        unreadable(UnreadableReason::WrongLength {
            expected: N,
            len: response.data.len(),
        })
    })
}

/// SELECTs the NHI applet, for the exchanges after the read (GET CHALLENGE, card
/// authentication) that run in a connection of their own. `6D00` is accepted as in
/// [`read_profile`]; anything else is [`CardError::NotNhiCard`].
pub fn select_applet<T: CardTransport + ?Sized>(t: &mut T) -> Result<(), SessionError<T::Error>> {
    match exchange(t, &apdu::SELECT_NHI)?.sw {
        StatusWord::OK | StatusWord::INS_NOT_SUPPORTED => Ok(()),
        sw => Err(CardError::NotNhiCard { sw }.into()),
    }
}

/// GET CHALLENGE: the card's 8 random bytes. The NHI applet must already be selected (e.g. by
/// [`read_profile`]).
pub fn get_challenge<T: CardTransport + ?Sized>(
    t: &mut T,
) -> Result<[u8; 8], SessionError<T::Error>> {
    fixed_answer(t, &apdu::GET_CHALLENGE)
}

/// Card authentication of the service's 32-byte challenge: the card's 16-byte answer.
pub fn authenticate<T: CardTransport + ?Sized>(
    t: &mut T,
    challenge: &[u8; 32],
) -> Result<[u8; 16], SessionError<T::Error>> {
    fixed_answer(t, &apdu::card_authentication(challenge))
}

#[cfg(test)]
mod tests;
