//! Reading the NHI card in one reader: connect shared, run the card session, always
//! disconnect leaving the card. The connection lives only for this one short exchange, never
//! across user input.

use nhi_card::apdu::StatusWord;
use nhi_card::session::{self, CardTransport, SessionError};
use nhi_card::{CardError, Profile};

use super::{CardConnection, CardTypeGuess, ReaderError, SmartCardService, guess_card_type};

/// What a successful read gives: the card's ATR and its public basic data.
#[derive(Debug, Clone)]
pub struct CardReading {
    pub reader: String,
    pub atr: Vec<u8>,
    pub profile: Profile,
}

/// Why a read failed: the reader (no card, service gone, card in use…) or the card itself
/// (not an NHI card, unreadable data).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Reader(#[from] ReaderError),
    #[error(transparent)]
    Card(#[from] CardError),
}

impl From<SessionError<ReaderError>> for ReadError {
    fn from(e: SessionError<ReaderError>) -> Self {
        match e {
            SessionError::Transport(e) => ReadError::Reader(e),
            SessionError::Card(e) => ReadError::Card(e),
        }
    }
}

impl CardTransport for dyn CardConnection + '_ {
    type Error = ReaderError;

    fn transmit(&mut self, command: &[u8]) -> Result<Vec<u8>, ReaderError> {
        CardConnection::transmit(self, command)
    }
}

/// Reads the profile of the card in `reader`.
pub fn read_card(
    service: &mut dyn SmartCardService,
    reader: &str,
) -> Result<CardReading, ReadError> {
    let mut connection = service.connect(reader)?;
    let atr = connection.atr().to_vec();
    // A Citizen Digital Certificate gets no APDU of ours, not even SELECT: its PIN handling is
    // the vendor's (MOICA warns that other tools can lock a card); it is reached through the
    // vendor's PKCS#11 module only (nhi-token).
    if guess_card_type(&atr) == CardTypeGuess::CitizenDigitalCertificate {
        if let Err(e) = connection.disconnect() {
            tracing::debug!(reader, error = %e, "disconnect from a certificate card failed");
        }
        return Err(ReadError::Card(CardError::CitizenDigitalCertificate));
    }
    let result = session::read_profile(connection.as_mut());
    if let Err(e) = connection.disconnect() {
        // The card was read (or failed) already; a failed disconnect only matters to the log.
        tracing::debug!(reader, error = %e, "disconnect after reading failed");
    }
    let profile = result.map_err(|e| match ReadError::from(e) {
        ReadError::Card(CardError::NotNhiCard { sw }) => ReadError::Card(not_nhi(&atr, sw)),
        other => other,
    })?;
    Ok(CardReading {
        reader: reader.to_owned(),
        atr,
        profile,
    })
}

/// A card that is not an NHI card, named by its ATR where the public ATR list knows it: the
/// person is told "this is your Citizen Digital Certificate", not only "not an NHI card".
fn not_nhi(atr: &[u8], sw: StatusWord) -> CardError {
    match guess_card_type(atr) {
        CardTypeGuess::CitizenDigitalCertificate => CardError::CitizenDigitalCertificate,
        CardTypeGuess::HealthProfessional => CardError::HealthProfessionalCard,
        _ => CardError::NotNhiCard { sw },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fake::{Call, FakeCard, FakeWorld};
    use nhi_card::apdu::{READ_BASIC_DATA, SELECT_NHI};

    const ATR: [u8; 4] = [0x3B, 0x02, 0x14, 0x50];

    fn record() -> Vec<u8> {
        let mut r = Vec::new();
        r.extend_from_slice(b"000012345678");
        let (name, _, _) = encoding_rs::BIG5.encode("王小明");
        r.extend_from_slice(&name);
        r.resize(32, 0);
        r.extend_from_slice(b"A123456789");
        r.extend_from_slice(b"0490506M1090102");
        r.extend_from_slice(&[0x90, 0x00]);
        r
    }

    fn world_with(card: FakeCard) -> FakeWorld {
        let world = FakeWorld::new();
        world.add_reader("R1");
        world.insert_card("R1", card);
        world
    }

    #[test]
    fn reads_and_leaves_the_card() {
        let world = world_with(
            FakeCard::new(ATR.to_vec())
                .answer(SELECT_NHI, [0x90, 0x00])
                .answer(READ_BASIC_DATA, record()),
        );
        let mut service = world.service().unwrap();
        let reading = read_card(&mut service, "R1").unwrap();
        assert_eq!(reading.atr, ATR);
        assert_eq!(reading.profile.id_number, "A123456789");
        assert_eq!(reading.profile.name, "王小明");
        assert_eq!(world.count(Call::Disconnect), 1);
        assert_eq!(world.open_connections(), 0);
    }

    #[test]
    fn card_errors_still_disconnect() {
        let world = world_with(FakeCard::new(ATR.to_vec()).answer(SELECT_NHI, [0x6A, 0x82]));
        let mut service = world.service().unwrap();
        let err = read_card(&mut service, "R1").unwrap_err();
        assert!(
            matches!(err, ReadError::Card(CardError::NotNhiCard { .. })),
            "{err:?}"
        );
        assert_eq!(world.count(Call::Disconnect), 1);
    }

    #[test]
    fn a_card_that_fails_select_is_named_by_its_listed_atr() {
        use crate::atr::{CITIZEN_DIGITAL_CERTIFICATE_ATR, HEALTH_PROFESSIONAL_CARD_ATR};
        let cases = [
            (
                CITIZEN_DIGITAL_CERTIFICATE_ATR.to_vec(),
                CardError::CitizenDigitalCertificate,
            ),
            (
                HEALTH_PROFESSIONAL_CARD_ATR.to_vec(),
                CardError::HealthProfessionalCard,
            ),
            (
                ATR.to_vec(),
                CardError::NotNhiCard {
                    sw: StatusWord(0x6A, 0x82),
                },
            ),
        ];
        for (atr, expected) in cases {
            let world = world_with(FakeCard::new(atr).answer(SELECT_NHI, [0x6A, 0x82]));
            let mut service = world.service().unwrap();
            let err = read_card(&mut service, "R1").unwrap_err();
            assert_eq!(err, ReadError::Card(expected));
        }
        // A health professional card's listed ATR still gets SELECT: SELECT decides.
        let world = world_with(
            FakeCard::new(HEALTH_PROFESSIONAL_CARD_ATR)
                .answer(SELECT_NHI, [0x90, 0x00])
                .answer(READ_BASIC_DATA, record()),
        );
        let mut service = world.service().unwrap();
        assert!(read_card(&mut service, "R1").is_ok());
    }

    #[test]
    fn a_citizen_digital_certificate_gets_no_apdu_of_ours() {
        use crate::atr::CITIZEN_DIGITAL_CERTIFICATE_ATR;
        // Even one that would answer SELECT: the card is the vendor module's alone.
        let world = world_with(
            FakeCard::new(CITIZEN_DIGITAL_CERTIFICATE_ATR)
                .answer(SELECT_NHI, [0x90, 0x00])
                .answer(READ_BASIC_DATA, record()),
        );
        let mut service = world.service().unwrap();
        let err = read_card(&mut service, "R1").unwrap_err();
        assert_eq!(err, ReadError::Card(CardError::CitizenDigitalCertificate));
        assert_eq!(
            world.count(Call::Transmit),
            0,
            "an APDU reached the certificate card"
        );
        assert_eq!(world.open_connections(), 0);
    }

    #[test]
    fn reader_errors_pass_through() {
        let world = world_with(FakeCard::new(ATR.to_vec()));
        world.fail_next(Call::Connect, ReaderError::SharingViolation);
        let mut service = world.service().unwrap();
        let err = read_card(&mut service, "R1").unwrap_err();
        assert_eq!(err, ReadError::Reader(ReaderError::SharingViolation));

        world.fail_next(Call::Transmit, ReaderError::CardRemoved);
        let err = read_card(&mut service, "R1").unwrap_err();
        assert_eq!(err, ReadError::Reader(ReaderError::CardRemoved));
    }
}
