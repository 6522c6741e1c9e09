//! `ReaderError`: every way a PC/SC call can fail, one variant per cause the user can act on.

use thiserror::Error;

/// A PC/SC failure, closed so that the flow and UI layers can match every cause and say what
/// to do about it (in both languages) instead of showing a raw error code.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReaderError {
    /// The smart-card service (pcscd on Linux/macOS, SCardSvr on Windows) is not running, or
    /// stopped under us. The monitor rebuilds its context when this happens.
    #[error("the smart-card service is not running")]
    NoService,
    /// The service runs but no reader is attached.
    #[error("no card reader is connected")]
    NoReaders,
    /// The named reader does not exist (any more): unplugged, or a stale name.
    #[error("unknown card reader {name:?}")]
    UnknownReader { name: String },
    /// The reader is empty.
    #[error("no card in the reader")]
    NoCard,
    /// Another program holds the card exclusively (typically another card utility).
    #[error("another program is using the card")]
    SharingViolation,
    /// The card left the reader during the exchange.
    #[error("the card was removed")]
    CardRemoved,
    /// Another program (or the reader) reset the card; its selected application is gone.
    #[error("the card was reset")]
    CardReset,
    /// The card does not answer (inserted the wrong way round, dirty contacts, or not a chip
    /// card at all).
    #[error("the card does not respond")]
    UnresponsiveCard,
    /// A blocking wait was cancelled (our own `Canceller`, or the system).
    #[error("the operation was cancelled")]
    Cancelled,
    /// A wait or an exchange ran out of time.
    #[error("the operation timed out")]
    Timeout,
    /// Any other PC/SC error, kept by name for diagnostics (`diagnose`, logs).
    #[error("smart-card error {code}")]
    Other { code: String },
}

impl ReaderError {
    /// Whether this error means the service itself is gone, so the context must be rebuilt.
    pub fn is_service_down(&self) -> bool {
        matches!(self, ReaderError::NoService)
    }

    fn other(error: pcsc::Error) -> Self {
        ReaderError::Other {
            code: format!("{error:?}"),
        }
    }
}

impl From<pcsc::Error> for ReaderError {
    /// Explicit per error so a new mapping is a deliberate decision, not a catch-all accident.
    /// `UnknownReader` loses the name here (pcsc does not carry it); call sites that know the
    /// name use [`ReaderError::UnknownReader`] directly.
    fn from(error: pcsc::Error) -> Self {
        use pcsc::Error as E;
        match error {
            // pcsclite answers NoService when the daemon is absent and ServiceStopped (or
            // NoService again) when it died under an existing context; Windows uses both too.
            // Shutdown is the service going down.
            E::NoService | E::ServiceStopped | E::Shutdown => ReaderError::NoService,
            E::NoReadersAvailable => ReaderError::NoReaders,
            // A reader that vanished between listing and use.
            E::UnknownReader | E::ReaderUnavailable => ReaderError::UnknownReader {
                name: String::new(),
            },
            E::NoSmartcard => ReaderError::NoCard,
            E::SharingViolation => ReaderError::SharingViolation,
            E::RemovedCard => ReaderError::CardRemoved,
            E::ResetCard => ReaderError::CardReset,
            // An unpowered card is one we cannot talk to: same advice as a mute card.
            E::UnresponsiveCard | E::UnpoweredCard => ReaderError::UnresponsiveCard,
            E::Cancelled | E::SystemCancelled | E::CancelledByUser => ReaderError::Cancelled,
            E::Timeout | E::WaitedTooLong => ReaderError::Timeout,
            E::InternalError
            | E::InvalidHandle
            | E::InvalidParameter
            | E::InvalidTarget
            | E::NoMemory
            | E::InsufficientBuffer
            | E::UnknownCard
            | E::CantDispose
            | E::ProtoMismatch
            | E::NotReady
            | E::InvalidValue
            | E::CommError
            | E::UnknownError
            | E::InvalidAtr
            | E::NotTransacted
            | E::PciTooSmall
            | E::ReaderUnsupported
            | E::DuplicateReader
            | E::CardUnsupported
            | E::IccInstallation
            | E::IccCreateorder
            | E::UnsupportedFeature
            | E::DirNotFound
            | E::FileNotFound
            | E::NoDir
            | E::NoFile
            | E::NoAccess
            | E::WriteTooMany
            | E::BadSeek
            | E::InvalidChv
            | E::UnknownResMng
            | E::NoSuchCertificate
            | E::CertificateUnavailable
            | E::CommDataLost
            | E::NoKeyContainer
            | E::ServerTooBusy
            | E::UnsupportedCard
            | E::SecurityViolation
            | E::WrongChv
            | E::ChvBlocked
            | E::Eof
            | E::CardNotAuthenticated
            | E::CacheItemNotFound
            | E::CacheItemStale
            | E::CacheItemTooBig => ReaderError::other(error),
            #[cfg(target_os = "windows")]
            E::Unexpected => ReaderError::other(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_errors_map_to_no_service() {
        for e in [
            pcsc::Error::NoService,
            pcsc::Error::ServiceStopped,
            pcsc::Error::Shutdown,
        ] {
            assert_eq!(ReaderError::from(e), ReaderError::NoService);
            assert!(ReaderError::from(e).is_service_down());
        }
    }

    #[test]
    fn card_errors_map_one_to_one() {
        assert_eq!(
            ReaderError::from(pcsc::Error::SharingViolation),
            ReaderError::SharingViolation
        );
        assert_eq!(
            ReaderError::from(pcsc::Error::RemovedCard),
            ReaderError::CardRemoved
        );
        assert_eq!(
            ReaderError::from(pcsc::Error::ResetCard),
            ReaderError::CardReset
        );
        assert_eq!(
            ReaderError::from(pcsc::Error::NoSmartcard),
            ReaderError::NoCard
        );
        assert_eq!(
            ReaderError::from(pcsc::Error::UnpoweredCard),
            ReaderError::UnresponsiveCard
        );
        assert_eq!(
            ReaderError::from(pcsc::Error::NoReadersAvailable),
            ReaderError::NoReaders
        );
        assert_eq!(
            ReaderError::from(pcsc::Error::Cancelled),
            ReaderError::Cancelled
        );
        assert_eq!(
            ReaderError::from(pcsc::Error::Timeout),
            ReaderError::Timeout
        );
    }

    #[test]
    fn other_errors_keep_their_name() {
        assert_eq!(
            ReaderError::from(pcsc::Error::ProtoMismatch),
            ReaderError::Other {
                code: "ProtoMismatch".into()
            }
        );
    }
}
