//! What can go wrong talking to a card, as a closed set.
//!
//! Messages are short English developer messages; the UI maps variants to its own translated
//! text, so variants carry data (status words, field names) rather than prose.

use super::apdu::StatusWord;

/// Why a card could not be used. Closed on purpose: the UI must handle every case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum CardError {
    /// SELECT of the NHI applet failed: a bank card, a Citizen Digital Certificate, …
    /// This is an expected situation ("not an NHI card"), not a malfunction.
    #[error("not an NHI card (SELECT answered {sw})")]
    NotNhiCard { sw: StatusWord },
    /// The applet was selected but READ basic data answered `6A86`: a health-professional card.
    /// (Also a failed SELECT from a card whose ATR is the health-professional card's.)
    #[error("health-professional card, not an NHI card")]
    HealthProfessionalCard,
    /// SELECT of the NHI applet failed and the ATR is one the public ATR list gives the MOICA
    /// Citizen Digital Certificate (自然人憑證), the card people most often mistake for it.
    #[error("Citizen Digital Certificate, not an NHI card")]
    CitizenDigitalCertificate,
    /// The card answered, but not with anything we can use.
    #[error("card data unreadable: {0}")]
    Unreadable(#[from] UnreadableReason),
}

/// Details of [`CardError::Unreadable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum UnreadableReason {
    /// The card returned fewer data bytes than the record needs.
    #[error("short answer ({len} bytes)")]
    ShortAnswer { len: usize },
    /// An answer of the wrong size where the size is fixed (challenge, authentication).
    #[error("answer of {len} bytes, expected {expected}")]
    WrongLength { expected: usize, len: usize },
    /// Not an APDU response at all (fewer than the two status-word bytes).
    #[error("malformed response")]
    MalformedResponse,
    /// A field of the basic-data record is invalid (bad characters, impossible date, …).
    #[error("bad field `{field}`")]
    BadField { field: &'static str },
    /// The card answered a status word that makes no sense at this step.
    #[error("unexpected status {0}")]
    UnexpectedStatus(StatusWord),
    /// The card kept answering `61xx` / `6Cxx` beyond our limits (broken or hostile card).
    #[error("response chain too long")]
    ResponseChainTooLong,
}
