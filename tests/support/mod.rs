//! Shared by the integration tests (`mod support;`): the real PC/SC stack.
//!
//! There is one pcscd on the machine with two vsmartcard vpcd readers, and nextest runs each
//! test in its own process, so every test that touches pcscd holds [`pcscd::Pcscd`], a
//! cross-process file lock, for its whole run.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

pub mod child;
pub mod expected;
pub mod pcscd;
