//! Certificate sign-in (以自然人憑證登入): the bodies, the stable rejection codes and the
//! message a token signs (docs/PROTOCOL.md, "Certificate sign-in").
//!
//! Two steps, like card proof: the client sends the certificate (base64 DER, with any
//! intermediate), the service checks it and answers a challenge bound to it (single use,
//! short-lived); the token signs [`signed_message`] and the client sends the signature with
//! the ID number typed once. The answer is the same session as a card sign-in.

use serde::{Deserialize, Serialize};

use super::ErrorCode;

/// A certificate (DER) is at most this long; MOICA's are under 2 KiB.
pub const MAX_CERTIFICATE_BYTES: usize = 16 * 1024;
/// Intermediates sent with the holder's certificate.
pub const MAX_CHAIN_CERTIFICATES: usize = 4;
/// A signature is at most this long (RSA 8192).
pub const MAX_SIGNATURE_BYTES: usize = 1024;

/// How the token signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256 (`CKM_SHA256_RSA_PKCS`): MOICA cards.
    RsaPkcs1Sha256,
    /// ECDSA P-256 with SHA-256 (`CKM_ECDSA_SHA256`); the signature is `r || s` (64 bytes),
    /// as PKCS#11 returns it.
    EcdsaP256Sha256,
}

/// `POST /api/v1/sign-in/certificate/challenge`. Answered with a [`super::ChallengeResponse`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateChallengeRequest {
    /// The holder's certificate, DER in standard base64 (as in a PEM body, one line).
    pub certificate: String,
    /// Intermediate CA certificates, base64 DER, leaf's issuer first (may be empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<String>,
}

/// `POST /api/v1/sign-in/certificate`. Answered with a [`super::SignInResponse`].
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateSignInRequest {
    pub challenge_id: String,
    pub signature_algorithm: SignatureAlgorithm,
    /// The token's signature of [`signed_message`], hex.
    pub signature: String,
    /// The origin the client signed for (`https://host[:port]`): a service checks it is its
    /// own, so a signature made for one service cannot be relayed to another.
    pub origin: String,
    /// The ID number (身分證統一編號) typed by the person, checked against the registration.
    pub id_number: String,
}

// The certificate carries the holder's name and the sign-in request the ID number: neither
// goes into a log line.
impl std::fmt::Debug for CertificateChallengeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateChallengeRequest")
            .field("certificate_chars", &self.certificate.len())
            .field("chain", &self.chain.len())
            .finish()
    }
}

impl std::fmt::Debug for CertificateSignInRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateSignInRequest")
            .field("challenge_id", &self.challenge_id)
            .field("signature_algorithm", &self.signature_algorithm)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// The first line of every signed message: no document format starts like this, so a
/// signature made here can never pass for the person's signature on something else (their
/// signing key has legal effect).
pub const SIGNED_MESSAGE_CONTEXT: &str = "NHI Card Companion certificate sign-in v1";

/// What the token signs: the context line, the service's origin and the challenge, as text.
/// The client builds it itself from the 32 random bytes the service sent; it never signs bytes
/// a service chose as they are.
pub fn signed_message(origin: &str, challenge: &[u8]) -> Vec<u8> {
    format!(
        "{SIGNED_MESSAGE_CONTEXT}\norigin: {origin}\nchallenge: {}\n",
        hex::encode(challenge)
    )
    .into_bytes()
}

/// Why a service refused a certificate: one per protocol code (docs/PROTOCOL.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertificateRejection {
    /// `certificate_signature_invalid`: the signature does not verify with the certificate's
    /// key (or was made for another service).
    SignatureInvalid,
    /// `certificate_unknown_ca`: the chain does not lead to a CA the service trusts.
    UnknownCa,
    /// `certificate_expired`.
    Expired,
    /// `certificate_not_yet_valid` (often: this computer's or the service's clock is wrong).
    NotYetValid,
    /// `certificate_wrong_key_usage`: not a signing certificate (a CA, an encryption-only or a
    /// server certificate).
    WrongKeyUsage,
    /// `certificate_bound_elsewhere`: the certificate belongs to another person's registration.
    BoundElsewhere,
    /// `certificate_unsupported`: not a certificate this service can read (not X.509 DER, a
    /// key other than RSA ≥ 2048 or P-256, an unknown critical extension).
    Unsupported,
}

impl CertificateRejection {
    pub const ALL: [CertificateRejection; 7] = [
        CertificateRejection::SignatureInvalid,
        CertificateRejection::UnknownCa,
        CertificateRejection::Expired,
        CertificateRejection::NotYetValid,
        CertificateRejection::WrongKeyUsage,
        CertificateRejection::BoundElsewhere,
        CertificateRejection::Unsupported,
    ];

    pub fn code(self) -> ErrorCode {
        match self {
            CertificateRejection::SignatureInvalid => ErrorCode::CertificateSignatureInvalid,
            CertificateRejection::UnknownCa => ErrorCode::CertificateUnknownCa,
            CertificateRejection::Expired => ErrorCode::CertificateExpired,
            CertificateRejection::NotYetValid => ErrorCode::CertificateNotYetValid,
            CertificateRejection::WrongKeyUsage => ErrorCode::CertificateWrongKeyUsage,
            CertificateRejection::BoundElsewhere => ErrorCode::CertificateBoundElsewhere,
            CertificateRejection::Unsupported => ErrorCode::CertificateUnsupported,
        }
    }

    pub fn from_code(code: ErrorCode) -> Option<CertificateRejection> {
        CertificateRejection::ALL
            .into_iter()
            .find(|rejection| rejection.code() == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signed_message_names_its_purpose_origin_and_challenge() {
        let message = signed_message("https://register.example.tw", &[0xab; 32]);
        let text = String::from_utf8(message).unwrap();
        assert!(text.starts_with("NHI Card Companion certificate sign-in v1\n"));
        assert!(text.contains("\norigin: https://register.example.tw\n"));
        assert!(text.ends_with(&format!("challenge: {}\n", "ab".repeat(32))));
    }

    #[test]
    fn every_rejection_has_its_code() {
        for rejection in CertificateRejection::ALL {
            assert_eq!(
                CertificateRejection::from_code(rejection.code()),
                Some(rejection)
            );
        }
        assert_eq!(CertificateRejection::from_code(ErrorCode::NotFound), None);
    }

    #[test]
    fn debug_shows_neither_certificate_nor_id_number() {
        let request = CertificateSignInRequest {
            challenge_id: "c".into(),
            signature_algorithm: SignatureAlgorithm::RsaPkcs1Sha256,
            signature: "00".into(),
            origin: "https://x".into(),
            id_number: "A123456789".into(),
        };
        assert!(!format!("{request:?}").contains("A123456789"));
        let challenge = CertificateChallengeRequest {
            certificate: "MIIBsecret".into(),
            chain: vec![],
        };
        assert!(!format!("{challenge:?}").contains("MIIB"));
    }
}
