//! The service's data: registrations and devices (persisted with `--state`), and the
//! short-lived things kept in memory only (challenges, sessions, device codes, mail tokens).
//!
//! One `std::sync::Mutex` guards it all: every critical section is a few map operations and
//! never awaits; password hashing happens outside the lock.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use rand::RngCore;
use serde::{Deserialize, Serialize};

use nhi_card::auth::{CARD_RANDOM_LEN, SERVICE_CHALLENGE_LEN};
use nhi_card::demo::{DEMO_CARD_NUMBER, DEMO_EMAIL, DEMO_ID_NUMBER, DEMO_PASSWORD};
use nhi_protocol::protocol::{DeviceInfo, MailKind, Password};

use super::cards::CardRegistry;
use super::certificate::{CertificateBinding, Certificates};
use super::clock::{Clock, rfc3339};
use super::config::{Policy, ReferenceConfig};
use super::faults::Faults;
use super::mail::Outbox;
use super::password;
use super::ratelimit::RateLimiter;

/// A registration (persisted).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub card_number: String,
    pub id_number: String,
    pub email: String,
    pub email_verified: bool,
    #[serde(default)]
    pub pending_email: Option<String>,
    /// Argon2id PHC string.
    pub password_hash: String,
    pub registered_at: String,
    /// Lockout bookkeeping lives in memory: a restart forgives, which is fine for a reference.
    #[serde(skip)]
    pub failed_attempts: u32,
    #[serde(skip)]
    pub locked_until: Option<Instant>,
}

/// An authenticated device (persisted). Revoked devices are kept so a repeated revoke is
/// answered the same way (idempotent DELETE).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Device {
    pub device_id: String,
    pub card_number: String,
    pub device_name: String,
    pub platform: String,
    pub authenticated_at: String,
    #[serde(default)]
    pub revoked: bool,
}

impl Device {
    pub fn info(&self) -> DeviceInfo {
        DeviceInfo {
            device_id: self.device_id.clone(),
            device_name: self.device_name.clone(),
            platform: self.platform.clone(),
            authenticated_at: self.authenticated_at.clone(),
        }
    }
}

#[derive(Debug)]
pub struct PendingChallenge {
    pub card_number: String,
    pub card_random: [u8; CARD_RANDOM_LEN],
    pub challenge: [u8; SERVICE_CHALLENGE_LEN],
    pub expires: Instant,
}

#[derive(Debug)]
pub struct SessionRecord {
    pub card_number: String,
    pub last_used: Instant,
}

#[derive(Debug)]
pub struct CodeRecord {
    pub card_number: String,
    pub expires: Instant,
    pub expires_at: String,
    pub redeemed_by: Option<String>,
}

#[derive(Debug)]
pub struct MailToken {
    pub card_number: String,
    pub kind: MailKind,
    /// The address a verification token verifies.
    pub email: String,
    pub expires: Instant,
}

#[derive(Debug, Default)]
pub struct Store {
    pub accounts: HashMap<String, Account>,
    pub devices: HashMap<String, Device>,
    pub challenges: HashMap<String, PendingChallenge>,
    pub sessions: HashMap<String, SessionRecord>,
    pub codes: HashMap<String, CodeRecord>,
    pub mail_tokens: HashMap<String, MailToken>,
    pub limits: RateLimiter,
    last_prune: Option<Instant>,
}

impl Store {
    /// Drops what has expired, at most once a second. Called on inserts, so memory stays
    /// bounded by the live load; every lookup checks expiry itself, so pruning late is safe.
    pub fn prune(&mut self, now: Instant, policy: &Policy) {
        if self.last_prune.is_some_and(|last| {
            now.saturating_duration_since(last) < std::time::Duration::from_secs(1)
        }) {
            return;
        }
        self.last_prune = Some(now);
        self.challenges.retain(|_, c| c.expires > now);
        self.sessions
            .retain(|_, s| now.duration_since(s.last_used) < policy.session_ttl);
        self.mail_tokens.retain(|_, t| t.expires > now);
        // Expired codes stay an hour so a late phone gets "expired", not "unknown".
        let grace = std::time::Duration::from_secs(3600);
        self.codes.retain(|_, c| c.expires + grace > now);
    }
}

/// What goes into the `--state` file.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Persisted {
    version: u32,
    accounts: Vec<Account>,
    devices: Vec<Device>,
    /// Certificates bound at first use (certificate sign-in).
    #[serde(default)]
    certificate_bindings: Vec<CertificateBinding>,
}

/// Everything the handlers share.
#[derive(Debug)]
pub struct Shared {
    pub policy: Policy,
    pub clock: Clock,
    pub cards: CardRegistry,
    pub certificates: Certificates,
    pub outbox: Outbox,
    pub faults: Faults,
    pub faults_enabled: bool,
    /// `GET /api/v1/demo/outbox` is served (loopback only).
    pub demo_outbox: bool,
    /// Password hashes computed at once: one per core. Each Argon2id run holds 19 MiB and a
    /// core for tens of milliseconds; unbounded, a burst of sign-ins would spawn hundreds of
    /// blocking threads and gigabytes. The semaphore is fair, which also keeps p99 close to p50.
    pub hash_slots: tokio::sync::Semaphore,
    store: Mutex<Store>,
    state_file: Option<PathBuf>,
    /// Serialises snapshot-and-write so an older snapshot never overwrites a newer one.
    write_lock: Mutex<()>,
}

pub type AppState = Arc<Shared>;

impl Shared {
    pub fn new(config: &ReferenceConfig, clock: Clock) -> Result<AppState, String> {
        let cards = CardRegistry::new(&config.cards, config.derive_unknown_cards)?;
        let outbox = Outbox::new(config.outbox_dir.clone())
            .map_err(|e| format!("cannot create the outbox directory: {e}"))?;
        let certificates = Certificates::new(&config.certificates)?;
        let mut store = Store::default();
        if let Some(path) = &config.state_file {
            certificates.restore(load(path, &mut store)?);
        }
        let now = rfc3339(clock.wall_now());
        let cost = config.policy.password_hashing;
        let mut seed = |card: &str, id: &str, email: &str, pw: &Password, verified: bool| {
            if store.accounts.contains_key(card) {
                return Ok(());
            }
            let hash = password::hash(pw, cost)?;
            store.accounts.insert(
                card.to_owned(),
                Account {
                    card_number: card.to_owned(),
                    id_number: id.to_owned(),
                    email: email.to_owned(),
                    email_verified: verified,
                    pending_email: None,
                    password_hash: hash,
                    registered_at: now.clone(),
                    failed_attempts: 0,
                    locked_until: None,
                },
            );
            Ok::<(), String>(())
        };
        if config.register_demo_card {
            let pw = Password::new(DEMO_PASSWORD);
            seed(DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_EMAIL, &pw, true)?;
        }
        for entry in &config.cards {
            if let Some(reg) = &entry.registration {
                seed(
                    &entry.card_number,
                    &entry.id_number,
                    &reg.email,
                    &reg.password,
                    reg.email_verified,
                )?;
            }
        }
        let shared = Arc::new(Shared {
            policy: config.policy.clone(),
            clock,
            cards,
            certificates,
            outbox,
            faults: Faults::default(),
            faults_enabled: config.enable_faults,
            demo_outbox: config.demo_outbox,
            hash_slots: tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            ),
            store: Mutex::new(store),
            state_file: config.state_file.clone(),
            write_lock: Mutex::new(()),
        });
        shared.write_state_file()?;
        Ok(shared)
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock leaves plain maps behind, still consistent enough
        // for a reference service; keep serving rather than poison every later request.
        self.store.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Writes the persisted part, if `--state` was given. Blocking: call through `persist`.
    fn write_state_file(&self) -> Result<(), String> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let _guard = self.write_lock.lock().unwrap_or_else(|p| p.into_inner());
        let json = {
            let store = self.store();
            let mut accounts: Vec<Account> = store.accounts.values().cloned().collect();
            accounts.sort_by(|a, b| a.card_number.cmp(&b.card_number));
            let mut devices: Vec<Device> = store.devices.values().cloned().collect();
            devices.sort_by(|a, b| a.device_id.cmp(&b.device_id));
            serde_json::to_vec_pretty(&Persisted {
                version: 1,
                accounts,
                devices,
                certificate_bindings: self.certificates.bindings(),
            })
            .map_err(|e| e.to_string())?
        };
        write_atomically(path, &json).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// Saves after a change to registrations or devices.
pub async fn persist(state: &AppState) {
    if state.state_file.is_none() {
        return;
    }
    let state = state.clone();
    let result = tokio::task::spawn_blocking(move || state.write_state_file()).await;
    match result {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::error!(error = %e, "state file not saved"),
        Err(e) => tracing::error!(error = %e, "state writer failed"),
    }
}

fn load(path: &Path, store: &mut Store) -> Result<Vec<CertificateBinding>, String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let persisted: Persisted = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not a state file: {e}", path.display()))?;
    for account in persisted.accounts {
        store.accounts.insert(account.card_number.clone(), account);
    }
    for device in persisted.devices {
        store.devices.insert(device.device_id.clone(), device);
    }
    Ok(persisted.certificate_bindings)
}

/// Temp file in the same directory, flushed, then renamed over: a crash leaves the old file or
/// the new one, never half of one. Owner-only on Unix: it holds ID numbers and hashes.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let tmp_name = format!(".{}.tmp", file_name.unwrap_or_else(|| "state".into()));
    let tmp = match dir {
        Some(dir) => dir.join(tmp_name),
        None => PathBuf::from(tmp_name),
    };
    {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

/// `n` random bytes as lowercase hex: identifiers and tokens.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Policy;

    fn config_with_state(path: PathBuf) -> ReferenceConfig {
        ReferenceConfig {
            state_file: Some(path),
            policy: Policy::for_tests(),
            ..ReferenceConfig::default()
        }
    }

    #[test]
    fn state_file_round_trips_and_holds_no_plain_password() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let shared = Shared::new(&config_with_state(path.clone()), Clock::new()).unwrap();
        shared.store().devices.insert(
            "d1".into(),
            Device {
                device_id: "d1".into(),
                card_number: DEMO_CARD_NUMBER.into(),
                device_name: "phone".into(),
                platform: "android".into(),
                authenticated_at: "2026-01-01T00:00:00Z".into(),
                revoked: false,
            },
        );
        shared.write_state_file().unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(DEMO_PASSWORD));
        let again = Shared::new(&config_with_state(path), Clock::new()).unwrap();
        let store = again.store();
        assert!(store.devices.contains_key("d1"));
        let demo = &store.accounts[DEMO_CARD_NUMBER];
        assert!(password::verify(
            &Password::new(DEMO_PASSWORD),
            &demo.password_hash
        ));
    }
}
