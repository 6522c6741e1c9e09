//! The `nhi-reference-service` binary on its own: started on a free loopback port, it says
//! where it listens and answers the protocol's health call from the real client.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use nhi_protocol::RegistrationClient;

/// Kills the service when the test ends, however it ends.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_serves_the_protocol_on_loopback() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nhi-reference-service"))
        .args(["--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nhi-reference-service");
    let stdout = child.stdout.take().expect("stdout");
    let _running = Running(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the address");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");

    let health = RegistrationClient::new(&url)
        .expect("client")
        .health()
        .await
        .expect("health");
    assert!(
        health.service.starts_with("nhi-companion-reference "),
        "{}",
        health.service
    );
}

#[test]
fn help_names_the_binary_and_the_options() {
    let out = Command::new(env!("CARGO_BIN_EXE_nhi-reference-service"))
        .arg("--help")
        .output()
        .expect("run --help");
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("nhi-reference-service"), "{help}");
    for option in ["--listen", "--tls-cert", "--enable-faults", "--moica-ca"] {
        assert!(help.contains(option), "{option} missing: {help}");
    }
}
