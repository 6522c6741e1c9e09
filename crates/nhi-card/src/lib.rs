//! NHI card APDUs and parsing. Pure: no I/O.
//!
//! - [`apdu`]: command APDUs, [`apdu::StatusWord`], [`apdu::Response`].
//! - [`profile`]: the 57-byte basic-data record and the masked on-screen forms.
//! - [`session`]: the exchanges (read the profile, challenge, authenticate) over any
//!   [`session::CardTransport`].
//! - [`CardError`]: everything that can go wrong, as a closed enum.

pub mod apdu;
pub mod auth;
pub mod demo;
mod error;
pub mod profile;
pub mod session;

pub use error::{CardError, UnreadableReason};
pub use profile::{Profile, Sex, mask_id, mask_name};
