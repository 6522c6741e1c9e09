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

mod data;
mod effect;
mod event;
pub mod problem;
mod secret;
mod state;
#[cfg(test)]
mod tests;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

pub use data::{CodeStatus, DeviceCode, DeviceInfo, Holder, ReaderSignal, Ticket};
pub use effect::Effect;
pub use event::{Event, Reply};
pub use secret::Secret;
pub use state::{CardSession, Kind, Note, Retry, Stage, State};

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
                    | State::ReadFailed { .. } => true,
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

    fn on_reply(
        &mut self,
        state: State,
        reply: Reply,
        now: Instant,
        fx: &mut Vec<Effect>,
    ) -> State {
        let (session, stage) = match state {
            State::Reading { reader } => {
                return match reply {
                    Reply::CardRead(Ok(holder)) => State::Card {
                        session: CardSession { reader, holder },
                        stage: Stage::CardReady {
                            problem: None,
                            note: None,
                        },
                    },
                    Reply::CardRead(Err(
                        problem @ (Problem::NotNhiCard
                        | Problem::HealthProfessionalCard
                        | Problem::CitizenDigitalCertificate),
                    )) => State::NotNhiCard { reader, problem },
                    // The removal signal follows; wait for a card meanwhile.
                    Reply::CardRead(Err(Problem::CardRemoved | Problem::NoCard)) => self.idle(),
                    Reply::CardRead(Err(problem)) => State::ReadFailed { reader, problem },
                    _ => State::Reading { reader },
                };
            }
            State::Card { session, stage } => (session, stage),
            other => return other,
        };
        let stage = match (stage, reply) {
            (Stage::SigningIn, Reply::SignedIn(Ok(token))) => {
                // The person came for a code: make one straight away.
                let for_effect = token.clone();
                self.issue(fx, |ticket| Effect::CreateCode {
                    ticket,
                    token: for_effect,
                });
                Stage::CreatingCode { token }
            }
            (Stage::SigningIn, Reply::SignedIn(Err(Problem::EmailNotVerified))) => {
                Stage::EmailVerification {
                    busy: false,
                    resent: false,
                    problem: None,
                    sent_to: None,
                }
            }
            (Stage::SigningIn, Reply::SignedIn(Err(problem))) => Stage::CardReady {
                problem: Some(problem),
                note: None,
            },
            (Stage::FirstTimeApplication { busy: true, .. }, Reply::ApplicationSent(result)) => {
                match result {
                    Ok(to) => Stage::EmailVerification {
                        busy: false,
                        resent: false,
                        problem: None,
                        sent_to: Some(to),
                    },
                    Err(problem) => Stage::FirstTimeApplication {
                        busy: false,
                        problem: Some(problem),
                    },
                }
            }
            (
                Stage::EmailVerification {
                    busy: true,
                    resent,
                    sent_to,
                    ..
                },
                Reply::VerificationResent(result),
            ) => match result {
                Ok(to) => Stage::EmailVerification {
                    busy: false,
                    resent: true,
                    problem: None,
                    sent_to: Some(to),
                },
                Err(problem) => Stage::EmailVerification {
                    busy: false,
                    resent,
                    problem: Some(problem),
                    sent_to,
                },
            },
            (Stage::PasswordReset { busy: true, .. }, Reply::PasswordResetSent(result)) => {
                match result {
                    Ok(to) => Stage::PasswordReset {
                        busy: false,
                        sent_to: Some(to),
                        problem: None,
                    },
                    Err(problem) => Stage::PasswordReset {
                        busy: false,
                        sent_to: None,
                        problem: Some(problem),
                    },
                }
            }
            (
                Stage::EmailVerification {
                    busy: true,
                    resent,
                    sent_to,
                    ..
                },
                Reply::EmailVerified(result),
            ) => match result {
                Ok(()) => Stage::CardReady {
                    problem: None,
                    note: Some(Note::EmailVerified),
                },
                // A wrong or used code, a network failure…: stay, say why, let them retype.
                Err(problem) => Stage::EmailVerification {
                    busy: false,
                    resent,
                    problem: Some(problem),
                    sent_to,
                },
            },
            (
                Stage::PasswordReset {
                    busy: true,
                    sent_to: Some(to),
                    ..
                },
                Reply::PasswordChanged(result),
            ) => match result {
                Ok(()) => Stage::CardReady {
                    problem: None,
                    note: Some(Note::PasswordChanged),
                },
                Err(problem) => Stage::PasswordReset {
                    busy: false,
                    sent_to: Some(to),
                    problem: Some(problem),
                },
            },
            (Stage::CreatingCode { token }, Reply::CodeCreated(Ok(code))) => {
                Stage::DeviceCodeShown {
                    token,
                    deadline: code.deadline.unwrap_or(now + code.ttl),
                    next_poll: now + POLL_INTERVAL,
                    code,
                }
            }
            (Stage::CreatingCode { token }, Reply::CodeCreated(Err(problem))) => {
                return service_failed(session, token, problem, Retry::CreateCode);
            }
            (
                Stage::DeviceCodeShown {
                    token,
                    code,
                    deadline,
                    ..
                },
                Reply::CodeStatus(result),
            ) => match result {
                Ok(CodeStatus::Redeemed(device)) => Stage::Verified { token, device },
                Ok(CodeStatus::Expired) => Stage::Expired { token },
                Err(Problem::SessionExpired) => return session_lost(session),
                // Pending, or a failed poll: the code is still valid, keep it on screen and
                // ask again later rather than alarm the person.
                Ok(CodeStatus::Pending) | Err(_) => Stage::DeviceCodeShown {
                    token,
                    code,
                    deadline,
                    next_poll: now + POLL_INTERVAL,
                },
            },
            (
                Stage::Devices {
                    token,
                    devices,
                    revoked,
                    ..
                },
                Reply::DevicesListed(result),
            ) => match result {
                Ok(list) => Stage::Devices {
                    token,
                    devices: Some(list),
                    busy: false,
                    problem: None,
                    revoked,
                },
                Err(problem) if devices.is_none() => {
                    return service_failed(session, token, problem, Retry::ListDevices);
                }
                Err(Problem::SessionExpired) => return session_lost(session),
                Err(problem) => Stage::Devices {
                    token,
                    devices,
                    busy: false,
                    problem: Some(problem),
                    revoked,
                },
            },
            (Stage::Devices { token, devices, .. }, Reply::DeviceRevoked(result)) => match result {
                Ok(id) => {
                    // The note names the phone that went, as the list showed it.
                    let revoked = devices
                        .iter()
                        .flatten()
                        .find(|d| d.id == id)
                        .map(|d| d.label.clone());
                    let for_effect = token.clone();
                    self.issue(fx, |ticket| Effect::ListDevices {
                        ticket,
                        token: for_effect,
                    });
                    Stage::Devices {
                        token,
                        devices,
                        busy: true,
                        problem: None,
                        revoked,
                    }
                }
                Err(Problem::SessionExpired) => return session_lost(session),
                Err(problem) => Stage::Devices {
                    token,
                    devices,
                    busy: false,
                    problem: Some(problem),
                    revoked: None,
                },
            },
            // A reply that does not fit (cannot happen with tickets): keep the state.
            (stage, _) => stage,
        };
        State::Card { session, stage }
    }

    fn on_intent(&mut self, state: State, intent: Event, fx: &mut Vec<Effect>) -> State {
        match (state, intent) {
            (State::ReadFailed { reader, .. }, Event::Retry) => self.read(reader, fx),
            (State::Card { session, stage }, intent) => {
                self.card_intent(session, stage, intent, fx)
            }
            (state, _) => state,
        }
    }

    fn card_intent(
        &mut self,
        session: CardSession,
        stage: Stage,
        intent: Event,
        fx: &mut Vec<Effect>,
    ) -> State {
        if let Event::SignOut = intent {
            return self.sign_out(session, stage, fx);
        }
        let stage = match (stage, intent) {
            (Stage::CardReady { .. }, Event::SubmitPassword(password)) if !password.is_empty() => {
                let (reader, card_number, id_number) = card_ids(&session);
                self.issue(fx, |ticket| Effect::SignIn {
                    ticket,
                    reader,
                    card_number,
                    id_number,
                    password,
                });
                Stage::SigningIn
            }
            (Stage::CardReady { .. }, Event::StartApplication) => Stage::FirstTimeApplication {
                busy: false,
                problem: None,
            },
            (Stage::CardReady { .. }, Event::ForgotPassword) => Stage::PasswordReset {
                busy: false,
                sent_to: None,
                problem: None,
            },
            (
                Stage::FirstTimeApplication { busy: false, .. },
                Event::SubmitApplication { password, email },
            ) => {
                let (reader, card_number, id_number) = card_ids(&session);
                self.issue(fx, |ticket| Effect::Apply {
                    ticket,
                    reader,
                    card_number,
                    id_number,
                    password,
                    email,
                });
                Stage::FirstTimeApplication {
                    busy: true,
                    problem: None,
                }
            }
            (
                Stage::EmailVerification {
                    busy: false,
                    resent,
                    sent_to,
                    ..
                },
                Event::ResendVerification,
            ) => {
                let (reader, card_number, id_number) = card_ids(&session);
                self.issue(fx, |ticket| Effect::ResendVerification {
                    ticket,
                    reader,
                    card_number,
                    id_number,
                });
                Stage::EmailVerification {
                    busy: true,
                    resent,
                    problem: None,
                    sent_to,
                }
            }
            (
                Stage::EmailVerification {
                    busy: false,
                    resent,
                    sent_to,
                    ..
                },
                Event::SubmitVerificationToken(token),
            ) if !token.is_empty() => {
                self.issue(fx, |ticket| Effect::VerifyEmail { ticket, token });
                Stage::EmailVerification {
                    busy: true,
                    resent,
                    problem: None,
                    sent_to,
                }
            }
            (
                Stage::PasswordReset {
                    busy: false,
                    sent_to: Some(to),
                    ..
                },
                Event::SubmitResetToken {
                    token,
                    new_password,
                },
            ) if !token.is_empty() && !new_password.is_empty() => {
                self.issue(fx, |ticket| Effect::ResetPassword {
                    ticket,
                    token,
                    new_password,
                });
                Stage::PasswordReset {
                    busy: true,
                    sent_to: Some(to),
                    problem: None,
                }
            }
            (
                Stage::PasswordReset {
                    busy: false,
                    sent_to,
                    ..
                },
                Event::SubmitPasswordReset,
            ) => {
                let (reader, card_number, id_number) = card_ids(&session);
                self.issue(fx, |ticket| Effect::RequestPasswordReset {
                    ticket,
                    reader,
                    card_number,
                    id_number,
                });
                Stage::PasswordReset {
                    busy: true,
                    sent_to,
                    problem: None,
                }
            }
            (
                Stage::SignedIn { token }
                | Stage::DeviceCodeShown { token, .. }
                | Stage::Verified { token, .. }
                | Stage::Expired { token },
                Event::GenerateCode,
            ) => {
                let for_effect = token.clone();
                self.issue(fx, |ticket| Effect::CreateCode {
                    ticket,
                    token: for_effect,
                });
                Stage::CreatingCode { token }
            }
            (
                Stage::SignedIn { token }
                | Stage::Verified { token, .. }
                | Stage::Expired { token },
                Event::ShowDevices,
            ) => {
                let for_effect = token.clone();
                self.issue(fx, |ticket| Effect::ListDevices {
                    ticket,
                    token: for_effect,
                });
                Stage::Devices {
                    token,
                    devices: None,
                    busy: true,
                    problem: None,
                    revoked: None,
                }
            }
            (
                Stage::Devices {
                    token,
                    devices,
                    busy: false,
                    ..
                },
                Event::Revoke(device_id),
            ) => {
                let for_effect = token.clone();
                self.issue(fx, |ticket| Effect::RevokeDevice {
                    ticket,
                    token: for_effect,
                    device_id,
                });
                Stage::Devices {
                    token,
                    devices,
                    busy: true,
                    problem: None,
                    revoked: None,
                }
            }
            (Stage::Failed { token, retry, .. }, Event::Retry) => {
                let for_effect = token.clone();
                match retry {
                    Retry::CreateCode => {
                        self.issue(fx, |ticket| Effect::CreateCode {
                            ticket,
                            token: for_effect,
                        });
                        Stage::CreatingCode { token }
                    }
                    Retry::ListDevices => {
                        self.issue(fx, |ticket| Effect::ListDevices {
                            ticket,
                            token: for_effect,
                        });
                        Stage::Devices {
                            token,
                            devices: None,
                            busy: true,
                            problem: None,
                            revoked: None,
                        }
                    }
                }
            }
            (
                Stage::SigningIn
                | Stage::FirstTimeApplication { .. }
                | Stage::EmailVerification { .. }
                | Stage::PasswordReset { .. },
                Event::Back,
            ) => {
                self.cancel_pending(fx);
                Stage::CardReady {
                    problem: None,
                    note: None,
                }
            }
            (
                Stage::CreatingCode { token }
                | Stage::DeviceCodeShown { token, .. }
                | Stage::Verified { token, .. }
                | Stage::Expired { token }
                | Stage::Devices { token, .. }
                | Stage::Failed { token, .. },
                Event::Back,
            ) => {
                self.cancel_pending(fx);
                Stage::SignedIn { token }
            }
            (stage, _) => stage,
        };
        State::Card { session, stage }
    }

    /// Sign out of a signed-in step: the service is told, the token leaves with the step.
    /// From a signed-out step it does nothing.
    fn sign_out(&mut self, session: CardSession, stage: Stage, fx: &mut Vec<Effect>) -> State {
        let stage = match stage.into_token() {
            Ok(token) => {
                self.cancel_pending(fx);
                fx.push(Effect::SignOut { token });
                Stage::CardReady {
                    problem: None,
                    note: None,
                }
            }
            Err(signed_out) => signed_out,
        };
        State::Card { session, stage }
    }
}

/// What a card-authenticated request needs from the session.
fn card_ids(session: &CardSession) -> (String, Secret, Secret) {
    (
        session.reader.clone(),
        session.holder.card_number.clone(),
        session.holder.id_number.clone(),
    )
}

/// The service no longer knows the session: ask for the password again (the signed-in step,
/// and with it the token, is gone).
fn session_lost(session: CardSession) -> State {
    State::Card {
        session,
        stage: Stage::CardReady {
            problem: Some(Problem::SessionExpired),
            note: None,
        },
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
