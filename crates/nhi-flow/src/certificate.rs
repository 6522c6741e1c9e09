//! The Citizen Digital Certificate (自然人憑證) path: a token seen by the watcher or named by
//! the card's ATR is opened through its PKCS#11 module, the ID number and PIN are asked for,
//! and its signature signs in. After that the signed-in stages are the NHI card's.
//!
//! The PIN state comes only from the token (its flags) and from the token's answers: a wrong
//! PIN, the final try and a lock are kept on the card, so the screen warns before the next
//! try and never offers a locked PIN again.

use super::*;
use crate::problem::CertificateProblem;

impl Flow {
    /// Open the certificate token in `slot`, or the one in `reader`.
    pub(crate) fn open_token(
        &mut self,
        reader: Option<String>,
        slot: Option<TokenSlot>,
        fx: &mut Vec<Effect>,
    ) -> State {
        let name = match (&reader, slot) {
            (Some(reader), _) => reader.clone(),
            (None, Some(TokenSlot(n))) => format!("PKCS#11 slot {n}"),
            (None, None) => "PKCS#11".to_owned(),
        };
        // A known slot is asked for by itself; the reader only matters without one.
        let reader = if slot.is_some() { None } else { reader };
        self.issue(fx, |ticket| Effect::ReadCertificate {
            ticket,
            reader,
            slot,
        });
        State::OpeningToken { reader: name, slot }
    }

    pub(crate) fn on_token(
        &mut self,
        state: State,
        signal: TokenSignal,
        fx: &mut Vec<Effect>,
    ) -> State {
        match signal {
            TokenSignal::Present { slot, reader } => {
                if state.slot() == Some(slot) {
                    return state;
                }
                let same_reader = reader.is_some() && state.reader() == reader.as_deref();
                match state {
                    // The card the ATR named, now with its slot: nothing to open again.
                    State::OpeningToken {
                        reader: name,
                        slot: None,
                    } if same_reader => State::OpeningToken {
                        reader: name,
                        slot: Some(slot),
                    },
                    State::CertificateFailed {
                        reader: name,
                        slot: None,
                        problem,
                    } if same_reader => State::CertificateFailed {
                        reader: name,
                        slot: Some(slot),
                        problem,
                    },
                    // Nobody's session, or the card in this reader turned out to be the
                    // module's (a certificate whose ATR is not on our list).
                    State::SmartCardServiceMissing
                    | State::NoReader
                    | State::WaitingForCard
                    | State::NotNhiCard { .. }
                    | State::ReadFailed { .. }
                    | State::CertificateFailed { .. } => {
                        self.abandon(state, fx);
                        self.open_token(reader, Some(slot), fx)
                    }
                    State::Reading { .. } if same_reader => {
                        self.abandon(state, fx);
                        self.open_token(reader, Some(slot), fx)
                    }
                    // A token never interrupts a session in progress.
                    other => other,
                }
            }
            TokenSignal::Gone { slot } => {
                if state.slot() == Some(slot) {
                    self.abandon(state, fx);
                    self.idle()
                } else {
                    state
                }
            }
        }
    }

    /// The answer to `ReadCertificate`, in [`State::OpeningToken`].
    pub(crate) fn certificate_opened(
        &mut self,
        reader: String,
        slot: Option<TokenSlot>,
        reply: Reply,
    ) -> State {
        match reply {
            Reply::CertificateRead(Ok(card)) => {
                let problem = (card.pin == PinWarning::Locked)
                    .then_some(Problem::Certificate(CertificateProblem::PinLocked));
                State::Card {
                    session: CardSession {
                        reader,
                        card: SessionCard::Certificate(card),
                    },
                    stage: Stage::CertificateReady { problem },
                }
            }
            // The removal signal follows; wait for a card meanwhile.
            Reply::CertificateRead(Err(
                Problem::CardRemoved | Problem::Certificate(CertificateProblem::CardRemoved),
            )) => self.idle(),
            Reply::CertificateRead(Err(problem)) => State::CertificateFailed {
                reader,
                slot,
                problem,
            },
            _ => State::OpeningToken { reader, slot },
        }
    }

    /// Sign in with the certificate, unless its PIN is locked (then it is never tried) or a
    /// field is empty.
    pub(crate) fn submit_certificate(
        &mut self,
        session: CardSession,
        problem: Option<Problem>,
        id_number: Secret,
        pin: Secret,
        fx: &mut Vec<Effect>,
    ) -> State {
        let Some(card) = session.certificate() else {
            return State::Card {
                stage: session.signed_out_stage(None),
                session,
            };
        };
        if card.pin == PinWarning::Locked || id_number.is_empty() || pin.is_empty() {
            return State::Card {
                session,
                stage: Stage::CertificateReady { problem },
            };
        }
        let slot = card.slot;
        self.issue(fx, |ticket| Effect::CertificateSignIn {
            ticket,
            slot,
            id_number,
            pin,
        });
        State::Card {
            session,
            stage: Stage::CertificateSigningIn,
        }
    }

    /// The answer to `CertificateSignIn`.
    pub(crate) fn certificate_signed_in(
        &mut self,
        mut session: CardSession,
        result: Result<Secret, Problem>,
        fx: &mut Vec<Effect>,
    ) -> State {
        let problem = match result {
            Ok(token) => {
                // The person came for a code: make one straight away, as with the NHI card.
                let for_effect = token.clone();
                self.issue(fx, |ticket| Effect::CreateCode {
                    ticket,
                    token: for_effect,
                });
                return State::Card {
                    session,
                    stage: Stage::CreatingCode { token },
                };
            }
            Err(Problem::CardRemoved | Problem::Certificate(CertificateProblem::CardRemoved)) => {
                return self.idle();
            }
            Err(problem) => problem,
        };
        let warning = match problem {
            Problem::Certificate(CertificateProblem::PinIncorrect) => Some(PinWarning::CountLow),
            Problem::Certificate(CertificateProblem::PinFinalTry) => Some(PinWarning::FinalTry),
            Problem::Certificate(CertificateProblem::PinLocked) => Some(PinWarning::Locked),
            _ => None,
        };
        if let (Some(warning), SessionCard::Certificate(card)) = (warning, &mut session.card) {
            card.pin = warning;
        }
        State::Card {
            session,
            stage: Stage::CertificateReady {
                problem: Some(problem),
            },
        }
    }
}
