//! The lower layers' errors as [`Problem`]s, at the layer boundary: the flow crate (which
//! owns `Problem`) depends on none of card, reader, protocol or token, so the one place that
//! sees both sides does the mapping. A local trait because neither side is this crate's
//! (the orphan rule forbids `From` here).

use crate::card::CardError;
use crate::reader::{ReadError, ReaderError};
use crate::service::ServiceError;
use crate::service::protocol::certificate::CertificateRejection;
use crate::token::{PinTries, TokenError};

use super::{CertificateProblem, Problem};

/// An error the person can act on: the [`Problem`] it means.
pub trait AsProblem {
    fn problem(&self) -> Problem;
}

impl AsProblem for ReaderError {
    fn problem(&self) -> Problem {
        match self {
            ReaderError::NoService => Problem::SmartCardServiceNotRunning,
            ReaderError::NoReaders => Problem::NoReader,
            ReaderError::UnknownReader { name } => Problem::UnknownReader { name: name.clone() },
            ReaderError::NoCard => Problem::NoCard,
            ReaderError::SharingViolation => Problem::CardInUse,
            ReaderError::CardRemoved => Problem::CardRemoved,
            // Another program reset the card under us, or it does not answer: either way,
            // taking it out and inserting it again is what helps.
            ReaderError::CardReset | ReaderError::UnresponsiveCard => Problem::CardUnresponsive,
            ReaderError::Cancelled => Problem::ReaderFailed {
                code: "Cancelled".into(),
            },
            ReaderError::Timeout => Problem::ReaderFailed {
                code: "Timeout".into(),
            },
            ReaderError::Other { code } => Problem::ReaderFailed { code: code.clone() },
        }
    }
}

impl AsProblem for CardError {
    fn problem(&self) -> Problem {
        match self {
            CardError::NotNhiCard { .. } => Problem::NotNhiCard,
            CardError::HealthProfessionalCard => Problem::HealthProfessionalCard,
            CardError::CitizenDigitalCertificate => Problem::CitizenDigitalCertificate,
            CardError::Unreadable(_) => Problem::CardUnreadable,
        }
    }
}

impl AsProblem for ReadError {
    fn problem(&self) -> Problem {
        match self {
            ReadError::Reader(e) => e.problem(),
            ReadError::Card(e) => e.problem(),
        }
    }
}

/// Whole minutes, rounded up, for "try again in N minutes" (never 0).
fn minutes_ceil(d: Option<std::time::Duration>) -> u64 {
    d.map_or(15, |d| d.as_secs().div_ceil(60)).max(1)
}

impl AsProblem for ServiceError {
    fn problem(&self) -> Problem {
        match self {
            ServiceError::InvalidRequest { .. } => Problem::InvalidRequest,
            ServiceError::CardAuthFailed => Problem::CardAuthFailed,
            ServiceError::ChallengeExpired => Problem::ChallengeExpired,
            ServiceError::WrongPassword { attempts_left } => Problem::WrongPassword {
                // Unknown count: say "a few" honestly is impossible in one number; 1 is the
                // cautious reading.
                attempts_left: attempts_left.unwrap_or(1),
            },
            ServiceError::Locked { retry_after } => {
                let minutes = minutes_ceil(*retry_after);
                // When it lifts on the local clock, rounded up to the minute (an hour's wrong
                // PC clock would mislead here, but not the minutes beside it).
                let lifts = chrono::Local::now()
                    + retry_after.unwrap_or(std::time::Duration::from_secs(minutes * 60))
                    + std::time::Duration::from_secs(59);
                Problem::AccountLocked {
                    minutes,
                    until: lifts.format("%H:%M").to_string(),
                }
            }
            ServiceError::NotRegistered => Problem::NotRegistered,
            ServiceError::AlreadyRegistered => Problem::AlreadyRegistered,
            ServiceError::IdMismatch => Problem::IdMismatch,
            ServiceError::EmailNotVerified => Problem::EmailNotVerified,
            ServiceError::WeakPassword { .. } => Problem::WeakPassword,
            ServiceError::InvalidToken => Problem::InvalidLink,
            ServiceError::SessionExpired => Problem::SessionExpired,
            ServiceError::CodeExpired => Problem::CodeExpired,
            ServiceError::CodeRedeemed => Problem::CodeRedeemed,
            ServiceError::NotFound => Problem::CodeUnknown,
            ServiceError::RateLimited { retry_after } => Problem::RateLimited {
                seconds: retry_after.map_or(30, |d| d.as_secs().max(1)),
            },
            ServiceError::CertificateRejected(_) | ServiceError::CertificateSignInUnavailable => {
                Problem::Certificate(
                    certificate_problem_of(self).unwrap_or(CertificateProblem::SignInUnavailable),
                )
            }
            ServiceError::Server { .. } => Problem::ServiceInternalError,
            ServiceError::Unavailable { .. } => Problem::ServiceUnavailable,
            ServiceError::NotAService { .. } => Problem::NotRegistrationService,
            ServiceError::Network { .. } => Problem::NetworkDown,
            ServiceError::Timeout => Problem::ServiceTimeout,
            ServiceError::Tls { .. } => Problem::TlsFailure,
            ServiceError::MalformedReply { .. } => Problem::MalformedReply,
            ServiceError::InsecureUrl { .. } => Problem::InsecureServiceUrl,
            ServiceError::InvalidUrl { .. } => Problem::InvalidServiceUrl,
        }
    }
}

/// What a service's refusal of a certificate sign-in means for the person. Errors that
/// are not about the certificate are `None` (the caller maps them as for card sign-in).
fn certificate_problem_of(e: &ServiceError) -> Option<CertificateProblem> {
    Some(match e {
        ServiceError::CertificateRejected(rejection) => match rejection {
            CertificateRejection::SignatureInvalid => CertificateProblem::SignatureInvalid,
            CertificateRejection::UnknownCa => CertificateProblem::UnknownCa,
            CertificateRejection::Expired => CertificateProblem::Expired,
            CertificateRejection::NotYetValid => CertificateProblem::NotYetValid,
            CertificateRejection::WrongKeyUsage => CertificateProblem::WrongKeyUsage,
            CertificateRejection::BoundElsewhere => CertificateProblem::BoundElsewhere,
            CertificateRejection::Unsupported => CertificateProblem::Unsupported,
        },
        ServiceError::CertificateSignInUnavailable => CertificateProblem::SignInUnavailable,
        ServiceError::NotRegistered => CertificateProblem::IdNotRegistered,
        ServiceError::ChallengeExpired => CertificateProblem::ChallengeExpired,
        _ => return None,
    })
}

/// What a token error means for a certificate sign-in.
fn token_problem(e: &TokenError) -> CertificateProblem {
    match e {
        TokenError::ModuleNotFound { .. } => CertificateProblem::ModuleMissing,
        TokenError::ModuleUnusable { .. } => CertificateProblem::ModuleUnusable,
        TokenError::NoToken => CertificateProblem::NoCard,
        TokenError::TokenRemoved => CertificateProblem::CardRemoved,
        TokenError::NoCertificate => CertificateProblem::NoCertificate,
        TokenError::NoSigningKey => CertificateProblem::NoSigningKey,
        TokenError::UnsupportedKey => CertificateProblem::UnsupportedKey,
        TokenError::PinIncorrect {
            tries: PinTries::FinalTry,
        } => CertificateProblem::PinFinalTry,
        TokenError::PinIncorrect { .. } => CertificateProblem::PinIncorrect,
        TokenError::PinLocked => CertificateProblem::PinLocked,
        TokenError::PinFormat { min, max } => CertificateProblem::PinFormat {
            min: *min,
            max: *max,
        },
        TokenError::Failed { code, .. } => CertificateProblem::TokenFailed { code: code.clone() },
    }
}

impl AsProblem for TokenError {
    fn problem(&self) -> Problem {
        Problem::Certificate(token_problem(self))
    }
}

/// A certificate sign-in's service error: the certificate's own causes first (and
/// `not_registered` / `challenge_expired` in the words of the certificate path), else as any
/// other call.
pub fn from_certificate_sign_in(e: &ServiceError) -> Problem {
    match certificate_problem_of(e) {
        Some(problem) => Problem::Certificate(problem),
        None => e.problem(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_states_keep_their_own_words() {
        assert_eq!(
            (TokenError::PinIncorrect {
                tries: PinTries::FinalTry
            })
            .problem(),
            Problem::Certificate(CertificateProblem::PinFinalTry)
        );
        for tries in [PinTries::Unknown, PinTries::Low] {
            assert_eq!(
                (TokenError::PinIncorrect { tries }).problem(),
                Problem::Certificate(CertificateProblem::PinIncorrect)
            );
        }
        assert_eq!(
            (TokenError::ModuleNotFound { looked_in: vec![] }).problem(),
            Problem::Certificate(CertificateProblem::ModuleMissing)
        );
    }

    #[test]
    fn certificate_sign_in_speaks_of_the_certificate() {
        assert_eq!(
            from_certificate_sign_in(&ServiceError::NotRegistered),
            Problem::Certificate(CertificateProblem::IdNotRegistered)
        );
        assert_eq!(
            from_certificate_sign_in(&ServiceError::CertificateRejected(
                CertificateRejection::Expired
            )),
            Problem::Certificate(CertificateProblem::Expired)
        );
        assert_eq!(
            from_certificate_sign_in(&ServiceError::Timeout),
            Problem::ServiceTimeout
        );
        for rejection in CertificateRejection::ALL {
            let e = ServiceError::CertificateRejected(rejection);
            assert_eq!(e.problem(), from_certificate_sign_in(&e));
        }
    }
}
