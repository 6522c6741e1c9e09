//! The account steps of the official site: first-time application (首次登入請先申請), e-mail
//! verification (電子信箱認證) with resend (重寄認證信) and the code from the verification mail,
//! and forgotten password (忘記註冊密碼) with the reset mail's code and a new registration
//! password.
//!
//! Every form checks the protocol's rules before anything is sent (6–12 characters, the
//! repeat matching, an e-mail's shape, a code typed at all) and says what is wrong under the
//! field, with ⚠; Enter in any field submits its form.

mod view;

use super::Event;
use crate::flow::{self, Secret};
use crate::ui::form::{self, FieldError};

/// The first-time application's fields (their widget ids, and their labels' message ids).
pub const APPLY_PASSWORD: &str = "apply-password";
pub const APPLY_PASSWORD_AGAIN: &str = "apply-password-again";
pub const APPLY_EMAIL: &str = "apply-email";
/// The field for the verification mail's code.
pub const VERIFICATION_CODE: &str = "verify-code";
/// The fields for the reset mail's code and the new password.
pub const RESET_CODE: &str = "reset-code";
pub const NEW_PASSWORD: &str = "reset-new-password";

#[derive(Debug, Clone)]
pub enum Message {
    Password(String),
    PasswordAgain(String),
    Email(String),
    SubmitApplication,
    /// Send the password reset mail (to the registered address).
    SubmitReset,
    Resend,
    /// The e-mail verification code (信箱認證碼) being typed or pasted from the mail.
    VerificationCode(String),
    SubmitVerification,
    /// The password reset code (密碼重設碼) from the reset mail.
    ResetCode(String),
    NewPassword(String),
    SubmitNewPassword,
    /// Demo only: show the mails the practice service "sent".
    OpenMailbox,
    Back,
}

/// What was typed. Zeroized when replaced or dropped with the screen (any move to another
/// screen, the card leaving included).
#[derive(Default)]
pub struct Account {
    password: Secret,
    password_again: Secret,
    email: Secret,
    /// The code from the verification or the reset mail.
    code: Secret,
    new_password: Secret,
    /// The person pressed submit (or Enter): from now on each field says what is wrong.
    tried: bool,
}

/// A code as pasted from a mail: without the spaces and line breaks around it (the service
/// also ignores hyphens, case and inner spaces).
fn trimmed(code: &Secret) -> Secret {
    Secret::new(code.expose().trim())
}

/// What each form's fields lack, in field order (`None`: fine).
struct Checks {
    password: Option<FieldError>,
    password_again: Option<FieldError>,
    email: Option<FieldError>,
    code: Option<FieldError>,
    new_password: Option<FieldError>,
}

impl Account {
    fn checks(&self) -> Checks {
        Checks {
            password: form::check_new_password(self.password.expose()),
            password_again: form::check_repeat(
                self.password.expose(),
                self.password_again.expose(),
            ),
            email: form::check_email(self.email.expose()),
            code: form::check_code(self.code.expose()),
            new_password: form::check_new_password(self.new_password.expose()),
        }
    }

    /// The errors to show: none before the first try.
    fn shown(&self) -> Checks {
        if self.tried {
            self.checks()
        } else {
            Checks {
                password: None,
                password_again: None,
                email: None,
                code: None,
                new_password: None,
            }
        }
    }

    pub fn update(&mut self, message: Message) -> Option<Event> {
        match message {
            Message::Password(v) => self.password = Secret::new(v),
            Message::PasswordAgain(v) => self.password_again = Secret::new(v),
            Message::Email(v) => self.email = Secret::new(v),
            Message::SubmitApplication => {
                self.tried = true;
                let c = self.checks();
                if c.password.is_some() || c.password_again.is_some() || c.email.is_some() {
                    return None;
                }
                // Sent: a refusal from the service (already registered…) starts a clean form.
                self.tried = false;
                self.password_again = Secret::default();
                return Some(
                    flow::Event::SubmitApplication {
                        password: std::mem::take(&mut self.password),
                        email: Secret::new(self.email.expose().trim()),
                    }
                    .into(),
                );
            }
            Message::SubmitReset => return Some(flow::Event::SubmitPasswordReset.into()),
            Message::Resend => return Some(flow::Event::ResendVerification.into()),
            Message::VerificationCode(v) | Message::ResetCode(v) => self.code = Secret::new(v),
            Message::NewPassword(v) => self.new_password = Secret::new(v),
            // The code stays in its field, so a mistyped one can be corrected.
            Message::SubmitVerification => {
                self.tried = true;
                if self.checks().code.is_none() {
                    return Some(flow::Event::SubmitVerificationToken(trimmed(&self.code)).into());
                }
            }
            Message::SubmitNewPassword => {
                self.tried = true;
                let c = self.checks();
                if c.code.is_none() && c.new_password.is_none() {
                    self.tried = false;
                    return Some(
                        flow::Event::SubmitResetToken {
                            token: trimmed(&self.code),
                            new_password: std::mem::take(&mut self.new_password),
                        }
                        .into(),
                    );
                }
            }
            Message::OpenMailbox => return Some(Event::OpenMailbox),
            Message::Back => return Some(flow::Event::Back.into()),
        }
        None
    }
}
