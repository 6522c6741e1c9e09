//! The problems of signing in with the Citizen Digital Certificate (自然人憑證): the token
//! (module, card, PIN) and what the service said about the certificate. One closed enum, one
//! message per cause, in both languages (the `problem-cert-*` block of the Fluent files).
//!
//! `Problem::Certificate` carries these, so the flow and the screens show them like any other.

use super::Arg;

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

    pub fn args(&self) -> Vec<Arg> {
        match self {
            CertificateProblem::PinFormat { min, max } => {
                vec![("min", (*min).into()), ("max", (*max).into())]
            }
            CertificateProblem::TokenFailed { code } => vec![("code", code.clone().into())],
            _ => Vec::new(),
        }
    }
}
