//! A virtual NHI card: the APDU responder, its profiles and the vpcd socket client that puts
//! it into a real pcscd reader ("Virtual PCD 00 00" / "00 01", from `vsmartcard-vpcd`).
//!
//! This is the card side, written from the public facts in DESIGN.md independently of the
//! host-side parser in `card`, so that tests through pcscd check one against the other.

mod builtin;
mod command;
pub mod in_process;
pub mod profile;
mod record;
mod responder;
pub mod vpcd;

pub use builtin::{RARE_GLYPH_NAME, RARE_GLYPH_NAME_HEX, UNDECODABLE_NAME, UNDECODABLE_NAME_HEX};
pub use command::NHI_AID;
pub use in_process::InProcessReader;
pub use profile::{CardProfile, Padding, ProfileError, Protocol};
pub use record::RECORD_LEN;
pub use responder::VirtualNhiCard;
pub use vpcd::VpcdCard;
