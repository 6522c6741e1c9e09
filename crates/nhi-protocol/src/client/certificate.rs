//! Certificate sign-in (以自然人憑證登入) on the client: send the certificate, get a
//! challenge, have the token sign [`RegistrationClient::certificate_signed_message`], send the
//! signature with the ID number, get the same [`Session`] as a card sign-in.

use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use reqwest::Method;

use super::{Challenge, RegistrationClient, Session, deadline, decode_hex_array};
use crate::error::ServiceError;
use crate::protocol::certificate::{
    CertificateChallengeRequest, CertificateSignInRequest, MAX_CERTIFICATE_BYTES,
    MAX_CHAIN_CERTIFICATES, MAX_SIGNATURE_BYTES, SignatureAlgorithm, signed_message,
};
use crate::protocol::{ChallengeResponse, SignInResponse};
use crate::reply::Route;

/// The two routes. `not_found` from them is an answer: this service has no certificate
/// sign-in (it is newer than card sign-in; not every service offers it).
const CHALLENGE: Route = Route::resource("/sign-in/certificate/challenge");
const SIGN_IN: Route = Route::resource("/sign-in/certificate");

/// The token's answer to a certificate challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateProof {
    pub challenge_id: String,
    pub algorithm: SignatureAlgorithm,
    pub signature: Vec<u8>,
}

/// `not_found` from a certificate route means the service lacks the feature.
fn unavailable_if_not_found(e: ServiceError) -> ServiceError {
    match e {
        ServiceError::NotFound => ServiceError::CertificateSignInUnavailable,
        other => other,
    }
}

fn too_large(what: &str) -> ServiceError {
    ServiceError::InvalidRequest {
        message: format!("the {what} is too large to send"),
    }
}

impl RegistrationClient {
    /// Step 1: the holder's certificate (DER) and any intermediates; the service checks the
    /// certificate (chain, validity, key usage) before it answers a challenge, so a card it
    /// would refuse is told before a PIN is typed.
    pub async fn request_certificate_challenge(
        &self,
        certificate_der: &[u8],
        chain_der: &[Vec<u8>],
    ) -> Result<Challenge, ServiceError> {
        if certificate_der.len() > MAX_CERTIFICATE_BYTES
            || chain_der.len() > MAX_CHAIN_CERTIFICATES
            || chain_der.iter().any(|c| c.len() > MAX_CERTIFICATE_BYTES)
        {
            return Err(too_large("certificate"));
        }
        let body = CertificateChallengeRequest {
            certificate: BASE64.encode(certificate_der),
            chain: chain_der.iter().map(|c| BASE64.encode(c)).collect(),
        };
        let reply: ChallengeResponse = self
            .json(Method::POST, CHALLENGE, CHALLENGE.name, None, Some(&body))
            .await
            .map_err(unavailable_if_not_found)?;
        // Checked like a card challenge: 32 bytes of hex, a bounded lifetime.
        Ok(Challenge {
            challenge: decode_hex_array(&reply.challenge, "challenge")?,
            challenge_id: reply.challenge_id,
            expires_in: Duration::from_secs(reply.expires_in),
        })
    }

    /// The service's origin as this client reaches it (`https://host[:port]`): what a
    /// signature is bound to.
    pub fn origin(&self) -> String {
        self.base_url().origin().ascii_serialization()
    }

    /// What the token signs for `challenge`: built here from the 32 random bytes, for this
    /// client's origin (docs/PROTOCOL.md, "Certificate sign-in").
    pub fn certificate_signed_message(&self, challenge: &Challenge) -> Vec<u8> {
        signed_message(&self.origin(), &challenge.challenge)
    }

    /// Step 2: the signature and the ID number; answers the same session as a card sign-in.
    pub async fn sign_in_with_certificate(
        &self,
        proof: &CertificateProof,
        id_number: &str,
    ) -> Result<Session, ServiceError> {
        if proof.signature.is_empty() || proof.signature.len() > MAX_SIGNATURE_BYTES {
            return Err(too_large("signature"));
        }
        let body = CertificateSignInRequest {
            challenge_id: proof.challenge_id.clone(),
            signature_algorithm: proof.algorithm,
            signature: hex::encode(&proof.signature),
            origin: self.origin(),
            id_number: id_number.to_owned(),
        };
        let sent = Instant::now();
        let reply: SignInResponse = self
            .json(Method::POST, SIGN_IN, SIGN_IN.name, None, Some(&body))
            .await
            .map_err(unavailable_if_not_found)?;
        Ok(Session {
            deadline: deadline(sent, reply.expires_in, "expires_in")?,
            expires_in: Duration::from_secs(reply.expires_in),
            token: reply.token,
        })
    }
}
