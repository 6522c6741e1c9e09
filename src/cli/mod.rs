//! The command line for admins, scripts and tests.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub mod virtual_card_cmd;

#[derive(Debug, Parser)]
#[command(name = "nhi-companion", version, about = "NHI Card Companion (健保卡裝置認證小幫手)")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Put a virtual NHI card into a vsmartcard vpcd reader until Ctrl-C (tests, demo).
    VirtualCard(virtual_card_cmd::VirtualCardArgs),
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::VirtualCard(args)) => virtual_card_cmd::run(args),
        None => ExitCode::SUCCESS,
    }
}
