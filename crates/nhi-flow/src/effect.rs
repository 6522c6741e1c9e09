//! What the flow asks the outside world to do. Data only: the UI (or a test) executes them and
//! answers with [`super::Event::Reply`] carrying the same ticket.

use super::{Secret, Ticket};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read the public basic data of the card in `reader`.
    ReadCard {
        ticket: Ticket,
        reader: String,
    },
    /// Card authentication with the card in `reader`, then the registration password.
    SignIn {
        ticket: Ticket,
        reader: String,
        card_number: Secret,
        id_number: Secret,
        password: Secret,
    },
    /// The first-time application (sets the password and e-mail, sends a verification mail).
    Apply {
        ticket: Ticket,
        reader: String,
        card_number: Secret,
        id_number: Secret,
        password: Secret,
        email: Secret,
    },
    /// Resend the verification mail; needs fresh card proof, hence the reader.
    ResendVerification {
        ticket: Ticket,
        reader: String,
        card_number: Secret,
        id_number: Secret,
    },
    /// The reset mail, to the registered address; needs fresh card proof.
    RequestPasswordReset {
        ticket: Ticket,
        reader: String,
        card_number: Secret,
        id_number: Secret,
    },
    /// Verify the e-mail address with the code from the verification mail (no card proof:
    /// the code is the proof).
    VerifyEmail {
        ticket: Ticket,
        token: Secret,
    },
    /// Set a new registration password with the code from the reset mail.
    ResetPassword {
        ticket: Ticket,
        token: Secret,
        new_password: Secret,
    },
    CreateCode {
        ticket: Ticket,
        token: Secret,
    },
    PollCodeStatus {
        ticket: Ticket,
        token: Secret,
        code: Secret,
    },
    ListDevices {
        ticket: Ticket,
        token: Secret,
    },
    RevokeDevice {
        ticket: Ticket,
        token: Secret,
        device_id: String,
    },
    /// End the session at the service; no reply expected.
    SignOut {
        token: Secret,
    },
    /// The request with this ticket is no longer wanted: abort it if still running.
    Cancel(Ticket),
}

impl Effect {
    /// A short name, for tests and logs (never the data).
    pub fn name(&self) -> &'static str {
        match self {
            Effect::ReadCard { .. } => "ReadCard",
            Effect::SignIn { .. } => "SignIn",
            Effect::Apply { .. } => "Apply",
            Effect::ResendVerification { .. } => "ResendVerification",
            Effect::RequestPasswordReset { .. } => "RequestPasswordReset",
            Effect::VerifyEmail { .. } => "VerifyEmail",
            Effect::ResetPassword { .. } => "ResetPassword",
            Effect::CreateCode { .. } => "CreateCode",
            Effect::PollCodeStatus { .. } => "PollCodeStatus",
            Effect::ListDevices { .. } => "ListDevices",
            Effect::RevokeDevice { .. } => "RevokeDevice",
            Effect::SignOut { .. } => "SignOut",
            Effect::Cancel(_) => "Cancel",
        }
    }

    /// The ticket a reply to this effect must carry, if a reply is expected.
    pub fn ticket(&self) -> Option<Ticket> {
        match self {
            Effect::ReadCard { ticket, .. }
            | Effect::SignIn { ticket, .. }
            | Effect::Apply { ticket, .. }
            | Effect::ResendVerification { ticket, .. }
            | Effect::RequestPasswordReset { ticket, .. }
            | Effect::VerifyEmail { ticket, .. }
            | Effect::ResetPassword { ticket, .. }
            | Effect::CreateCode { ticket, .. }
            | Effect::PollCodeStatus { ticket, .. }
            | Effect::ListDevices { ticket, .. }
            | Effect::RevokeDevice { ticket, .. } => Some(*ticket),
            Effect::SignOut { .. } | Effect::Cancel(_) => None,
        }
    }
}
