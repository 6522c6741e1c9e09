//! The readers as they are right now, without blocking (the `readers` and `diagnose`
//! commands).

use std::time::Duration;

use serde::Serialize;

use super::events::hex_upper;
use super::{ReaderError, ReaderWatch, SlotState, SmartCardService};

/// One reader as seen right now (the `readers` and `diagnose` commands).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReaderSnapshot {
    pub reader: String,
    pub state: SlotState,
    /// Empty when no card (or a mute one) is in.
    #[serde(serialize_with = "hex_upper")]
    pub atr: Vec<u8>,
}

/// Lists the readers with their state and ATR, without blocking.
pub fn read_reader_snapshot(
    service: &mut dyn SmartCardService,
) -> Result<Vec<ReaderSnapshot>, ReaderError> {
    let mut watches: Vec<ReaderWatch> = service
        .list_readers()?
        .into_iter()
        .map(ReaderWatch::new)
        .collect();
    if !watches.is_empty() {
        match service.wait_for_change(&mut watches, Duration::ZERO) {
            Ok(_) | Err(ReaderError::Timeout) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(watches
        .into_iter()
        .map(|w| ReaderSnapshot {
            reader: w.reader,
            state: w.state,
            atr: w.atr,
        })
        .collect())
}
