//! The problems of signing in with the Citizen Digital Certificate (自然人憑證): the token
//! (module, card, PIN) and what the service said about the certificate. One closed enum, one
//! message per cause, in both languages (the `problem-cert-*` block of the Fluent files).
//!
//! `Problem::Certificate` carries these, so the flow and the screens show them like any other.

use crate::i18n::Arg;
use crate::service::ServiceError;
use crate::service::protocol::certificate::CertificateRejection;
use crate::token::{PinTries, TokenError};

/// A certificate sign-in failure the person can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CertificateProblem {
    // The token.
    /// No PKCS#11 module: HiCOS is not installed (or not where it is looked for).
    ModuleMissing,
    /// A module file is there but cannot be loaded or initialised.
    ModuleUnusable,
    NoCard,
    CardRemoved,
    /// The card holds no signing certificate.
    NoCertificate,
    /// Signed in to the card, but its signing key is not there.
    NoSigningKey,
    /// A key this app does not sign with (below RSA 2048, a curve other than P-256).
    UnsupportedKey,
    /// A wrong PIN, more than one try left or unknown.
    PinIncorrect,
    /// A wrong PIN, and the next wrong one locks the card.
    PinFinalTry,
    /// The PIN is locked: never tried again, unlocked where the card came from.
    PinLocked,
    PinFormat {
        min: usize,
        max: usize,
    },
    /// The module reported something else; `code` is its name, for support.
    TokenFailed {
        code: String,
    },
    // The service.
    SignatureInvalid,
    UnknownCa,
    Expired,
    NotYetValid,
    WrongKeyUsage,
    BoundElsewhere,
    Unsupported,
    /// No registration (and no NHI card) for the ID number typed.
    IdNotRegistered,
    /// The certificate challenge was used or expired before the signature came back.
    ChallengeExpired,
    /// The service does not offer certificate sign-in.
    SignInUnavailable,
}

impl CertificateProblem {
    pub fn examples() -> Vec<CertificateProblem> {
        use CertificateProblem::*;
        vec![
            ModuleMissing,
            ModuleUnusable,
            NoCard,
            CardRemoved,
            NoCertificate,
            NoSigningKey,
            UnsupportedKey,
            PinIncorrect,
            PinFinalTry,
            PinLocked,
            PinFormat { min: 6, max: 8 },
            TokenFailed {
                code: "DeviceError".into(),
            },
            SignatureInvalid,
            UnknownCa,
            Expired,
            NotYetValid,
            WrongKeyUsage,
            BoundElsewhere,
            Unsupported,
            IdNotRegistered,
            ChallengeExpired,
            SignInUnavailable,
        ]
    }

    pub fn message_id(&self) -> &'static str {
        use CertificateProblem::*;
        match self {
            ModuleMissing => "problem-cert-module-missing",
            ModuleUnusable => "problem-cert-module-unusable",
            NoCard => "problem-cert-no-card",
            CardRemoved => "problem-cert-card-removed",
            NoCertificate => "problem-cert-no-certificate",
            NoSigningKey => "problem-cert-no-signing-key",
            UnsupportedKey => "problem-cert-unsupported-key",
            PinIncorrect => "problem-cert-pin-incorrect",
            PinFinalTry => "problem-cert-pin-final-try",
            PinLocked => "problem-cert-pin-locked",
            PinFormat { .. } => "problem-cert-pin-format",
            TokenFailed { .. } => "problem-cert-token-failed",
            SignatureInvalid => "problem-cert-signature-invalid",
            UnknownCa => "problem-cert-unknown-ca",
            Expired => "problem-cert-expired",
            NotYetValid => "problem-cert-not-yet-valid",
            WrongKeyUsage => "problem-cert-wrong-key-usage",
            BoundElsewhere => "problem-cert-bound-elsewhere",
            Unsupported => "problem-cert-unsupported",
            IdNotRegistered => "problem-cert-id-not-registered",
            ChallengeExpired => "problem-cert-challenge-expired",
            SignInUnavailable => "problem-cert-sign-in-unavailable",
        }
    }

    pub fn args(&self) -> Vec<Arg<'static>> {
        match self {
            CertificateProblem::PinFormat { min, max } => {
                vec![("min", (*min).into()), ("max", (*max).into())]
            }
            CertificateProblem::TokenFailed { code } => vec![("code", code.clone().into())],
            _ => Vec::new(),
        }
    }

    /// What a service's refusal of a certificate sign-in means for the person. Errors that
    /// are not about the certificate are `None` (the caller maps them as for card sign-in).
    pub fn from_sign_in(e: &ServiceError) -> Option<CertificateProblem> {
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
}

impl From<&TokenError> for CertificateProblem {
    fn from(e: &TokenError) -> Self {
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
            TokenError::Failed { code, .. } => {
                CertificateProblem::TokenFailed { code: code.clone() }
            }
        }
    }
}

impl From<&TokenError> for super::Problem {
    fn from(e: &TokenError) -> Self {
        super::Problem::Certificate(e.into())
    }
}

impl super::Problem {
    /// A certificate sign-in's service error: the certificate's own causes first (and
    /// `not_registered` / `challenge_expired` in the words of the certificate path), else as
    /// any other call.
    pub fn from_certificate_sign_in(e: &ServiceError) -> super::Problem {
        match CertificateProblem::from_sign_in(e) {
            Some(problem) => super::Problem::Certificate(problem),
            None => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Problem;
    use super::*;

    #[test]
    fn pin_states_keep_their_own_words() {
        assert_eq!(
            Problem::from(&TokenError::PinIncorrect {
                tries: PinTries::FinalTry
            }),
            Problem::Certificate(CertificateProblem::PinFinalTry)
        );
        for tries in [PinTries::Unknown, PinTries::Low] {
            assert_eq!(
                Problem::from(&TokenError::PinIncorrect { tries }),
                Problem::Certificate(CertificateProblem::PinIncorrect)
            );
        }
        assert_eq!(
            Problem::from(&TokenError::ModuleNotFound { looked_in: vec![] }),
            Problem::Certificate(CertificateProblem::ModuleMissing)
        );
    }

    #[test]
    fn certificate_sign_in_speaks_of_the_certificate() {
        assert_eq!(
            Problem::from_certificate_sign_in(&ServiceError::NotRegistered),
            Problem::Certificate(CertificateProblem::IdNotRegistered)
        );
        assert_eq!(
            Problem::from_certificate_sign_in(&ServiceError::CertificateRejected(
                CertificateRejection::Expired
            )),
            Problem::Certificate(CertificateProblem::Expired)
        );
        assert_eq!(
            Problem::from_certificate_sign_in(&ServiceError::Timeout),
            Problem::ServiceTimeout
        );
        for rejection in CertificateRejection::ALL {
            let e = ServiceError::CertificateRejected(rejection);
            assert_eq!(Problem::from(&e), Problem::from_certificate_sign_in(&e));
        }
    }
}
