//! `nhi-companion kiosk-pin`: reads an administrator PIN from stdin and prints the line to
//! paste into the machine-wide configuration. The PIN itself is never printed or stored.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::Args;
use zeroize::Zeroizing;

use crate::kiosk::pin;

#[derive(Debug, Args)]
pub struct KioskPinArgs {}

pub fn run(_args: KioskPinArgs) -> ExitCode {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        // A prompt only for a person; a script piping the PIN in gets just the line.
        eprint!(
            "Administrator PIN (at least {n} characters) / 管理員 PIN 碼（至少 {n} 個字元）: ",
            n = pin::MIN_PIN_LEN
        );
        let _ = std::io::stderr().flush();
    }
    let mut line = Zeroizing::new(String::new());
    if let Err(e) = stdin.lock().read_line(&mut line) {
        eprintln!("nhi-companion: could not read the PIN from stdin: {e} / 無法讀取 PIN 碼：{e}");
        return ExitCode::FAILURE;
    }
    // cmd's `echo 246810 | …` adds a space; spaces around the PIN never count.
    let pin = line.trim();
    if pin.chars().count() < pin::MIN_PIN_LEN {
        eprintln!(
            "nhi-companion: the PIN must have at least {n} characters; run again with a longer one. / PIN 碼至少要 {n} 個字元，請換一個較長的再試一次。",
            n = pin::MIN_PIN_LEN
        );
        return ExitCode::from(2);
    }
    match pin::hash(pin) {
        Ok(hash) => {
            println!("admin_pin_hash = \"{hash}\"");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("nhi-companion: the PIN could not be hashed: {e} / 無法產生 PIN 碼雜湊：{e}");
            ExitCode::FAILURE
        }
    }
}
