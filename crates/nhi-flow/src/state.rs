//! The states of a session, as the screen shows them.

use std::time::{Duration, Instant};

use super::{CardSession, DeviceCode, DeviceInfo, Secret, TokenSlot};
use crate::problem::Problem;

/// Where the session stands. Everything personal lives inside [`State::Card`], so leaving
/// that variant drops (and zeroizes) all of it at once.
// One state exists at a time and is moved, not copied around: size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum State {
    /// The smart-card service (pcscd / SCardSvr) is not running.
    SmartCardServiceMissing,
    NoReader,
    WaitingForCard,
    Reading {
        reader: String,
    },
    /// A card that is not an NHI card (bank card, health-professional card, …).
    NotNhiCard {
        reader: String,
        problem: Problem,
    },
    /// The card could not be read; `Retry` reads it again.
    ReadFailed {
        reader: String,
        problem: Problem,
    },
    /// A Citizen Digital Certificate (自然人憑證) is being opened through its PKCS#11 module:
    /// the card's ATR said so (`slot` not known yet), or the token watcher saw a token in
    /// `slot`. `reader` is the PC/SC reader, or the slot's name when the module gave none.
    OpeningToken {
        reader: String,
        slot: Option<TokenSlot>,
    },
    /// The certificate cannot be used (no module, no certificate, refused by the service
    /// before any PIN); `Retry` opens it again.
    CertificateFailed {
        reader: String,
        slot: Option<TokenSlot>,
        problem: Problem,
    },
    /// A card is in `session.reader`: an NHI card, or a Citizen Digital Certificate.
    Card {
        session: CardSession,
        stage: Stage,
    },
}

/// The steps while a card is in the reader. The signed-in ones (from [`Stage::SignedIn`] to
/// [`Stage::Failed`]) hold the service's session token, so a signed-in step without a token
/// cannot be built; leaving them for a signed-out step drops (and zeroizes) it.
#[derive(Debug)]
pub enum Stage {
    /// The holder's data is shown and the registration password asked for. `problem` is why
    /// the last attempt failed (wrong password, not registered, …); `note` is good news from
    /// the step before (e-mail verified, password changed).
    CardReady {
        problem: Option<Problem>,
        note: Option<Note>,
    },
    SigningIn,
    /// The certificate's holder is shown and the ID number and PIN asked for; `problem` is
    /// why the last try failed (wrong PIN, locked, not registered, …).
    CertificateReady {
        problem: Option<Problem>,
    },
    /// The token signs the service's challenge with the PIN, then the service checks it.
    CertificateSigningIn,
    /// First time: set a registration password and an e-mail address (首次登入請先申請).
    FirstTimeApplication {
        busy: bool,
        problem: Option<Problem>,
    },
    /// A verification mail was sent: enter its code, resend it (重寄認證信) or go back and
    /// sign in. `busy`: a resend or a code is being sent. `sent_to`: where the last mail went
    /// (masked), when the service said (not when sign-in found the address unverified).
    EmailVerification {
        busy: bool,
        resent: bool,
        problem: Option<Problem>,
        sent_to: Option<Secret>,
    },
    /// Forgot the registration password (忘記註冊密碼): a reset mail is requested (to the
    /// registered address), then (once sent, `sent_to` says where, masked) its code and a new
    /// password are entered. `busy`: a request is in flight.
    PasswordReset {
        busy: bool,
        sent_to: Option<Secret>,
        problem: Option<Problem>,
    },
    /// Signed in: generate a code, see devices, sign out.
    SignedIn {
        token: Secret,
    },
    CreatingCode {
        token: Secret,
    },
    DeviceCodeShown {
        token: Secret,
        code: DeviceCode,
        /// Monotonic: immune to a wrong or changing wall clock.
        deadline: Instant,
        next_poll: Instant,
    },
    /// The phone scanned the code and is authenticated; `device` names it, if the service did.
    Verified {
        token: Secret,
        device: Option<String>,
    },
    Expired {
        token: Secret,
    },
    /// The authenticated phones; `devices` is `None` while loading. `revoked`: the name of
    /// the phone whose authentication was just revoked (the note saying so).
    Devices {
        token: Secret,
        devices: Option<Vec<DeviceInfo>>,
        busy: bool,
        problem: Option<Problem>,
        revoked: Option<String>,
    },
    /// A service request failed; `Retry` repeats it, `Back` returns to the signed-in menu.
    Failed {
        token: Secret,
        problem: Problem,
        retry: Retry,
    },
}

impl Stage {
    /// The service's session token, in the signed-in steps.
    pub fn token(&self) -> Option<&Secret> {
        match self {
            Stage::SignedIn { token }
            | Stage::CreatingCode { token }
            | Stage::DeviceCodeShown { token, .. }
            | Stage::Verified { token, .. }
            | Stage::Expired { token }
            | Stage::Devices { token, .. }
            | Stage::Failed { token, .. } => Some(token),
            Stage::CardReady { .. }
            | Stage::SigningIn
            | Stage::CertificateReady { .. }
            | Stage::CertificateSigningIn
            | Stage::FirstTimeApplication { .. }
            | Stage::EmailVerification { .. }
            | Stage::PasswordReset { .. } => None,
        }
    }

    /// Whether this is a signed-in step (it holds a session token).
    pub fn is_signed_in(&self) -> bool {
        self.token().is_some()
    }

    /// The token, taken out of a signed-in step (the step is used up); the step itself back
    /// if it is signed out.
    // The step is moved back, not copied around (as with `State`): its size does not matter.
    #[allow(clippy::result_large_err)]
    pub(crate) fn into_token(self) -> Result<Secret, Stage> {
        match self {
            Stage::SignedIn { token }
            | Stage::CreatingCode { token }
            | Stage::DeviceCodeShown { token, .. }
            | Stage::Verified { token, .. }
            | Stage::Expired { token }
            | Stage::Devices { token, .. }
            | Stage::Failed { token, .. } => Ok(token),
            signed_out => Err(signed_out),
        }
    }
}

/// Good news shown on the card-ready screen after an account step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// The verification code from the mail was accepted: sign in now.
    EmailVerified,
    /// The reset code and the new password were accepted: sign in with the new one.
    PasswordChanged,
}

/// What `Retry` repeats after [`Stage::Failed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    CreateCode,
    ListDevices,
}

/// The name of a state without its data: what tests and the UI's screen choice match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    SmartCardServiceMissing,
    NoReader,
    WaitingForCard,
    Reading,
    NotNhiCard,
    ReadFailed,
    OpeningToken,
    CertificateFailed,
    CardReady,
    SigningIn,
    CertificateReady,
    CertificateSigningIn,
    FirstTimeApplication,
    EmailVerification,
    PasswordReset,
    SignedIn,
    CreatingCode,
    DeviceCodeShown,
    Verified,
    Expired,
    Devices,
    Failed,
}

impl State {
    pub fn kind(&self) -> Kind {
        match self {
            State::SmartCardServiceMissing => Kind::SmartCardServiceMissing,
            State::NoReader => Kind::NoReader,
            State::WaitingForCard => Kind::WaitingForCard,
            State::Reading { .. } => Kind::Reading,
            State::NotNhiCard { .. } => Kind::NotNhiCard,
            State::ReadFailed { .. } => Kind::ReadFailed,
            State::OpeningToken { .. } => Kind::OpeningToken,
            State::CertificateFailed { .. } => Kind::CertificateFailed,
            State::Card { stage, .. } => match stage {
                Stage::CardReady { .. } => Kind::CardReady,
                Stage::SigningIn => Kind::SigningIn,
                Stage::CertificateReady { .. } => Kind::CertificateReady,
                Stage::CertificateSigningIn => Kind::CertificateSigningIn,
                Stage::FirstTimeApplication { .. } => Kind::FirstTimeApplication,
                Stage::EmailVerification { .. } => Kind::EmailVerification,
                Stage::PasswordReset { .. } => Kind::PasswordReset,
                Stage::SignedIn { .. } => Kind::SignedIn,
                Stage::CreatingCode { .. } => Kind::CreatingCode,
                Stage::DeviceCodeShown { .. } => Kind::DeviceCodeShown,
                Stage::Verified { .. } => Kind::Verified,
                Stage::Expired { .. } => Kind::Expired,
                Stage::Devices { .. } => Kind::Devices,
                Stage::Failed { .. } => Kind::Failed,
            },
        }
    }

    /// The reader this state is about, if any.
    pub fn reader(&self) -> Option<&str> {
        match self {
            State::Reading { reader }
            | State::NotNhiCard { reader, .. }
            | State::ReadFailed { reader, .. }
            | State::OpeningToken { reader, .. }
            | State::CertificateFailed { reader, .. } => Some(reader),
            State::Card { session, .. } => Some(&session.reader),
            _ => None,
        }
    }

    /// The token slot this state is about, if any: its token leaving ends the state.
    pub fn slot(&self) -> Option<TokenSlot> {
        match self {
            State::OpeningToken { slot, .. } | State::CertificateFailed { slot, .. } => *slot,
            State::Card { session, .. } => session.certificate().map(|c| c.slot),
            _ => None,
        }
    }

    /// Time left on the device code shown, computed from its deadline (never counted down).
    pub fn remaining(&self, now: Instant) -> Option<Duration> {
        match self {
            State::Card {
                stage: Stage::DeviceCodeShown { deadline, .. },
                ..
            } => Some(deadline.saturating_duration_since(now)),
            _ => None,
        }
    }

    /// Whether any personal data (holder, token, code) is held.
    pub fn holds_personal_data(&self) -> bool {
        matches!(self, State::Card { .. })
    }

    /// Whether the password typed for the sign-in just answered stays in its field: yes on
    /// the card-ready step after a failure of the card, the network or the service, so the
    /// person simply tries again; no when the password was refused (wrong, or the account
    /// locked) or the card left. Only meaningful right after [`Kind::SigningIn`].
    pub fn keeps_typed_password(&self) -> bool {
        match self {
            State::Card {
                stage: Stage::CardReady { problem, .. },
                ..
            } => problem.as_ref().is_none_or(keeps_password),
            _ => false,
        }
    }
}

impl State {
    /// Whether the ID number typed for the certificate sign-in stays in its field: yes while
    /// the certificate is still there to try again (the PIN field is always cleared). Only
    /// meaningful right after [`Kind::CertificateSigningIn`].
    pub fn keeps_typed_id_number(&self) -> bool {
        matches!(
            self,
            State::Card {
                stage: Stage::CertificateReady { .. },
                ..
            }
        )
    }
}

/// A failed sign-in's problem that says nothing against the typed password.
fn keeps_password(problem: &Problem) -> bool {
    !matches!(
        problem,
        Problem::WrongPassword { .. }
            | Problem::AccountLocked { .. }
            | Problem::CardRemoved
            | Problem::NoCard
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Holder;

    fn card_ready(problem: Option<Problem>) -> State {
        State::Card {
            session: CardSession::nhi(
                "R",
                Holder {
                    card_number: "000012345678".into(),
                    id_number: "A123456789".into(),
                    masked_name: "王○明".into(),
                    masked_id: "A12****789".into(),
                },
            ),
            stage: Stage::CardReady {
                problem,
                note: None,
            },
        }
    }

    #[test]
    fn only_a_refused_password_or_a_departed_card_clears_the_field() {
        let cleared = [
            Problem::WrongPassword { attempts_left: 2 },
            Problem::AccountLocked {
                minutes: 15,
                until: "14:05".into(),
            },
            Problem::CardRemoved,
            Problem::NoCard,
        ];
        for problem in Problem::examples() {
            let keeps = !cleared.contains(&problem);
            assert_eq!(
                card_ready(Some(problem.clone())).keeps_typed_password(),
                keeps,
                "{problem:?}"
            );
        }
        assert!(card_ready(None).keeps_typed_password());
        assert!(!State::WaitingForCard.keeps_typed_password());
    }
}
