//! `nhi-companion diagnose`: what a support call needs, and nothing personal.
//!
//! The smart-card service state, the readers with their state, ATR and card type (the ATR
//! guess, and whether the card answers the NHI SELECT — that answer carries no personal
//! data; the basic-data record is never read here), the app and system versions.

use std::process::ExitCode;

use clap::Args;
use serde::Serialize;

use crate::card::apdu::{Response, SELECT_NHI};
use crate::problem::Problem;
use crate::reader::pcsc_backend::PcscService;
use crate::reader::{
    CardTypeGuess, ReaderSnapshot, SlotState, SmartCardService, guess_card_type,
    read_reader_snapshot,
};

use super::json::hex_upper;
use super::readers::describe;

#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub app_version: &'static str,
    pub os: String,
    pub arch: &'static str,
    pub smart_card_service: ServiceState,
    pub readers: Vec<ReaderReport>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceState {
    Running,
    NotRunning,
    Failed { code: String },
}

#[derive(Debug, Serialize)]
pub struct ReaderReport {
    pub name: String,
    pub state: SlotState,
    pub atr: String,
    pub card_type: Option<CardTypeGuess>,
    /// The status word the card gave to SELECT of the NHI applet ("9000", "6D00": an NHI
    /// card; "6A82": another card), when a card is in.
    pub nhi_select: Option<String>,
    #[serde(skip)]
    snapshot: ReaderSnapshot,
}

pub fn run(args: DiagnoseArgs) -> ExitCode {
    let report = collect();
    if args.json {
        match serde_json::to_string_pretty(&report) {
            Ok(json) => println!("{json}"),
            Err(_) => return ExitCode::FAILURE,
        }
    } else {
        print_text(&report);
    }
    ExitCode::SUCCESS
}

pub fn collect() -> Report {
    let (smart_card_service, readers) = match PcscService::establish() {
        Ok(mut service) => match read_reader_snapshot(&mut service) {
            Ok(snapshot) => (
                ServiceState::Running,
                snapshot
                    .into_iter()
                    .map(|r| reader_report(&mut service, r))
                    .collect(),
            ),
            Err(e) => (service_state(&Problem::from(&e)), Vec::new()),
        },
        Err(e) => (service_state(&Problem::from(&e)), Vec::new()),
    };
    Report {
        app_version: env!("CARGO_PKG_VERSION"),
        os: os_description(),
        arch: std::env::consts::ARCH,
        smart_card_service,
        readers,
    }
}

fn service_state(problem: &Problem) -> ServiceState {
    match problem {
        Problem::SmartCardServiceNotRunning => ServiceState::NotRunning,
        other => ServiceState::Failed {
            code: other.message_id().trim_start_matches("problem-").to_owned(),
        },
    }
}

fn reader_report(service: &mut dyn SmartCardService, snapshot: ReaderSnapshot) -> ReaderReport {
    let present = snapshot.state.card_present();
    ReaderReport {
        name: snapshot.reader.clone(),
        state: snapshot.state,
        atr: hex_upper(&snapshot.atr),
        card_type: present.then(|| guess_card_type(&snapshot.atr)),
        nhi_select: (snapshot.state == SlotState::Present)
            .then(|| probe_nhi_select(service, &snapshot.reader)),
        snapshot,
    }
}

/// Sends only SELECT (no personal data in its answer) and leaves the card as it was.
fn probe_nhi_select(service: &mut dyn SmartCardService, reader: &str) -> String {
    let mut connection = match service.connect(reader) {
        Ok(c) => c,
        Err(e) => return format!("connect failed: {e}"),
    };
    let answer = connection.transmit(&SELECT_NHI);
    let _ = connection.disconnect();
    match answer.map(|raw| Response::parse(&raw)) {
        Ok(Ok(response)) => response.sw.to_string(),
        Ok(Err(e)) => format!("malformed answer: {e}"),
        Err(e) => format!("transmit failed: {e}"),
    }
}

fn print_text(report: &Report) {
    println!("NHI Card Companion {}", report.app_version);
    println!("System: {} ({})", report.os, report.arch);
    match &report.smart_card_service {
        ServiceState::Running => println!("Smart-card service: running"),
        ServiceState::NotRunning => {
            let p = Problem::SmartCardServiceNotRunning;
            println!("Smart-card service: NOT running");
            println!("  {}", p.one_line());
        }
        ServiceState::Failed { code } => println!("Smart-card service: error ({code})"),
    }
    if matches!(report.smart_card_service, ServiceState::Running) {
        println!("Readers: {}", report.readers.len());
        if report.readers.is_empty() {
            println!("  {}", Problem::NoReader.one_line());
        }
        for r in &report.readers {
            match &r.nhi_select {
                Some(sw) => println!("  {}; NHI SELECT → {sw}", describe(&r.snapshot)),
                None => println!("  {}", describe(&r.snapshot)),
            }
        }
    }
    println!("Nothing personal is in this report; it is safe to share with support.");
}

/// "Debian GNU/Linux 12 (bookworm)" where the system says so, else the OS family.
fn os_description() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_owned())
}
