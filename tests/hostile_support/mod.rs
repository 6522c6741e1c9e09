//! A hostile "registration service" for the tests: a raw TCP server on loopback that answers
//! each request however the test says — any status, headers and body, a body dripped a byte
//! at a time, an endless body, silence, a closed connection, bytes that are not HTTP. The
//! real client (reqwest, our reply checks) has to make sense of all of it.
//!
//! Routing is by path: a test gives each case its own prefix in the base URL
//! (`http://127.0.0.1:PORT/<case>`), so one server serves a whole table of cases at once.
#![allow(dead_code)] // each test crate uses a different part

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Behaviour {
    /// A whole HTTP/1.1 answer, then the connection is closed.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// The status line and headers, then `byte` once per `every`, for as long as the client
    /// stays (a body that never ends, slowly).
    Drip {
        status: u16,
        content_type: String,
        every: Duration,
    },
    /// The status line only, then one header byte per `every` (the head never finishes).
    DripHead { every: Duration },
    /// Headers announcing `content_length` (or chunked, if `None`) and then as many bytes
    /// as the client takes, as fast as it takes them.
    Flood {
        content_type: String,
        content_length: Option<u64>,
    },
    /// Read the request and say nothing, ever.
    Silent,
    /// Read the request and close the connection.
    Close,
    /// These bytes and close: whatever they are.
    Raw(Vec<u8>),
}

/// The parts of a request a route looks at.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path after the case prefix, e.g. `/api/v1/device-codes`.
    pub path: String,
    /// The first path segment: the case.
    pub case: String,
}

pub type Route = Arc<dyn Fn(&Request) -> Behaviour + Send + Sync>;

/// A running hostile server. Dropping it stops accepting.
pub struct Hostile {
    pub port: u16,
    /// Body bytes written to clients, all connections together.
    sent: Arc<AtomicU64>,
    task: JoinHandle<()>,
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Hostile {
    /// The base URL of one case.
    pub fn url(&self, case: &str) -> String {
        format!("http://127.0.0.1:{}/{case}", self.port)
    }

    pub fn body_bytes_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }
}

/// Starts the server; `route` picks the behaviour for each request.
pub async fn serve(route: impl Fn(&Request) -> Behaviour + Send + Sync + 'static) -> Hostile {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let route: Route = Arc::new(route);
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let route = route.clone();
            let counter = counter.clone();
            tokio::spawn(async move {
                let _ = connection(stream, route, counter).await;
            });
        }
    });
    Hostile { port, sent, task }
}

async fn connection(stream: TcpStream, route: Route, sent: Arc<AtomicU64>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut first = String::new();
    reader.read_line(&mut first).await?;
    let mut parts = first.split_whitespace();
    let method = parts.next().unwrap_or_default().to_owned();
    let target = parts.next().unwrap_or_default().to_owned();
    let mut content_length = 0usize;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 || line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            content_length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; content_length.min(1 << 20)];
    reader.read_exact(&mut body).await?;
    let mut stream = reader.into_inner();

    let trimmed = target.trim_start_matches('/');
    let (case, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    let request = Request {
        method,
        path: format!("/{rest}"),
        case: case.to_owned(),
    };
    match route(&request) {
        Behaviour::Answer {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
            for (name, value) in &headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str(&format!(
                "content-length: {}\r\nconnection: close\r\n\r\n",
                body.len()
            ));
            stream.write_all(head.as_bytes()).await?;
            stream.write_all(&body).await?;
            sent.fetch_add(body.len() as u64, Ordering::Relaxed);
            stream.shutdown().await?;
        }
        Behaviour::Drip {
            status,
            content_type,
            every,
        } => {
            let head = format!(
                "HTTP/1.1 {status} {}\r\ncontent-type: {content_type}\r\ncontent-length: 1000000\r\n\r\n",
                reason(status)
            );
            stream.write_all(head.as_bytes()).await?;
            loop {
                stream.write_all(b" ").await?;
                sent.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(every).await;
            }
        }
        Behaviour::DripHead { every } => {
            stream.write_all(b"HTTP/1.1 200 OK\r\n").await?;
            loop {
                stream.write_all(b"x").await?;
                tokio::time::sleep(every).await;
            }
        }
        Behaviour::Flood {
            content_type,
            content_length,
        } => {
            let length = match content_length {
                Some(n) => format!("content-length: {n}\r\n"),
                None => "transfer-encoding: chunked\r\n".to_owned(),
            };
            let head = format!("HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\n{length}\r\n");
            stream.write_all(head.as_bytes()).await?;
            let chunk = vec![b' '; 64 * 1024];
            loop {
                if content_length.is_none() {
                    stream
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .await?;
                }
                stream.write_all(&chunk).await?;
                if content_length.is_none() {
                    stream.write_all(b"\r\n").await?;
                }
                sent.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            }
        }
        Behaviour::Silent => {
            // Hold the connection open until the client gives up.
            let mut sink = [0u8; 256];
            while stream.read(&mut sink).await? > 0 {}
        }
        Behaviour::Close => {}
        Behaviour::Raw(bytes) => {
            stream.write_all(&bytes).await?;
            stream.shutdown().await?;
        }
    }
    Ok(())
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        301 => "Moved Permanently",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Whatever",
    }
}

/// A JSON answer.
pub fn json(status: u16, body: impl Into<String>) -> Behaviour {
    Behaviour::Answer {
        status,
        headers: vec![("content-type".into(), "application/json".into())],
        body: body.into().into_bytes(),
    }
}

/// An answer with this content type.
pub fn typed(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Behaviour {
    Behaviour::Answer {
        status,
        headers: vec![("content-type".into(), content_type.into())],
        body: body.into(),
    }
}

/// A proxy's error page, as nginx writes it.
pub fn html_page(status: u16) -> Behaviour {
    typed(
        status,
        "text/html",
        format!(
            "<html>\r\n<head><title>{status} {r}</title></head>\r\n<body>\r\n<center><h1>{status} {r}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
            r = reason(status)
        ),
    )
}

/// A well-formed device-code reply with `field` replaced by the raw JSON `value`.
pub fn device_code_with(field: &str, value: &str) -> String {
    let mut fields = vec![
        ("code", "\"K7QX2M9D\"".to_owned()),
        ("qr_payload", "\"K7QX2M9D\"".to_owned()),
        ("ttl_seconds", "900".to_owned()),
        ("expires_at", "\"2026-11-30T03:38:29Z\"".to_owned()),
    ];
    for f in &mut fields {
        if f.0 == field {
            f.1 = value.to_owned();
        }
    }
    let inner: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("\"{k}\": {v}"))
        .collect();
    format!("{{{}}}", inner.join(", "))
}
