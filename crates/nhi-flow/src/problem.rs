//! Everything that can go wrong, as the person in front of the screen sees it.
//!
//! One closed enum, one message per cause, in both languages, each saying what to do (the
//! shape of web-eid's `RetriableError` + message table). The lower layers keep their own
//! precise error types; the app maps them onto a `Problem` where it meets both (its backend
//! glue, `src/problem/`), so this crate depends on none of them.
//!
//! A `Problem` carries its Fluent message id and arguments; the app renders the text (the
//! Fluent files are the app's).

mod certificate;

pub use certificate::CertificateProblem;

/// One Fluent argument of a problem's message: its name and value.
pub type Arg = (&'static str, ArgValue);

/// The value of a message argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgValue {
    Text(String),
    Number(u64),
}

impl From<String> for ArgValue {
    fn from(text: String) -> Self {
        ArgValue::Text(text)
    }
}

impl From<u64> for ArgValue {
    fn from(n: u64) -> Self {
        ArgValue::Number(n)
    }
}

impl From<u32> for ArgValue {
    fn from(n: u32) -> Self {
        ArgValue::Number(n.into())
    }
}

impl From<usize> for ArgValue {
    fn from(n: usize) -> Self {
        // A PIN length or a count: far below u64's range on every platform.
        ArgValue::Number(n as u64)
    }
}

/// The operating system, for the few messages whose advice differs per system.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Linux,
    Windows,
    MacOs,
}

impl Os {
    pub const fn current() -> Os {
        if cfg!(target_os = "windows") {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Linux
        }
    }
}

/// A failure the user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    // The smart-card side.
    SmartCardServiceNotRunning,
    NoReader,
    /// A reader was asked for by name (command line, remembered choice) and is not there.
    UnknownReader {
        name: String,
    },
    NoCard,
    CardRemoved,
    NotNhiCard,
    HealthProfessionalCard,
    CardUnreadable,
    CardInUse,
    CardUnresponsive,
    /// Any other reader failure; `code` is the PC/SC error name, for support.
    ReaderFailed {
        code: String,
    },
    // The registration service.
    WrongPassword {
        attempts_left: u32,
    },
    /// Locked after too many wrong passwords: for `minutes` more, until `until` on this
    /// computer's clock ("14:05", for the person to plan by).
    AccountLocked {
        minutes: u64,
        until: String,
    },
    NotRegistered,
    CardAuthFailed,
    ChallengeExpired,
    AlreadyRegistered,
    IdMismatch,
    WeakPassword,
    /// A verification or password-reset link that is wrong, used or expired.
    InvalidLink,
    SessionExpired,
    EmailNotVerified,
    CodeExpired,
    CodeRedeemed,
    CodeUnknown,
    RateLimited {
        seconds: u64,
    },
    NetworkDown,
    /// The service address is on this computer (loopback) and nothing answers there: "check
    /// the internet connection" would send the person the wrong way.
    LocalServiceNotRunning,
    ServiceTimeout,
    ServiceUnavailable,
    MalformedReply,
    TlsFailure,
    /// The service's certificate is not trusted or not for this address (unknown issuer,
    /// wrong name, revoked): unlike an expired one, the computer's clock is not the cause.
    UntrustedCertificate,
    InsecureServiceUrl,
    InvalidServiceUrl,
    InvalidRequest,
    // What answers at the service address (issue 9: replies checked before use).
    /// The address answers, but not as a registration service: a web page, a redirect, or
    /// "no such route" from a route every registration service has.
    NotRegistrationService,
    /// The service answered with its own `internal` error: a fault there, not a network or
    /// gateway problem, and nothing the person did.
    ServiceInternalError,
    // The card during sign-in, and cards that are not the NHI card (issue 9, card half).
    /// The card lost its proof session twice running (reset, or powered down between GET
    /// CHALLENGE and the authentication): something keeps disturbing it.
    CardSessionLost,
    /// The card's ATR is a Citizen Digital Certificate's (自然人憑證) and SELECT of the NHI
    /// applet failed.
    CitizenDigitalCertificate,
    /// Signing in with the Citizen Digital Certificate (issue 13): the token and the service.
    Certificate(CertificateProblem),
}

impl Problem {
    /// One of each variant, for tests that render every message.
    pub fn examples() -> Vec<Problem> {
        use Problem::*;
        vec![
            SmartCardServiceNotRunning,
            NoReader,
            UnknownReader {
                name: "Example Reader 0".into(),
            },
            NoCard,
            CardRemoved,
            NotNhiCard,
            HealthProfessionalCard,
            CardUnreadable,
            CardInUse,
            CardUnresponsive,
            ReaderFailed {
                code: "InternalError".into(),
            },
            WrongPassword { attempts_left: 2 },
            AccountLocked {
                minutes: 15,
                until: "14:05".into(),
            },
            NotRegistered,
            CardAuthFailed,
            ChallengeExpired,
            AlreadyRegistered,
            IdMismatch,
            WeakPassword,
            InvalidLink,
            SessionExpired,
            EmailNotVerified,
            CodeExpired,
            CodeRedeemed,
            CodeUnknown,
            RateLimited { seconds: 30 },
            NetworkDown,
            LocalServiceNotRunning,
            ServiceTimeout,
            ServiceUnavailable,
            MalformedReply,
            TlsFailure,
            UntrustedCertificate,
            InsecureServiceUrl,
            InvalidServiceUrl,
            InvalidRequest,
            NotRegistrationService,
            ServiceInternalError,
            CardSessionLost,
            CitizenDigitalCertificate,
        ]
        .into_iter()
        .chain(CertificateProblem::examples().into_iter().map(Certificate))
        .collect()
    }

    /// The Fluent message id of this problem.
    pub fn message_id(&self) -> &'static str {
        use Problem::*;
        match self {
            SmartCardServiceNotRunning => "problem-service-not-running",
            NoReader => "problem-no-reader",
            UnknownReader { .. } => "problem-unknown-reader",
            NoCard => "problem-no-card",
            CardRemoved => "problem-card-removed",
            NotNhiCard => "problem-not-nhi-card",
            HealthProfessionalCard => "problem-health-professional-card",
            CardUnreadable => "problem-card-unreadable",
            CardInUse => "problem-card-in-use",
            CardUnresponsive => "problem-card-unresponsive",
            ReaderFailed { .. } => "problem-reader-failed",
            WrongPassword { .. } => "problem-wrong-password",
            AccountLocked { .. } => "problem-account-locked",
            NotRegistered => "problem-not-registered",
            CardAuthFailed => "problem-card-auth-failed",
            ChallengeExpired => "problem-challenge-expired",
            AlreadyRegistered => "problem-already-registered",
            IdMismatch => "problem-id-mismatch",
            WeakPassword => "problem-weak-password",
            InvalidLink => "problem-invalid-link",
            SessionExpired => "problem-session-expired",
            EmailNotVerified => "problem-email-not-verified",
            CodeExpired => "problem-code-expired",
            CodeRedeemed => "problem-code-redeemed",
            CodeUnknown => "problem-code-unknown",
            RateLimited { .. } => "problem-rate-limited",
            NetworkDown => "problem-network-down",
            LocalServiceNotRunning => "problem-local-service-not-running",
            ServiceTimeout => "problem-service-timeout",
            ServiceUnavailable => "problem-service-unavailable",
            MalformedReply => "problem-malformed-reply",
            TlsFailure => "problem-tls-failure",
            UntrustedCertificate => "problem-untrusted-certificate",
            InsecureServiceUrl => "problem-insecure-service-url",
            InvalidServiceUrl => "problem-invalid-service-url",
            InvalidRequest => "problem-invalid-request",
            NotRegistrationService => "problem-not-registration-service",
            ServiceInternalError => "problem-service-internal-error",
            CardSessionLost => "problem-card-session-lost",
            CitizenDigitalCertificate => "problem-citizen-digital-certificate",
            Certificate(problem) => problem.message_id(),
        }
    }

    /// The Fluent arguments of [`Self::message_id`]'s message.
    pub fn args(&self) -> Vec<Arg> {
        match self {
            Problem::ReaderFailed { code } => vec![("code", code.clone().into())],
            Problem::UnknownReader { name } => vec![("name", name.clone().into())],
            Problem::WrongPassword { attempts_left } => {
                vec![("attempts_left", (*attempts_left).into())]
            }
            Problem::AccountLocked { minutes, until } => vec![
                ("minutes", (*minutes).into()),
                ("until", until.clone().into()),
            ],
            Problem::RateLimited { seconds } => vec![("seconds", (*seconds).into())],
            Problem::Certificate(problem) => problem.args(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn examples_cover_every_variant() {
        // A new variant must be added to `examples()` (this match stops compiling otherwise).
        for p in Problem::examples() {
            match p {
                Problem::SmartCardServiceNotRunning
                | Problem::NoReader
                | Problem::UnknownReader { .. }
                | Problem::NoCard
                | Problem::CardRemoved
                | Problem::NotNhiCard
                | Problem::HealthProfessionalCard
                | Problem::CardUnreadable
                | Problem::CardInUse
                | Problem::CardUnresponsive
                | Problem::ReaderFailed { .. }
                | Problem::WrongPassword { .. }
                | Problem::AccountLocked { .. }
                | Problem::NotRegistered
                | Problem::CardAuthFailed
                | Problem::ChallengeExpired
                | Problem::AlreadyRegistered
                | Problem::IdMismatch
                | Problem::WeakPassword
                | Problem::InvalidLink
                | Problem::SessionExpired
                | Problem::EmailNotVerified
                | Problem::CodeExpired
                | Problem::CodeRedeemed
                | Problem::CodeUnknown
                | Problem::RateLimited { .. }
                | Problem::NetworkDown
                | Problem::LocalServiceNotRunning
                | Problem::ServiceTimeout
                | Problem::ServiceUnavailable
                | Problem::MalformedReply
                | Problem::TlsFailure
                | Problem::UntrustedCertificate
                | Problem::InsecureServiceUrl
                | Problem::InvalidServiceUrl
                | Problem::InvalidRequest
                | Problem::NotRegistrationService
                | Problem::ServiceInternalError
                | Problem::CardSessionLost
                | Problem::CitizenDigitalCertificate
                | Problem::Certificate(_) => {}
            }
        }
        let ids: HashSet<_> = Problem::examples().iter().map(|p| p.message_id()).collect();
        assert_eq!(ids.len(), Problem::examples().len());
    }
}
