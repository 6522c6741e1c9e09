//! Reference-service extras: the health check, the demo outbox and the fault controls.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;

use crate::service::protocol::{FaultRequest, HealthResponse, OutboxResponse, PROTOCOL_VERSION};

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

/// `GET /api/v1/demo/outbox`.
pub async fn outbox(State(state): State<AppState>) -> Json<OutboxResponse> {
    Json(OutboxResponse {
        messages: state.outbox.messages(),
    })
}

/// `POST /api/v1/_faults` (204), mounted only with `--enable-faults`.
pub async fn arm_fault(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<FaultRequest>,
) -> ApiResult<StatusCode> {
    if req.count > 1_000 {
        return Err(ApiError::invalid("count must be at most 1000"));
    }
    tracing::warn!(kind = ?req.kind, count = req.count, "fault armed");
    state.faults.arm(&req);
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/_faults` (204).
pub async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}
