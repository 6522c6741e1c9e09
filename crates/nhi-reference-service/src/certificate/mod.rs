//! Certificate sign-in in the reference service: which CAs it trusts (`--moica-ca`), which
//! certificate belongs to which ID number, and the challenges it has handed out.
//!
//! **The binding model.** MOICA's certificates do not carry the ID number (身分證統一編號):
//! the subject has the name, `C=TW` and a `serialNumber` attribute with the holder's
//! identifier assigned by the CA, whose link to a person is the government's. So the service
//! cannot read the ID number out of a certificate; it keeps its own binding of a certificate
//! identity (the subject `serialNumber`, else the key's SHA-256) to an ID number:
//! - listed in the cards file (`"certificates": [{"subject_serial" | "certificate_sha256",
//!   "id_number"}]`): fixed, never rebound;
//! - or made at the first sign-in with an unbound certificate, when `bind_at_first_use` is on
//!   (always on loopback; on a network only with `--bind-certificates-at-first-use`: there,
//!   anyone holding any certificate from a trusted CA could claim any unbound ID number).
//!
//! A certificate bound to one ID number and presented with another is
//! `certificate_bound_elsewhere`. The ID number must belong to a registration, or to an NHI
//! card the service's security module knows; the session is that card's.

pub mod verify;

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use nhi_card::auth::SERVICE_CHALLENGE_LEN;
use nhi_protocol::tls::certificates_from_pem;

pub use verify::VerifiedCertificate;

/// How the service does certificate sign-in. `Default`: off (no roots), first-use binding on.
#[derive(Debug, Clone)]
pub struct CertificateConfig {
    /// PEM of the CA certificates trusted for holders (one or more per file, any number of
    /// files). Empty: certificate sign-in is off and its routes answer `404 not_found`.
    pub roots_pem: Vec<Vec<u8>>,
    /// Certificates bound to ID numbers from the start.
    pub holders: Vec<CertificateHolder>,
    /// Bind an unbound certificate to the ID number of its first sign-in.
    pub bind_at_first_use: bool,
}

impl Default for CertificateConfig {
    fn default() -> Self {
        Self {
            roots_pem: Vec::new(),
            holders: Vec::new(),
            bind_at_first_use: true,
        }
    }
}

/// A holder listed in the cards file: one of `subject_serial` / `certificate_sha256`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateHolder {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_serial: Option<String>,
    /// SHA-256 of the certificate's DER, hex (for certificates without a `serialNumber`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_sha256: Option<String>,
    pub id_number: String,
}

/// A binding made at first use (persisted with `--state`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateBinding {
    pub identity: String,
    pub id_number: String,
}

/// A challenge handed out for a verified certificate.
#[derive(Debug)]
pub struct PendingCertificateChallenge {
    pub certificate: VerifiedCertificate,
    pub challenge: [u8; SERVICE_CHALLENGE_LEN],
    pub expires: Instant,
}

/// What a binding lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bound {
    /// Bound to this ID number (listed or at first use).
    To(String),
    /// Not bound to anyone yet.
    Unbound,
}

/// The service's certificate state.
#[derive(Debug)]
pub struct Certificates {
    roots_der: Vec<Vec<u8>>,
    /// Listed holders by identity (`serial:…`) and by fingerprint.
    listed: HashMap<String, String>,
    pub bind_at_first_use: bool,
    bound: Mutex<HashMap<String, String>>,
    pending: Mutex<HashMap<String, PendingCertificateChallenge>>,
}

impl Certificates {
    pub fn new(config: &CertificateConfig) -> Result<Certificates, String> {
        let mut roots_der = Vec::new();
        for pem in &config.roots_pem {
            let certs = certificates_from_pem(pem).map_err(|e| format!("--moica-ca: {e}"))?;
            roots_der.extend(certs.into_iter().map(|c| c.to_vec()));
        }
        for der in &roots_der {
            let cert = rustls_pki_types::CertificateDer::from(der.as_slice());
            webpki::anchor_from_trusted_cert(&cert)
                .map_err(|e| format!("--moica-ca: a certificate cannot be a root: {e:?}"))?;
        }
        let mut listed = HashMap::new();
        for holder in &config.holders {
            if !super::cards::is_id_number(&holder.id_number) {
                return Err("certificates: an id_number is not in a known format".into());
            }
            let key = match (&holder.subject_serial, &holder.certificate_sha256) {
                (Some(serial), None) => format!("serial:{}", serial.trim()),
                (None, Some(sha)) => format!("sha256-cert:{}", sha.trim().to_ascii_lowercase()),
                _ => {
                    return Err(
                        "certificates: give each holder one of subject_serial or certificate_sha256"
                            .into(),
                    );
                }
            };
            listed.insert(key, holder.id_number.clone());
        }
        Ok(Certificates {
            roots_der,
            listed,
            bind_at_first_use: config.bind_at_first_use,
            bound: Mutex::new(HashMap::new()),
            pending: Mutex::new(HashMap::new()),
        })
    }

    /// Certificate sign-in is offered (some root is trusted).
    pub fn enabled(&self) -> bool {
        !self.roots_der.is_empty()
    }

    pub fn roots_der(&self) -> &[Vec<u8>] {
        &self.roots_der
    }

    /// Whom `cert` is bound to.
    pub fn bound(&self, cert: &VerifiedCertificate) -> Bound {
        let listed = self.listed.get(&cert.identity).or_else(|| {
            self.listed
                .get(&format!("sha256-cert:{}", cert.fingerprint))
        });
        if let Some(id) = listed {
            return Bound::To(id.clone());
        }
        match lock(&self.bound).get(&cert.identity) {
            Some(id) => Bound::To(id.clone()),
            None => Bound::Unbound,
        }
    }

    /// Binds `cert` to `id_number` unless it is bound already; answers whom it is bound to.
    pub fn bind(&self, cert: &VerifiedCertificate, id_number: &str) -> Bound {
        if let Bound::To(id) = self.bound(cert) {
            return Bound::To(id);
        }
        let mut bound = lock(&self.bound);
        let id = bound
            .entry(cert.identity.clone())
            .or_insert_with(|| id_number.to_owned());
        Bound::To(id.clone())
    }

    /// The first-use bindings, for the state file.
    pub fn bindings(&self) -> Vec<CertificateBinding> {
        let mut all: Vec<_> = lock(&self.bound)
            .iter()
            .map(|(identity, id_number)| CertificateBinding {
                identity: identity.clone(),
                id_number: id_number.clone(),
            })
            .collect();
        all.sort_by(|a, b| a.identity.cmp(&b.identity));
        all
    }

    /// Restores bindings read from the state file.
    pub fn restore(&self, bindings: Vec<CertificateBinding>) {
        let mut bound = lock(&self.bound);
        for b in bindings {
            bound.insert(b.identity, b.id_number);
        }
    }

    /// Keeps a challenge (and drops the expired ones).
    pub fn insert_challenge(&self, id: String, pending: PendingCertificateChallenge, now: Instant) {
        let mut map = lock(&self.pending);
        map.retain(|_, p| p.expires > now);
        map.insert(id, pending);
    }

    /// Takes a challenge out (single use), if it is known and alive.
    pub fn take_challenge(&self, id: &str, now: Instant) -> Option<PendingCertificateChallenge> {
        lock(&self.pending).remove(id).filter(|p| p.expires > now)
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
