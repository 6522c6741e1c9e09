//! Everything that can go wrong, as the person in front of the screen sees it.
//!
//! One closed enum, one message per cause, in both languages, each saying what to do (the
//! shape of web-eid's `RetriableError` + message table). The lower layers keep their own
//! precise error types; they are mapped onto a `Problem` at the edge (CLI, flow, UI).

mod certificate;

pub use certificate::CertificateProblem;

use crate::card::CardError;
use crate::i18n::{self, Arg, Language};
use crate::reader::{ReadError, ReaderError};
use crate::service::ServiceError;

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

    fn args(&self) -> Vec<Arg<'static>> {
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

    /// What happened, in one short line.
    pub fn title(&self, language: Language) -> String {
        i18n::text(language, self.message_id(), &self.args())
    }

    /// What to do about it, with the advice for `os` where it differs per system.
    pub fn hint_for(&self, language: Language, os: Os) -> String {
        let attribute = match (self, os) {
            (Problem::SmartCardServiceNotRunning, Os::Linux) => "hint-linux",
            (Problem::SmartCardServiceNotRunning, Os::Windows) => "hint-windows",
            (Problem::SmartCardServiceNotRunning, Os::MacOs) => "hint-macos",
            _ => "hint",
        };
        let id = format!("{}.{attribute}", self.message_id());
        i18n::text(language, &id, &self.args())
    }

    /// What to do about it on this computer.
    pub fn hint(&self, language: Language) -> String {
        self.hint_for(language, Os::current())
    }

    /// One line for a terminal: English then Chinese, so a log or a support call can use
    /// either.
    pub fn one_line(&self) -> String {
        let en = Language::English;
        let zh = Language::TraditionalChinese;
        format!(
            "{}. {} / {}。{}",
            self.title(en),
            self.hint(en),
            self.title(zh),
            self.hint(zh)
        )
    }
}

impl From<&ReaderError> for Problem {
    fn from(e: &ReaderError) -> Self {
        match e {
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

impl From<&CardError> for Problem {
    fn from(e: &CardError) -> Self {
        match e {
            CardError::NotNhiCard { .. } => Problem::NotNhiCard,
            CardError::HealthProfessionalCard => Problem::HealthProfessionalCard,
            CardError::CitizenDigitalCertificate => Problem::CitizenDigitalCertificate,
            CardError::Unreadable(_) => Problem::CardUnreadable,
        }
    }
}

impl From<&ReadError> for Problem {
    fn from(e: &ReadError) -> Self {
        match e {
            ReadError::Reader(e) => e.into(),
            ReadError::Card(e) => e.into(),
        }
    }
}

/// Whole minutes, rounded up, for "try again in N minutes" (never 0).
fn minutes_ceil(d: Option<std::time::Duration>) -> u64 {
    d.map_or(15, |d| d.as_secs().div_ceil(60)).max(1)
}

impl From<&ServiceError> for Problem {
    fn from(e: &ServiceError) -> Self {
        match e {
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
                    CertificateProblem::from_sign_in(e)
                        .unwrap_or(CertificateProblem::SignInUnavailable),
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

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.title(Language::English))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_problem_has_a_distinct_title_and_a_hint_in_both_languages() {
        let oses = [Os::Linux, Os::Windows, Os::MacOs];
        for language in Language::ALL {
            let mut titles = HashSet::new();
            for problem in Problem::examples() {
                let title = problem.title(language);
                assert!(!title.starts_with("problem-"), "{problem:?} has no title");
                assert!(
                    titles.insert(title.clone()),
                    "{problem:?}: title reused: {title}"
                );
                for os in oses {
                    let hint = problem.hint_for(language, os);
                    assert!(
                        !hint.starts_with("problem-") && hint.len() > 10,
                        "{problem:?} {language:?} {os:?}: no hint"
                    );
                }
            }
        }
    }

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

    #[test]
    fn service_advice_is_per_os() {
        let p = Problem::SmartCardServiceNotRunning;
        assert!(p.hint_for(Language::English, Os::Linux).contains("pcscd"));
        assert!(
            p.hint_for(Language::English, Os::Windows)
                .contains("SCardSvr")
        );
        assert!(
            p.hint_for(Language::TraditionalChinese, Os::Windows)
                .contains("智慧卡")
        );
    }

    #[test]
    fn one_line_has_both_languages_and_no_newline() {
        let line = Problem::NotNhiCard.one_line();
        assert!(
            line.contains("not an NHI card") && line.contains("這不是健保卡"),
            "{line}"
        );
        assert!(!line.contains('\n'));
    }

    #[test]
    fn lower_layer_errors_keep_their_details() {
        use std::time::Duration;
        assert_eq!(
            Problem::from(&ServiceError::WrongPassword {
                attempts_left: Some(3)
            }),
            Problem::WrongPassword { attempts_left: 3 }
        );
        // Locked: how long, and until when on this computer's clock (HH:MM, rounded up).
        let before = chrono::Local::now();
        let locked = Problem::from(&ServiceError::Locked {
            retry_after: Some(Duration::from_secs(61)),
        });
        let after = chrono::Local::now();
        let Problem::AccountLocked { minutes, until } = &locked else {
            panic!("{locked:?}");
        };
        assert_eq!(*minutes, 2);
        let expected = |t: chrono::DateTime<chrono::Local>| {
            (t + Duration::from_secs(61 + 59))
                .format("%H:%M")
                .to_string()
        };
        assert!(
            *until == expected(before) || *until == expected(after),
            "{until}"
        );
        assert!(locked.hint(Language::English).contains(until.as_str()));
        assert!(
            locked
                .hint(Language::TraditionalChinese)
                .contains(until.as_str())
        );
        assert_eq!(
            Problem::from(&ServiceError::RateLimited {
                retry_after: Some(Duration::from_secs(7))
            }),
            Problem::RateLimited { seconds: 7 }
        );
        assert_eq!(
            Problem::from(&ReaderError::SharingViolation),
            Problem::CardInUse
        );
        assert_eq!(
            Problem::from(&ReadError::Card(CardError::HealthProfessionalCard)),
            Problem::HealthProfessionalCard
        );
        assert_eq!(
            Problem::from(&ReaderError::NoService),
            Problem::SmartCardServiceNotRunning
        );
    }
}
