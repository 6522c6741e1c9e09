//! The card a session is with: where it is, and whether it is an NHI card or a Citizen
//! Digital Certificate.

use super::{CertificateCard, Holder, Stage};
use crate::problem::Problem;

/// The card in the reader: where it is and whose it is. (Not the service's session: that is
/// the token the signed-in stages hold.)
#[derive(Debug)]
pub struct CardSession {
    pub reader: String,
    pub card: SessionCard,
}

/// Which card the session is with: they sign in differently, and the same signed-in stages
/// follow.
#[derive(Debug)]
pub enum SessionCard {
    /// The NHI card: card proof and the registration password.
    Nhi(Holder),
    /// The Citizen Digital Certificate: its signature and the PIN.
    Certificate(CertificateCard),
}

impl CardSession {
    pub fn nhi(reader: impl Into<String>, holder: Holder) -> CardSession {
        CardSession {
            reader: reader.into(),
            card: SessionCard::Nhi(holder),
        }
    }

    /// The NHI card's holder; `None` with a certificate.
    pub fn holder(&self) -> Option<&Holder> {
        match &self.card {
            SessionCard::Nhi(holder) => Some(holder),
            SessionCard::Certificate(_) => None,
        }
    }

    pub fn certificate(&self) -> Option<&CertificateCard> {
        match &self.card {
            SessionCard::Certificate(card) => Some(card),
            SessionCard::Nhi(_) => None,
        }
    }

    /// The signed-out step this card signs in from, saying `problem`.
    pub(crate) fn signed_out_stage(&self, problem: Option<Problem>) -> Stage {
        match self.card {
            SessionCard::Nhi(_) => Stage::CardReady {
                problem,
                note: None,
            },
            SessionCard::Certificate(_) => Stage::CertificateReady { problem },
        }
    }
}
