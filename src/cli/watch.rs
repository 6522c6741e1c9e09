//! `nhi-companion watch`: one line per reader event, until interrupted.
//!
//! The monitor runs on its own thread and survives smart-card service restarts; this loop only
//! prints, and reads the card when one is inserted so the line can carry its data.

use std::io::Write;
use std::process::ExitCode;
use std::sync::mpsc;

use clap::Args;

use crate::problem::{AsProblem, Problem, ProblemText};
use crate::reader::pcsc_backend::PcscService;
use crate::reader::{
    CardReading, Connector, Monitor, MonitorOptions, ReadError, ReaderError, ReaderEvent, read_card,
};

use super::json::{ProblemJson, ProfileJson, hex_upper};

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Print JSON lines instead of text. Card events then carry the card's `profile`, or a
    /// `problem` when it could not be read.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: WatchArgs) -> ExitCode {
    let (events, received) = mpsc::channel();
    let factory: Connector = PcscService::connector();
    let monitor = Monitor::spawn(
        factory,
        MonitorOptions::default(),
        Box::new(move |event| {
            let _ = events.send(event);
        }),
    );

    let mut reader = CardReader::default();
    let mut stdout = std::io::stdout().lock();
    for event in received {
        let reading = match &event {
            ReaderEvent::CardInserted { reader: name, .. }
            | ReaderEvent::CardSwapped { reader: name, .. } => Some(reader.read(name)),
            ReaderEvent::ServiceDown => {
                reader.forget();
                None
            }
            _ => None,
        };
        let line = if args.json {
            json_line(&event, reading.as_ref())
        } else {
            text_line(&event, reading.as_ref())
        };
        // A closed pipe (`watch | head`) ends the command quietly.
        if writeln!(stdout, "{line}").is_err() {
            break;
        }
    }
    monitor.stop();
    ExitCode::SUCCESS
}

/// Reads inserted cards with a context of its own, rebuilt when the service restarted.
#[derive(Default)]
struct CardReader {
    service: Option<PcscService>,
}

impl CardReader {
    fn read(&mut self, reader: &str) -> Result<CardReading, Problem> {
        // One retry with a fresh context: after a pcscd restart the old one is dead.
        for _ in 0..2 {
            let service = match self.service.take() {
                Some(s) => s,
                None => PcscService::establish().map_err(|e| e.problem())?,
            };
            let service = self.service.insert(service);
            match read_card(service, reader) {
                Err(ReadError::Reader(ReaderError::NoService)) => self.forget(),
                other => return other.map_err(|e| e.problem()),
            }
        }
        Err(Problem::SmartCardServiceNotRunning)
    }

    fn forget(&mut self) {
        self.service = None;
    }
}

fn json_line(event: &ReaderEvent, reading: Option<&Result<CardReading, Problem>>) -> String {
    let mut value = serde_json::to_value(event).unwrap_or_default();
    if let (Some(object), Some(reading)) = (value.as_object_mut(), reading) {
        let extra = match reading {
            Ok(r) => (
                "profile",
                serde_json::to_value(ProfileJson::from(&r.profile)),
            ),
            Err(p) => ("problem", serde_json::to_value(ProblemJson::from(p))),
        };
        if let (key, Ok(v)) = extra {
            object.insert(key.to_owned(), v);
        }
    }
    value.to_string()
}

/// Text lines are for eyes and terminals that may be logged: personal data is masked.
fn text_line(event: &ReaderEvent, reading: Option<&Result<CardReading, Problem>>) -> String {
    let card = match reading {
        Some(Ok(r)) => format!(
            ": NHI card {} {}",
            r.profile.masked_name(),
            r.profile.masked_id()
        ),
        Some(Err(p)) => format!(": {}", p.title(crate::i18n::Language::English)),
        None => String::new(),
    };
    match event {
        ReaderEvent::ServiceUp => "smart-card service running".to_owned(),
        ReaderEvent::ServiceDown => {
            "smart-card service not running; waiting for it to come back".to_owned()
        }
        ReaderEvent::ReaderAdded { reader } => format!("reader added: {reader}"),
        ReaderEvent::ReaderRemoved { reader } => format!("reader removed: {reader}"),
        ReaderEvent::CardInserted { reader, atr } => {
            format!("card inserted in {reader} (ATR {}){card}", hex_upper(atr))
        }
        ReaderEvent::CardSwapped { reader, atr } => {
            format!("card swapped in {reader} (ATR {}){card}", hex_upper(atr))
        }
        ReaderEvent::CardRemoved { reader } => format!("card removed from {reader}"),
    }
}
