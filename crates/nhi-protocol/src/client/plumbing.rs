//! How every call goes: the request, the retries of idempotent calls, the answer checked
//! before use.

use super::*;

impl RegistrationClient {
    pub(super) async fn get_json<T: DeserializeOwned + Checked>(
        &self,
        route: Route,
        path: &str,
        session: Option<&Session>,
    ) -> Result<T, ServiceError> {
        self.call(
            Method::GET,
            route,
            path,
            session,
            None::<&()>,
            Idempotent::Yes,
            true,
            |a| reply::decode(route, a),
        )
        .await
    }

    /// A non-idempotent call with a JSON answer.
    pub(super) async fn json<T: DeserializeOwned + Checked, B: Serialize>(
        &self,
        method: Method,
        route: Route,
        path: &str,
        session: Option<&Session>,
        body: Option<&B>,
    ) -> Result<T, ServiceError> {
        self.call(
            method,
            route,
            path,
            session,
            body,
            Idempotent::No,
            true,
            |a| reply::decode(route, a),
        )
        .await
    }

    pub(super) async fn no_content<B: Serialize>(
        &self,
        method: Method,
        route: Route,
        path: &str,
        session: Option<&Session>,
        body: Option<&B>,
        idempotent: Idempotent,
    ) -> Result<(), ServiceError> {
        self.call(method, route, path, session, body, idempotent, false, |a| {
            reply::expect_success(route, a)
        })
        .await
    }

    /// Sends with retries (idempotent calls only) and reads each answer through `decode`.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn call<T, B: Serialize>(
        &self,
        method: Method,
        route: Route,
        path: &str,
        session: Option<&Session>,
        body: Option<&B>,
        idempotent: Idempotent,
        expects_body: bool,
        decode: impl Fn(&Answer) -> Result<T, ServiceError>,
    ) -> Result<T, ServiceError> {
        let url = self.endpoint(path)?;
        // Serialised once; zeroized when this call ends because it may carry a password.
        let body: Option<Zeroizing<Vec<u8>>> = body
            .map(|b| serde_json::to_vec(b).map(Zeroizing::new))
            .transpose()
            .map_err(|e| ServiceError::InvalidRequest {
                message: format!("cannot encode the request: {e}"),
            })?;
        let attempts = match idempotent {
            Idempotent::Yes => 1 + self.options.max_retries,
            Idempotent::No => 1,
        };
        let mut backoff = self.options.retry_backoff;
        let mut attempt = 1;
        loop {
            let result = match self
                .send_once(method.clone(), url.clone(), session, body.as_deref())
                .await
            {
                // A 2xx answer to a call that expects none is not read: nothing in it is used.
                Ok(response) => transport::read_answer(response, |status| {
                    expects_body || !(200..300).contains(&status)
                })
                .await
                .and_then(|answer| decode(&answer)),
                Err(e) => Err(e),
            };
            match result {
                Err(e) if attempt < attempts && e.is_transient() => {
                    tracing::debug!(%method, route = route.name, attempt, error = %e, "retrying idempotent call");
                    tokio::time::sleep(backoff).await;
                    backoff = backoff.saturating_mul(2);
                    attempt += 1;
                }
                Err(e) => {
                    log_refused(route, &e);
                    return Err(e);
                }
                ok => return ok,
            }
        }
    }

    pub(super) async fn send_once(
        &self,
        method: Method,
        url: Url,
        session: Option<&Session>,
        body: Option<&Vec<u8>>,
    ) -> Result<reqwest::Response, ServiceError> {
        let mut request = self
            .http
            .request(method, url)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(session) = session {
            request = request.bearer_auth(session.token.expose());
        }
        if let Some(body) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        request.send().await.map_err(transport::transport_error)
    }

    pub(super) fn endpoint(&self, path: &str) -> Result<Url, ServiceError> {
        let base = self.base.as_str().trim_end_matches('/');
        Url::parse(&format!("{base}{API_PREFIX}{path}")).map_err(|e| ServiceError::InvalidUrl {
            detail: e.to_string(),
        })
    }
}

/// A reply the client refused is worth a warning: it says what was wrong (the field and the
/// rule, or what answered instead), never a value from it.
fn log_refused(route: Route, error: &ServiceError) {
    if let ServiceError::MalformedReply { .. } | ServiceError::NotAService { .. } = error {
        tracing::warn!(route = route.name, %error, "refused the service's reply");
    }
}
