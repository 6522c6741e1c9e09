//! Manual checks against a real pcscd (ignored: they need pcscd, and a person or script to
//! insert cards and restart the service). Run with
//! `cargo test --test reader_pcsc -- --ignored --nocapture`.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use nhi_companion::reader::pcsc_backend::PcscService;
use nhi_companion::reader::{
    Monitor, MonitorOptions, SmartCardService, guess_card_type, read_reader_snapshot,
};

/// Lists readers, and for each card present: connect, SELECT the NHI applet, disconnect.
#[test]
#[ignore]
fn pcsc_snapshot_and_connect() {
    let mut svc = PcscService::establish().expect("pcscd running");
    println!("pnp: {}", svc.supports_pnp());
    for r in read_reader_snapshot(&mut svc).unwrap() {
        println!(
            "{}",
            serde_json::json!({"reader": r.reader, "state": r.state,
                "atr": hex::encode_upper(&r.atr), "guess": guess_card_type(&r.atr)})
        );
        if r.state.card_present() {
            let mut conn = svc.connect(&r.reader).unwrap();
            let select = [
                0x00, 0xA4, 0x04, 0x00, 0x10, 0xD1, 0x58, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
                0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00,
            ];
            let answer = conn.transmit(&select).unwrap();
            // Only the status word: never print card data.
            println!("SELECT -> SW {:02X?}", &answer[answer.len() - 2..]);
            conn.disconnect().unwrap();
        }
    }
}

/// Prints every monitor event with its time for `NHI_WATCH_SECS` seconds (default 20), then
/// stops the monitor and prints how long stopping took.
#[test]
#[ignore]
fn pcsc_monitor_watch() {
    let secs: u64 = std::env::var("NHI_WATCH_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let (tx, rx) = mpsc::channel();
    let t0 = Instant::now();
    let monitor = Monitor::spawn(
        PcscService::connector(),
        MonitorOptions::default(),
        Box::new(move |e| {
            let _ = tx.send(e);
        }),
    );
    let deadline = t0 + Duration::from_secs(secs);
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(e) => println!(
                "{:.3} (+{:.3}s) {}",
                std::time::UNIX_EPOCH.elapsed().unwrap().as_secs_f64(),
                t0.elapsed().as_secs_f64(),
                serde_json::to_string(&e).unwrap()
            ),
            Err(_) => break,
        }
    }
    let t = Instant::now();
    monitor.stop();
    println!("stop took {:?}", t.elapsed());
}
