//! `ReaderEvent`: what the monitor tells the rest of the app.

use serde::{Serialize, Serializer};

/// A change in the smart-card world, in the order it happened.
///
/// Serialized as one JSON object with an `"event"` tag (the CLI's `watch` prints JSON lines):
/// `{"event":"card_inserted","reader":"Virtual PCD 00 00","atr":"3BBE11..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum ReaderEvent {
    /// The smart-card service is reachable. Always followed by a fresh announcement of every
    /// reader (`ReaderAdded`) and card (`CardInserted`) present.
    ServiceUp,
    /// The smart-card service is gone (not started, stopped, crashed). Every reader and card
    /// announced before is gone with it; no per-reader events follow.
    ServiceDown,
    ReaderAdded {
        reader: String,
    },
    /// A reader was unplugged. If it held a card, `CardRemoved` comes first.
    ReaderRemoved {
        reader: String,
    },
    /// A card was inserted. An empty ATR means the card is in but mute (upside down, dirty).
    CardInserted {
        reader: String,
        #[serde(serialize_with = "hex_upper")]
        atr: Vec<u8>,
    },
    CardRemoved {
        reader: String,
    },
    /// The card was replaced by another one between two looks (the event counter jumped or
    /// the ATR changed): anything read from the old card is stale.
    CardSwapped {
        reader: String,
        #[serde(serialize_with = "hex_upper")]
        atr: Vec<u8>,
    },
}

pub(crate) fn hex_upper<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&hex::encode_upper(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_tagged_json() {
        let json = serde_json::to_string(&ReaderEvent::CardInserted {
            reader: "R".into(),
            atr: vec![0x3B, 0xBE],
        })
        .unwrap();
        assert_eq!(
            json,
            r#"{"event":"card_inserted","reader":"R","atr":"3BBE"}"#
        );
        let json = serde_json::to_string(&ReaderEvent::ServiceDown).unwrap();
        assert_eq!(json, r#"{"event":"service_down"}"#);
    }
}
