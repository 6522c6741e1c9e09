//! The session state machine: plain Rust, no iced, no I/O.
//!
//! The shape of the Belgian eID viewer's backend: the machine knows nothing of the screen. It
//! takes [`Event`]s (reader signals, the person's intents, replies to earlier effects) and
//! returns [`Effect`]s as data; the UI renders [`Flow::state`] and executes the effects. Time
//! comes in as an argument, so every transition, the countdown and expiry included, is a pure
//! function that tests can drive. The diagram is in `docs/FLOW.md`.
//!
//! Two rules the whole design serves:
//! - Personal data (holder, password, token, code) lives only inside [`State::Card`]; the card
//!   leaving the reader (or the smart-card service going away) replaces that state, dropping
//!   and zeroizing all of it.
//! - Each request carries a [`Ticket`]; only the reply to the one outstanding request is
//!   accepted, so a late reply about a card that has left cannot resurrect its data.

mod certificate;
mod data;
mod effect;
mod event;
mod intent;
pub mod problem;
mod reply;
mod secret;
mod session;
mod state;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

pub use data::{
    CertificateCard, CodeStatus, DeviceCode, DeviceInfo, Holder, PinWarning, ReaderSignal, Ticket,
    TokenSignal, TokenSlot,
};
pub use effect::Effect;
pub use event::{Event, Reply};
pub use secret::Secret;
pub use session::{CardSession, SessionCard};
pub use state::{Kind, Note, Retry, Stage, State};

use crate::problem::Problem;

/// How often the status of a shown device code is asked for. Polling is driven by the
/// one-second tick, which only runs while the code is on screen.
pub const POLL_INTERVAL: Duration = Duration::from_secs(3);

/// The session state machine.
#[derive(Debug)]
pub struct Flow {
    state: State,
    readers: BTreeSet<String>,
    next_ticket: u64,
    /// The one request whose reply is awaited.
    pending: Option<Ticket>,
}

impl Default for Flow {
    fn default() -> Flow {
        Flow::new()
    }
}

impl Flow {
    /// A flow before the monitor has said anything: no reader known yet.
    pub fn new() -> Flow {
        Flow {
            state: State::NoReader,
            readers: BTreeSet::new(),
            next_ticket: 1,
            pending: None,
        }
    }

    pub fn state(&self) -> &State {
        &self.state
    }

    pub fn kind(&self) -> Kind {
        self.state.kind()
    }

    /// The readers the monitor has reported, sorted by name.
    pub fn readers(&self) -> impl Iterator<Item = &str> {
        self.readers.iter().map(String::as_str)
    }

    /// The ticket of the request in flight, if any.
    pub fn pending(&self) -> Option<Ticket> {
        self.pending
    }

    /// Apply one event at time `now` and return what must be done next.
    pub fn handle(&mut self, event: Event, now: Instant) -> Vec<Effect> {
        let mut fx = Vec::new();
        let state = std::mem::replace(&mut self.state, State::NoReader);
        self.state = match event {
            Event::Reader(signal) => self.on_reader(state, signal, &mut fx),
            Event::Token(signal) => self.on_token(state, signal, &mut fx),
            Event::Tick => self.on_tick(state, now, &mut fx),
            Event::Reset => self.on_reset(state, &mut fx),
            Event::Reply(ticket, reply) => {
                if self.pending == Some(ticket) {
                    self.pending = None;
                    self.on_reply(state, reply, now, &mut fx)
                } else {
                    // Stale: about a card that left or a screen the person left.
                    tracing::debug!(?ticket, "stale reply dropped");
                    state
                }
            }
            intent => self.on_intent(state, intent, &mut fx),
        };
        fx
    }

    /// Start a request: the previous one (if any) is cancelled, the new one becomes pending.
    fn issue(&mut self, fx: &mut Vec<Effect>, make: impl FnOnce(Ticket) -> Effect) {
        self.cancel_pending(fx);
        let ticket = Ticket(self.next_ticket);
        self.next_ticket += 1;
        self.pending = Some(ticket);
        fx.push(make(ticket));
    }

    fn cancel_pending(&mut self, fx: &mut Vec<Effect>) {
        if let Some(ticket) = self.pending.take() {
            fx.push(Effect::Cancel(ticket));
        }
    }

    /// Leave `state` for good: cancel its request and end its service session. Dropping
    /// `state` zeroizes the holder, token and code it held.
    fn abandon(&mut self, state: State, fx: &mut Vec<Effect>) {
        self.cancel_pending(fx);
        if let State::Card { stage, .. } = state
            && let Ok(token) = stage.into_token()
        {
            fx.push(Effect::SignOut { token });
        }
    }

    /// Where to wait when no card is being dealt with.
    fn idle(&self) -> State {
        if self.readers.is_empty() {
            State::NoReader
        } else {
            State::WaitingForCard
        }
    }

    fn read(&mut self, reader: String, fx: &mut Vec<Effect>) -> State {
        let r = reader.clone();
        self.issue(fx, |ticket| Effect::ReadCard { ticket, reader: r });
        State::Reading { reader }
    }

    fn on_reader(&mut self, state: State, signal: ReaderSignal, fx: &mut Vec<Effect>) -> State {
        match signal {
            ReaderSignal::ServiceDown => {
                self.readers.clear();
                self.abandon(state, fx);
                State::SmartCardServiceMissing
            }
            ReaderSignal::ServiceUp => match state {
                // The monitor reports the readers (and cards) that are there next.
                State::SmartCardServiceMissing => State::NoReader,
                other => other,
            },
            ReaderSignal::ReaderAdded { reader } => {
                self.readers.insert(reader);
                match state {
                    State::SmartCardServiceMissing | State::NoReader => State::WaitingForCard,
                    other => other,
                }
            }
            ReaderSignal::ReaderRemoved { reader } => {
                self.readers.remove(&reader);
                if state.reader() == Some(reader.as_str()) {
                    self.abandon(state, fx);
                    self.idle()
                } else if matches!(state, State::WaitingForCard) {
                    self.idle()
                } else {
                    state
                }
            }
            ReaderSignal::CardInserted { reader, .. } => {
                self.readers.insert(reader.clone());
                let takes_new_card = match &state {
                    State::SmartCardServiceMissing
                    | State::NoReader
                    | State::WaitingForCard
                    | State::NotNhiCard { .. }
                    | State::ReadFailed { .. }
                    | State::CertificateFailed { .. } => true,
                    // A card in another reader does not interrupt a session in progress.
                    other => other.reader() == Some(reader.as_str()),
                };
                if takes_new_card {
                    self.abandon(state, fx);
                    self.read(reader, fx)
                } else {
                    state
                }
            }
            ReaderSignal::CardRemoved { reader } => {
                if state.reader() == Some(reader.as_str()) {
                    self.abandon(state, fx);
                    self.idle()
                } else {
                    state
                }
            }
            ReaderSignal::CardSwapped { reader, .. } => {
                if state.reader() == Some(reader.as_str())
                    || matches!(state, State::WaitingForCard | State::NoReader)
                {
                    self.readers.insert(reader.clone());
                    self.abandon(state, fx);
                    self.read(reader, fx)
                } else {
                    state
                }
            }
        }
    }

    fn on_reset(&mut self, state: State, fx: &mut Vec<Effect>) -> State {
        match state {
            // Nothing of anyone's here, and nothing to wait for that a reset would improve.
            State::SmartCardServiceMissing | State::NoReader | State::WaitingForCard => state,
            State::Reading { .. }
            | State::NotNhiCard { .. }
            | State::ReadFailed { .. }
            | State::OpeningToken { .. }
            | State::CertificateFailed { .. }
            | State::Card { .. } => {
                self.abandon(state, fx);
                self.idle()
            }
        }
    }

    fn on_tick(&mut self, state: State, now: Instant, fx: &mut Vec<Effect>) -> State {
        let State::Card { session, stage } = state else {
            return state;
        };
        let stage = match stage {
            Stage::DeviceCodeShown {
                token, deadline, ..
            } if deadline <= now => {
                self.cancel_pending(fx);
                Stage::Expired { token }
            }
            Stage::DeviceCodeShown {
                token,
                code,
                deadline,
                next_poll,
            } if self.pending.is_none() && next_poll <= now => {
                let code_value = code.code.clone();
                self.issue(fx, |ticket| Effect::PollCodeStatus {
                    ticket,
                    token: token.clone(),
                    code: code_value,
                });
                Stage::DeviceCodeShown {
                    token,
                    code,
                    deadline,
                    next_poll: now + POLL_INTERVAL,
                }
            }
            other => other,
        };
        State::Card { session, stage }
    }
}

/// What a card-authenticated request needs from the session: `None` with a certificate.
fn card_ids(session: &CardSession) -> Option<(String, Secret, Secret)> {
    let holder = session.holder()?;
    Some((
        session.reader.clone(),
        holder.card_number.clone(),
        holder.id_number.clone(),
    ))
}

/// The service no longer knows the session: ask for the password (or the PIN) again (the
/// signed-in step, and with it the token, is gone).
fn session_lost(session: CardSession) -> State {
    State::Card {
        stage: session.signed_out_stage(Some(Problem::SessionExpired)),
        session,
    }
}

fn service_failed(session: CardSession, token: Secret, problem: Problem, retry: Retry) -> State {
    if problem == Problem::SessionExpired {
        return session_lost(session);
    }
    State::Card {
        session,
        stage: Stage::Failed {
            token,
            problem,
            retry,
        },
    }
}
