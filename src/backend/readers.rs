//! The readers the app watches, PC/SC's or the demo's, through the same monitor, told as the
//! flow's [`ReaderSignal`]s. The desktop app wraps [`watch`] in its subscription; nothing
//! here knows about windows.

use std::hash::{Hash, Hasher};

use crate::flow::ReaderSignal;
use crate::reader::pcsc_backend::PcscService;
use crate::reader::{Connector, Monitor, MonitorHandle, MonitorOptions, ReaderEvent};
use crate::virtual_card::InProcessReader;

/// Which readers to watch. Hashes as the readers it names, so a subscription keyed by it
/// restarts only when they change.
#[derive(Clone)]
pub enum Watched {
    /// The computer's readers, through PC/SC.
    Pcsc,
    /// The demo's in-process reader.
    Demo(InProcessReader),
}

impl Hash for Watched {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Watched::Pcsc => 0u8.hash(state),
            Watched::Demo(reader) => {
                1u8.hash(state);
                reader.hash(state);
            }
        }
    }
}

impl Watched {
    fn connector(&self) -> Connector {
        match self {
            Watched::Pcsc => PcscService::connector(),
            Watched::Demo(reader) => {
                let reader = reader.clone();
                std::sync::Arc::new(move || Ok(reader.service()))
            }
        }
    }
}

/// Watch `watched` until the handle is dropped: the monitor blocks in GetStatusChange on its
/// own thread (idle CPU ~0) and hands each change to `on_signal`.
pub fn watch(
    watched: &Watched,
    on_signal: impl Fn(ReaderSignal) + Send + 'static,
) -> MonitorHandle {
    Monitor::spawn(
        watched.connector(),
        MonitorOptions::default(),
        Box::new(move |event| on_signal(signal(event))),
    )
}

/// The flow's view of a monitor event.
pub fn signal(event: ReaderEvent) -> ReaderSignal {
    match event {
        ReaderEvent::ServiceUp => ReaderSignal::ServiceUp,
        ReaderEvent::ServiceDown => ReaderSignal::ServiceDown,
        ReaderEvent::ReaderAdded { reader } => ReaderSignal::ReaderAdded { reader },
        ReaderEvent::ReaderRemoved { reader } => ReaderSignal::ReaderRemoved { reader },
        ReaderEvent::CardInserted { reader, atr } => ReaderSignal::CardInserted { reader, atr },
        ReaderEvent::CardRemoved { reader } => ReaderSignal::CardRemoved { reader },
        ReaderEvent::CardSwapped { reader, atr } => ReaderSignal::CardSwapped { reader, atr },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reader::ReaderEvent;

    #[test]
    fn every_monitor_event_maps_onto_the_flow() {
        let r = || "R".to_owned();
        let pairs = [
            (ReaderEvent::ServiceUp, ReaderSignal::ServiceUp),
            (ReaderEvent::ServiceDown, ReaderSignal::ServiceDown),
            (
                ReaderEvent::ReaderAdded { reader: r() },
                ReaderSignal::ReaderAdded { reader: r() },
            ),
            (
                ReaderEvent::ReaderRemoved { reader: r() },
                ReaderSignal::ReaderRemoved { reader: r() },
            ),
            (
                ReaderEvent::CardInserted {
                    reader: r(),
                    atr: vec![1],
                },
                ReaderSignal::CardInserted {
                    reader: r(),
                    atr: vec![1],
                },
            ),
            (
                ReaderEvent::CardRemoved { reader: r() },
                ReaderSignal::CardRemoved { reader: r() },
            ),
            (
                ReaderEvent::CardSwapped {
                    reader: r(),
                    atr: vec![2],
                },
                ReaderSignal::CardSwapped {
                    reader: r(),
                    atr: vec![2],
                },
            ),
        ];
        for (event, expected) in pairs {
            assert_eq!(signal(event), expected);
        }
    }
}
