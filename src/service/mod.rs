//! The registration protocol: types, the HTTP client and the reference service.
//!
//! - [`protocol`]: the JSON bodies and the closed [`protocol::ErrorCode`] set (docs/PROTOCOL.md).
//! - [`client`]: [`RegistrationClient`], HTTPS-only except to loopback, typed [`ServiceError`]s.
//! - [`reference`]: the reference service (axum) for the demo, training kiosks and tests.

pub mod client;
pub mod error;
pub mod protocol;
pub mod reference;
pub mod secret;
pub mod tls;

pub use client::{
    CardProof, Challenge, ClientOptions, DeviceCode, DeviceCodeStatus, RegistrationClient, Session,
};
pub use error::ServiceError;
pub use secret::{Password, SessionToken};
