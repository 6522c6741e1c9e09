//! NHI Card Companion (健保卡裝置認證小幫手): the app.
//!
//! The layers below it are crates of their own (`crates/`, docs/ARCHITECTURE.md), each
//! testable without the ones above it. They are re-exported here under the module names the
//! app has always used, for the app's own convenience (not a second home of their types):
//! - [`card`] (`nhi-card`): NHI card APDUs and parsing. Pure, no I/O.
//! - [`reader`] (`nhi-reader`): PC/SC behind a trait, the hot-plug monitor (the scripted fake
//!   only with its `test-support` feature, in tests).
//! - [`virtual_card`] (`nhi-virtual-card`): a virtual NHI card (APDU responder + vpcd client).
//! - [`service`] (`nhi-protocol`, and `nhi-reference-service` as [`service::reference`]): the
//!   registration protocol, its HTTP client and the reference service.
//! - [`token`] (`nhi-token`): certificate tokens (the Citizen Digital Certificate) through
//!   PKCS#11, and a software token for the demo.
//! - [`flow`] (`nhi-flow`): the session state machine and the `Problem` enum. Plain Rust.
//!
//! The app's own modules:
//! - [`problem`]: `Problem`'s words (Fluent) and the lower layers' errors as problems.
//! - [`backend`]: carries out the flow's effects on the card and the registration service.
//! - [`diagnostics`]: the support report (`diagnose`, the diagnostics screen); no iced.
//! - [`kiosk`]: service-center kiosk policy: machine-wide config, idle timer, admin PIN.
//! - [`cli`]: the command line for admins, scripts and tests.
//! - [`placement`]: where the window opens and how large (maximised on small screens).
//! - [`renderer`]: which renderer draws the window (GPU or software), and why; no iced.
//! - [`settings`], [`i18n`]: what is remembered, and the two languages.
//!
//! - [`ui`]: the desktop app; the only module (and crate) that imports iced.

pub mod backend;
pub use nhi_card as card;
pub mod cli;
pub mod diagnostics;
pub use nhi_flow as flow;
pub mod i18n;
pub mod kiosk;
pub mod placement;
pub mod problem;
pub use nhi_reader as reader;
pub mod renderer;
/// The registration protocol ([`nhi_protocol`]) with the reference service beside it, under
/// the one name the app's code has always used.
pub mod service {
    pub use nhi_protocol::*;
    pub use nhi_reference_service as reference;
}
pub mod settings;
pub use nhi_token as token;
pub mod ui;
pub use nhi_virtual_card as virtual_card;
