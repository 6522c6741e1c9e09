//! The process's log: stderr, filtered by `RUST_LOG` — for this crate only.
//!
//! Other crates see what the person types: the text-layout library (cosmic_text) traces every
//! string it shapes, the password field's real value included, and the windowing and HTTP
//! stacks trace key events and request bodies. A support person asking for `RUST_LOG=trace`
//! must not get a log with a password in it, so whatever `RUST_LOG` says, every target outside
//! this workspace's crates (`nhi_companion` and the `nhi_*` layers) is capped at [`THIRD_PARTY`]: their warnings and errors (a missing font, a
//! failed GPU adapter) still show, their debug and trace never do. Our own code never logs
//! personal data at any level (reviewed, and tested in `tests/ui_xvfb.rs`).

use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::{EnvFilter, Targets};
use tracing_subscriber::layer::{Filter, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{Layer, Registry, fmt};

/// The most any other crate may log.
pub const THIRD_PARTY: LevelFilter = LevelFilter::WARN;

/// Our own targets: this crate and the workspace's layer crates (every module's target starts
/// with its crate's name).
pub const OURS: &[&str] = &[
    "nhi_companion",
    "nhi_card",
    "nhi_reader",
    "nhi_token",
    "nhi_protocol",
    "nhi_reference_service",
    "nhi_virtual_card",
    "nhi_flow",
];

/// The filter: `RUST_LOG` (else `default`), with every crate but ours capped at
/// [`THIRD_PARTY`].
pub fn filter(
    rust_log: Option<&str>,
    default: &str,
) -> impl Filter<Registry> + Send + Sync + use<> {
    let env = rust_log
        .and_then(|spec| EnvFilter::try_new(spec).ok())
        .unwrap_or_else(|| EnvFilter::new(default));
    let cap = OURS
        .iter()
        .fold(Targets::new(), |targets, ours| {
            targets.with_target(*ours, LevelFilter::TRACE)
        })
        .with_default(THIRD_PARTY);
    tracing_subscriber::filter::FilterExt::and(env, cap)
}

/// Logs to stderr through [`filter`] from `RUST_LOG` (default: `default`, e.g. `"warn"`). The
/// `log` crate's records (cosmic_text, winit, wgpu use it) go through the same filter.
pub fn init(default: &str) {
    let rust_log = std::env::var("RUST_LOG").ok();
    let layer = fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_filter(filter(rust_log.as_deref(), default));
    let _ = Registry::default().with(layer).try_init();
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What a subscriber with the app's filter writes for one event per target and level.
    fn logged(rust_log: &str) -> String {
        let sink = Sink::default();
        let writer = sink.clone();
        let layer = fmt::layer()
            .with_writer(move || writer.clone())
            .with_ansi(false)
            .with_filter(filter(Some(rust_log), "warn"));
        let subscriber = Registry::default().with(layer);
        tracing::subscriber::with_default(subscriber, || {
            tracing::trace!(target: "cosmic_text::shape", "Line LTR: 'typed-secret'");
            tracing::debug!(target: "winit::platform_impl", "key typed-secret");
            tracing::warn!(target: "cosmic_text::swash", "third-party warning");
            tracing::trace!(target: "nhi_companion::flow", "our trace");
            tracing::debug!(target: "nhi_companion::ui", "our debug");
        });
        String::from_utf8(sink.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn rust_log_trace_reaches_our_crate_only() {
        for spec in [
            "trace",
            "cosmic_text=trace,winit=trace",
            "debug,nhi_companion=trace",
        ] {
            let log = logged(spec);
            assert!(!log.contains("typed-secret"), "{spec}: {log}");
            assert!(log.contains("third-party warning"), "{spec}: {log}");
        }
        let log = logged("trace");
        assert!(
            log.contains("our trace") && log.contains("our debug"),
            "{log}"
        );
    }

    #[test]
    fn the_default_is_warnings_and_a_bad_spec_falls_back_to_it() {
        for spec in ["warn", "[[not a filter"] {
            let log = logged(spec);
            assert!(log.contains("third-party warning"), "{spec}: {log}");
            assert!(!log.contains("our debug"), "{spec}: {log}");
        }
    }
}
