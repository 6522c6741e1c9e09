//! The hot-plug monitor: turns a [`SmartCardService`] into [`ReaderEvent`]s on its own thread.
//!
//! It blocks in `wait_for_change` on the PnP pseudo-reader plus every reader (or polls the
//! reader list where PnP does not work), detects swaps by the event counter, and rebuilds the
//! context with backoff when the service dies. Idle, it sits in one blocking call per
//! `wait_timeout`: no busy loop.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{Canceller, Connector, ReaderEvent};

/// Receives the events, on the monitor thread. Keep it quick (forward to a channel).
pub type EventSink = Box<dyn FnMut(ReaderEvent) + Send>;

#[derive(Debug, Clone)]
pub struct MonitorOptions {
    /// How long one blocking wait lasts where PnP works. Only a safety net (the reader list is
    /// re-read after each), since changes and `stop()` wake the wait at once.
    pub wait_timeout: Duration,
    /// How often the reader list is polled where PnP does not work (macOS).
    pub poll_interval: Duration,
    /// First delay before retrying to reach a dead service; doubles up to `backoff_max`.
    pub backoff_start: Duration,
    /// Longest delay between retries: bounds recovery time after the service returns.
    pub backoff_max: Duration,
}

impl Default for MonitorOptions {
    fn default() -> Self {
        MonitorOptions {
            wait_timeout: Duration::from_secs(2),
            poll_interval: Duration::from_secs(1),
            backoff_start: Duration::from_millis(100),
            backoff_max: Duration::from_secs(1),
        }
    }
}

/// The monitor's entry point.
pub struct Monitor;

impl Monitor {
    /// Starts monitoring on a new thread.
    ///
    /// The first event is `ServiceUp` (then a `ReaderAdded` per reader and a `CardInserted`
    /// per card already in, so no separate initial scan is needed) or `ServiceDown`.
    pub fn spawn(factory: Connector, options: MonitorOptions, sink: EventSink) -> MonitorHandle {
        let control = Arc::new(Control::default());
        let worker = Worker::new(factory, options, sink, Arc::clone(&control));
        let thread = std::thread::Builder::new()
            .name("reader-monitor".into())
            .spawn(move || worker.run())
            .expect("spawning the reader monitor thread");
        MonitorHandle {
            control,
            thread: Some(thread),
        }
    }
}

/// Stops the monitor when stopped or dropped.
pub struct MonitorHandle {
    control: Arc<Control>,
    thread: Option<JoinHandle<()>>,
}

impl MonitorHandle {
    /// Cancels the blocking wait and joins the thread (typically within milliseconds).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        *self.control.lock_stopped() = true;
        self.control.wake.notify_all();
        // A cancel only wakes a wait already in progress (SCardCancel semantics), so one sent
        // just before the thread enters its wait is lost: repeat until the thread is out.
        while !thread.is_finished() {
            if let Some(c) = self.control.canceller() {
                c.cancel();
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        if thread.join().is_err() {
            tracing::error!("the reader monitor thread panicked");
        }
    }
}

impl Drop for MonitorHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[derive(Default)]
struct Control {
    stopped: Mutex<bool>,
    wake: Condvar,
    /// The live service's canceller, if any.
    canceller: Mutex<Option<Canceller>>,
}

impl Control {
    fn lock_stopped(&self) -> MutexGuard<'_, bool> {
        self.stopped.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn is_stopped(&self) -> bool {
        *self.lock_stopped()
    }

    /// Sleeps unless stopped first; returns whether we are stopped.
    fn sleep(&self, duration: Duration) -> bool {
        let guard = self.lock_stopped();
        let (guard, _) = self
            .wake
            .wait_timeout_while(guard, duration, |stopped| !*stopped)
            .unwrap_or_else(|p| p.into_inner());
        *guard
    }

    fn canceller(&self) -> Option<Canceller> {
        self.canceller
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn set_canceller(&self, c: Option<Canceller>) {
        *self.canceller.lock().unwrap_or_else(|p| p.into_inner()) = c;
    }
}

mod worker;

use worker::Worker;
