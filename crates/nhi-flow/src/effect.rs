//! What the flow asks the outside world to do. Data only: the UI (or a test) executes them and
//! answers with [`super::Event::Reply`] carrying the same ticket.

use super::{Reply, Secret, Ticket, TokenSlot};
use crate::problem::Problem;

/// How a request's failure is answered: the reply variant for it, with the problem.
type Failed = fn(Problem) -> Reply;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Read the public basic data of the card in `reader`.
    ReadCard {
        ticket: Ticket,
        reader: String,
    },
    /// Open the certificate token: in `slot`, else the one in `reader`, else the only one.
    /// Its certificate is read (no PIN) and shown to the service, so a certificate it would
    /// refuse is said before any PIN is typed.
    ReadCertificate {
        ticket: Ticket,
        reader: Option<String>,
        slot: Option<TokenSlot>,
    },
    /// Certificate sign-in: the token signs the service's challenge with `pin`, the service
    /// checks the signature and that the certificate is `id_number`'s.
    CertificateSignIn {
        ticket: Ticket,
        slot: TokenSlot,
        id_number: Secret,
        pin: Secret,
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
            Effect::ReadCertificate { .. } => "ReadCertificate",
            Effect::CertificateSignIn { .. } => "CertificateSignIn",
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
        self.request().map(|(ticket, _)| ticket)
    }

    /// The reply that reports `problem` for this effect (`None` for effects without a reply:
    /// sign-out, cancel). What a backend answers when it cannot carry the request out at all.
    pub fn failed(&self, problem: Problem) -> Option<Reply> {
        self.request().map(|(_, failed)| failed(problem))
    }

    /// For a request effect: its ticket, and which reply answers it with a problem. The one
    /// table of what answers what, so `ticket` and `failed` cannot disagree.
    fn request(&self) -> Option<(Ticket, Failed)> {
        let request: (Ticket, Failed) = match self {
            Effect::ReadCard { ticket, .. } => (*ticket, |p| Reply::CardRead(Err(p))),
            Effect::SignIn { ticket, .. } => (*ticket, |p| Reply::SignedIn(Err(p))),
            Effect::ReadCertificate { ticket, .. } => (*ticket, |p| Reply::CertificateRead(Err(p))),
            Effect::CertificateSignIn { ticket, .. } => {
                (*ticket, |p| Reply::CertificateSignedIn(Err(p)))
            }
            Effect::Apply { ticket, .. } => (*ticket, |p| Reply::ApplicationSent(Err(p))),
            Effect::ResendVerification { ticket, .. } => {
                (*ticket, |p| Reply::VerificationResent(Err(p)))
            }
            Effect::RequestPasswordReset { ticket, .. } => {
                (*ticket, |p| Reply::PasswordResetSent(Err(p)))
            }
            Effect::VerifyEmail { ticket, .. } => (*ticket, |p| Reply::EmailVerified(Err(p))),
            Effect::ResetPassword { ticket, .. } => (*ticket, |p| Reply::PasswordChanged(Err(p))),
            Effect::CreateCode { ticket, .. } => (*ticket, |p| Reply::CodeCreated(Err(p))),
            Effect::PollCodeStatus { ticket, .. } => (*ticket, |p| Reply::CodeStatus(Err(p))),
            Effect::ListDevices { ticket, .. } => (*ticket, |p| Reply::DevicesListed(Err(p))),
            Effect::RevokeDevice { ticket, .. } => (*ticket, |p| Reply::DeviceRevoked(Err(p))),
            Effect::SignOut { .. } | Effect::Cancel(_) => return None,
        };
        Some(request)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_request_has_a_ticket_and_a_failure_reply_and_nothing_else_has_either() {
        let t = Ticket(7);
        let s = || Secret::from("x");
        let requests = [
            Effect::ReadCard {
                ticket: t,
                reader: "R".into(),
            },
            Effect::SignIn {
                ticket: t,
                reader: "R".into(),
                card_number: s(),
                id_number: s(),
                password: s(),
            },
            Effect::ReadCertificate {
                ticket: t,
                reader: None,
                slot: Some(TokenSlot(1)),
            },
            Effect::CertificateSignIn {
                ticket: t,
                slot: TokenSlot(1),
                id_number: s(),
                pin: s(),
            },
            Effect::Apply {
                ticket: t,
                reader: "R".into(),
                card_number: s(),
                id_number: s(),
                password: s(),
                email: s(),
            },
            Effect::ResendVerification {
                ticket: t,
                reader: "R".into(),
                card_number: s(),
                id_number: s(),
            },
            Effect::RequestPasswordReset {
                ticket: t,
                reader: "R".into(),
                card_number: s(),
                id_number: s(),
            },
            Effect::VerifyEmail {
                ticket: t,
                token: s(),
            },
            Effect::ResetPassword {
                ticket: t,
                token: s(),
                new_password: s(),
            },
            Effect::CreateCode {
                ticket: t,
                token: s(),
            },
            Effect::PollCodeStatus {
                ticket: t,
                token: s(),
                code: s(),
            },
            Effect::ListDevices {
                ticket: t,
                token: s(),
            },
            Effect::RevokeDevice {
                ticket: t,
                token: s(),
                device_id: "1".into(),
            },
        ];
        let mut replies = std::collections::HashSet::new();
        for effect in &requests {
            assert_eq!(effect.ticket(), Some(t), "{}", effect.name());
            let reply = effect
                .failed(Problem::NetworkDown)
                .unwrap_or_else(|| panic!("{}: no failure reply", effect.name()));
            // Each request has a reply of its own, carrying the problem.
            let shown = format!("{reply:?}");
            assert!(shown.contains("Err(NetworkDown)"), "{shown}");
            assert!(replies.insert(shown.split('(').next().unwrap().to_owned()));
        }
        for effect in [Effect::SignOut { token: s() }, Effect::Cancel(t)] {
            assert_eq!(effect.ticket(), None);
            assert!(effect.failed(Problem::NetworkDown).is_none());
        }
    }
}
