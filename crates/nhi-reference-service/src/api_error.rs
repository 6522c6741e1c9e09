//! Handler errors as protocol answers: the status of the code, the JSON error body, and a
//! `Retry-After` header where there is a wait.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use nhi_protocol::protocol::{ErrorBody, ErrorCode};

#[derive(Debug)]
pub struct ApiError(pub ErrorBody);

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self(ErrorBody::new(code, message))
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidRequest, message)
    }

    pub fn wrong_password(attempts_left: u32) -> Self {
        let mut body = ErrorBody::new(
            ErrorCode::WrongPassword,
            format!("wrong registration password; {attempts_left} attempts left"),
        );
        body.attempts_left = Some(attempts_left);
        Self(body)
    }

    pub fn locked(retry_after: u64) -> Self {
        let mut body = ErrorBody::new(
            ErrorCode::Locked,
            "too many wrong passwords; the account is locked for a while",
        );
        body.retry_after = Some(retry_after);
        Self(body)
    }

    pub fn rate_limited(retry_after: u64) -> Self {
        let mut body = ErrorBody::new(ErrorCode::RateLimited, "too many requests; wait a little");
        body.retry_after = Some(retry_after);
        Self(body)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.0.error.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.0.retry_after;
        let mut response = (status, axum::Json(self.0)).into_response();
        if let Some(secs) = retry_after
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// `Json<T>` whose rejections are protocol errors (`invalid_request`), not axum's plain text.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(ApiError::invalid(rejection_text(&rejection))),
        }
    }
}

fn rejection_text(rejection: &JsonRejection) -> String {
    // The body text names the field and the problem, never the submitted values.
    rejection.body_text()
}

/// Unknown routes.
pub async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such endpoint")
}

/// Known route, wrong method.
pub async fn method_not_allowed() -> Response {
    let mut response = ApiError::invalid("method not allowed").into_response();
    *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    response
}
