//! Reference-service extras: the health check, the demo outbox and the fault controls.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;

use nhi_protocol::protocol::{
    ErrorCode, FaultRequest, HealthResponse, OutboxResponse, PROTOCOL_VERSION,
};

use super::super::api_error::{ApiError, ApiJson, ApiResult};
use super::super::state::AppState;

/// `GET /api/v1/health`: no state touched, no rate limit, nothing personal.
pub async fn health() -> Json<HealthResponse> {
    Json(HealthResponse {
        status: "ok".into(),
        protocol: PROTOCOL_VERSION,
        service: concat!("nhi-companion-reference ", env!("CARGO_PKG_VERSION")).into(),
    })
}

/// The outbox and the fault controls act for anyone who asks: they answer only a client on
/// this computer. (The service also refuses to start them on a non-loopback listener; this
/// is the second lock.)
fn loopback_only(peer: SocketAddr) -> ApiResult<()> {
    if peer.ip().to_canonical().is_loopback() {
        Ok(())
    } else {
        tracing::warn!("a demo-only route was asked for from another computer");
        Err(ApiError::new(ErrorCode::NotFound, "no such endpoint"))
    }
}

/// `GET /api/v1/demo/outbox`, mounted only for the demo (`--demo-outbox`).
pub async fn outbox(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> ApiResult<Json<OutboxResponse>> {
    loopback_only(peer)?;
    Ok(Json(OutboxResponse {
        messages: state.outbox.messages(),
    }))
}

/// `POST /api/v1/_faults` (204), mounted only with `--enable-faults`.
pub async fn arm_fault(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(req): ApiJson<FaultRequest>,
) -> ApiResult<StatusCode> {
    loopback_only(peer)?;
    if req.count > 1_000 {
        return Err(ApiError::invalid("count must be at most 1000"));
    }
    tracing::warn!(kind = ?req.kind, count = req.count, "fault armed");
    state.faults.arm(&req);
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/_faults` (204).
pub async fn clear_faults(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
) -> ApiResult<StatusCode> {
    loopback_only(peer)?;
    state.faults.clear();
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_routes_answer_only_this_computer() {
        for peer in ["127.0.0.1:5000", "[::1]:5000", "[::ffff:127.0.0.1]:5000"] {
            assert!(loopback_only(peer.parse().unwrap()).is_ok(), "{peer}");
        }
        for peer in ["192.168.1.20:5000", "10.0.0.7:5000", "[fe80::1]:5000"] {
            let err = loopback_only(peer.parse().unwrap()).unwrap_err();
            assert_eq!(err.0.error, ErrorCode::NotFound, "{peer}");
        }
    }
}
