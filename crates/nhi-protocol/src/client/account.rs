//! The account calls: first-time application, e-mail verification, password reset and
//! change, the account's own data.

use super::*;

impl RegistrationClient {
    // --- application, e-mail, password ------------------------------------------------------

    /// First-time application (首次登入請先申請): card proof, ID number, e-mail and password.
    /// The service mails a verification link; sign-in works once it is followed.
    pub async fn apply(
        &self,
        proof: &CardProof,
        id_number: &str,
        email: &str,
        password: &Password,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = ApplicationRequest {
            challenge_id: proof.challenge_id.clone(),
            card_answer: hex::encode(proof.card_answer),
            id_number: id_number.to_owned(),
            email: email.to_owned(),
            password: password.clone(),
        };
        self.json(
            Method::POST,
            routes::APPLICATIONS,
            "/applications",
            None,
            Some(&body),
        )
        .await
    }

    /// Follows the verification mail's link.
    pub async fn verify_email(&self, token: &str) -> Result<MailSentResponse, ServiceError> {
        let body = TokenRequest {
            token: token.to_owned(),
        };
        self.json(
            Method::POST,
            routes::VERIFY,
            "/email/verify",
            None,
            Some(&body),
        )
        .await
    }

    /// Sends the verification mail again (card proof required).
    pub async fn resend_verification(
        &self,
        proof: &CardProof,
        id_number: &str,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = proof_body(proof, id_number);
        self.json(
            Method::POST,
            routes::RESEND,
            "/email/resend",
            None,
            Some(&body),
        )
        .await
    }

    /// Forgotten password: mails a reset link to the registered address (card proof required).
    pub async fn forgot_password(
        &self,
        proof: &CardProof,
        id_number: &str,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = proof_body(proof, id_number);
        self.json(
            Method::POST,
            routes::FORGOT,
            "/password/forgot",
            None,
            Some(&body),
        )
        .await
    }

    /// Sets a new password with the token from the reset mail. Also lifts a lock.
    pub async fn reset_password(
        &self,
        token: &str,
        new_password: &Password,
    ) -> Result<(), ServiceError> {
        let body = ResetPasswordRequest {
            token: token.to_owned(),
            new_password: new_password.clone(),
        };
        self.no_content(
            Method::POST,
            routes::RESET,
            "/password/reset",
            None,
            Some(&body),
            Idempotent::No,
        )
        .await
    }

    pub async fn change_password(
        &self,
        session: &Session,
        current: &Password,
        new_password: &Password,
    ) -> Result<(), ServiceError> {
        let body = ChangePasswordRequest {
            current_password: current.clone(),
            new_password: new_password.clone(),
        };
        self.no_content(
            Method::POST,
            routes::ACCOUNT_PASSWORD,
            "/account/password",
            Some(session),
            Some(&body),
            Idempotent::No,
        )
        .await
    }

    /// Asks to change the e-mail address; the new one takes effect once its mail is followed.
    pub async fn change_email(
        &self,
        session: &Session,
        password: &Password,
        new_email: &str,
    ) -> Result<MailSentResponse, ServiceError> {
        let body = ChangeEmailRequest {
            password: password.clone(),
            new_email: new_email.to_owned(),
        };
        self.json(
            Method::POST,
            routes::ACCOUNT_EMAIL,
            "/account/email",
            Some(session),
            Some(&body),
        )
        .await
    }

    pub async fn account(&self, session: &Session) -> Result<AccountResponse, ServiceError> {
        self.get_json(routes::ACCOUNT, "/account", Some(session))
            .await
    }
}
