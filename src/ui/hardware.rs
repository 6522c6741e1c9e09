//! The readers as a `Subscription` (the shape of iced's websocket example: one long-running
//! stream that keeps its worker alive and stops it when dropped). What is watched and how is
//! the backend's ([`crate::backend::readers`]); card exchanges are in `crate::backend::cards`.

use iced::futures::channel::mpsc;
use iced::futures::{SinkExt, Stream, StreamExt};

use crate::backend::readers::{self, Watched};
use crate::flow::ReaderSignal;

/// The signals of the readers `watched`, for as long as the stream lives.
pub fn signals(watched: &Watched) -> impl Stream<Item = ReaderSignal> + use<> {
    let watched = watched.clone();
    iced::stream::channel(16, async move |mut output| {
        let (tx, mut rx) = mpsc::unbounded();
        let _monitor = readers::watch(&watched, move |signal| {
            let _ = tx.unbounded_send(signal);
        });
        while let Some(signal) = rx.next().await {
            if output.send(signal).await.is_err() {
                break;
            }
        }
    })
}

/// The certificate tokens `watched` reports, for as long as the stream lives.
pub fn token_signals(
    watched: &crate::backend::token_watch::WatchedTokens,
) -> impl Stream<Item = crate::flow::TokenSignal> + use<> {
    let tokens = watched.0.clone();
    iced::stream::channel(16, async move |mut output| {
        let (tx, mut rx) = mpsc::unbounded();
        let _watch = crate::backend::token_watch::watch(tokens, move |signal| {
            let _ = tx.unbounded_send(signal);
        });
        while let Some(signal) = rx.next().await {
            if output.send(signal).await.is_err() {
                break;
            }
        }
    })
}
