//! `VirtualNhiCard`: answers command APDUs like an NHI card. Pure: no I/O.

use super::command::{self, Command, NHI_AID};
use super::profile::{CardProfile, ProfileError, Protocol};
use nhi_card::auth::{CARD_RANDOM_LEN, CardKey};

/// A card in a reader: the profile's data and quirks plus the little state a card keeps
/// between commands (selection, the last GET CHALLENGE random, T=0 data awaiting GET
/// RESPONSE).
pub struct VirtualNhiCard {
    profile: CardProfile,
    atr: Vec<u8>,
    read_answer: Vec<u8>,
    key: CardKey,
    selected: bool,
    last_random: Option<[u8; CARD_RANDOM_LEN]>,
    pending: Vec<u8>,
}

impl std::fmt::Debug for VirtualNhiCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VirtualNhiCard")
            .field("card_number", &self.profile.card_number)
            .field("selected", &self.selected)
            .finish_non_exhaustive()
    }
}

fn with_sw(mut data: Vec<u8>, sw: u16) -> Vec<u8> {
    data.extend_from_slice(&sw.to_be_bytes());
    data
}

fn sw_only(sw: u16) -> Vec<u8> {
    sw.to_be_bytes().to_vec()
}

impl VirtualNhiCard {
    /// A card holding `profile`, validated first.
    pub fn new(profile: CardProfile) -> Result<Self, ProfileError> {
        profile.validate()?;
        Ok(Self {
            atr: profile.atr(),
            read_answer: profile.read_answer(),
            key: profile.key(),
            profile,
            selected: false,
            last_random: None,
            pending: Vec::new(),
        })
    }

    pub fn profile(&self) -> &CardProfile {
        &self.profile
    }

    pub fn atr(&self) -> &[u8] {
        &self.atr
    }

    /// Cold reset: the same as [`VirtualNhiCard::reset`] for this card.
    pub fn power_on(&mut self) {
        self.reset();
    }

    /// Power lost: nothing survives.
    pub fn power_off(&mut self) {
        self.reset();
    }

    /// Warm reset: forgets the selection, the last random and any pending T=0 data.
    pub fn reset(&mut self) {
        self.selected = false;
        self.last_random = None;
        self.pending.clear();
    }

    /// Sets the GET CHALLENGE random as if the card had drawn it (known-answer tests).
    #[cfg(test)]
    pub(crate) fn set_random(&mut self, random: [u8; CARD_RANDOM_LEN]) {
        self.last_random = Some(random);
    }

    /// The response APDU (data + SW1 SW2) to a command APDU. Never panics.
    pub fn respond(&mut self, apdu: &[u8]) -> Vec<u8> {
        let command = match command::parse(apdu) {
            Ok(command) => command,
            Err(sw) => {
                self.pending.clear();
                return sw_only(sw);
            }
        };
        if let Command::GetResponse { le } = command {
            return self.get_response(le);
        }
        // Any other command drops data a T=0 host did not collect.
        self.pending.clear();
        match command {
            Command::Select { aid } => self.select(aid),
            Command::ReadBasicData => self.read_basic_data(),
            Command::GetChallenge => {
                let random: [u8; CARD_RANDOM_LEN] = rand::random();
                self.last_random = Some(random);
                self.data_answer(random.to_vec())
            }
            Command::Authenticate { challenge } => match &self.last_random {
                Some(random) => {
                    let answer = self.key.answer(random, &challenge);
                    self.data_answer(answer.to_vec())
                }
                None => sw_only(command::SW_CONDITIONS_NOT_SATISFIED),
            },
            Command::GetResponse { .. } => unreachable!("handled above"),
        }
    }

    fn select(&mut self, aid: &[u8]) -> Vec<u8> {
        if aid != NHI_AID {
            // ISO 7816-4: a failed SELECT leaves the current selection as it was.
            return sw_only(command::SW_NOT_FOUND);
        }
        let sw = self.profile.select_status();
        if sw == command::SW_OK {
            self.selected = true;
        }
        sw_only(sw)
    }

    fn read_basic_data(&mut self) -> Vec<u8> {
        // New-generation cards answer SELECT with 6D00 yet serve the read: their applet is
        // selected by default.
        let readable = self.selected || self.profile.select_status() == 0x6D00;
        if !readable {
            return sw_only(command::SW_CONDITIONS_NOT_SATISFIED);
        }
        if let Some(sw) = self.profile.read_status() {
            return sw_only(sw);
        }
        self.data_answer(self.read_answer.clone())
    }

    /// On T=1 the data comes with the answer; on T=0 the card says `61 xx` and keeps it for
    /// GET RESPONSE.
    fn data_answer(&mut self, data: Vec<u8>) -> Vec<u8> {
        match self.profile.protocol {
            Protocol::T1 => with_sw(data, command::SW_OK),
            Protocol::T0 if data.is_empty() => sw_only(command::SW_OK),
            Protocol::T0 => {
                let sw = 0x6100 | available_byte(data.len());
                self.pending = data;
                sw_only(sw)
            }
        }
    }

    fn get_response(&mut self, le: u8) -> Vec<u8> {
        if self.pending.is_empty() {
            return sw_only(command::SW_CONDITIONS_NOT_SATISFIED);
        }
        let available = self.pending.len();
        let wanted = if le == 0 { 256 } else { usize::from(le) };
        if wanted > available && le != 0 {
            // ISO 7816-4: wrong Le, here is the exact one.
            return sw_only(0x6C00 | available_byte(available));
        }
        let n = wanted.min(available);
        let rest = self.pending.split_off(n);
        let data = std::mem::replace(&mut self.pending, rest);
        match self.pending.len() {
            0 => with_sw(data, command::SW_OK),
            left => with_sw(data, 0x6100 | available_byte(left)),
        }
    }
}

/// SW2 of `61 xx` / `6C xx`: the count, with 256 or more written as `00`.
fn available_byte(n: usize) -> u16 {
    u16::try_from(n).map_or(0, |n| if n >= 256 { 0 } else { n })
}

#[cfg(test)]
#[path = "responder_tests.rs"]
mod tests;
