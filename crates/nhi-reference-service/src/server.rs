//! The accept loop: plain TCP or TLS (rustls, ring), HTTP/1.1 and HTTP/2 through hyper-util,
//! graceful shutdown. Hand-written rather than `axum::serve` because two things need the
//! connection itself: TLS, and fault injection's dropped connection (a service error makes
//! hyper close the socket without an answer, which the client sees as a broken connection).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode, header};
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use super::api_error::ApiError;
use super::faults::FaultAction;
use super::state::AppState;

/// A TLS client that connects and never finishes the handshake must not hold a task forever.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for open connections to finish their requests.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// The error a faulted request ends in: hyper closes the connection without answering.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by fault injection")]
struct DroppedByFault;

pub async fn run(
    listener: TcpListener,
    router: Router,
    state: AppState,
    tls: Option<Arc<rustls::ServerConfig>>,
    shutdown: impl Future<Output = ()> + Send,
) {
    let acceptor = tls.map(TlsAcceptor::from);
    let graceful = GracefulShutdown::new();
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(30));
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors and the like: pause instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let watcher = graceful.watcher();
        let builder = builder.clone();
        let router = router.clone();
        let state = state.clone();
        let acceptor = acceptor.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| {
                handle(req, router.clone(), state.clone(), peer)
            });
            let result = match acceptor {
                None => serve_io(stream, &builder, service, watcher).await,
                Some(acceptor) => {
                    match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
                    {
                        Ok(Ok(tls)) => serve_io(tls, &builder, service, watcher).await,
                        Ok(Err(e)) => {
                            tracing::debug!(error = %e, "TLS handshake failed");
                            return;
                        }
                        Err(_) => {
                            tracing::debug!("TLS handshake timed out");
                            return;
                        }
                    }
                }
            };
            if let Err(e) = result {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::debug!("connections still open after the drain timeout");
    }
}

async fn serve_io<IO, S>(
    io: IO,
    builder: &auto::Builder<TokioExecutor>,
    service: S,
    watcher: hyper_util::server::graceful::Watcher,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
where
    IO: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    S: hyper::service::Service<
            Request<Incoming>,
            Response = Response<Body>,
            Error = DroppedByFault,
        > + Send
        + 'static,
    S::Future: Send + 'static,
{
    let connection = builder
        .serve_connection(TokioIo::new(io), service)
        .into_owned();
    watcher.watch(connection).await
}

/// One request: apply an armed fault, else route it.
async fn handle(
    mut req: Request<Incoming>,
    router: Router,
    state: AppState,
    peer: SocketAddr,
) -> Result<Response<Body>, DroppedByFault> {
    let started = Instant::now();
    let method = req.method().clone();
    // Log the route, not the identifiers (device codes, device ids) after it.
    let route: String = req
        .uri()
        .path()
        .split('/')
        .take(4)
        .collect::<Vec<_>>()
        .join("/");
    if state.faults_enabled
        && let Some(fault) = state.faults.take(req.uri().path())
    {
        tracing::warn!(?fault, %method, route, "injecting fault");
        match fault {
            FaultAction::Delay(d) => tokio::time::sleep(d).await,
            FaultAction::Status500 => {
                return Ok(ApiError::internal("injected fault: status 500").into_response());
            }
            FaultAction::MalformedBody => {
                return Ok((
                    StatusCode::OK,
                    [(header::CONTENT_TYPE, "application/json")],
                    "{\"injected fault\": malformed",
                )
                    .into_response());
            }
            FaultAction::DropConnection => return Err(DroppedByFault),
        }
    }
    req.extensions_mut().insert(ConnectInfo(peer));
    let response = match router.oneshot(req.map(Body::new)).await {
        Ok(response) => response,
        Err(never) => match never {},
    };
    tracing::debug!(
        %method,
        route,
        status = response.status().as_u16(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "request"
    );
    Ok(response)
}
