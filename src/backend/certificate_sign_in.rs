//! The certificate effects: the Citizen Digital Certificate opened and shown to the service
//! before any PIN, then signed in with its signature.

use super::Registration;
use super::registration::problem_at;
use super::tokens::{refuses_certificate, wire};
use crate::flow::{CertificateCard, Secret, TokenSlot};
use crate::problem::{Problem, from_certificate_sign_in};
use crate::service::{CertificateProof, ServiceError};
use crate::token::Pin;

impl Registration {
    /// A certificate sign-in call's failure in the person's words; nothing answering at a
    /// loopback address is the local service not running.
    fn certificate_problem(&self, e: ServiceError) -> Problem {
        match from_certificate_sign_in(&e) {
            Problem::NetworkDown => problem_at(e, self.client().is_loopback()),
            other => other,
        }
    }

    /// Opens the token and shows its certificate to the service (a challenge asked for and
    /// let go): a certificate the service would refuse (unknown CA, expired, wrong use, no
    /// certificate sign-in there) is said now, before a PIN is typed. A network failure is
    /// not: it is said at sign-in, when the person tries.
    pub(super) async fn read_certificate(
        &self,
        reader: Option<String>,
        slot: Option<TokenSlot>,
    ) -> Result<CertificateCard, Problem> {
        let (card, certificate) = self.tokens.read_certificate(reader, slot).await?;
        if let Err(e) = self
            .client()
            .request_certificate_challenge(&certificate.der, &certificate.chain)
            .await
        {
            let problem = self.certificate_problem(e);
            if refuses_certificate(&problem) {
                return Err(problem);
            }
            tracing::info!(why = problem.message_id(), "certificate pre-check not made");
        }
        Ok(card)
    }

    /// Certificate sign-in: a fresh challenge for the certificate, the token's signature of
    /// the message this client builds (with the PIN), the signature and the ID number to the
    /// service. A challenge that expired meanwhile (a slow card) is asked for once more and
    /// signed again: the PIN was just accepted, so no try is lost.
    pub(super) async fn certificate_sign_in(
        &self,
        slot: TokenSlot,
        id_number: Secret,
        pin: Secret,
    ) -> Result<Secret, Problem> {
        match self.sign_in_once(slot, &id_number, &pin).await {
            Err(Problem::Certificate(crate::problem::CertificateProblem::ChallengeExpired)) => {
                tracing::info!("certificate challenge expired on the way; signing once more");
                self.sign_in_once(slot, &id_number, &pin).await
            }
            other => other,
        }
    }

    async fn sign_in_once(
        &self,
        slot: TokenSlot,
        id_number: &Secret,
        pin: &Secret,
    ) -> Result<Secret, Problem> {
        let client = self.client();
        let certificate = self.tokens.signing_certificate(slot).await?;
        let challenge = client
            .request_certificate_challenge(&certificate.der, &certificate.chain)
            .await
            .map_err(|e| self.certificate_problem(e))?;
        let message = client.certificate_signed_message(&challenge);
        let signature = self
            .tokens
            .sign(slot, Pin::new(pin.expose()), message)
            .await?;
        let proof = CertificateProof {
            challenge_id: challenge.challenge_id,
            algorithm: wire(signature.algorithm),
            signature: signature.bytes,
        };
        let session = client
            .sign_in_with_certificate(&proof, id_number.expose())
            .await
            .map_err(|e| self.certificate_problem(e))?;
        Ok(Secret::new(session.token.expose()))
    }
}
