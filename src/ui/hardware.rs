//! The real smart-card side: the PC/SC monitor as a `Subscription` (the shape of iced's
//! websocket example: one long-running stream, restarted by nobody, that keeps its worker
//! alive and stops it when dropped). Card exchanges are in `crate::backend::cards`.

use iced::futures::channel::mpsc;
use iced::futures::{SinkExt, Stream, StreamExt};

use crate::flow::ReaderSignal;
use crate::reader::Connector;
use crate::reader::pcsc_backend::PcscService;
use crate::reader::{Monitor, MonitorOptions, ReaderEvent};
use crate::virtual_card::InProcessReader;

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

fn factory() -> Connector {
    PcscService::connector()
}

/// The PC/SC monitor's events, for as long as the stream lives. The monitor blocks in
/// GetStatusChange on its own thread (idle CPU ~0) and is stopped when the stream is dropped.
pub fn pcsc_signals() -> impl Stream<Item = ReaderSignal> {
    signals(factory())
}

/// The demo reader's events, through the same monitor as real PC/SC.
pub fn demo_signals(reader: &InProcessReader) -> impl Stream<Item = ReaderSignal> + use<> {
    let reader = reader.clone();
    signals(std::sync::Arc::new(move || Ok(reader.service())))
}

fn signals(factory: Connector) -> impl Stream<Item = ReaderSignal> {
    iced::stream::channel(16, async move |mut output| {
        let (tx, mut rx) = mpsc::unbounded();
        let _monitor = Monitor::spawn(
            factory,
            MonitorOptions::default(),
            Box::new(move |event| {
                let _ = tx.unbounded_send(event);
            }),
        );
        while let Some(event) = rx.next().await {
            if output.send(signal(event)).await.is_err() {
                break;
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
