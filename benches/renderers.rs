//! The renderers side by side, as a person runs the app: the release build in demo mode under
//! Xvfb, signed in, the device code's QR and countdown on screen, the app left alone. Three
//! ways of starting it alternate in one run (so a busy machine weighs on all alike):
//!
//! - `no flags`: what everyone gets (`auto`; on this machine, with no GPU, tiny-skia);
//! - `--renderer gpu`: wgpu, which here runs on Mesa's software rasteriser;
//! - `--renderer software`: tiny-skia, asked for.
//!
//! For each: launch → mapped window (the X server's MapNotify), CPU % of one core over
//! `NHI_BENCH_SECONDS` (default 20) from /proc/PID/stat with the code on screen, and RSS at the
//! end. Prints every run, the medians, and the ratios against `--renderer software`. Also the
//! cost of `auto`'s decision itself, measured in this process.
//!
//!   cargo bench --bench renderers
//!   NHI_BENCH_ROUNDS=5 NHI_BENCH_SECONDS=30 NHI_BENCH_SCREEN=1920x1080 cargo bench --bench renderers
//!
//! Needs Xvfb, xdotool, zbarimg, import (`scripts/setup-system.sh --test`). Not a test: it
//! asserts nothing about speed; it reports.

#[path = "../tests/xvfb_window/mod.rs"]
mod xvfb_window;

use std::time::{Duration, Instant};

use xvfb_window as xs;

struct Variant {
    name: &'static str,
    args: &'static [&'static str],
}

const VARIANTS: [Variant; 3] = [
    Variant {
        name: "no flags (auto)",
        args: &[],
    },
    Variant {
        name: "--renderer gpu",
        args: &["--renderer", "gpu"],
    },
    Variant {
        name: "--renderer software",
        args: &["--renderer", "software"],
    },
];

#[derive(Clone, Copy)]
struct Run {
    launch_ms: f64,
    cpu_percent: f64,
    rss_mb: f64,
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn one_run(
    display: &str,
    url: &str,
    variant: &Variant,
    seconds: u64,
    shot: &std::path::Path,
) -> Run {
    let bin = xs::app_binary();
    let home = tempfile::tempdir().unwrap();
    let watcher = xs::MapWatcher::new(display);
    let started = Instant::now();
    let mut app = xs::launch(&bin, display, url, home.path(), variant.args, |_| {});
    let mapped = watcher
        .next_map(Duration::from_secs(30), || {
            matches!(app.0.try_wait(), Ok(None))
        })
        .unwrap_or_else(|| panic!("{}: no window mapped", variant.name));
    let launch_ms = mapped.duration_since(started).as_secs_f64() * 1000.0;
    let pid = app.pid();
    let window = xs::wait_for("the window", Duration::from_secs(30), || {
        xs::window_id(display)
    });
    // The demo card is read at start; then sign in like a person.
    std::thread::sleep(Duration::from_secs(2));
    let code = xs::sign_in_and_wait_for_qr(display, &window, shot);
    assert_eq!(code.len(), 8, "decoded {code:?}");
    // Let the first frames and the sign-in's work settle, then measure the app alone.
    std::thread::sleep(Duration::from_secs(2));
    let before = xs::cpu_seconds(pid);
    let t = Instant::now();
    std::thread::sleep(Duration::from_secs(seconds));
    let used = xs::cpu_seconds(pid) - before;
    let cpu_percent = 100.0 * used / t.elapsed().as_secs_f64();
    let rss_mb = xs::rss_mb(pid);
    // Still showing the code (a QR that vanished would make the figures meaningless).
    xs::screenshot(display, shot);
    assert!(
        xs::decode_qr(shot).is_some(),
        "{}: the QR left the screen during the measurement",
        variant.name
    );
    drop(app);
    Run {
        launch_ms,
        cpu_percent,
        rss_mb,
    }
}

/// How long `auto` takes to decide, in this process: gathering the facts and deciding.
fn decision_cost() -> (Duration, nhi_companion::renderer::Decision) {
    use nhi_companion::renderer::{Choice, Source, decide_here};
    let n = 2000;
    let start = Instant::now();
    let mut last = None;
    for _ in 0..n {
        last = Some(decide_here(Choice::Auto, Source::Default));
    }
    (start.elapsed() / n, last.unwrap())
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary without it,
    // and then one short round (2 s each) proves the benchmark still works.
    let measuring = std::env::args().any(|a| a == "--bench");
    let missing = xs::missing_tools();
    if !missing.is_empty() {
        eprintln!("renderers: cannot run, missing {missing:?} (scripts/setup-system.sh --test)");
        if measuring || std::env::var_os("CI").is_some() {
            std::process::exit(2);
        }
        eprintln!("SKIPPED renderers smoke run");
        return;
    }
    let (default_rounds, default_seconds) = if measuring { (3, 20) } else { (1, 2) };
    let rounds: usize = env_or("NHI_BENCH_ROUNDS", default_rounds);
    let seconds: u64 = env_or("NHI_BENCH_SECONDS", default_seconds);
    let screen: String = env_or("NHI_BENCH_SCREEN", "1366x768".to_owned());
    let (width, height) = screen
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .expect("NHI_BENCH_SCREEN is WIDTHxHEIGHT");

    let (cost, decision) = decision_cost();
    println!(
        "renderers: auto decides {} ({:?}) in {:.1} µs (facts gathered and decided, mean of 2000)",
        decision.renderer.word(),
        decision.reason,
        cost.as_secs_f64() * 1e6
    );
    let bin = xs::app_binary();
    println!(
        "renderers: {} ({} build), Xvfb {width}×{height}×24, {rounds} rounds × {} variants, \
         {seconds} s of CPU each, alternating",
        bin.display(),
        if bin.to_string_lossy().contains("/debug/") {
            "debug"
        } else {
            "release"
        },
        VARIANTS.len()
    );
    let (_service, url) = xs::reference_service(&bin);
    let (_xvfb, display) = xs::xvfb(width, height, 150);
    let shots = tempfile::tempdir().unwrap();
    let shot = shots.path().join("shot.png");

    let mut runs: Vec<Vec<Run>> = vec![Vec::new(); VARIANTS.len()];
    for round in 1..=rounds {
        for (i, variant) in VARIANTS.iter().enumerate() {
            let run = one_run(&display, &url, variant, seconds, &shot);
            println!(
                "  round {round} {:<22} launch→mapped {:6.1} ms  CPU {:5.2} % of a core  RSS {:6.1} MB",
                variant.name, run.launch_ms, run.cpu_percent, run.rss_mb
            );
            runs[i].push(run);
        }
    }

    let medians: Vec<Run> = runs
        .iter()
        .map(|r| Run {
            launch_ms: median(r.iter().map(|x| x.launch_ms).collect()),
            cpu_percent: median(r.iter().map(|x| x.cpu_percent).collect()),
            rss_mb: median(r.iter().map(|x| x.rss_mb).collect()),
        })
        .collect();
    let base = medians[VARIANTS.len() - 1];
    println!();
    println!(
        "| start | CPU (of one core) | RSS | launch → mapped window | CPU × | RSS × | launch × |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (variant, m) in VARIANTS.iter().zip(&medians) {
        println!(
            "| {} | {:.2} % | {:.0} MB | {:.0} ms | {:.2} | {:.2} | {:.2} |",
            variant.name,
            m.cpu_percent,
            m.rss_mb,
            m.launch_ms,
            m.cpu_percent / base.cpu_percent.max(1e-9),
            m.rss_mb / base.rss_mb,
            m.launch_ms / base.launch_ms,
        );
    }
    println!("(medians; ratios against --renderer software)");
}
