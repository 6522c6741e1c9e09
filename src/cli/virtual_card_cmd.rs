//! `nhi-companion virtual-card`: puts a virtual NHI card into a vsmartcard vpcd reader of the
//! local pcscd and keeps it there until Ctrl-C, SIGTERM, or (when stdin is a pipe) the end
//! of stdin, so a parent process that dies takes its card with it.
//!
//! Exit codes: 0 removed on request, 1 vpcd unreachable (pcscd not running?), 2 bad profile.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use crate::virtual_card::{CardProfile, VpcdCard, vpcd};

#[derive(Debug, Args)]
pub struct VirtualCardArgs {
    /// vpcd port: 35963 is reader "Virtual PCD 00 00", 35964 is "Virtual PCD 00 01".
    #[arg(long, default_value_t = vpcd::DEFAULT_PORT)]
    pub port: u16,
    /// A built-in profile (demo, t0, new-generation, health-professional, not-nhi,
    /// citizen-digital-certificate, short-answer, latin-name, rare-glyph, undecodable-name,
    /// second) or a JSON file.
    #[arg(long, default_value = "demo")]
    pub profile: String,
}

pub fn run(args: VirtualCardArgs) -> ExitCode {
    let profile = match CardProfile::resolve(&args.profile) {
        Ok(profile) => profile,
        Err(e) => {
            eprintln!("nhi-companion: virtual-card: {e}");
            return ExitCode::from(2);
        }
    };
    let card = match VpcdCard::insert(profile, args.port) {
        Ok(card) => card,
        Err(e) => {
            eprintln!("nhi-companion: virtual-card: {e}");
            return ExitCode::from(1);
        }
    };
    let reader = match args.port.checked_sub(vpcd::DEFAULT_PORT) {
        Some(slot @ 0..=1) => vpcd::reader_name(slot as u8),
        _ => format!("the vpcd reader on port {}", args.port),
    };
    // One line on stdout that scripts can wait for; pcscd sees the card about 1 s later.
    println!(
        "virtual card {:?} inserted into {reader}; Ctrl-C removes it",
        args.profile
    );
    let _ = std::io::stdout().flush();
    let reason = wait_for_stop();
    card.remove();
    eprintln!("virtual card removed ({reason})");
    ExitCode::SUCCESS
}

/// Blocks until Ctrl-C, SIGTERM or the end of a piped stdin; says which.
fn wait_for_stop() -> &'static str {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("nhi-companion: virtual-card: cannot watch for signals ({e}); stopping");
            return "no signal handling";
        }
    };
    let stdin_closed = watch_piped_stdin();
    runtime.block_on(async {
        let terminate = terminate_signal();
        tokio::select! {
            _ = tokio::signal::ctrl_c() => "Ctrl-C",
            _ = terminate => "SIGTERM",
            Ok(()) = stdin_closed => "stdin closed",
        }
    })
}

#[cfg(unix)]
async fn terminate_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut sigterm) => {
            sigterm.recv().await;
        }
        Err(_) => std::future::pending().await,
    }
}

#[cfg(not(unix))]
async fn terminate_signal() {
    std::future::pending().await
}

/// Resolves when stdin, if it is a pipe, reaches its end. A terminal or /dev/null (a
/// background job in a script) is not watched: only a parent holding a pipe means "stop
/// when I go away".
fn watch_piped_stdin() -> tokio::sync::oneshot::Receiver<()> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    if stdin_is_pipe() {
        // A plain thread: blocking reads on stdin do not belong on the runtime, and this
        // thread must not keep the process alive at exit (it does not).
        std::thread::spawn(move || {
            let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
            let _ = tx.send(());
        });
    } else {
        // Keep the sender alive forever so the receiver never resolves.
        std::mem::forget(tx);
    }
    rx
}

#[cfg(unix)]
fn stdin_is_pipe() -> bool {
    use std::os::fd::AsFd;
    use std::os::unix::fs::FileTypeExt;
    std::io::stdin()
        .as_fd()
        .try_clone_to_owned()
        .map(std::fs::File::from)
        .and_then(|f| f.metadata())
        .is_ok_and(|m| m.file_type().is_fifo())
}

#[cfg(not(unix))]
fn stdin_is_pipe() -> bool {
    false
}
