//! One shared connection to a card, held on its own thread for the length of a card proof.
//!
//! A card keeps its GET CHALLENGE random only while it is powered, and pcscd powers a card
//! down shortly after the last program disconnects from it (a few hundred milliseconds to 5 s,
//! see docs/TESTING.md). A proof whose connection closed across the service's challenge round
//! trip therefore fails on a slow service: the card answers `69 85` to the authentication.
//! So the proof keeps one connection open from GET CHALLENGE to the card's answer.
//!
//! PC/SC calls block, so the connection lives on a plain thread that runs the card steps it
//! is sent, one at a time; the async side awaits each step's answer and makes the network
//! call in between. No PC/SC transaction is held while waiting: the connection is shared and
//! other programs may use the card meanwhile. Dropping the [`HeldCard`] (the proof is done,
//! failed, or its task was aborted because the card left or the person moved on) closes the
//! channel; the thread then disconnects leaving the card as it is, and ends.

use std::sync::mpsc;

use tokio::sync::oneshot;

use super::Connector;
use crate::reader::{CardConnection, ReaderError};

/// One card step, run on the card's thread.
type Step = Box<dyn FnOnce(&mut dyn CardConnection) + Send>;

/// A connection to the card in one reader, open until this is dropped.
pub struct HeldCard {
    steps: mpsc::Sender<Step>,
}

impl HeldCard {
    /// Connects (shared) to the card in `reader` through a context of its own, on a new thread.
    pub async fn open(connector: Connector, reader: String) -> Result<HeldCard, ReaderError> {
        let (steps, inbox) = mpsc::channel::<Step>();
        let (opened, connected) = oneshot::channel();
        std::thread::Builder::new()
            .name("card-proof".into())
            .spawn(move || hold(&connector, &reader, &inbox, opened))
            .map_err(|e| ReaderError::Other {
                code: format!("no thread for the card: {e}"),
            })?;
        match connected.await {
            Ok(result) => result.map(|()| HeldCard { steps }),
            // The thread panicked while connecting (the connector's own bug).
            Err(_) => Err(ReaderError::Other {
                code: "the card thread stopped".into(),
            }),
        }
    }

    /// Runs `step` on the connection and returns its answer; `None` if the step panicked (the
    /// thread is gone then, and the connection with it, left as it was).
    pub async fn run<T: Send + 'static>(
        &self,
        step: impl FnOnce(&mut dyn CardConnection) -> T + Send + 'static,
    ) -> Option<T> {
        let (answer, answered) = oneshot::channel();
        self.steps
            .send(Box::new(move |connection| {
                // The caller may be gone (aborted); the step's answer then goes nowhere.
                let _ = answer.send(step(connection));
            }))
            .ok()?;
        answered.await.ok()
    }
}

/// The card's thread: connect, run the steps as they come, disconnect leaving the card once
/// the [`HeldCard`] is dropped.
fn hold(
    connector: &Connector,
    reader: &str,
    inbox: &mpsc::Receiver<Step>,
    opened: oneshot::Sender<Result<(), ReaderError>>,
) {
    let connected = connector().and_then(|mut service| {
        let connection = service.connect(reader)?;
        Ok((service, connection))
    });
    let (service, mut connection) = match connected {
        Ok(held) => held,
        Err(e) => {
            let _ = opened.send(Err(e));
            return;
        }
    };
    // Nobody waits any more (the proof was cancelled while connecting): let go at once.
    if opened.send(Ok(())).is_ok() {
        while let Ok(step) = inbox.recv() {
            step(connection.as_mut());
        }
    }
    if let Err(e) = connection.disconnect() {
        tracing::debug!(reader, error = %e, "disconnect after a card proof failed");
    }
    drop(service);
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use super::*;
    use crate::reader::SmartCardService;
    use crate::reader::fake::{Call, FakeCard, FakeWorld};

    const READER: &str = "R";

    fn world() -> (FakeWorld, Connector) {
        let world = FakeWorld::new();
        world.add_reader(READER);
        world.insert_card(
            READER,
            FakeCard::new([0x3B, 0x00]).responder(|c| vec![c[1], 0x90, 0x00]),
        );
        let w = world.clone();
        let connector: Connector = Arc::new(move || {
            w.service()
                .map(|s| Box::new(s) as Box<dyn SmartCardService>)
        });
        (world, connector)
    }

    fn wait_until(what: &str, f: impl Fn() -> bool) {
        let start = Instant::now();
        while !f() {
            assert!(start.elapsed() < Duration::from_secs(5), "{what}");
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[tokio::test]
    async fn one_connection_serves_every_step_until_dropped() {
        let (world, connector) = world();
        let card = HeldCard::open(connector, READER.into()).await.unwrap();
        for ins in [0x84, 0x82] {
            let answer = card.run(move |c| c.transmit(&[0x00, ins])).await;
            assert_eq!(answer, Some(Ok(vec![ins, 0x90, 0x00])));
        }
        assert_eq!(world.count(Call::Connect), 1);
        assert_eq!(world.open_connections(), 1, "held between the steps");
        drop(card);
        wait_until("disconnected after the drop", || {
            world.count(Call::Disconnect) == 1
        });
        assert_eq!(world.open_connections(), 0);
    }

    #[tokio::test]
    async fn a_failed_connect_is_reported_and_nothing_stays_open() {
        let (world, connector) = world();
        world.fail_next(Call::Connect, ReaderError::SharingViolation);
        let err = HeldCard::open(connector, READER.into()).await.err();
        assert_eq!(err, Some(ReaderError::SharingViolation));
        assert_eq!(world.open_connections(), 0);
    }

    #[tokio::test]
    async fn a_panicking_step_answers_none_and_leaves_the_card() {
        let (world, connector) = world();
        let card = HeldCard::open(connector, READER.into()).await.unwrap();
        let answer: Option<()> = card.run(|_| panic!("a step's bug")).await;
        assert_eq!(answer, None);
        assert_eq!(card.run(|_| ()).await, None, "the thread is gone");
        wait_until("the connection dropped", || world.open_connections() == 0);
        assert_eq!(world.count(Call::Disconnect), 0, "dropped, never reset");
    }
}
