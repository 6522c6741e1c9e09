//! Which certificate on a token is the one to sign in with, and how its key signs.
//!
//! A MOICA card holds several certificates: the signing one (`CKA_ID` `SIGN`, key usage
//! digitalSignature + nonRepudiation), the encryption one (`KEYX`, keyEncipherment) and its
//! CA certificates. Private keys are visible only after login, so the choice is made from the
//! certificates alone: not a CA, a key usage that allows signatures, a key this app can use;
//! among those nonRepudiation first (the person's signing certificate), then the id `SIGN`.

use x509_parser::oid_registry::{OID_EC_P256, OID_KEY_TYPE_EC_PUBLIC_KEY, OID_PKCS1_RSAENCRYPTION};
use x509_parser::prelude::{FromDer, X509Certificate};

use super::TokenCertificate;
use super::error::TokenError;

/// The smallest RSA key signed with (MOICA cards have had 2048-bit keys since 2009).
pub const MIN_RSA_BITS: usize = 2048;
/// CA certificates sent along at most (the protocol's limit).
pub const MAX_CHAIN: usize = 4;

/// The certificate's key, as far as signing needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyKind {
    Rsa { bits: usize },
    EcP256,
}

impl KeyKind {
    pub fn signature_algorithm(self) -> SignatureAlgorithm {
        match self {
            KeyKind::Rsa { .. } => SignatureAlgorithm::RsaPkcs1Sha256,
            KeyKind::EcP256 => SignatureAlgorithm::EcdsaP256Sha256,
        }
    }
}

/// How a token signs (docs/PROTOCOL.md, "Certificate sign-in").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (`CKM_SHA256_RSA_PKCS`), as MOICA cards sign.
    RsaPkcs1Sha256,
    /// ECDSA on P-256 with SHA-256 (`CKM_ECDSA_SHA256`), the signature as `r || s`.
    EcdsaP256Sha256,
}

/// The holder's name in a DER certificate (the subject's common name, as MOICA writes the
/// person's name), for the screen to show masked. `None` when it has none or is not readable.
pub fn holder_name(der: &[u8]) -> Option<String> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    let name = cert.subject().iter_common_name().next()?.as_str().ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The key of a DER certificate. `UnsupportedKey` for anything but RSA ≥ 2048 and P-256.
pub fn key_kind(der: &[u8]) -> Result<KeyKind, TokenError> {
    let (_, cert) = X509Certificate::from_der(der).map_err(|_| TokenError::NoCertificate)?;
    let spki = cert.public_key();
    if spki.algorithm.algorithm == OID_PKCS1_RSAENCRYPTION {
        let bits = spki
            .parsed()
            .map(|key| key.key_size())
            .map_err(|_| TokenError::UnsupportedKey)?;
        return if bits >= MIN_RSA_BITS {
            Ok(KeyKind::Rsa { bits })
        } else {
            Err(TokenError::UnsupportedKey)
        };
    }
    if spki.algorithm.algorithm == OID_KEY_TYPE_EC_PUBLIC_KEY {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.as_oid().ok());
        if curve.as_ref() == Some(&OID_EC_P256) {
            return Ok(KeyKind::EcP256);
        }
    }
    Err(TokenError::UnsupportedKey)
}

/// A certificate object as found on a token.
#[derive(Clone)]
pub struct Candidate {
    pub der: Vec<u8>,
    pub label: String,
    pub id: Vec<u8>,
}

/// How well a certificate suits signing in; `None` when it cannot sign at all.
fn score(cert: &X509Certificate<'_>, id: &[u8]) -> Option<u32> {
    let is_ca = cert
        .basic_constraints()
        .ok()
        .flatten()
        .is_some_and(|bc| bc.value.ca);
    if is_ca {
        return None;
    }
    let mut score = 0;
    match cert.key_usage() {
        Ok(Some(ku)) => {
            let ku = ku.value;
            if !ku.digital_signature() && !ku.non_repudiation() {
                return None;
            }
            if ku.non_repudiation() {
                score += 4;
            }
            if ku.digital_signature() {
                score += 1;
            }
        }
        // No key usage extension: any use is allowed, but a marked signing one wins.
        Ok(None) => {}
        Err(_) => return None,
    }
    if id == b"SIGN" {
        score += 2;
    }
    Some(score)
}

/// The signing certificate among a token's certificates: `NoCertificate` when none can sign,
/// `UnsupportedKey` when the only ones that could have a key this app cannot use.
pub fn choose_signing(candidates: Vec<Candidate>) -> Result<TokenCertificate, TokenError> {
    let mut best: Option<(u32, TokenCertificate)> = None;
    let mut unsupported = false;
    let mut chain = Vec::new();
    for candidate in candidates {
        let Ok((_, cert)) = X509Certificate::from_der(&candidate.der) else {
            continue;
        };
        if cert.is_ca() {
            if chain.len() < MAX_CHAIN {
                chain.push(candidate.der);
            }
            continue;
        }
        let Some(score) = score(&cert, &candidate.id) else {
            continue;
        };
        let key = match key_kind(&candidate.der) {
            Ok(key) => key,
            Err(_) => {
                unsupported = true;
                continue;
            }
        };
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((
                score,
                TokenCertificate {
                    der: candidate.der,
                    label: candidate.label,
                    id: candidate.id,
                    key,
                    chain: Vec::new(),
                },
            ));
        }
    }
    match best {
        Some((_, cert)) => Ok(TokenCertificate { chain, ..cert }),
        None if unsupported => Err(TokenError::UnsupportedKey),
        None => Err(TokenError::NoCertificate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_ca::{DemoCa, Holder, Usage};

    fn p256_spki() -> Vec<u8> {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        rcgen::PublicKeyData::subject_public_key_info(&key)
    }

    fn candidate(der: Vec<u8>, id: &[u8]) -> Candidate {
        Candidate {
            der,
            label: String::from_utf8_lossy(id).into_owned(),
            id: id.to_vec(),
        }
    }

    #[test]
    fn the_holder_name_is_the_subject_common_name() {
        let ca = DemoCa::new("Test", false).unwrap();
        let der = ca
            .issue(&Holder::signing("王小明", "1"), &p256_spki())
            .unwrap();
        assert_eq!(holder_name(&der).as_deref(), Some("王小明"));
        assert_eq!(holder_name(b"not a certificate"), None);
    }

    #[test]
    fn the_signing_certificate_is_chosen_and_the_ca_goes_along() {
        let ca = DemoCa::new("Test", true).unwrap();
        let sign = ca
            .issue(&Holder::signing("王小明", "1"), &p256_spki())
            .unwrap();
        let mut keyx_holder = Holder::signing("王小明", "1");
        keyx_holder.usage = Usage::EncryptionOnly;
        let keyx = ca.issue(&keyx_holder, &p256_spki()).unwrap();
        let intermediate = ca.intermediate_der().unwrap();
        // In the order a card might list them: the CA and the encryption one first.
        let chosen = choose_signing(vec![
            candidate(intermediate.clone(), b"CACert"),
            candidate(keyx, b"KEYX"),
            candidate(sign.clone(), b"SIGN"),
        ])
        .unwrap();
        assert_eq!(chosen.der, sign);
        assert_eq!(chosen.id, b"SIGN");
        assert_eq!(chosen.key, KeyKind::EcP256);
        assert_eq!(chosen.chain, vec![intermediate]);
    }

    #[test]
    fn no_signing_certificate_is_said_so() {
        let ca = DemoCa::new("Test", false).unwrap();
        let mut keyx_holder = Holder::signing("王小明", "1");
        keyx_holder.usage = Usage::EncryptionOnly;
        let keyx = ca.issue(&keyx_holder, &p256_spki()).unwrap();
        assert_eq!(
            choose_signing(vec![
                candidate(keyx, b"KEYX"),
                candidate(ca.root_der(), b"ROOT"),
                candidate(b"garbage".to_vec(), b"X"),
            ]),
            Err(TokenError::NoCertificate)
        );
        assert_eq!(choose_signing(vec![]), Err(TokenError::NoCertificate));
    }
}
