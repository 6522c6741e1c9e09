//! [`Tokens`]: the certificate tokens (the Citizen Digital Certificate, 自然人憑證) behind the
//! flow's certificate effects, off the async executor.
//!
//! Every call runs on a blocking thread and is one complete token call (see
//! `token::CertificateToken`): no PKCS#11 session or login outlives it, nothing is held while
//! the PIN is typed, and we never open a PC/SC transaction of our own (the vendor module keeps
//! its own inside its `C_*` calls). The lock is taken inside the blocking closure, so a slow
//! card never blocks the executor. An aborted request (the card pulled) lets the blocking call
//! finish; its answer is dropped and the PIN it held zeroizes with it.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::card::profile::mask_name;
use crate::flow::{CertificateCard, PinWarning, Secret, TokenSlot};
use crate::problem::{AsProblem, CertificateProblem, Problem};
use crate::service::protocol::certificate::SignatureAlgorithm as WireAlgorithm;
use crate::token::certificate::holder_name;
use crate::token::{
    CertificateToken, Pin, PinState, PinTries, Pkcs11Token, Signature, SignatureAlgorithm, SlotId,
    SoftwareToken, TokenCertificate, TokenError, TokenSummary,
};

/// Where certificate tokens come from.
pub(super) enum Source {
    /// The vendor's PKCS#11 module: `explicit` (the `pkcs11_module` setting), else the usual
    /// install locations. Loaded at the first call, kept once loaded; a failed load is tried
    /// again at the next call (HiCOS may be installed while the app runs).
    Module {
        explicit: Option<PathBuf>,
        opened: Option<Pkcs11Token>,
    },
    /// The demo's card (and tests'): the same trait, in memory.
    Software(Arc<Mutex<SoftwareToken>>),
}

/// The certificate tokens, shared by the backend's requests and the token watcher.
#[derive(Clone)]
pub struct Tokens(pub(super) Arc<Mutex<Source>>);

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens")
    }
}

impl Tokens {
    /// Through the PKCS#11 module at `explicit`, else where it is usually installed.
    pub fn pkcs11(explicit: Option<PathBuf>) -> Tokens {
        Tokens::from(Source::Module {
            explicit,
            opened: None,
        })
    }

    /// A software token (the demo's practice certificate, tests).
    pub fn software(token: Arc<Mutex<SoftwareToken>>) -> Tokens {
        Tokens::from(Source::Software(token))
    }

    fn from(source: Source) -> Tokens {
        Tokens(Arc::new(Mutex::new(source)))
    }

    /// The module's path as configured (`None`: the usual locations, or a software token).
    pub fn explicit_module(&self) -> Option<PathBuf> {
        match &*lock(&self.0) {
            Source::Module { explicit, .. } => explicit.clone(),
            Source::Software(_) => None,
        }
    }

    /// Whether tokens come from a PKCS#11 module (the watcher polls only those; the demo's
    /// card is put in by its own button).
    pub fn is_module(&self) -> bool {
        matches!(&*lock(&self.0), Source::Module { .. })
    }

    /// Runs `call` on the token, on a blocking thread.
    async fn with<T: Send + 'static>(
        &self,
        call: impl FnOnce(&mut dyn CertificateToken) -> Result<T, TokenError> + Send + 'static,
    ) -> Result<T, TokenError> {
        let tokens = self.0.clone();
        tokio::task::spawn_blocking(move || with_token(&tokens, call))
            .await
            .unwrap_or_else(|e| {
                Err(TokenError::Failed {
                    function: "token thread".into(),
                    code: e.to_string(),
                })
            })
    }

    /// The slots with a token now, for the watcher's thread; `None` while a token call is in
    /// progress (ask again later: the watcher never waits for one).
    pub fn try_present_blocking(&self) -> Option<Result<Vec<SlotId>, TokenError>> {
        let mut source = match self.0.try_lock() {
            Ok(source) => source,
            Err(std::sync::TryLockError::Poisoned(e)) => e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) => return None,
        };
        Some(call_on(&mut source, |t| t.present_slots()))
    }

    /// The summaries of the tokens present now, blocking (for the watcher and diagnostics).
    pub fn summaries_blocking(&self) -> Result<Vec<TokenSummary>, TokenError> {
        with_token(&self.0, |t| t.tokens())
    }

    /// Opens the certificate in `slot`, else the one in `reader`, else the only one: its
    /// signing certificate (no PIN) and what the screen shows of it.
    pub async fn read_certificate(
        &self,
        reader: Option<String>,
        slot: Option<TokenSlot>,
    ) -> Result<(CertificateCard, TokenCertificate), Problem> {
        self.with(move |token| {
            let summaries = token.tokens()?;
            let summary = choose(summaries, reader.as_deref(), slot)?;
            let certificate = token.signing_certificate(summary.slot)?;
            Ok((card(&summary, &certificate), certificate))
        })
        .await
        .map_err(|e| e.problem())
    }

    /// The signing certificate of the token in `slot`, read again (no PIN).
    pub async fn signing_certificate(&self, slot: TokenSlot) -> Result<TokenCertificate, Problem> {
        self.with(move |token| token.signing_certificate(SlotId(slot.0)))
            .await
            .map_err(|e| e.problem())
    }

    /// Logs in with `pin`, signs `message`, logs out. The PIN zeroizes when this returns
    /// (or when the blocking call finishes after the request was aborted).
    pub async fn sign(
        &self,
        slot: TokenSlot,
        pin: Pin,
        message: Vec<u8>,
    ) -> Result<Signature, Problem> {
        self.with(move |token| token.sign(SlotId(slot.0), &pin, &message))
            .await
            .map_err(|e| e.problem())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic inside a token call leaves nothing half-written that matters here.
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

fn with_token<T>(
    tokens: &Mutex<Source>,
    call: impl FnOnce(&mut dyn CertificateToken) -> Result<T, TokenError>,
) -> Result<T, TokenError> {
    call_on(&mut lock(tokens), call)
}

fn call_on<T>(
    source: &mut Source,
    call: impl FnOnce(&mut dyn CertificateToken) -> Result<T, TokenError>,
) -> Result<T, TokenError> {
    match source {
        Source::Software(token) => call(&mut *lock(token)),
        Source::Module { explicit, opened } => {
            if opened.is_none() {
                *opened = Some(Pkcs11Token::open(explicit.as_deref())?);
            }
            match opened {
                Some(token) => call(token),
                None => Err(TokenError::NoToken),
            }
        }
    }
}

/// The token to open: the slot asked for; else the one whose slot is `reader` (modules name
/// a PC/SC slot after its reader, cut to PKCS#11's 64 characters); else the only one.
fn choose(
    summaries: Vec<TokenSummary>,
    reader: Option<&str>,
    slot: Option<TokenSlot>,
) -> Result<TokenSummary, TokenError> {
    if let Some(TokenSlot(n)) = slot {
        return summaries
            .into_iter()
            .find(|t| t.slot == SlotId(n))
            .ok_or(TokenError::TokenRemoved);
    }
    let in_reader = |t: &TokenSummary| {
        reader.is_some_and(|r| {
            let d = t.slot_description.as_str();
            !d.is_empty() && (d == r || r.starts_with(d) || d.starts_with(r))
        })
    };
    if let Some(position) = summaries.iter().position(in_reader) {
        return Ok(summaries.into_iter().nth(position).expect("position found"));
    }
    let mut summaries = summaries;
    match summaries.len() {
        0 => Err(TokenError::NoToken),
        1 => Ok(summaries.remove(0)),
        // Several tokens and none in the reader asked about: do not guess whose.
        _ => Err(TokenError::NoToken),
    }
}

/// What the flow keeps of an opened certificate: labels, the masked name, the PIN's state.
fn card(summary: &TokenSummary, certificate: &TokenCertificate) -> CertificateCard {
    CertificateCard {
        slot: TokenSlot(summary.slot.0),
        label: summary.label.clone(),
        masked_name: Secret::new(
            holder_name(&certificate.der)
                .map(|name| mask_name(&name))
                .unwrap_or_default(),
        ),
        pin: pin_warning(summary.pin),
        pin_length: summary.pin_length,
    }
}

pub fn pin_warning(state: PinState) -> PinWarning {
    match state {
        PinState::Locked => PinWarning::Locked,
        PinState::Usable {
            tries: PinTries::FinalTry,
        } => PinWarning::FinalTry,
        PinState::Usable {
            tries: PinTries::Low,
        } => PinWarning::CountLow,
        PinState::Usable {
            tries: PinTries::Unknown,
        } => PinWarning::None,
    }
}

/// The token's algorithm as the protocol names it.
pub fn wire(algorithm: SignatureAlgorithm) -> WireAlgorithm {
    match algorithm {
        SignatureAlgorithm::RsaPkcs1Sha256 => WireAlgorithm::RsaPkcs1Sha256,
        SignatureAlgorithm::EcdsaP256Sha256 => WireAlgorithm::EcdsaP256Sha256,
    }
}

/// Whether a problem of the pre-check is the certificate's own (refused, or no certificate
/// sign-in at this service): said before the PIN. Anything else (the network) is not.
pub fn refuses_certificate(problem: &Problem) -> bool {
    matches!(problem, Problem::Certificate(p) if *p != CertificateProblem::ChallengeExpired)
}

#[cfg(test)]
mod tests;
