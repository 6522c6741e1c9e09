//! `nhi-companion readers`: the card readers and what is in them.

use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use crate::problem::AsProblem;
use crate::reader::pcsc_backend::PcscService;
use crate::reader::{
    CardTypeGuess, ReaderSnapshot, SlotState, guess_card_type, read_reader_snapshot,
};

use super::json::hex_upper;

#[derive(Debug, Args)]
pub struct ReadersArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct ReaderJson<'a> {
    name: &'a str,
    state: SlotState,
    card_present: bool,
    atr: String,
    card_type: Option<CardTypeGuess>,
}

pub fn run(args: ReadersArgs) -> ExitCode {
    let snapshot =
        PcscService::establish().and_then(|mut service| read_reader_snapshot(&mut service));
    let readers = match snapshot {
        Ok(readers) => readers,
        Err(e) => return super::fail(&e.problem()),
    };
    if args.json {
        let list: Vec<ReaderJson> = readers.iter().map(reader_json).collect();
        println!("{}", serde_json::json!({ "readers": list }));
    } else if readers.is_empty() {
        println!("No card readers. / 找不到讀卡機。");
    } else {
        for r in &readers {
            println!("{}", describe(r));
        }
    }
    ExitCode::SUCCESS
}

fn reader_json(r: &ReaderSnapshot) -> ReaderJson<'_> {
    ReaderJson {
        name: &r.reader,
        state: r.state,
        card_present: r.state.card_present(),
        atr: hex_upper(&r.atr),
        card_type: r.state.card_present().then(|| guess_card_type(&r.atr)),
    }
}

/// One line per reader: name, state, and the ATR with its card-type guess when a card is in.
pub(super) fn describe(r: &ReaderSnapshot) -> String {
    let state = match r.state {
        SlotState::Empty => "no card",
        SlotState::Present => "card present",
        SlotState::InUse => "card present, in use by another program",
        SlotState::Mute => "card present but not answering (inserted the wrong way?)",
        SlotState::Unavailable => "unavailable",
        SlotState::Unknown | SlotState::Unaware => "unknown state",
    };
    if r.state.card_present() && !r.atr.is_empty() {
        format!(
            "{}: {state}, ATR {} ({})",
            r.reader,
            hex_upper(&r.atr),
            guess_label(guess_card_type(&r.atr))
        )
    } else {
        format!("{}: {state}", r.reader)
    }
}

pub(super) fn guess_label(guess: CardTypeGuess) -> &'static str {
    match guess {
        CardTypeGuess::PossiblyNhi => "ATR listed for NHI cards",
        CardTypeGuess::HealthProfessional => "ATR listed for the health professional card",
        CardTypeGuess::CitizenDigitalCertificate => {
            "ATR listed for the Citizen Digital Certificate (自然人憑證)"
        }
        CardTypeGuess::Unknown => "ATR not known; may still be an NHI card",
        CardTypeGuess::NoAtr => "no ATR",
        CardTypeGuess::Malformed => "not an ISO 7816 ATR",
    }
}
