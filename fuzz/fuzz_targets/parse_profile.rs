//! Feeds arbitrary bytes to every parser of card input: `Profile::parse`, `Response::parse`,
//! and the whole session over a card whose answers come from the fuzz input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nhi_companion::card::Profile;
use nhi_companion::card::apdu::Response;
use nhi_companion::card::session::{CardTransport, authenticate, get_challenge, read_profile};

/// Answers each command with the next length-prefixed chunk of the input (`n`, then `n`
/// bytes), so the fuzzer controls the number, size and content of the card's answers.
struct FuzzCard<'a> {
    input: &'a [u8],
}

impl CardTransport for FuzzCard<'_> {
    type Error = ();
    fn transmit(&mut self, _command: &[u8]) -> Result<Vec<u8>, ()> {
        let (&len, rest) = self.input.split_first().ok_or(())?;
        let len = usize::from(len).min(rest.len());
        let (answer, rest) = rest.split_at(len);
        self.input = rest;
        Ok(answer.to_vec())
    }
}

fuzz_target!(|data: &[u8]| {
    let _ = Profile::parse(data);
    let _ = Response::parse(data);
    let mut card = FuzzCard { input: data };
    let _ = read_profile(&mut card);
    let _ = get_challenge(&mut card);
    let _ = authenticate(&mut card, &[0x5A; 32]);
});
