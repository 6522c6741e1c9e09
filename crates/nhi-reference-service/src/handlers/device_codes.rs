//! Device authentication codes (create, status, the phone's redeem) and authenticated devices
//! (list, revoke).

use std::net::SocketAddr;
use std::time::Duration;

use axum::Json;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use rand::RngCore;

use nhi_protocol::protocol::{
    DEVICE_CODE_ALPHABET, DEVICE_CODE_LEN, DeviceCodeResponse, DeviceCodeState,
    DeviceCodeStatusResponse, DeviceListResponse, ErrorCode, RedeemRequest, RedeemResponse,
    is_device_code_shape,
};

use super::super::api_error::{ApiError, ApiJson, ApiResult};
use super::super::clock::rfc3339;
use super::super::state::{AppState, CodeRecord, Device, persist, random_hex};
use super::Authed;

/// Eight characters from the 32-symbol alphabet: 40 bits, uniform (256 is a multiple of 32).
fn new_code() -> String {
    let mut bytes = [0u8; DEVICE_CODE_LEN];
    rand::rng().fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(DEVICE_CODE_ALPHABET[usize::from(b & 31)]))
        .collect()
}

/// `POST /api/v1/device-codes` (201).
pub async fn create(
    State(state): State<AppState>,
    authed: Authed,
) -> ApiResult<(StatusCode, Json<DeviceCodeResponse>)> {
    let now = state.clock.now();
    let ttl = state.policy.device_code_ttl;
    let expires_at = rfc3339(state.clock.wall_now() + ttl);
    let mut store = state.store();
    store.prune(now, &state.policy);
    let code = loop {
        let candidate = new_code();
        if !store.codes.contains_key(&candidate) {
            break candidate;
        }
    };
    store.codes.insert(
        code.clone(),
        CodeRecord {
            card_number: authed.card_number,
            expires: now + ttl,
            expires_at: expires_at.clone(),
            redeemed_by: None,
        },
    );
    Ok((
        StatusCode::CREATED,
        Json(DeviceCodeResponse {
            qr_payload: code.clone(),
            code,
            ttl_seconds: ttl.as_secs(),
            expires_at,
        }),
    ))
}

/// `GET /api/v1/device-codes/{code}`: only the card that created a code may see it.
pub async fn status(
    State(state): State<AppState>,
    authed: Authed,
    Path(code): Path<String>,
) -> ApiResult<Json<DeviceCodeStatusResponse>> {
    let code = code.to_ascii_uppercase();
    let now = state.clock.now();
    let store = state.store();
    let record = store
        .codes
        .get(&code)
        .filter(|r| r.card_number == authed.card_number)
        .ok_or_else(unknown_code)?;
    let device = record
        .redeemed_by
        .as_ref()
        .and_then(|id| store.devices.get(id))
        .map(Device::info);
    let status = match (&device, record.expires > now) {
        (Some(_), _) => DeviceCodeState::Redeemed,
        (None, true) => DeviceCodeState::Pending,
        (None, false) => DeviceCodeState::Expired,
    };
    Ok(Json(DeviceCodeStatusResponse {
        code,
        status,
        expires_at: record.expires_at.clone(),
        device,
    }))
}

fn unknown_code() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such device code")
}

/// `POST /api/v1/device-codes/{code}/redeem`: the phone's side, no session (the code is the
/// credential). 200 once; then 409; 410 past expiry; 404 unknown. Limited per client address
/// so the 40-bit space cannot be walked.
pub async fn redeem(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
    ApiJson(req): ApiJson<RedeemRequest>,
) -> ApiResult<Json<RedeemResponse>> {
    let code = code.to_ascii_uppercase();
    for (field, value) in [
        ("device_name", &req.device_name),
        ("platform", &req.platform),
    ] {
        if value.trim().is_empty() || value.chars().count() > 100 {
            return Err(ApiError::invalid(format!(
                "{field} must be 1 to 100 characters"
            )));
        }
    }
    let now = state.clock.now();
    let device = {
        let mut store = state.store();
        store
            .limits
            .check(
                &format!("redeem:{}", peer.ip()),
                state.policy.redeems_per_client_per_minute,
                Duration::from_secs(60),
                now,
            )
            .map_err(ApiError::rate_limited)?;
        if !is_device_code_shape(&code) {
            return Err(unknown_code());
        }
        let record = store.codes.get(&code).ok_or_else(unknown_code)?;
        if record.redeemed_by.is_some() {
            return Err(ApiError::new(
                ErrorCode::CodeRedeemed,
                "this code has already been used",
            ));
        }
        if record.expires <= now {
            return Err(ApiError::new(
                ErrorCode::CodeExpired,
                "this code has expired; generate a new one",
            ));
        }
        let device = Device {
            device_id: random_hex(8),
            card_number: record.card_number.clone(),
            device_name: req.device_name.trim().to_owned(),
            platform: req.platform.trim().to_owned(),
            authenticated_at: rfc3339(state.clock.wall_now()),
            revoked: false,
        };
        if let Some(record) = store.codes.get_mut(&code) {
            record.redeemed_by = Some(device.device_id.clone());
        }
        store
            .devices
            .insert(device.device_id.clone(), device.clone());
        device
    };
    persist(&state).await;
    tracing::info!(platform = %device.platform, "device code redeemed");
    Ok(Json(RedeemResponse {
        device: device.info(),
    }))
}

/// `GET /api/v1/devices`: the card's devices, oldest first.
pub async fn list(State(state): State<AppState>, authed: Authed) -> Json<DeviceListResponse> {
    let store = state.store();
    let mut devices: Vec<&Device> = store
        .devices
        .values()
        .filter(|d| d.card_number == authed.card_number && !d.revoked)
        .collect();
    devices.sort_by(|a, b| {
        (&a.authenticated_at, &a.device_id).cmp(&(&b.authenticated_at, &b.device_id))
    });
    Json(DeviceListResponse {
        devices: devices.into_iter().map(Device::info).collect(),
    })
}

/// `DELETE /api/v1/devices/{device_id}` (204, also for an already revoked device).
pub async fn revoke(
    State(state): State<AppState>,
    authed: Authed,
    Path(device_id): Path<String>,
) -> ApiResult<StatusCode> {
    {
        let mut store = state.store();
        let device = store
            .devices
            .get_mut(&device_id)
            .filter(|d| d.card_number == authed.card_number)
            .ok_or_else(|| ApiError::new(ErrorCode::NotFound, "no such device"))?;
        if device.revoked {
            return Ok(StatusCode::NO_CONTENT);
        }
        device.revoked = true;
    }
    persist(&state).await;
    tracing::info!("device revoked");
    Ok(StatusCode::NO_CONTENT)
}
