//! What the reference service is started with: policy numbers, files, TLS, faults.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use super::certificate::{CertificateConfig, CertificateHolder};
use nhi_protocol::protocol::{DEVICE_CODE_TTL_SECONDS, Password};

/// Everything `serve` needs. `Default`: in memory, demo card registered, no TLS, no faults,
/// no demo outbox, the real service's policy numbers. [`ReferenceConfig::demo`] is the
/// desktop demo's: the same with the outbox the demo shows its mails from.
#[derive(Debug, Clone)]
pub struct ReferenceConfig {
    /// JSON file the registrations and devices persist to (atomic writes). `None`: in memory.
    pub state_file: Option<PathBuf>,
    /// Directory the e-mails are written to, one file each. They are always kept in memory
    /// too, for `GET /api/v1/demo/outbox` when that is served.
    pub outbox_dir: Option<PathBuf>,
    /// Serve `GET /api/v1/demo/outbox`: every mail's token and address, to whoever asks. Only
    /// ever on a loopback listener, and only to loopback clients; refused at start otherwise.
    pub demo_outbox: bool,
    /// Certificate chain and private key, PEM. Required for a non-loopback listen address.
    pub tls: Option<TlsPem>,
    /// Cards besides the demo card.
    pub cards: Vec<CardEntry>,
    /// Register the demo card (password `Demo1234`, e-mail verified) out of the box.
    pub register_demo_card: bool,
    /// Give any well-formed card number not listed in `cards` its key from the demo master
    /// secret, so every virtual card can at least apply.
    pub derive_unknown_cards: bool,
    /// Mount `POST/DELETE /api/v1/_faults`. Like the outbox: loopback only.
    pub enable_faults: bool,
    pub policy: Policy,
    /// Certificate sign-in (自然人憑證): trusted CAs, listed holders, first-use binding.
    pub certificates: CertificateConfig,
}

impl Default for ReferenceConfig {
    fn default() -> Self {
        Self {
            state_file: None,
            outbox_dir: None,
            demo_outbox: false,
            tls: None,
            cards: Vec::new(),
            register_demo_card: true,
            derive_unknown_cards: true,
            enable_faults: false,
            policy: Policy::default(),
            certificates: CertificateConfig::default(),
        }
    }
}

impl ReferenceConfig {
    /// The desktop demo's service: [`Default`] plus the demo outbox (on loopback).
    pub fn demo() -> Self {
        Self {
            demo_outbox: true,
            ..Self::default()
        }
    }
}

#[derive(Clone)]
pub struct TlsPem {
    pub cert_chain_pem: Vec<u8>,
    pub private_key_pem: Vec<u8>,
}

impl std::fmt::Debug for TlsPem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsPem(…)")
    }
}

/// Timing and limits. Tests shorten them; the defaults follow the real service.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Wrong passwords in a row before the account locks.
    pub max_failed_attempts: u32,
    pub lockout: Duration,
    /// Idle lifetime of a session.
    pub session_ttl: Duration,
    /// Lifetime of a card challenge.
    pub challenge_ttl: Duration,
    pub device_code_ttl: Duration,
    /// Lifetime of the token in a verification or reset mail.
    pub mail_token_ttl: Duration,
    /// Least time between two mails for one card.
    pub mail_interval: Duration,
    /// Challenges one card number may ask for per minute.
    pub challenges_per_card_per_minute: u32,
    /// Redeem attempts one client address may make per minute (guessing codes).
    pub redeems_per_client_per_minute: u32,
    pub password_hashing: HashCost,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_failed_attempts: 5,
            lockout: Duration::from_secs(15 * 60),
            session_ttl: Duration::from_secs(20 * 60),
            challenge_ttl: Duration::from_secs(120),
            device_code_ttl: Duration::from_secs(DEVICE_CODE_TTL_SECONDS),
            mail_token_ttl: Duration::from_secs(24 * 3600),
            mail_interval: Duration::from_secs(60),
            challenges_per_card_per_minute: 20,
            redeems_per_client_per_minute: 30,
            password_hashing: HashCost::default(),
        }
    }
}

impl Policy {
    /// The default policy with cheap password hashing, for tests.
    pub fn for_tests() -> Self {
        Self {
            password_hashing: HashCost::CHEAP,
            ..Self::default()
        }
    }
}

/// Argon2id cost. The default is OWASP's minimum recommendation (19 MiB, 2 passes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
}

impl HashCost {
    /// For tests only: fast, and still a real Argon2id hash.
    pub const CHEAP: HashCost = HashCost {
        memory_kib: 256,
        iterations: 1,
    };
}

impl Default for HashCost {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
        }
    }
}

/// `--cards FILE`: `{"cards": [CardEntry, ...]}`.
#[derive(Debug, Clone, Deserialize)]
pub struct CardsFile {
    pub cards: Vec<CardEntry>,
    /// Certificates bound to ID numbers from the start (certificate sign-in).
    #[serde(default)]
    pub certificates: Vec<CertificateHolder>,
}

/// A card the service's "security module" knows.
#[derive(Debug, Clone, Deserialize)]
pub struct CardEntry {
    pub card_number: String,
    pub id_number: String,
    /// 32-byte card key, hex. Default: derived from the demo master secret.
    #[serde(default)]
    pub key_hex: Option<String>,
    /// Registered out of the box.
    #[serde(default)]
    pub registration: Option<RegistrationEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RegistrationEntry {
    pub email: String,
    pub password: Password,
    #[serde(default = "yes")]
    pub email_verified: bool,
}

fn yes() -> bool {
    true
}
