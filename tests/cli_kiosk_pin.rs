//! `nhi-companion kiosk-pin`: a PIN on stdin becomes the `admin_pin_hash` line for the
//! machine-wide config.toml, which the kiosk's configuration reader accepts and verifies.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use nhi_companion::kiosk::{MachineConfig, pin};

fn kiosk_pin(stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nhi-companion"))
        .arg("kiosk-pin")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run nhi-companion kiosk-pin");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn prints_a_line_to_paste_that_verifies_the_pin() {
    // As `echo 246810 | nhi-companion kiosk-pin` sends it from cmd: a space, CR LF.
    let out = kiosk_pin("246810 \r\n");
    assert!(out.status.success(), "{out:?}");
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(line.starts_with("admin_pin_hash = \"$argon2id$"), "{line}");
    assert!(!line.contains("246810"), "the PIN itself is never printed");
    assert!(
        out.stderr.is_empty(),
        "no prompt when stdin is not a terminal"
    );

    let (config, ignored) = MachineConfig::from_toml(&format!("kiosk = true\n{line}")).unwrap();
    assert!(ignored.is_empty(), "{ignored:?}");
    let hash = config.admin_pin_hash.expect("the pasted line is read");
    assert!(pin::verify("246810", &hash));
    assert!(!pin::verify("246811", &hash));
}

#[test]
fn a_short_pin_is_refused_in_both_languages() {
    let out = kiosk_pin("1234\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("at least") && err.contains("至少"), "{err}");
}
