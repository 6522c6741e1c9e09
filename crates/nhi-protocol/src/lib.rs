//! The registration protocol: types, the HTTP client and the reference service.
//!
//! - [`protocol`]: the JSON bodies and the closed [`protocol::ErrorCode`] set (docs/PROTOCOL.md).
//! - [`client`]: [`RegistrationClient`], HTTPS-only except to loopback, typed [`ServiceError`]s.
//! - [`address`]: the service address as typed (normalised) and as accepted.
//! - [`reply`], [`validate`]: every answer checked against the protocol's rules before use.
//! - [`reference`]: the reference service (axum) for the demo, training kiosks and tests.

pub mod address;
pub mod client;
pub mod error;
pub mod protocol;
pub mod reply;
pub mod secret;
pub mod tls;
mod transport;
pub mod validate;

pub use client::{
    CardProof, CertificateProof, Challenge, ClientOptions, DeviceCode, DeviceCodeStatus,
    RegistrationClient, Session,
};
pub use error::ServiceError;
pub use secret::{Password, SessionToken};
