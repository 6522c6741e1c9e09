//! What the flow holds and hands over: the card holder, device codes, devices, reader signals.
//!
//! These are the flow's own small types, so it builds without the reader and service layers;
//! the glue in `ui` maps `reader::ReaderEvent`, `card::profile::Profile` and the service's
//! replies onto them.

use std::time::{Duration, Instant};

use chrono::NaiveDateTime;

use super::Secret;

/// What the smart-card monitor reports (mirrors `reader::ReaderEvent`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReaderSignal {
    ServiceUp,
    ServiceDown,
    ReaderAdded { reader: String },
    ReaderRemoved { reader: String },
    CardInserted { reader: String, atr: Vec<u8> },
    CardRemoved { reader: String },
    CardSwapped { reader: String, atr: Vec<u8> },
}

/// The card holder, as read from the card. The identifiers are needed to sign in; the masked
/// forms are what the screen shows. Everything is zeroized when the card leaves.
#[derive(Clone, PartialEq, Eq)]
pub struct Holder {
    pub card_number: Secret,
    pub id_number: Secret,
    /// `王○明`
    pub masked_name: Secret,
    /// `A12****789`
    pub masked_id: Secret,
}

impl std::fmt::Debug for Holder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Holder").finish_non_exhaustive()
    }
}

/// A device authentication code (裝置認證碼) as the service issued it.
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceCode {
    /// The 8 characters the phone takes.
    pub code: Secret,
    /// What the QR code carries.
    pub qr_payload: Secret,
    /// How long it is valid (15 minutes).
    pub ttl: Duration,
    /// When the countdown ends, on the monotonic clock: the registration client takes it as
    /// the instant the request was sent plus `ttl` (never late, and no wall clock involved).
    /// `None`: the arrival of the reply plus `ttl`.
    pub deadline: Option<Instant>,
    /// The absolute expiry on this computer's clock, for display only (the countdown uses the
    /// monotonic deadline, so a wrong clock cannot change the 15 minutes).
    pub expires_at: NaiveDateTime,
}

impl std::fmt::Debug for DeviceCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeviceCode")
            .field("ttl", &self.ttl)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Where a device code stands at the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeStatus {
    Pending,
    /// Scanned and verified on the phone: which one, as the service names it
    /// ("Pixel 8 · Android"), when it says.
    Redeemed(Option<String>),
    Expired,
}

/// A phone already authenticated with this card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    pub id: String,
    pub label: String,
    pub authenticated_at: Option<NaiveDateTime>,
}

/// Pairs a request with its reply, so a reply that arrives after the card left (or after the
/// user moved on) is recognised as stale and dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ticket(pub u64);

/// A slot of the PKCS#11 module a certificate token sits in (mirrors `token::SlotId`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenSlot(pub u64);

/// What the token watcher reports: a certificate token appeared in a slot, or left it. It
/// catches what the reader monitor cannot name: a USB token, a Citizen Digital Certificate
/// whose ATR is not on our list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSignal {
    /// `reader`: the PC/SC reader the slot is, when the module says (its slot description).
    Present {
        slot: TokenSlot,
        reader: Option<String>,
    },
    Gone {
        slot: TokenSlot,
    },
}

/// What the token's flags say about the PIN, in the words the screen uses. PKCS#11 gives no
/// count of tries, so nothing here claims a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PinWarning {
    /// No wrong PIN reported (or the token does not say).
    #[default]
    None,
    /// A wrong PIN was entered since the last right one; more than one try is left.
    CountLow,
    /// The next wrong PIN locks the card.
    FinalTry,
    /// Locked: the PIN is never tried again.
    Locked,
}

/// A Citizen Digital Certificate (or another certificate token) ready for the PIN. The name
/// comes from the certificate, masked; the certificate itself stays with the token.
#[derive(Clone, PartialEq, Eq)]
pub struct CertificateCard {
    pub slot: TokenSlot,
    /// The token's label (`HiCOS PKI Smart Card`), not personal.
    pub label: String,
    /// `王○明`, from the certificate's subject; empty when it names nobody.
    pub masked_name: Secret,
    pub pin: PinWarning,
    /// The PIN lengths the token accepts (MOICA: 6 to 8), checked before a try is spent.
    pub pin_length: (usize, usize),
}

impl std::fmt::Debug for CertificateCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateCard")
            .field("slot", &self.slot)
            .field("label", &self.label)
            .field("pin", &self.pin)
            .finish_non_exhaustive()
    }
}
