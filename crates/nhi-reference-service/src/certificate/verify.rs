//! The reference service's checks of a holder's certificate and of its signature.
//!
//! - The chain, the validity period and the CA signatures: rustls-webpki, against the roots
//!   given with `--moica-ca` (intermediates may come with the leaf). No revocation check (the
//!   reference service has no CRL or OCSP source; a production service must do one).
//! - Key usage and extended key usage, the key type and the subject: x509-parser.
//! - The challenge signature: ring, with the certificate's own key.

use std::time::{Duration, SystemTime};

use ring::signature::{
    ECDSA_P256_SHA256_FIXED, RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey, VerificationAlgorithm,
};
use rustls_pki_types::{CertificateDer, SignatureVerificationAlgorithm, UnixTime};
use sha2::{Digest, Sha256};
use webpki::{EndEntityCert, ExtendedKeyUsageValidator, KeyPurposeIdIter};
use x509_parser::oid_registry::{
    OID_EC_P256, OID_KEY_TYPE_EC_PUBLIC_KEY, OID_PKCS1_RSAENCRYPTION, OID_X509_COMMON_NAME,
};
use x509_parser::prelude::{FromDer, X509Certificate};

use nhi_protocol::protocol::certificate::{CertificateRejection, SignatureAlgorithm};

/// The algorithms a CA may have signed a certificate in the chain with.
static CHAIN_ALGORITHMS: &[&dyn SignatureVerificationAlgorithm] = &[
    webpki::ring::ECDSA_P256_SHA256,
    webpki::ring::ECDSA_P256_SHA384,
    webpki::ring::ECDSA_P384_SHA256,
    webpki::ring::ECDSA_P384_SHA384,
    webpki::ring::RSA_PKCS1_2048_8192_SHA256,
    webpki::ring::RSA_PKCS1_2048_8192_SHA384,
    webpki::ring::RSA_PKCS1_2048_8192_SHA512,
    webpki::ring::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
    webpki::ring::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
    webpki::ring::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
];

/// The smallest RSA key accepted for a holder.
const MIN_RSA_BITS: usize = 2048;

/// A holder's certificate that passed every check.
#[derive(Clone, PartialEq, Eq)]
pub struct VerifiedCertificate {
    /// Who the certificate stands for, as the service binds it: `serial:<subject
    /// serialNumber>` when the subject has one (MOICA's holder identifier, kept across a
    /// renewal), else `sha256:<hex of the public key info>`.
    pub identity: String,
    /// SHA-256 of the certificate's DER, hex: what a holder list may name instead.
    pub fingerprint: String,
    key: HolderKey,
}

impl std::fmt::Debug for VerifiedCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedCertificate")
            .field("fingerprint", &self.fingerprint)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum HolderKey {
    /// The DER `RSAPublicKey` (ring's input for RSA).
    Rsa(Vec<u8>),
    /// The uncompressed point.
    EcP256(Vec<u8>),
}

/// Accepts what a signing certificate may carry as extended key usage: none at all (MOICA's
/// signing certificates have none), or any list that is not only for servers, code signing,
/// time stamping or OCSP. The decision is made in [`check_usage`] with x509-parser; webpki is
/// told to accept every EKU so that its verdict is about the chain alone.
struct AnyUsage;

impl ExtendedKeyUsageValidator for AnyUsage {
    fn validate(&self, iter: KeyPurposeIdIter<'_, '_>) -> Result<(), webpki::Error> {
        for id in iter {
            id?;
        }
        Ok(())
    }
}

fn rejection_of(error: &webpki::Error) -> CertificateRejection {
    use webpki::Error;
    match error {
        Error::CertExpired { .. } => CertificateRejection::Expired,
        Error::CertNotValidYet { .. } => CertificateRejection::NotYetValid,
        Error::CaUsedAsEndEntity => CertificateRejection::WrongKeyUsage,
        Error::BadDer
        | Error::BadDerTime
        | Error::UnsupportedCertVersion
        | Error::UnsupportedCriticalExtension
        | Error::TrailingData(_)
        | Error::InvalidCertValidity
        | Error::ExtensionValueInvalid
        | Error::MalformedExtensions => CertificateRejection::Unsupported,
        // Unknown issuer, a chain whose signatures do not verify, a path that breaks its
        // constraints, a CA algorithm we do not take: not from a CA the service trusts.
        _ => CertificateRejection::UnknownCa,
    }
}

/// Key usage: present with digitalSignature or nonRepudiation (absent allows any use,
/// RFC 5280), not a CA, and no extended key usage that limits it to other purposes.
fn check_usage(cert: &X509Certificate<'_>) -> Result<(), CertificateRejection> {
    let wrong = CertificateRejection::WrongKeyUsage;
    if cert
        .basic_constraints()
        .map_err(|_| CertificateRejection::Unsupported)?
        .is_some_and(|bc| bc.value.ca)
    {
        return Err(wrong);
    }
    if let Some(ku) = cert
        .key_usage()
        .map_err(|_| CertificateRejection::Unsupported)?
        && !ku.value.digital_signature()
        && !ku.value.non_repudiation()
    {
        return Err(wrong);
    }
    if let Some(eku) = cert
        .extended_key_usage()
        .map_err(|_| CertificateRejection::Unsupported)?
    {
        let eku = eku.value;
        let for_a_person =
            eku.any || eku.client_auth || eku.email_protection || !eku.other.is_empty();
        if !for_a_person {
            return Err(wrong);
        }
    }
    Ok(())
}

fn holder_key(cert: &X509Certificate<'_>) -> Result<HolderKey, CertificateRejection> {
    let spki = cert.public_key();
    let unsupported = CertificateRejection::Unsupported;
    if spki.algorithm.algorithm == OID_PKCS1_RSAENCRYPTION {
        let bits = spki.parsed().map_err(|_| unsupported)?.key_size();
        if bits < MIN_RSA_BITS {
            return Err(unsupported);
        }
        return Ok(HolderKey::Rsa(spki.subject_public_key.data.to_vec()));
    }
    if spki.algorithm.algorithm == OID_KEY_TYPE_EC_PUBLIC_KEY
        && spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.as_oid().ok())
            .is_some_and(|curve| curve == OID_EC_P256)
    {
        return Ok(HolderKey::EcP256(spki.subject_public_key.data.to_vec()));
    }
    Err(unsupported)
}

/// The subject's `serialNumber` attribute (2.5.4.5), if it has one.
fn subject_serial(cert: &X509Certificate<'_>) -> Option<String> {
    let serial_oid = x509_parser::oid_registry::OID_X509_SERIALNUMBER;
    cert.subject()
        .iter_attributes()
        .find(|a| *a.attr_type() == serial_oid)
        .and_then(|a| a.as_str().ok())
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

/// The subject's common name, for the service's own log at most (never for logic).
pub fn common_name(der: &[u8]) -> Option<String> {
    let (_, cert) = X509Certificate::from_der(der).ok()?;
    cert.subject()
        .iter_attributes()
        .find(|a| *a.attr_type() == OID_X509_COMMON_NAME)
        .and_then(|a| a.as_str().ok())
        .map(str::to_owned)
}

/// Checks a holder's certificate at `now`: chain to one of `roots` (DER) through
/// `intermediates`, validity, key usage, key type.
pub fn verify_certificate(
    leaf_der: &[u8],
    intermediates_der: &[Vec<u8>],
    roots_der: &[Vec<u8>],
    now: SystemTime,
) -> Result<VerifiedCertificate, CertificateRejection> {
    let (rest, cert) =
        X509Certificate::from_der(leaf_der).map_err(|_| CertificateRejection::Unsupported)?;
    if !rest.is_empty() {
        return Err(CertificateRejection::Unsupported);
    }
    let key = holder_key(&cert)?;

    let roots: Vec<CertificateDer<'_>> = roots_der
        .iter()
        .map(|der| CertificateDer::from(der.as_slice()))
        .collect();
    let anchors: Vec<_> = roots
        .iter()
        .filter_map(|der| webpki::anchor_from_trusted_cert(der).ok())
        .collect();
    let intermediates: Vec<CertificateDer<'_>> = intermediates_der
        .iter()
        .map(|der| CertificateDer::from(der.as_slice()))
        .collect();
    let leaf = CertificateDer::from(leaf_der);
    let end_entity = EndEntityCert::try_from(&leaf).map_err(|e| rejection_of(&e))?;
    let since_epoch = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    end_entity
        .verify_for_usage(
            CHAIN_ALGORITHMS,
            &anchors,
            &intermediates,
            UnixTime::since_unix_epoch(since_epoch),
            AnyUsage,
            None,
            None,
        )
        .map_err(|e| rejection_of(&e))?;
    check_usage(&cert)?;

    let identity = match subject_serial(&cert) {
        Some(serial) => format!("serial:{serial}"),
        None => format!(
            "sha256:{}",
            hex::encode(Sha256::digest(cert.public_key().raw))
        ),
    };
    Ok(VerifiedCertificate {
        identity,
        fingerprint: hex::encode(Sha256::digest(leaf_der)),
        key,
    })
}

/// Checks `signature` of `message` with the certificate's key, by `algorithm` (which must
/// be the key's own).
pub fn verify_signature(
    cert: &VerifiedCertificate,
    algorithm: SignatureAlgorithm,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertificateRejection> {
    let (verifier, key): (&dyn VerificationAlgorithm, &[u8]) = match (&cert.key, algorithm) {
        (HolderKey::Rsa(key), SignatureAlgorithm::RsaPkcs1Sha256) => {
            (&RSA_PKCS1_2048_8192_SHA256, key)
        }
        (HolderKey::EcP256(point), SignatureAlgorithm::EcdsaP256Sha256) => {
            (&ECDSA_P256_SHA256_FIXED, point)
        }
        _ => return Err(CertificateRejection::SignatureInvalid),
    };
    UnparsedPublicKey::new(verifier, key)
        .verify(message, signature)
        .map_err(|_| CertificateRejection::SignatureInvalid)
}
