//! What happens to the flow: reader signals, the person's intents, and replies to effects.

use super::{
    CertificateCard, CodeStatus, DeviceCode, DeviceInfo, Holder, ReaderSignal, Secret, Ticket,
    TokenSignal,
};
use crate::problem::Problem;

#[derive(Debug, Clone)]
pub enum Event {
    Reader(ReaderSignal),
    /// The token watcher (PKCS#11 slots).
    Token(TokenSignal),

    // Intents: what the person asked for.
    SubmitPassword(Secret),
    /// Sign in with the Citizen Digital Certificate: the ID number the service checks the
    /// certificate against, and the card's PIN.
    SubmitCertificate {
        id_number: Secret,
        pin: Secret,
    },
    /// Open the first-time application (首次登入請先申請).
    StartApplication,
    SubmitApplication {
        password: Secret,
        email: Secret,
    },
    /// 重寄認證信
    ResendVerification,
    /// The e-mail verification code (信箱認證碼) from the verification mail.
    SubmitVerificationToken(Secret),
    /// 忘記註冊密碼
    ForgotPassword,
    /// Send the reset mail (to the registered address: nothing is asked for).
    SubmitPasswordReset,
    /// The password reset code (密碼重設碼) from the reset mail and the new registration password.
    SubmitResetToken {
        token: Secret,
        new_password: Secret,
    },
    /// 產生裝置認證碼 (also "generate a new one" after expiry or verification).
    GenerateCode,
    ShowDevices,
    Revoke(String),
    SignOut,
    Back,
    Retry,

    /// A one-second tick, only while a countdown is on screen.
    Tick,

    /// Start over for the next person (a kiosk left idle, or done with its code): whatever the
    /// session was doing is cancelled and signed out, all personal data dropped, and the flow
    /// waits for a card. Readers are kept. A card still in the reader is not read again until
    /// it is taken out and inserted (or another card is).
    Reset,

    /// The result of an effect, with the ticket the effect carried.
    Reply(Ticket, Reply),
}

/// The result of an effect.
#[derive(Debug, Clone)]
pub enum Reply {
    CardRead(Result<Holder, Problem>),
    /// The certificate token was opened (its certificate read, no PIN asked).
    CertificateRead(Result<CertificateCard, Problem>),
    /// The session token, after a certificate sign-in.
    CertificateSignedIn(Result<Secret, Problem>),
    /// The session token.
    SignedIn(Result<Secret, Problem>),
    /// A mail was sent: where to (the address masked, `d***@example.org`).
    ApplicationSent(Result<Secret, Problem>),
    VerificationResent(Result<Secret, Problem>),
    PasswordResetSent(Result<Secret, Problem>),
    /// The verification code was accepted.
    EmailVerified(Result<(), Problem>),
    /// The new password was set with the reset code.
    PasswordChanged(Result<(), Problem>),
    CodeCreated(Result<DeviceCode, Problem>),
    CodeStatus(Result<CodeStatus, Problem>),
    DevicesListed(Result<Vec<DeviceInfo>, Problem>),
    /// The device with this id is no longer authenticated.
    DeviceRevoked(Result<String, Problem>),
}
