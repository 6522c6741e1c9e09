//! The app in a real window under Xvfb, for the screen-size test (`tests/ui_small_screen.rs`)
//! and the renderer benchmark (`benches/renderers.rs`): an X server of a given size, the
//! reference service in its own process, the app started like a person starts it, the moment
//! its window is mapped (from the X server's own MapNotify), screenshots, QR decoding, and the
//! app's CPU time and memory from /proc.
//!
//! Needs Xvfb, xdotool, zbarimg and import (`scripts/setup-system.sh --test`).

#![allow(dead_code)] // each user takes what it needs

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{ChangeWindowAttributesAux, ConnectionExt, EventMask};

pub const TOOLS: [&str; 4] = ["Xvfb", "xdotool", "zbarimg", "import"];
pub const TITLE: &str = "NHI Card Companion";

/// Stops and reaps a child process when dropped. SIGTERM first (Xvfb then removes its lock and
/// socket), SIGKILL if it lingers.
pub struct Guard(pub Child);

impl Guard {
    pub fn pid(&self) -> u32 {
        self.0.id()
    }
}

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
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn missing_tools() -> Vec<&'static str> {
    TOOLS.into_iter().filter(|t| !on_path(t)).collect()
}

pub fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `nhi-companion reference-service` on a free loopback port, once it says it listens.
pub fn reference_service(bin: &Path) -> (Guard, String) {
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

/// Xvfb of `width`×`height` on the first free display from `first`. A display whose lock file
/// exists is taken (Xvfb itself refuses it); one stale from a killed server costs one number.
pub fn xvfb(width: u32, height: u32, first: u32) -> (Guard, String) {
    for n in first..first + 100 {
        if Path::new(&format!("/tmp/.X{n}-lock")).exists() {
            continue;
        }
        let display = format!(":{n}");
        let screen = format!("{width}x{height}x24");
        let child = Command::new("Xvfb")
            .args([&display, "-screen", "0", &screen, "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        let mut guard = Guard(child);
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
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

pub fn x(display: &str, tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"))
}

/// Watches the X server for top-level windows being mapped (MapNotify on the root window), so
/// "the window is on screen" is the server's word, to the millisecond, with no polling.
pub struct MapWatcher {
    conn: x11rb::rust_connection::RustConnection,
}

impl MapWatcher {
    pub fn new(display: &str) -> MapWatcher {
        let (conn, screen) = x11rb::connect(Some(display)).expect("connect to the X server");
        let root = conn.setup().roots[screen].root;
        conn.change_window_attributes(
            root,
            &ChangeWindowAttributesAux::new().event_mask(EventMask::SUBSTRUCTURE_NOTIFY),
        )
        .unwrap()
        .check()
        .unwrap();
        MapWatcher { conn }
    }

    /// The instant the next top-level window was mapped, or `None` after `timeout`. Checks
    /// `alive` in between (an app that exits will never map anything).
    pub fn next_map(&self, timeout: Duration, mut alive: impl FnMut() -> bool) -> Option<Instant> {
        let start = Instant::now();
        while start.elapsed() < timeout {
            match self.conn.poll_for_event().expect("X connection") {
                Some(Event::MapNotify(e)) if !e.override_redirect => return Some(Instant::now()),
                Some(_) => continue,
                None => {
                    if !alive() {
                        return None;
                    }
                    // The socket is only polled; 1 ms keeps the measurement fine and the
                    // watcher's own CPU use negligible.
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        }
        None
    }
}

pub fn screenshot(display: &str, path: &Path) {
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
pub fn decode_qr(path: &Path) -> Option<String> {
    let out = Command::new("zbarimg")
        .args(["--raw", "-q", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    (out.status.success() && !text.is_empty()).then_some(text)
}

/// CPU seconds (user + system) the process has used, from /proc/PID/stat.
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the command name (which may contain spaces) start after the last ')'.
    let fields: Vec<&str> = stat[stat.rfind(')').unwrap() + 2..].split(' ').collect();
    let ticks: f64 = fields[11].parse::<f64>().unwrap() + fields[12].parse::<f64>().unwrap();
    // CLK_TCK is 100 on every Linux this runs on.
    ticks / 100.0
}

/// Resident memory in MB (VmRSS of /proc/PID/status: anonymous and file pages).
pub fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

pub fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(300));
    }
}

/// The app's window id (`xdotool search`), once there.
pub fn window_id(display: &str) -> Option<String> {
    let out = x(
        display,
        "xdotool",
        &["search", "--onlyvisible", "--name", TITLE],
    );
    let id = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()?
        .trim()
        .to_owned();
    (!id.is_empty()).then_some(id)
}

/// The window's position and size on screen (`xdotool getwindowgeometry --shell`).
pub fn window_geometry(display: &str, window: &str) -> (i32, i32, i32, i32) {
    let out = x(
        display,
        "xdotool",
        &["getwindowgeometry", "--shell", window],
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let get = |key: &str| -> i32 {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}=")))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {key} in {text:?}"))
    };
    (get("X"), get("Y"), get("WIDTH"), get("HEIGHT"))
}

/// The app, started in demo mode against `url` on `display`, with its settings in `home`
/// (never the tester's) and whatever else `configure` adds; `ICED_BACKEND` removed, so the
/// app chooses its renderer itself unless told.
pub fn launch(
    bin: &Path,
    display: &str,
    url: &str,
    home: &Path,
    extra: &[&str],
    configure: impl FnOnce(&mut Command),
) -> Guard {
    let mut command = Command::new(bin);
    command
        .args(["--demo", "--service", url])
        .args(extra)
        .env("DISPLAY", display)
        .env_remove("ICED_BACKEND")
        .env_remove("WAYLAND_DISPLAY")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("NHI_COMPANION_MACHINE_CONFIG", home.join("machine.toml"))
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    configure(&mut command);
    Guard(command.spawn().expect("the app starts"))
}

/// Focuses the window (there is no window manager), types the demo password and Enter, and
/// waits for a QR on screen, decoded from a screenshot at `shot`.
pub fn sign_in_and_wait_for_qr(display: &str, window: &str, shot: &Path) -> String {
    x(display, "xdotool", &["windowfocus", "--sync", window]);
    x(display, "xdotool", &["type", "--delay", "40", "Demo1234"]);
    x(display, "xdotool", &["key", "Return"]);
    wait_for("a QR on screen", Duration::from_secs(60), || {
        screenshot(display, shot);
        decode_qr(shot)
    })
}

pub fn app_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_nhi-companion"))
}
