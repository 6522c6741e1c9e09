//! The URL map of the protocol (docs/PROTOCOL.md). Unknown paths answer `not_found` and wrong
//! methods `invalid_request` (405), both as JSON error bodies like everything else.
//!
//! Reviewed for a service on a network (docs/PROTOCOL.md, "On a network"): every route acts
//! only for whoever holds its credential — fresh card proof, a session token, a mail token,
//! or (redeem) the 8-character code from the person's own screen, rate limited per address.
//! The two routes that act for anyone who asks, the demo outbox (every mail's token) and the
//! fault controls, exist only when asked for and only on loopback.

use axum::Router;
use axum::routing::{delete, get, post};

use super::api_error::{method_not_allowed, not_found};
use super::handlers::{account, certificate, demo, device_codes, sign_in};
use super::state::AppState;

pub fn router(state: AppState) -> Router {
    let mut api = Router::new()
        .route("/health", get(demo::health))
        .route("/sign-in/challenge", post(sign_in::challenge))
        .route("/sign-in", post(sign_in::sign_in))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/applications", post(account::apply))
        .route("/email/verify", post(account::verify_email))
        .route("/email/resend", post(account::resend_verification))
        .route("/password/forgot", post(account::forgot_password))
        .route("/password/reset", post(account::reset_password))
        .route("/account", get(account::account))
        .route("/account/password", post(account::change_password))
        .route("/account/email", post(account::change_email))
        .route("/device-codes", post(device_codes::create))
        .route("/device-codes/{code}", get(device_codes::status))
        .route("/device-codes/{code}/redeem", post(device_codes::redeem))
        .route("/devices", get(device_codes::list))
        .route("/devices/{device_id}", delete(device_codes::revoke));
    // Certificate sign-in: only with trusted CAs (`--moica-ca`); otherwise its routes answer
    // `not_found`, which clients read as "this service does not offer it".
    if state.certificates.enabled() {
        api = api
            .route(
                "/sign-in/certificate/challenge",
                post(certificate::challenge),
            )
            .route("/sign-in/certificate", post(certificate::sign_in));
    }
    // Demo and test extras: absent (404) unless asked for, and then only on loopback.
    if state.demo_outbox {
        api = api.route("/demo/outbox", get(demo::outbox));
    }
    if state.faults_enabled {
        api = api.route("/_faults", post(demo::arm_fault).delete(demo::clear_faults));
    }
    Router::new()
        .nest(nhi_protocol::protocol::API_PREFIX, api)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
}
