//! Certificate tokens: the Citizen Digital Certificate (自然人憑證, MOICA) and any other
//! smart card or HSM behind a PKCS#11 module, plus a software token for the demo.
//!
//! Plain Rust, no iced and no flow: the flow holds a `Box<dyn CertificateToken>` and runs its
//! calls on a blocking thread (each is a few card round trips).
//!
//! - [`discovery`]: where the vendor module (HiCOS) is installed, or an explicit path.
//! - [`pkcs11`]: [`Pkcs11Token`], the module loaded at run time with `cryptoki`. The app
//!   never sends its own APDUs to a MOICA card: its PIN handling is the vendor's (MOICA
//!   warns that other tools can lock a card).
//! - [`software`]: [`SoftwareToken`], a key and certificate in memory that behaves like a
//!   card (PIN tries, lock, removal), for `--demo` and for tests.
//! - [`certificate`]: which certificate on a token signs, and with which algorithm.
//! - [`pin`], [`error`]: the PIN (zeroized, never logged), its tries, the closed error set.
//!
//! What a token is asked to sign is built by the protocol (`service::protocol::certificate::
//! signed_message`), never taken from the service as is.

pub mod certificate;
pub mod demo_ca;
pub mod discovery;
pub mod error;
pub mod pin;
pub mod pkcs11;
pub mod software;

pub use certificate::{KeyKind, SignatureAlgorithm};
pub use discovery::find_module;
pub use error::TokenError;
pub use pin::{Pin, PinState, PinTries};
pub use pkcs11::Pkcs11Token;
pub use software::SoftwareToken;

/// Which slot of a module a token sits in (the PKCS#11 slot id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SlotId(pub u64);

/// A token present in a slot, as far as it may be shown: labels and the PIN state, nothing
/// personal (the certificate, with the holder's name, is read separately).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSummary {
    pub slot: SlotId,
    /// The slot's description (`CK_SLOT_INFO.slotDescription`, trimmed): for a card in a
    /// PC/SC reader, modules put the reader's name here, so a token can be matched to the
    /// reader its card is in.
    pub slot_description: String,
    /// The token's label (`CK_TOKEN_INFO.label`, trimmed), e.g. `HiCOS PKI Smart Card`.
    pub label: String,
    pub manufacturer: String,
    pub model: String,
    pub pin: PinState,
    /// The PIN lengths the token accepts (MOICA: 6 to 8).
    pub pin_length: (usize, usize),
}

/// The signing certificate of a token.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenCertificate {
    /// DER, as stored on the token (`CKA_VALUE`).
    pub der: Vec<u8>,
    /// `CKA_LABEL` of the certificate object (may be empty).
    pub label: String,
    /// `CKA_ID`: the private key with the same id signs (MOICA: `SIGN`).
    pub id: Vec<u8>,
    pub key: KeyKind,
    /// The CA certificates stored on the token beside it (MOICA cards hold their issuing
    /// CA's), DER: sent along so the service can build the chain.
    pub chain: Vec<Vec<u8>>,
}

impl std::fmt::Debug for TokenCertificate {
    // The DER holds the holder's name: never in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCertificate")
            .field("der_len", &self.der.len())
            .field("id", &hex::encode(&self.id))
            .field("key", &self.key)
            .field("chain", &self.chain.len())
            .finish_non_exhaustive()
    }
}

/// A signature made by a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    pub algorithm: SignatureAlgorithm,
    /// RSA: the PKCS#1 v1.5 signature (as long as the modulus). ECDSA: `r || s`, each as
    /// long as the curve (64 bytes for P-256), as PKCS#11 returns it.
    pub bytes: Vec<u8>,
}

/// A certificate token: what the flow needs of a card with a signing key.
///
/// Every call is short and complete: `sign` opens a session, logs in, signs and logs out in
/// one go, so no session (and no PIN) is held across user input, and a card pulled between
/// two calls is simply `TokenRemoved` on the next.
pub trait CertificateToken: Send {
    /// The tokens present now (slots with a token in them).
    fn tokens(&mut self) -> Result<Vec<TokenSummary>, TokenError>;

    /// The slots with an initialised token in them (those `tokens` lists), as cheaply as the
    /// token can say (a watcher asks each second): no session.
    fn present_slots(&mut self) -> Result<Vec<SlotId>, TokenError> {
        Ok(self.tokens()?.into_iter().map(|t| t.slot).collect())
    }

    /// The certificate the token signs with, read without the PIN.
    fn signing_certificate(&mut self, slot: SlotId) -> Result<TokenCertificate, TokenError>;

    /// Logs in with `pin`, signs `message` with the signing certificate's private key
    /// (RSA PKCS#1 v1.5 with SHA-256, or ECDSA P-256 with SHA-256) and logs out.
    ///
    /// A PIN the token reports locked is never sent; one outside the token's length limits is
    /// refused before it is sent (it would cost a try for nothing).
    fn sign(&mut self, slot: SlotId, pin: &Pin, message: &[u8]) -> Result<Signature, TokenError>;
}
