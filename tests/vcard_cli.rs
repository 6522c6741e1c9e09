//! `nhi-companion virtual-card` as a process, through the real pcscd.

mod support;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use support::pcscd::{Pcscd, SEEN_TIMEOUT, reader, split_sw, with_card};

fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_nhi-companion"))
        .arg("virtual-card")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn nhi-companion virtual-card")
}

/// Waits for the "inserted" line on stdout.
fn wait_inserted(child: &mut Child) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(
        line.contains("inserted into"),
        "unexpected first line: {line:?}"
    );
    line
}

fn wait_exit(child: &mut Child, timeout: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            panic!("virtual-card did not exit within {timeout:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn card_number_in(slot: u8) -> Vec<u8> {
    with_card(&reader(slot), |c| {
        let mut select = vec![0x00, 0xA4, 0x04, 0x00, 0x10];
        select.extend_from_slice(&nhi_companion::virtual_card::NHI_AID);
        c.transmit(&select);
        let read = c.transmit(&[0x00, 0xCA, 0x11, 0x00, 0x02, 0x00, 0x00]);
        let (data, sw) = split_sw(&read);
        assert_eq!(sw, 0x9000);
        data[..12].to_vec()
    })
}

#[test]
fn virtual_card_command_serves_until_stdin_closes() {
    let pcscd = Pcscd::acquire();
    let mut child = spawn(&["--port", "35964", "--profile", "second"]);
    let line = wait_inserted(&mut child);
    assert!(line.contains("Virtual PCD 00 01"), "{line}");
    pcscd.wait_for_card(&reader(1), true, SEEN_TIMEOUT).unwrap();
    assert_eq!(card_number_in(1), b"000087654321");
    drop(child.stdin.take()); // like the parent going away
    assert!(wait_exit(&mut child, Duration::from_secs(5)).success());
    pcscd
        .wait_for_card(&reader(1), false, SEEN_TIMEOUT)
        .unwrap();
}

#[cfg(unix)]
#[test]
fn virtual_card_command_stops_on_sigterm() {
    let pcscd = Pcscd::acquire();
    let mut child = spawn(&[]); // demo card, port 35963
    wait_inserted(&mut child);
    pcscd.wait_for_card(&reader(0), true, SEEN_TIMEOUT).unwrap();
    assert_eq!(
        card_number_in(0),
        nhi_companion::card::demo::DEMO_CARD_NUMBER.as_bytes()
    );
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert!(wait_exit(&mut child, Duration::from_secs(5)).success());
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("SIGTERM"), "{stderr}");
    pcscd
        .wait_for_card(&reader(0), false, SEEN_TIMEOUT)
        .unwrap();
}

#[test]
fn virtual_card_command_refuses_an_unknown_profile() {
    // No pcscd needed: the profile is checked before connecting.
    let mut child = spawn(&["--profile", "no-such-profile"]);
    let status = wait_exit(&mut child, Duration::from_secs(5));
    assert_eq!(status.code(), Some(2));
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert!(stderr.contains("no-such-profile"), "{stderr}");
}
