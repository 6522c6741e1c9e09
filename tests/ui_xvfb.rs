//! The app in a real window, as a person would use it: under Xvfb, in demo mode against a
//! reference service in another process, the password typed with xdotool, a screenshot taken,
//! the QR decoded from its pixels by an independent decoder (zbarimg) and redeemed like a
//! phone would. Then the "verified" screen must appear. Also measures the app's CPU while the
//! QR and its countdown are on screen (DESIGN: ≤ 1 % of a core).
//!
//! Needs Xvfb, xdotool, zbarimg and import (`scripts/setup-system.sh --test`). Without them it
//! is skipped with a message, unless `CI` is set: in CI it must run.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use nhi_companion::service::RegistrationClient;

const TOOLS: [&str; 4] = ["Xvfb", "xdotool", "zbarimg", "import"];
const TITLE: &str = "NHI Card Companion";

/// Stops and reaps a child process when dropped, so a failing assertion leaves nothing
/// behind. SIGTERM first (Xvfb then removes its lock and socket), SIGKILL if it lingers.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(3) {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `nhi-companion reference-service` on a free loopback port, once it says it listens.
fn reference_service(bin: &Path) -> (Guard, String) {
    let port = free_port();
    let mut child = Command::new(bin)
        .args([
            "reference-service",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("reference service starts");
    let stdout = child.stdout.take().unwrap();
    let guard = Guard(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    assert!(
        line.contains("listening on"),
        "reference service said {line:?}"
    );
    (guard, format!("http://127.0.0.1:{port}"))
}

/// Xvfb on the first free display from :90, 1280×900, 24 bits. A display whose lock file
/// exists is taken (Xvfb itself refuses it); one stale from a killed server costs one number.
fn xvfb() -> (Guard, String) {
    for n in 90..190 {
        if Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let child = Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x900x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let mut guard = Guard(child);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            // Up once a client can talk to it.
            if x(&display, "xdotool", &["getdisplaygeometry"])
                .status
                .success()
            {
                return (guard, display);
            }
            if let Ok(Some(_)) = guard.0.try_wait() {
                break; // lost a race for this display: try the next
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("no free X display for Xvfb");
}

fn x(display: &str, tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"))
}

fn screenshot(display: &str, path: &Path) {
    let out = x(
        display,
        "import",
        &["-window", "root", path.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// What zbarimg reads from the picture (nothing: no QR on screen).
fn decode_qr(path: &Path) -> Option<String> {
    let out = Command::new("zbarimg")
        .args(["--raw", "-q", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// The verified screen's green check mark: enough pixels of its colour (rgb 25,128,51).
fn shows_green_check(path: &Path) -> bool {
    let picture = image::open(path).unwrap().to_rgb8();
    let green = picture
        .pixels()
        .filter(|p| {
            let [r, g, b] = p.0;
            r.abs_diff(25) < 20 && g.abs_diff(128) < 20 && b.abs_diff(51) < 20
        })
        .count();
    green > 200
}

/// CPU seconds (user + system) the process has used, from /proc/PID/stat.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may contain spaces) start after the last ')'.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    // CLK_TCK is 100 on every Linux this runs on.
    ticks / 100.0
}

fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(500));
    }
}

#[test]
fn demo_in_a_real_window_shows_a_scannable_qr_that_redeems() {
    let missing: Vec<&str> = TOOLS.into_iter().filter(|t| !on_path(t)).collect();
    if !missing.is_empty() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "CI must run the real-window test; missing: {missing:?} (scripts/setup-system.sh --test)"
            );
        }
        eprintln!(
            "SKIPPED ui_xvfb: missing {missing:?}; install them with scripts/setup-system.sh --test"
        );
        return;
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_nhi-companion"));
    let shots = tempfile::tempdir().unwrap();
    // The app's settings and any saved file go here, never into the tester's home.
    let home = tempfile::tempdir().unwrap();

    let (_service, url) = reference_service(&bin);
    let (_xvfb, display) = xvfb();
    let launch = || {
        Command::new(&bin)
            .args(["--demo", "--service", &url])
            .env("DISPLAY", &display)
            .env("ICED_BACKEND", "tiny-skia")
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the app starts")
    };
    let mut app = Guard(launch());
    let mut relaunches = 0;
    let window = wait_for("the window", Duration::from_secs(60), || {
        // Seen once in many runs: winit failing to open the fresh X display ("Create event
        // loop"). That is the X server's start-up, not the app; start the app again, twice
        // at most, and say so.
        if let Ok(Some(status)) = app.0.try_wait() {
            assert!(
                relaunches < 2,
                "the app keeps exiting before its window: {status}"
            );
            eprintln!("ui_xvfb: the app exited before its window ({status}); starting it again");
            relaunches += 1;
            app = Guard(launch());
            return None;
        }
        let out = x(&display, "xdotool", &["search", "--name", TITLE]);
        let id = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()?
            .trim()
            .to_owned();
        (!id.is_empty()).then_some(id)
    });
    let pid = app.0.id();
    // The demo card is read at start; give the first frames time to settle.
    std::thread::sleep(Duration::from_secs(3));
    let card_ready = shots.path().join("card-ready.png");
    screenshot(&display, &card_ready);

    // Xvfb has no window manager: focus the window by hand, then type like a person.
    x(&display, "xdotool", &["windowfocus", "--sync", &window]);
    x(&display, "xdotool", &["type", "--delay", "60", "Demo1234"]);
    x(&display, "xdotool", &["key", "Return"]);

    let code_shot = shots.path().join("code.png");
    let code = wait_for("a QR on screen", Duration::from_secs(60), || {
        screenshot(&display, &code_shot);
        decode_qr(&code_shot)
    });
    assert_eq!(code.len(), 8, "decoded {code:?}");

    // CPU while the QR and its countdown are on screen.
    let seconds: u64 = std::env::var("NHI_XVFB_CPU_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let before = cpu_seconds(pid);
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(seconds));
    let used = cpu_seconds(pid) - before;
    let percent = 100.0 * used / started.elapsed().as_secs_f64();
    eprintln!("ui_xvfb: CPU with the QR on screen: {percent:.2} % of one core over {seconds} s");
    // The goal is 1 %; a loaded CI machine gets some slack, a busy loop does not.
    assert!(
        percent < 5.0,
        "the app used {percent:.2} % of a core while idle"
    );

    // Play the phone.
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = RegistrationClient::new(&url).unwrap();
    let device = runtime
        .block_on(client.redeem_device_code(&code, "Test phone", "android"))
        .expect("the code from the screen redeems");
    assert_eq!(device.device_name, "Test phone");

    // The app polls every 3 s: the QR leaves and the green check of "verified" appears.
    let verified = shots.path().join("verified.png");
    wait_for("the verified screen", Duration::from_secs(30), || {
        screenshot(&display, &verified);
        (decode_qr(&verified).is_none() && shows_green_check(&verified)).then_some(())
    });

    if let Some(dir) = std::env::var_os("NHI_XVFB_SHOTS") {
        for name in ["card-ready.png", "code.png", "verified.png"] {
            let _ = std::fs::copy(shots.path().join(name), Path::new(&dir).join(name));
        }
    }
}

/// With `RUST_LOG=trace` (what a support person asks for), a password typed into the real
/// window reaches no log line: the text-layout library traces every string it shapes, the
/// password field's value included, so the app caps every other crate at warnings. The log
/// must still hold the app's own debug lines (the level was honoured), and the typed text in
/// no form.
#[test]
fn nothing_typed_reaches_the_log_at_trace() {
    let missing: Vec<&str> = ["Xvfb", "xdotool"]
        .into_iter()
        .filter(|t| !on_path(t))
        .collect();
    if !missing.is_empty() {
        if std::env::var_os("CI").is_some() {
            panic!("CI must run the log test; missing: {missing:?}");
        }
        eprintln!("SKIPPED log test: missing {missing:?}");
        return;
    }
    const TYPED: &str = "Zq7xPw93";
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_nhi-companion"));
    let home = tempfile::tempdir().unwrap();
    let log_path = home.path().join("stderr.log");
    let (_xvfb, display) = xvfb();
    let mut app = Guard(
        Command::new(&bin)
            .arg("--demo")
            .env("DISPLAY", &display)
            .env("ICED_BACKEND", "tiny-skia")
            .env("RUST_LOG", "trace")
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .spawn()
            .expect("the app starts"),
    );
    let window = wait_for("the window", Duration::from_secs(60), || {
        assert!(
            app.0.try_wait().unwrap().is_none(),
            "the app exited before its window"
        );
        let out = x(&display, "xdotool", &["search", "--name", TITLE]);
        let id = String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()?
            .trim()
            .to_owned();
        (!id.is_empty()).then_some(id)
    });
    std::thread::sleep(Duration::from_secs(3));
    x(&display, "xdotool", &["windowfocus", "--sync", &window]);
    x(&display, "xdotool", &["type", "--delay", "60", TYPED]);
    // A wrong password: the sign-in fails and says so (the app logs the failure at debug).
    x(&display, "xdotool", &["key", "Return"]);
    std::thread::sleep(Duration::from_secs(4));
    drop(app);
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains("reader event"),
        "RUST_LOG=trace was not honoured for the app's own lines: {} lines",
        log.lines().count()
    );
    // Any four characters in a row of what was typed (the field lays out every prefix).
    for start in 0..=TYPED.len() - 4 {
        let part = &TYPED[start..start + 4];
        let hits: Vec<&str> = log.lines().filter(|l| l.contains(part)).take(3).collect();
        assert!(
            hits.is_empty(),
            "{part:?} of the typed password in the log: {hits:#?}"
        );
    }
}
