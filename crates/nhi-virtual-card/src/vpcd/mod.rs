//! Puts a [`VirtualNhiCard`] into a vsmartcard vpcd reader of a real pcscd.
//!
//! vpcd (pcscd's driver for virtual readers) listens on TCP; the *card* is the client. A
//! connected card is an inserted card; closing the socket removes it. Reader "Virtual PCD 00
//! 00" listens on port 35963, "Virtual PCD 00 01" on 35964. pcscd polls, so it notices an
//! insert or a removal about a second later.

mod wire;

use std::io;
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::{CardProfile, VirtualNhiCard};
use wire::Message;

/// vpcd's port for reader slot 0 ("Virtual PCD 00 00").
pub const DEFAULT_PORT: u16 = 35963;

/// The vpcd port of reader slot `slot` (0 or 1 with Debian's `vsmartcard-vpcd`).
pub fn port_for_slot(slot: u8) -> u16 {
    DEFAULT_PORT + u16::from(slot)
}

/// The PC/SC reader name pcscd gives vpcd slot `slot`.
pub fn reader_name(slot: u8) -> String {
    format!("Virtual PCD 00 {slot:02}")
}

/// How hard [`VpcdCard::insert_with`] tries to reach vpcd.
#[derive(Debug, Clone, Copy)]
pub struct InsertOptions {
    /// How long `insert` keeps trying before it reports that vpcd is not listening
    /// (pcscd may still be starting).
    pub connect_timeout: Duration,
    /// Pause between attempts, also when reconnecting after pcscd went away.
    pub retry_interval: Duration,
}

impl Default for InsertOptions {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            // Short, so a restarted pcscd sees the card again well within the 3 s recovery bar.
            retry_interval: Duration::from_millis(100),
        }
    }
}

/// A virtual card sitting in a vpcd reader, served by its own thread. Dropping it (or
/// [`VpcdCard::remove`]) takes the card out.
///
/// If pcscd goes away (killed, restarted), the thread keeps trying to connect again, so the
/// card reappears when vpcd listens again.
pub struct VpcdCard {
    port: u16,
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for VpcdCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VpcdCard")
            .field("port", &self.port)
            .field("connected", &self.is_connected())
            .finish_non_exhaustive()
    }
}

impl VpcdCard {
    /// Inserts a card with `profile` into the vpcd reader on `127.0.0.1:port`, retrying for
    /// up to 10 s while vpcd is not listening yet.
    pub fn insert(profile: CardProfile, port: u16) -> io::Result<VpcdCard> {
        Self::insert_with(profile, port, InsertOptions::default())
    }

    pub fn insert_with(
        profile: CardProfile,
        port: u16,
        options: InsertOptions,
    ) -> io::Result<VpcdCard> {
        let card = VirtualNhiCard::new(profile)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
        let shared = Arc::new(Shared::default());
        let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
        let deadline = Instant::now() + options.connect_timeout;
        let stream = shared.connect(addr, options.retry_interval, Some(deadline))?;
        let thread_shared = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name(format!("vpcd-card-{port}"))
            .spawn(move || {
                serve_until_removed(&thread_shared, card, stream, addr, options.retry_interval)
            })?;
        Ok(VpcdCard {
            port,
            shared,
            thread: Some(thread),
        })
    }

    /// Takes the card out: closes the socket (pcscd sees the removal on its next poll) and
    /// waits for the serving thread.
    pub fn remove(self) {
        drop(self);
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Whether the card is connected to vpcd right now (false while pcscd is down).
    pub fn is_connected(&self) -> bool {
        self.shared.lock().stream.is_some()
    }

    /// How many times the card has connected to vpcd (1 after insert; more after pcscd
    /// restarts).
    pub fn connections(&self) -> u64 {
        self.shared.connections.load(Ordering::Relaxed)
    }
}

impl Drop for VpcdCard {
    fn drop(&mut self) {
        self.shared.stop();
        if let Some(thread) = self.thread.take() {
            // The thread never panics on socket errors; if it panicked anyway there is
            // nothing useful to do with that here.
            let _ = thread.join();
        }
    }
}

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    /// Wakes a waiting reconnect loop when the card is removed.
    wake: Condvar,
    connections: AtomicU64,
}

#[derive(Default)]
struct State {
    removed: bool,
    /// A clone of the live socket, so `stop` can shut it down under a blocked read.
    stream: Option<TcpStream>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // No code panics while holding the lock; recover the state rather than propagate.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn stop(&self) {
        let mut state = self.lock();
        state.removed = true;
        if let Some(stream) = state.stream.take() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        self.wake.notify_all();
    }

    fn forget_stream(&self) {
        self.lock().stream = None;
    }

    /// Connects until it works, the deadline passes, or the card is removed.
    fn connect(
        &self,
        addr: SocketAddr,
        retry: Duration,
        deadline: Option<Instant>,
    ) -> io::Result<TcpStream> {
        loop {
            let error = match TcpStream::connect_timeout(&addr, Duration::from_secs(1)) {
                Ok(stream) => match self.adopt(&stream) {
                    Ok(()) => return Ok(stream),
                    Err(e) => e,
                },
                Err(e) => e,
            };
            let state = self.lock();
            if state.removed {
                return Err(io::Error::new(io::ErrorKind::Interrupted, "card removed"));
            }
            if deadline.is_some_and(|d| Instant::now() >= d) {
                return Err(io::Error::new(
                    error.kind(),
                    format!("vpcd is not listening on {addr} (is pcscd running?): {error}"),
                ));
            }
            // Sleeps `retry` unless the card is removed meanwhile.
            drop(self.wake.wait_timeout(state, retry));
        }
    }

    /// Registers a fresh connection, unless the card was removed meanwhile.
    fn adopt(&self, stream: &TcpStream) -> io::Result<()> {
        // APDU answers are small and latency-bound.
        stream.set_nodelay(true)?;
        let clone = stream.try_clone()?;
        let mut state = self.lock();
        if state.removed {
            let _ = stream.shutdown(Shutdown::Both);
            return Err(io::Error::new(io::ErrorKind::Interrupted, "card removed"));
        }
        state.stream = Some(clone);
        self.connections.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

fn serve_until_removed(
    shared: &Shared,
    mut card: VirtualNhiCard,
    first: TcpStream,
    addr: SocketAddr,
    retry: Duration,
) {
    let mut stream = first;
    loop {
        // A new connection is a freshly inserted card.
        card.reset();
        match serve(&mut stream, &mut card) {
            Ok(()) => tracing::debug!(%addr, "vpcd closed the connection"),
            Err(error) => tracing::debug!(%addr, %error, "vpcd connection lost"),
        }
        shared.forget_stream();
        // pcscd stopped or restarted: wait for vpcd to listen again, until removed.
        match shared.connect(addr, retry, None) {
            Ok(next) => stream = next,
            Err(_) => return,
        }
    }
}

/// Answers vpcd until it (or `VpcdCard::remove`) closes the connection.
fn serve(stream: &mut TcpStream, card: &mut VirtualNhiCard) -> io::Result<()> {
    loop {
        ack_promptly(stream);
        let Some(message) = wire::read_message(stream)? else {
            return Ok(());
        };
        match message {
            Message::PowerOff => card.power_off(),
            Message::PowerOn => card.power_on(),
            Message::Reset => card.reset(),
            Message::GetAtr => wire::write_message(stream, card.atr())?,
            Message::UnknownControl(code) => tracing::debug!(code, "unknown vpcd control"),
            Message::Apdu(apdu) => wire::write_message(stream, &card.respond(&apdu))?,
        }
    }
}

/// vpcd writes a message as two segments (length, then payload); with Nagle on its side, the
/// payload waits for our ACK of the length, and Linux delays that ACK by ~40 ms. Asking for
/// an immediate ACK before each read removes that wait from every APDU.
fn ack_promptly(stream: &TcpStream) {
    #[cfg(target_os = "linux")]
    {
        // Best effort: without it the card is only slower.
        let _ = socket2::SockRef::from(stream).set_tcp_quickack(true);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = stream;
}

#[cfg(test)]
#[path = "tests.rs"]
mod tests;
