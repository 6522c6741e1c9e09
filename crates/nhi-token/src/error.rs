//! `TokenError`: everything talking to a certificate token can end in, closed, so the layers
//! above map each variant to one message and one action. The PKCS#11 return codes are sorted
//! here (`from_rv`), once, by what they mean for the person holding the card.

use std::path::PathBuf;

use super::pin::PinTries;

/// One variant per cause the person can act on, plus `Failed` for the rest (with the
/// PKCS#11 code for support). No variant carries a PIN or anything read from a certificate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    /// No PKCS#11 module at the configured path or in any usual install location: the card's
    /// middleware (HiCOS for the Citizen Digital Certificate) is not installed.
    #[error("no PKCS#11 module found (looked in {} places)", looked_in.len())]
    ModuleNotFound { looked_in: Vec<PathBuf> },
    /// A file is there but is not a loadable PKCS#11 module (wrong architecture, damaged, not
    /// a PKCS#11 library, or its `C_Initialize` failed).
    #[error("the PKCS#11 module {path} cannot be used: {detail}")]
    ModuleUnusable { path: PathBuf, detail: String },
    /// The module runs, but no slot holds a token (no card in any reader).
    #[error("no token (card) is present")]
    NoToken,
    /// The token went away while in use: card pulled, reader unplugged, the session lost.
    #[error("the token was removed")]
    TokenRemoved,
    /// The token holds no certificate usable for signing in.
    #[error("the token holds no signing certificate")]
    NoCertificate,
    /// Signed in to the token, but no private key belongs to the certificate.
    #[error("the token holds no private key for its signing certificate")]
    NoSigningKey,
    /// The certificate's key is not one this app signs with (RSA ≥ 2048 bits, EC P-256).
    #[error("the certificate's key type is not supported")]
    UnsupportedKey,
    /// `CKR_PIN_INCORRECT`; `tries` is what the token's flags say after the attempt.
    #[error("wrong PIN ({tries:?})")]
    PinIncorrect { tries: PinTries },
    /// `CKR_PIN_LOCKED`, or `CKF_USER_PIN_LOCKED` before trying: the app never tries again.
    #[error("the PIN is locked")]
    PinLocked,
    /// `CKR_PIN_LEN_RANGE` / `CKR_PIN_INVALID`, or a PIN outside the token's own length
    /// limits (checked before it is sent, so it costs no try).
    #[error("the PIN must be {min} to {max} characters")]
    PinFormat { min: usize, max: usize },
    /// Anything else: `function` is the PKCS#11 call, `code` the `CKR_…` name.
    #[error("{function} failed: {code}")]
    Failed { function: String, code: String },
}

impl TokenError {
    /// A failure of `function` that is not about the PIN (those are sorted where the PIN is
    /// sent, because they need the token's flags).
    pub fn from_cryptoki(err: &cryptoki::error::Error) -> TokenError {
        use cryptoki::error::{Error, RvError};
        match err {
            Error::Pkcs11(rv, function) => match rv {
                RvError::DeviceRemoved
                | RvError::TokenNotPresent
                | RvError::SessionHandleInvalid
                | RvError::SessionClosed
                | RvError::SlotIdInvalid
                | RvError::TokenNotRecognized => TokenError::TokenRemoved,
                RvError::PinLocked => TokenError::PinLocked,
                _ => TokenError::Failed {
                    function: function.to_string(),
                    code: rv_name(*rv),
                },
            },
            other => TokenError::Failed {
                function: "cryptoki".into(),
                code: other.to_string(),
            },
        }
    }

    /// The token is gone: the flow goes back to waiting, as when an NHI card is pulled.
    pub fn is_removal(&self) -> bool {
        matches!(self, TokenError::TokenRemoved | TokenError::NoToken)
    }
}

/// `CKR_…`-style name of a return value, for support (`Debug` of cryptoki's enum is the
/// CamelCase name; keep it short and stable).
fn rv_name(rv: cryptoki::error::RvError) -> String {
    format!("{rv:?}")
}

#[cfg(test)]
mod tests {
    use cryptoki::context::Function;
    use cryptoki::error::{Error, RvError};

    use super::*;

    #[test]
    fn removal_codes_mean_the_token_is_gone() {
        for rv in [
            RvError::DeviceRemoved,
            RvError::TokenNotPresent,
            RvError::SessionHandleInvalid,
            RvError::SessionClosed,
        ] {
            let e = TokenError::from_cryptoki(&Error::Pkcs11(rv, Function::Sign));
            assert_eq!(e, TokenError::TokenRemoved, "{rv:?}");
            assert!(e.is_removal());
        }
    }

    #[test]
    fn other_codes_keep_their_name_for_support() {
        let e = TokenError::from_cryptoki(&Error::Pkcs11(RvError::DeviceError, Function::Sign));
        match e {
            TokenError::Failed { function, code } => {
                assert_eq!(code, "DeviceError");
                assert!(function.contains("Sign"), "{function}");
            }
            other => panic!("{other:?}"),
        }
    }
}
