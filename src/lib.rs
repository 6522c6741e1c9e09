//! NHI Card Companion (健保卡裝置認證小幫手).
//!
//! Layers, each testable without the one above it:
//! - [`card`]: NHI card APDUs and parsing. Pure, no I/O.
//! - [`reader`]: PC/SC behind a trait, the scripted fake, the hot-plug monitor.
//! - [`virtual_card`]: a virtual NHI card (APDU responder + vpcd socket client).
//! - [`service`]: the registration protocol, its HTTP client and the reference service.
//! - [`token`]: certificate tokens (the Citizen Digital Certificate) through PKCS#11, and a
//!   software token for the demo. No iced, no flow.
//! - [`flow`]: the session state machine. Plain Rust, no I/O.
//! - [`backend`]: carries out the flow's effects on the card and the registration service.
//! - [`diagnostics`]: the support report (`diagnose`, the diagnostics screen); no iced.
//! - [`kiosk`]: service-center kiosk policy: machine-wide config, idle timer, admin PIN.
//! - [`cli`]: the command line for admins, scripts and tests.
//! - [`placement`]: where the window opens and how large (maximised on small screens).
//! - [`renderer`]: which renderer draws the window (GPU or software), and why; no iced.
//!
//! - [`ui`]: the desktop app; the only layer that imports iced.

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
