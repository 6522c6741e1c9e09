//! [`SoftwareToken`]: a certificate and its private key in memory, behind the same trait as a
//! card, for `--demo` (no hardware) and as the scripted double of tests.
//!
//! It behaves like a MOICA card where the flow can see it: a PIN with a try counter that sets
//! the PKCS#11 flags (count low after a wrong PIN, final try, locked: then it is never
//! checked again), a card that can be taken out (`set_present(false)`: every call answers
//! `TokenRemoved`), and one injected failure for the next call (`fail_next`).

use ring::rand::SystemRandom;
use ring::signature::{
    ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, RSA_PKCS1_SHA256, RsaKeyPair,
};
use zeroize::Zeroizing;

use super::certificate::{KeyKind, key_kind};
use super::demo_ca::{DemoCa, Holder};
use super::error::TokenError;
use super::pin::{Pin, PinState, PinTries};
use super::{CertificateToken, Signature, SlotId, TokenCertificate, TokenSummary};

/// The demo card's PIN: six digits, as a MOICA PIN is at issue. It is not the demo holder's
/// birth date (王小明 of the demo NHI card was born 1960-05-06, 民國 49年): MOICA's rules for a
/// first PIN changed over the years, so the demo says its PIN on screen instead of teaching one.
pub const DEMO_PIN: &str = "123456";
/// Tries before a MOICA card's PIN locks.
pub const MOICA_PIN_TRIES: u32 = 3;
/// The demo certificate's holder identifier (subject `serialNumber`).
pub const DEMO_SUBJECT_SERIAL: &str = "0000000000000001";

enum Key {
    Ecdsa(EcdsaKeyPair),
    Rsa(RsaKeyPair),
}

/// A software token with one signing certificate.
pub struct SoftwareToken {
    label: String,
    certificate: TokenCertificate,
    key: Key,
    pin: Pin,
    tries: u32,
    wrong: u32,
    locked: bool,
    present: bool,
    fail_next: Option<TokenError>,
    rng: SystemRandom,
}

impl std::fmt::Debug for SoftwareToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftwareToken")
            .field("label", &self.label)
            .field("present", &self.present)
            .field("locked", &self.locked)
            .finish_non_exhaustive()
    }
}

/// The demo's token and the CA the practice service must trust for it.
#[derive(Debug)]
pub struct DemoToken {
    pub token: SoftwareToken,
    /// PEM of the demo root CA (the embedded service's `--moica-ca`).
    pub ca_pem: String,
}

impl SoftwareToken {
    /// The token's slot (there is one).
    pub const SLOT: SlotId = SlotId(0);
    /// What its one slot calls itself (a PC/SC module would give the reader's name).
    pub const SLOT_DESCRIPTION: &'static str = "NHI Card Companion software slot";

    /// A token holding `certificate_der` (with the CA certificates `chain` beside it) and
    /// its private key `pkcs8_der` (RSA or EC P-256), locking after `tries` wrong PINs.
    pub fn new(
        label: &str,
        certificate_der: Vec<u8>,
        chain: Vec<Vec<u8>>,
        pkcs8_der: &[u8],
        pin: Pin,
        tries: u32,
    ) -> Result<SoftwareToken, TokenError> {
        let kind = key_kind(&certificate_der)?;
        let rng = SystemRandom::new();
        let key = match kind {
            KeyKind::EcP256 => Key::Ecdsa(
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8_der, &rng)
                    .map_err(|_| TokenError::NoSigningKey)?,
            ),
            KeyKind::Rsa { .. } => {
                Key::Rsa(RsaKeyPair::from_pkcs8(pkcs8_der).map_err(|_| TokenError::NoSigningKey)?)
            }
        };
        Ok(SoftwareToken {
            label: label.to_owned(),
            certificate: TokenCertificate {
                der: certificate_der,
                label: "SIGN".into(),
                id: b"SIGN".to_vec(),
                key: kind,
                chain,
            },
            key,
            pin,
            tries: tries.max(1),
            wrong: 0,
            locked: false,
            present: true,
            fail_next: None,
            rng,
        })
    }

    /// The demo: a fresh demo CA and a P-256 key for 王小明, PIN [`DEMO_PIN`].
    pub fn demo() -> Result<DemoToken, TokenError> {
        let failed = |e: rcgen::Error| TokenError::Failed {
            function: "demo certificate".into(),
            code: e.to_string(),
        };
        let ca = DemoCa::new("NHI Card Companion Demo", true).map_err(failed)?;
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).map_err(failed)?;
        let holder = Holder::signing("王小明", DEMO_SUBJECT_SERIAL);
        let der = ca
            .issue(
                &holder,
                &rcgen::PublicKeyData::subject_public_key_info(&key),
            )
            .map_err(failed)?;
        let pkcs8 = Zeroizing::new(key.serialize_der());
        let token = SoftwareToken::new(
            "Demo Citizen Digital Certificate",
            der,
            ca.intermediate_der().into_iter().collect(),
            &pkcs8,
            Pin::new(DEMO_PIN),
            MOICA_PIN_TRIES,
        )?;
        Ok(DemoToken {
            token,
            ca_pem: ca.root_pem(),
        })
    }

    /// Puts the card in (`true`) or takes it out.
    pub fn set_present(&mut self, present: bool) {
        self.present = present;
    }

    /// Whether the card is in.
    pub fn is_present(&self) -> bool {
        self.present
    }

    /// The next call answers `error` instead (a scripted failure).
    pub fn fail_next(&mut self, error: TokenError) {
        self.fail_next = Some(error);
    }

    fn pin_state(&self) -> PinState {
        let left = self.tries.saturating_sub(self.wrong);
        PinState::from_flags(self.wrong > 0, left == 1, self.locked)
    }

    /// Presence and an injected failure, checked at the start of every call.
    fn check(&mut self) -> Result<(), TokenError> {
        if let Some(error) = self.fail_next.take() {
            return Err(error);
        }
        if !self.present {
            return Err(TokenError::TokenRemoved);
        }
        Ok(())
    }

    fn check_slot(&mut self, slot: SlotId) -> Result<(), TokenError> {
        self.check()?;
        if slot == Self::SLOT {
            Ok(())
        } else {
            Err(TokenError::TokenRemoved)
        }
    }
}

impl CertificateToken for SoftwareToken {
    fn tokens(&mut self) -> Result<Vec<TokenSummary>, TokenError> {
        match self.check() {
            Ok(()) => {}
            Err(TokenError::TokenRemoved) => return Ok(Vec::new()),
            Err(e) => return Err(e),
        }
        Ok(vec![TokenSummary {
            slot: Self::SLOT,
            slot_description: Self::SLOT_DESCRIPTION.into(),
            label: self.label.clone(),
            manufacturer: "NHI Card Companion".into(),
            model: "software token".into(),
            pin: self.pin_state(),
            pin_length: (6, 8),
        }])
    }

    fn signing_certificate(&mut self, slot: SlotId) -> Result<TokenCertificate, TokenError> {
        self.check_slot(slot)?;
        Ok(self.certificate.clone())
    }

    fn sign(&mut self, slot: SlotId, pin: &Pin, message: &[u8]) -> Result<Signature, TokenError> {
        self.check_slot(slot)?;
        if self.locked {
            return Err(TokenError::PinLocked);
        }
        if !(6..=8).contains(&pin.expose().len()) {
            return Err(TokenError::PinFormat { min: 6, max: 8 });
        }
        if pin != &self.pin {
            self.wrong += 1;
            if self.wrong >= self.tries {
                self.locked = true;
                return Err(TokenError::PinLocked);
            }
            let tries = match self.pin_state() {
                PinState::Usable { tries } => tries,
                PinState::Locked => PinTries::FinalTry,
            };
            return Err(TokenError::PinIncorrect { tries });
        }
        self.wrong = 0;
        let bytes = match &self.key {
            Key::Ecdsa(key) => key
                .sign(&self.rng, message)
                .map(|s| s.as_ref().to_vec())
                .map_err(|_| TokenError::Failed {
                    function: "sign".into(),
                    code: "ECDSA".into(),
                })?,
            Key::Rsa(key) => {
                let mut signature = vec![0; key.public().modulus_len()];
                key.sign(&RSA_PKCS1_SHA256, &self.rng, message, &mut signature)
                    .map_err(|_| TokenError::Failed {
                        function: "sign".into(),
                        code: "RSA".into(),
                    })?;
                signature
            }
        };
        Ok(Signature {
            algorithm: self.certificate.key.signature_algorithm(),
            bytes,
        })
    }
}

#[cfg(test)]
mod tests;
