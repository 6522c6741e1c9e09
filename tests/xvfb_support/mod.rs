//! Shared by the real-window tests (`mod xvfb_support;`): Xvfb on a free display, the app and
//! the reference service as child processes, screenshots (`import`), QR decoding (`zbarimg`),
//! pixel comparisons. Nothing here knows the app's screens.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The tools these tests drive the X server with.
pub const TOOLS: [&str; 4] = ["Xvfb", "xdotool", "zbarimg", "import"];
/// What `xdotool search --name` finds the app's window by.
pub const TITLE: &str = "NHI Card Companion";

/// Whether the tools are there. Without them the test is skipped with a message, unless `CI`
/// is set: there it must run, so it fails.
pub fn tools_present(test: &str) -> bool {
    let missing: Vec<&str> = TOOLS.into_iter().filter(|t| !on_path(t)).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must run the real-window test {test}; missing: {missing:?} (scripts/setup-system.sh --test)"
    );
    eprintln!(
        "SKIPPED {test}: missing {missing:?}; install them with scripts/setup-system.sh --test"
    );
    false
}

/// Stops and reaps a child process when dropped, so a failing assertion leaves nothing
/// behind. SIGTERM first (Xvfb then removes its lock and socket), SIGKILL if it lingers.
pub struct Guard(pub Child);

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

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_nhi-companion"))
}

/// `nhi-companion reference-service` (with `extra` arguments) on a free loopback port, once it
/// says it listens.
pub fn reference_service(extra: &[&str]) -> (Guard, String) {
    let port = free_port();
    let mut child = Command::new(bin())
        .args([
            "reference-service",
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .args(extra)
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
pub fn xvfb() -> (Guard, String) {
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

pub fn x(display: &str, tool: &str, args: &[&str]) -> std::process::Output {
    Command::new(tool)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"))
}

/// The desktop app in a window on `display`, its stderr kept in a file to show when it fails.
pub struct App {
    guard: Guard,
    stderr: PathBuf,
    display: String,
    window: Option<String>,
}

impl App {
    /// Starts `nhi-companion ARGS` with tiny-skia (no GPU here), its settings under `home`.
    pub fn launch(args: &[&str], display: &str, home: &Path) -> App {
        App::launch_with(args, &[], display, home)
    }

    /// Like [`App::launch`], with more environment variables (`RUST_LOG`, …).
    pub fn launch_with(args: &[&str], env: &[(&str, &str)], display: &str, home: &Path) -> App {
        let stderr = home.join("app-stderr.log");
        let child = Command::new(bin())
            .args(args)
            .envs(env.iter().copied())
            .env("DISPLAY", display)
            .env("ICED_BACKEND", "tiny-skia")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(File::create(&stderr).unwrap())
            .spawn()
            .expect("the app starts");
        App {
            guard: Guard(child),
            stderr,
            display: display.to_owned(),
            window: None,
        }
    }

    pub fn pid(&self) -> u32 {
        self.guard.0.id()
    }

    /// What the app wrote to stderr so far.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Panics, with the app's stderr, if it has exited: any exit the test did not ask for is
    /// a crash (at launch too).
    pub fn assert_running(&mut self, when: &str) {
        if let Ok(Some(status)) = self.guard.0.try_wait() {
            self.crashed(when, status);
        }
    }

    fn crashed(&self, when: &str, status: ExitStatus) -> ! {
        panic!(
            "the app exited {when} ({status}); its stderr:\n{}",
            self.stderr()
        )
    }

    /// Waits for the app's window and returns its id; fails at once if the app exits first.
    pub fn wait_for_window(&mut self, timeout: Duration) -> String {
        let display = self.display.clone();
        let window = wait_for("the app's window", timeout, || {
            self.assert_running("before its window appeared");
            let out = x(&display, "xdotool", &["search", "--name", TITLE]);
            let id = String::from_utf8_lossy(&out.stdout)
                .lines()
                .next()?
                .trim()
                .to_owned();
            (!id.is_empty()).then_some(id)
        });
        self.window = Some(window.clone());
        window
    }

    /// Types `text` and presses Return, like a person (Xvfb has no window manager: the window
    /// is focused by hand first).
    pub fn type_and_enter(&self, text: &str) {
        let window = self.window.as_deref().expect("wait_for_window first");
        x(&self.display, "xdotool", &["windowfocus", "--sync", window]);
        x(&self.display, "xdotool", &["type", "--delay", "60", text]);
        x(&self.display, "xdotool", &["key", "Return"]);
    }

    /// Screenshots into `path` until a QR decodes there (the 8-character code it carries);
    /// fails if the app exits meanwhile (`when`: what it was doing).
    pub fn wait_for_qr(&mut self, path: &Path, timeout: Duration, when: &str) -> String {
        let display = self.display.clone();
        let code = wait_for("a QR on screen", timeout, || {
            self.assert_running(when);
            screenshot(&display, path);
            decode_qr(path)
        });
        assert_eq!(code.len(), 8, "decoded {code:?}");
        code
    }

    /// No panic in the app's log (a panicking worker thread would not end the process).
    pub fn assert_no_panic(&self) {
        let log = self.stderr();
        assert!(!log.contains("panicked"), "the app panicked:\n{log}");
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

/// The verified screen's green check mark: enough pixels of its colour (rgb 25,128,51).
pub fn shows_green_check(path: &Path) -> bool {
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

/// How many pixels differ between two screenshots of the same size.
pub fn differing_pixels(a: &Path, b: &Path) -> usize {
    let (a, b) = (
        image::open(a).unwrap().to_rgb8(),
        image::open(b).unwrap().to_rgb8(),
    );
    assert_eq!(a.dimensions(), b.dimensions());
    a.pixels().zip(b.pixels()).filter(|(p, q)| p != q).count()
}

/// Like [`differing_pixels`], leaving out the rows in `band` (a part of the screen expected to
/// differ: the note the waiting screen shows after a card left).
pub fn differing_pixels_outside(a: &Path, b: &Path, band: std::ops::Range<u32>) -> usize {
    let (a, b) = (
        image::open(a).unwrap().to_rgb8(),
        image::open(b).unwrap().to_rgb8(),
    );
    assert_eq!(a.dimensions(), b.dimensions());
    a.enumerate_pixels()
        .zip(b.pixels())
        .filter(|((_, y, p), q)| !band.contains(y) && p != q)
        .count()
}

/// Two pictures of the same screen: equal but for a few hundred pixels, the blinking caret of
/// a focused field and the odd speck tiny-skia leaves under Xvfb (docs/UI.md). Any change of
/// text (a name, a line, eight password dots) is more.
pub fn same_screen(a: &Path, b: &Path) -> bool {
    differing_pixels(a, b) < SAME_SCREEN_PIXELS
}

/// See [`same_screen`].
pub const SAME_SCREEN_PIXELS: usize = 300;

/// A screenshot into `path` once the screen has stopped changing (two in a row alike).
pub fn settled_screenshot(display: &str, path: &Path, timeout: Duration) {
    let previous = path.with_extension("previous.png");
    screenshot(display, &previous);
    wait_for("the screen to settle", timeout, || {
        std::thread::sleep(Duration::from_millis(300));
        screenshot(display, path);
        let settled = same_screen(path, &previous);
        std::fs::copy(path, &previous).unwrap();
        settled.then_some(())
    });
    let _ = std::fs::remove_file(previous);
}

pub fn wait_for<T>(what: &str, timeout: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(250));
    }
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

/// The process's CPU over the next `NHI_XVFB_CPU_SECONDS` (default `default_seconds`), in
/// percent of one core, and over how many seconds.
pub fn cpu_percent_over(pid: u32, default_seconds: u64) -> (f64, u64) {
    let seconds: u64 = std::env::var("NHI_XVFB_CPU_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default_seconds);
    let before = cpu_seconds(pid);
    let started = Instant::now();
    std::thread::sleep(Duration::from_secs(seconds));
    let used = cpu_seconds(pid) - before;
    (100.0 * used / started.elapsed().as_secs_f64(), seconds)
}

/// Copies the named screenshots to `$NHI_XVFB_SHOTS`, when set, for people to look at.
pub fn keep_shots(dir: &Path, names: &[&str]) {
    if let Some(out) = std::env::var_os("NHI_XVFB_SHOTS") {
        for name in names {
            let _ = std::fs::copy(dir.join(name), Path::new(&out).join(name));
        }
    }
}
