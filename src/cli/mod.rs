//! The command line for admins, scripts and tests.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "nhi-companion",
    version,
    about = "NHI Card Companion (健保卡裝置認證小幫手)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Start the window with the demo card and a practice service (no reader needed).
    #[arg(long, global = true)]
    pub demo: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if cli.command.is_none() {
        // No subcommand: the desktop app.
        return crate::ui::run(crate::ui::Options {
            demo: cli.demo,
            ..crate::ui::Options::default()
        });
    }
    ExitCode::SUCCESS
}
