//! [`Pkcs11Token`]: a vendor's PKCS#11 module (HiCOS for the Citizen Digital Certificate),
//! loaded at run time with `cryptoki`.
//!
//! The module does the card's own protocol (HiCOS wraps the PIN in the card's secure
//! messaging); this side only calls `C_*` functions: slots and token info, the certificate
//! objects, `C_Login` / `C_Sign` / `C_Logout`. Every `sign` is one short session.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::{Error, RvError};
use cryptoki::mechanism::{Mechanism, MechanismType};
use cryptoki::object::{Attribute, AttributeType, CertificateType, ObjectClass, ObjectHandle};
use cryptoki::session::{Session, UserType};
use cryptoki::slot::Slot;
use cryptoki::types::AuthPin;
use sha2::{Digest, Sha256};

use super::certificate::{Candidate, KeyKind, choose_signing};
use super::error::TokenError;
use super::pin::{Pin, PinState};
use super::{CertificateToken, Signature, SlotId, TokenCertificate, TokenSummary};

mod slots;

/// DER of `DigestInfo { sha256, NULL }` before the 32-byte hash (RFC 8017, 9.2 note 1), for
/// modules that only offer raw `CKM_RSA_PKCS`.
const SHA256_DIGEST_INFO_PREFIX: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// What the module says about itself (for the diagnostics: found, loaded, its version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleInfo {
    pub path: PathBuf,
    pub description: String,
    pub manufacturer: String,
    /// `major.minor` of the library.
    pub library_version: String,
    /// The PKCS#11 version it implements.
    pub cryptoki_version: String,
}

/// Every module this process loaded, by path. A module is loaded and initialised once and
/// stays so until the process ends: `C_Initialize` is per process, and unloading a module
/// (the last handle dropped) while another part of the app is about to use it finalises it
/// under that user's feet (measured with SoftHSM2: `CKR_CRYPTOKI_NOT_INITIALIZED`).
static MODULES: Mutex<Vec<(PathBuf, Pkcs11)>> = Mutex::new(Vec::new());

fn loaded_module(path: &Path) -> Result<Pkcs11, TokenError> {
    let mut modules = MODULES.lock().unwrap_or_else(|p| p.into_inner());
    if let Some((_, ctx)) = modules.iter().find(|(p, _)| p == path) {
        return Ok(ctx.clone());
    }
    let unusable = |detail: String| TokenError::ModuleUnusable {
        path: path.to_path_buf(),
        detail,
    };
    let ctx = Pkcs11::new(path).map_err(|e| unusable(e.to_string()))?;
    match ctx.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) | Err(Error::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => {}
        Err(e) => return Err(unusable(e.to_string())),
    }
    tracing::info!(module = %path.display(), "PKCS#11 module loaded");
    modules.push((path.to_path_buf(), ctx.clone()));
    Ok(ctx)
}

/// A loaded and initialised PKCS#11 module.
pub struct Pkcs11Token {
    ctx: Pkcs11,
    path: PathBuf,
    /// Hash here and sign with the raw mechanisms (`CKM_RSA_PKCS`, `CKM_ECDSA`) even where the
    /// module offers the hashing ones.
    raw_mechanisms: bool,
}

impl std::fmt::Debug for Pkcs11Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pkcs11Token")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl Pkcs11Token {
    /// Finds the module (`explicit`, else the usual HiCOS locations) and loads it.
    pub fn open(explicit: Option<&Path>) -> Result<Pkcs11Token, TokenError> {
        let path = super::discovery::find_module(explicit)?;
        Pkcs11Token::load(&path)
    }

    /// Loads the module at `path` and calls `C_Initialize` (a module another part of this
    /// process initialised already is fine: PKCS#11 state is per process).
    pub fn load(path: &Path) -> Result<Pkcs11Token, TokenError> {
        let ctx = loaded_module(path)?;
        Ok(Pkcs11Token {
            ctx,
            path: path.to_path_buf(),
            raw_mechanisms: false,
        })
    }

    /// Signs with `CKM_RSA_PKCS` / `CKM_ECDSA` over a SHA-256 computed here, as for modules
    /// that offer only those (or whose hashing mechanisms misbehave). The signatures are the
    /// same; tests use it to run this path on a module that has both.
    pub fn with_raw_mechanisms(mut self) -> Pkcs11Token {
        self.raw_mechanisms = true;
        self
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn module_info(&self) -> Result<ModuleInfo, TokenError> {
        let info = self
            .ctx
            .get_library_info()
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        let version = |v: cryptoki::types::Version| format!("{}.{}", v.major(), v.minor());
        Ok(ModuleInfo {
            path: self.path.clone(),
            description: info.library_description().trim().to_owned(),
            manufacturer: info.manufacturer_id().trim().to_owned(),
            library_version: version(info.library_version()),
            cryptoki_version: version(info.cryptoki_version()),
        })
    }

    fn slot(&self, slot: SlotId) -> Result<Slot, TokenError> {
        Slot::try_from(slot.0).map_err(|_| TokenError::TokenRemoved)
    }

    fn summary(&self, slot: Slot) -> Result<TokenSummary, TokenError> {
        let slot_description = self
            .ctx
            .get_slot_info(slot)
            .map(|s| s.slot_description().trim().to_owned())
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        let info = self
            .ctx
            .get_token_info(slot)
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        Ok(TokenSummary {
            slot: SlotId(slot.id()),
            slot_description,
            label: info.label().trim().to_owned(),
            manufacturer: info.manufacturer_id().trim().to_owned(),
            model: info.model().trim().to_owned(),
            pin: PinState::from_flags(
                info.user_pin_count_low(),
                info.user_pin_final_try(),
                info.user_pin_locked(),
            ),
            pin_length: (info.min_pin_length(), info.max_pin_length()),
        })
    }

    /// The signing certificate, read in `session` (logged in or not).
    fn certificate_in(&self, session: &Session) -> Result<TokenCertificate, TokenError> {
        let template = [
            Attribute::Class(ObjectClass::CERTIFICATE),
            Attribute::CertificateType(CertificateType::X_509),
        ];
        let handles = session
            .find_objects(&template)
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        let mut candidates = Vec::new();
        for handle in handles {
            let attributes = session
                .get_attributes(
                    handle,
                    &[
                        AttributeType::Value,
                        AttributeType::Label,
                        AttributeType::Id,
                    ],
                )
                .map_err(|e| TokenError::from_cryptoki(&e))?;
            let mut candidate = Candidate {
                der: Vec::new(),
                label: String::new(),
                id: Vec::new(),
            };
            for attribute in attributes {
                match attribute {
                    Attribute::Value(der) => candidate.der = der,
                    Attribute::Label(label) => {
                        candidate.label = String::from_utf8_lossy(&label).trim().to_owned()
                    }
                    Attribute::Id(id) => candidate.id = id,
                    _ => {}
                }
            }
            if !candidate.der.is_empty() {
                candidates.push(candidate);
            }
        }
        choose_signing(candidates)
    }

    /// The private key of `cert`: the one with its `CKA_ID`, else the only one there is.
    fn private_key(
        &self,
        session: &Session,
        cert: &TokenCertificate,
    ) -> Result<ObjectHandle, TokenError> {
        let by_id = session
            .find_objects(&[
                Attribute::Class(ObjectClass::PRIVATE_KEY),
                Attribute::Id(cert.id.clone()),
            ])
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        if let Some(&key) = by_id.first() {
            return Ok(key);
        }
        let all = session
            .find_objects(&[Attribute::Class(ObjectClass::PRIVATE_KEY)])
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        match all.as_slice() {
            [only] => Ok(*only),
            _ => Err(TokenError::NoSigningKey),
        }
    }

    /// `C_Login` as the user, with the PIN errors read against the token's flags.
    fn login(&self, slot: Slot, session: &Session, pin: &Pin) -> Result<(), TokenError> {
        let auth = AuthPin::from(pin.expose().to_owned());
        match session.login(UserType::User, Some(&auth)) {
            Ok(()) | Err(Error::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => Ok(()),
            Err(e) => Err(self.pin_error(slot, &e)),
        }
    }

    fn pin_error(&self, slot: Slot, err: &Error) -> TokenError {
        match err {
            Error::Pkcs11(RvError::PinIncorrect, _) => match self.summary(slot) {
                Ok(TokenSummary {
                    pin: PinState::Locked,
                    ..
                }) => TokenError::PinLocked,
                Ok(TokenSummary {
                    pin: PinState::Usable { tries },
                    ..
                }) => TokenError::PinIncorrect { tries },
                // The wrong PIN was the last thing it heard, then it was gone.
                Err(e) => e,
            },
            Error::Pkcs11(RvError::PinLenRange | RvError::PinInvalid, _) => {
                let (min, max) = self.summary(slot).map(|s| s.pin_length).unwrap_or((0, 0));
                TokenError::PinFormat { min, max }
            }
            other => TokenError::from_cryptoki(other),
        }
    }

    fn sign_in_session(
        &self,
        slot: Slot,
        session: &Session,
        pin: &Pin,
        message: &[u8],
    ) -> Result<Signature, TokenError> {
        self.login(slot, session, pin)?;
        let cert = self.certificate_in(session)?;
        let key = self.private_key(session, &cert)?;
        let mechanisms = if self.raw_mechanisms {
            Vec::new()
        } else {
            self.ctx
                .get_mechanism_list(slot)
                .map_err(|e| TokenError::from_cryptoki(&e))?
        };
        let always_authenticate = session
            .get_attributes(key, &[AttributeType::AlwaysAuthenticate])
            .ok()
            .into_iter()
            .flatten()
            .any(|a| matches!(a, Attribute::AlwaysAuthenticate(true)));
        let hashed = Sha256::digest(message);
        let (mechanism, data): (Mechanism, Vec<u8>) = match cert.key {
            KeyKind::Rsa { .. } if mechanisms.contains(&MechanismType::SHA256_RSA_PKCS) => {
                (Mechanism::Sha256RsaPkcs, message.to_vec())
            }
            KeyKind::Rsa { .. } => {
                let mut digest_info = SHA256_DIGEST_INFO_PREFIX.to_vec();
                digest_info.extend_from_slice(&hashed);
                (Mechanism::RsaPkcs, digest_info)
            }
            KeyKind::EcP256 if mechanisms.contains(&MechanismType::ECDSA_SHA256) => {
                (Mechanism::EcdsaSha256, message.to_vec())
            }
            KeyKind::EcP256 => (Mechanism::Ecdsa, hashed.to_vec()),
        };
        let bytes = if always_authenticate {
            // A key marked CKA_ALWAYS_AUTHENTICATE wants the PIN again for each signature,
            // between C_SignInit and the signing itself.
            session
                .sign_init(&mechanism, key)
                .map_err(|e| TokenError::from_cryptoki(&e))?;
            let auth = AuthPin::from(pin.expose().to_owned());
            session
                .login(UserType::ContextSpecific, Some(&auth))
                .map_err(|e| self.pin_error(slot, &e))?;
            session
                .sign_update(&data)
                .and_then(|()| session.sign_final())
                .map_err(|e| TokenError::from_cryptoki(&e))?
        } else {
            session
                .sign(&mechanism, key, &data)
                .map_err(|e| TokenError::from_cryptoki(&e))?
        };
        if cert.key == KeyKind::EcP256 && bytes.len() != 64 {
            return Err(TokenError::Failed {
                function: "C_Sign".into(),
                code: format!("ECDSA signature of {} bytes, expected 64", bytes.len()),
            });
        }
        Ok(Signature {
            algorithm: cert.key.signature_algorithm(),
            bytes,
        })
    }
}

impl CertificateToken for Pkcs11Token {
    fn tokens(&mut self) -> Result<Vec<TokenSummary>, TokenError> {
        let slots = self
            .ctx
            .get_slots_with_initialized_token()
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        let mut tokens = Vec::new();
        for slot in slots {
            match self.summary(slot).map_err(|e| self.removed_or(slot, e)) {
                Ok(summary) => tokens.push(summary),
                // Pulled between the slot list and the token info: not there.
                Err(TokenError::TokenRemoved) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(tokens)
    }

    fn present_slots(&mut self) -> Result<Vec<SlotId>, TokenError> {
        // Initialised tokens only, as `tokens` lists them: SoftHSM2 always offers a free slot
        // with a blank token, which is nobody's card.
        let slots = self
            .ctx
            .get_slots_with_initialized_token()
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        Ok(slots.into_iter().map(|s| SlotId(s.id())).collect())
    }

    fn signing_certificate(&mut self, slot: SlotId) -> Result<TokenCertificate, TokenError> {
        let slot = self.slot(slot)?;
        let result = self
            .ctx
            .open_ro_session(slot)
            .map_err(|e| TokenError::from_cryptoki(&e))
            .and_then(|session| self.certificate_in(&session));
        result.map_err(|e| self.removed_or(slot, e))
    }

    fn sign(&mut self, slot: SlotId, pin: &Pin, message: &[u8]) -> Result<Signature, TokenError> {
        let slot = self.slot(slot)?;
        self.sign_on(slot, pin, message)
            .map_err(|e| self.removed_or(slot, e))
    }
}

impl Pkcs11Token {
    /// A failure the module names only vaguely (`CKR_GENERAL_ERROR`, `CKR_DEVICE_ERROR`, …) is
    /// a removal when the token is gone afterwards: no longer in a slot, or its info no longer
    /// readable. Modules differ in what they answer for a card pulled mid-call (SoftHSM2
    /// answers `CKR_GENERAL_ERROR` for a deleted token); whether it is still there does not.
    fn removed_or(&self, slot: Slot, error: TokenError) -> TokenError {
        if !matches!(error, TokenError::Failed { .. }) {
            return error;
        }
        let present = self
            .ctx
            .get_slots_with_token()
            .is_ok_and(|slots| slots.contains(&slot))
            && self.ctx.get_token_info(slot).is_ok();
        if present {
            error
        } else {
            tracing::info!(%error, "the token is gone: reported as removed");
            TokenError::TokenRemoved
        }
    }

    fn sign_on(&self, slot: Slot, pin: &Pin, message: &[u8]) -> Result<Signature, TokenError> {
        let summary = self.summary(slot)?;
        if summary.pin == PinState::Locked {
            return Err(TokenError::PinLocked);
        }
        let (min, max) = summary.pin_length;
        if max > 0 && min <= max && !(min..=max).contains(&pin.expose().len()) {
            return Err(TokenError::PinFormat { min, max });
        }
        let session = self
            .ctx
            .open_ro_session(slot)
            .map_err(|e| TokenError::from_cryptoki(&e))?;
        let result = self.sign_in_session(slot, &session, pin, message);
        // Logging out ends the login for every session of this application on the token:
        // nothing stays signed in once the signature is made (or refused).
        let _ = session.logout();
        result
    }
}
