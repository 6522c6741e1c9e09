//! Demo outbox and fault injection (reference service only). The bodies are protocol: the
//! reference service serves them, the client reads the outbox (the demo's mailbox) and, in
//! tests, arms faults.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    Verification,
    PasswordReset,
}

/// One e-mail the reference service "sent" (`GET /api/v1/demo/outbox`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: u64,
    pub kind: MailKind,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The token the mail carries, so the demo UI can offer a "follow the link" button.
    pub token: String,
    pub sent_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxResponse {
    pub messages: Vec<OutboxMessage>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// Answer normally, after `delay_ms`.
    Delay,
    /// Answer 500 with a well-formed error body.
    Status500,
    /// Answer 200 with a body that is not JSON.
    MalformedBody,
    /// Close the connection without any answer.
    DropConnection,
}

/// `POST /api/v1/_faults` (only with `--enable-faults`): the next `count` requests whose path
/// starts with `path_prefix` (default: any, except the fault endpoint) get the fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRequest {
    pub kind: FaultKind,
    pub count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path_prefix: Option<String>,
}
