//! The protocol's rules for what a service may answer (docs/PROTOCOL.md, "What a client
//! accepts"), checked on every reply before any of it is used.
//!
//! A service is outside this program: its numbers go into `Instant` arithmetic, its strings
//! onto the screen and into the QR code, its identifiers into later URLs. Every field is
//! bounded here, so nothing downstream can overflow, draw a wall of letters or build a
//! request from garbage. A reply that breaks a rule is a `MalformedReply` whose detail names
//! the field and the rule, never the value (a value could be personal: an e-mail address, a
//! card number).

use chrono::{DateTime, Datelike};

use super::protocol::{
    AccountResponse, ChallengeResponse, DEVICE_CODE_ALPHABET, DEVICE_CODE_LEN, DeviceCodeResponse,
    DeviceCodeStatusResponse, DeviceInfo, DeviceListResponse, ErrorBody, HealthResponse,
    MailSentResponse, OutboxMessage, OutboxResponse, RedeemResponse, SignInResponse,
};

/// The most a reply body may hold. The largest reply the protocol has is a full device list
/// (below 600 KiB at [`MAX_DEVICES`] devices with every field at its limit).
pub const MAX_REPLY_BYTES: usize = 1024 * 1024;
/// Device lists longer than this are refused (nobody has hundreds of phones).
pub const MAX_DEVICES: usize = 500;
/// Demo outbox: the reference service keeps 500 mails.
pub const MAX_OUTBOX_MESSAGES: usize = 1000;
/// `challenge_id`, `device_id`: what a service uses as keys; they go back into requests
/// (a device id into a URL path), so only `A–Z a–z 0–9 _ -`.
pub const MAX_ID_CHARS: usize = 128;
/// A bearer token: visible ASCII only (it goes into a header).
pub const MAX_TOKEN_CHARS: usize = 512;
/// `qr_payload`: what the QR code encodes. The protocol sends the code itself; a longer
/// payload (a link carrying the code) is allowed up to this, which still makes a QR code a
/// phone reads off a screen.
pub const MAX_QR_PAYLOAD_CHARS: usize = 256;
/// `device_name`, `platform`: the protocol's 1–100 characters.
pub const MAX_LABEL_CHARS: usize = 100;
/// E-mail addresses (RFC 5321's limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// `service` in the health answer (free text for support).
pub const MAX_SERVICE_CHARS: usize = 200;
/// `message` in an error body (English, for logs).
pub const MAX_MESSAGE_CHARS: usize = 1000;
/// Device code lifetime: the protocol's 15 minutes, and never more than an hour.
pub const TTL_SECONDS: (u64, u64) = (1, 3600);
/// Card challenge lifetime.
pub const CHALLENGE_SECONDS: (u64, u64) = (1, 3600);
/// Idle lifetime of a session.
pub const SESSION_SECONDS: (u64, u64) = (1, 86_400);
/// `retry_after` (and the `Retry-After` header): at most a day.
pub const MAX_RETRY_AFTER_SECONDS: u64 = 86_400;
/// `attempts_left`.
pub const MAX_ATTEMPTS_LEFT: u32 = 100;
/// The protocol versions a health answer may name.
pub const PROTOCOL_VERSIONS: (u32, u32) = (1, 1000);

/// A reply body that can be checked against the protocol's rules. `Err` names the field and
/// the rule broken.
pub trait Checked {
    fn check(&self) -> Result<(), String>;
}

/// `()` stands for "any body": the calls answered `204 No Content`.
impl Checked for () {
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

fn in_range(field: &str, value: u64, (low, high): (u64, u64)) -> Result<(), String> {
    if (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(format!("{field} is outside {low}..={high}"))
    }
}

/// Length in characters within `1..=max`, and no control characters (line breaks included:
/// these strings are shown on one line and written to logs).
fn text(field: &str, value: &str, max: usize) -> Result<(), String> {
    let chars = value.chars().count();
    if chars == 0 || chars > max {
        return Err(format!(
            "{field} has {chars} characters, expected 1..={max}"
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(format!("{field} contains control characters"));
    }
    Ok(())
}

/// A key the client sends back: 1..=128 of `A–Z a–z 0–9 _ -`.
fn identifier(field: &str, value: &str) -> Result<(), String> {
    let ok = !value.is_empty()
        && value.len() <= MAX_ID_CHARS
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{field} is not 1..={MAX_ID_CHARS} characters of A-Z a-z 0-9 _ -"
        ))
    }
}

/// An RFC 3339 instant (the protocol's form for every time of day), in the years 2000–2199:
/// these are shown as dates (民國89年 to 民國288年), and a year 0 or 9999 is no one's clock.
fn instant(field: &str, value: &str) -> Result<(), String> {
    let parsed = (value.len() <= 40)
        .then(|| DateTime::parse_from_rfc3339(value).ok())
        .flatten();
    match parsed {
        None => Err(format!("{field} is not an RFC 3339 time")),
        Some(t) if !(2000..2200).contains(&t.year()) => {
            Err(format!("{field} is not in the years 2000-2199"))
        }
        Some(_) => Ok(()),
    }
}

/// Exactly `bytes` bytes as hex.
fn hex_of(field: &str, value: &str, bytes: usize) -> Result<(), String> {
    if value.len() != 2 * bytes || !value.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!("{field} is not {bytes} bytes of hex"));
    }
    Ok(())
}

/// `true` for a device code exactly as a service must send it: 8 characters of the
/// alphabet, capitals (phones may type lowercase; services answer in capitals).
pub fn is_device_code(code: &str) -> bool {
    code.len() == DEVICE_CODE_LEN && code.bytes().all(|b| DEVICE_CODE_ALPHABET.contains(&b))
}

fn device_code(field: &str, code: &str) -> Result<(), String> {
    if is_device_code(code) {
        Ok(())
    } else {
        Err(format!(
            "{field} is not {DEVICE_CODE_LEN} characters of the device-code alphabet"
        ))
    }
}

impl Checked for HealthResponse {
    fn check(&self) -> Result<(), String> {
        if self.status != "ok" {
            return Err("status is not \"ok\"".into());
        }
        in_range(
            "protocol",
            u64::from(self.protocol),
            (
                u64::from(PROTOCOL_VERSIONS.0),
                u64::from(PROTOCOL_VERSIONS.1),
            ),
        )?;
        text("service", &self.service, MAX_SERVICE_CHARS)
    }
}

impl Checked for ChallengeResponse {
    fn check(&self) -> Result<(), String> {
        identifier("challenge_id", &self.challenge_id)?;
        hex_of(
            "challenge",
            &self.challenge,
            nhi_card::auth::SERVICE_CHALLENGE_LEN,
        )?;
        in_range("expires_in", self.expires_in, CHALLENGE_SECONDS)
    }
}

impl Checked for SignInResponse {
    fn check(&self) -> Result<(), String> {
        let token = self.token.expose();
        if token.is_empty()
            || token.len() > MAX_TOKEN_CHARS
            || !token.bytes().all(|b| b.is_ascii_graphic())
        {
            return Err(format!(
                "token is not 1..={MAX_TOKEN_CHARS} visible ASCII characters"
            ));
        }
        if !self.token_type.eq_ignore_ascii_case("bearer") {
            return Err("token_type is not \"Bearer\"".into());
        }
        in_range("expires_in", self.expires_in, SESSION_SECONDS)
    }
}

impl Checked for MailSentResponse {
    fn check(&self) -> Result<(), String> {
        email("email", &self.email)
    }
}

fn email(field: &str, value: &str) -> Result<(), String> {
    text(field, value, MAX_EMAIL_CHARS)?;
    if !value.contains('@') || value.chars().any(char::is_whitespace) {
        return Err(format!("{field} is not an e-mail address"));
    }
    Ok(())
}

impl Checked for AccountResponse {
    fn check(&self) -> Result<(), String> {
        if self.card_number.len() != 12 || !self.card_number.bytes().all(|b| b.is_ascii_digit()) {
            return Err("card_number is not 12 digits".into());
        }
        email("email", &self.email)?;
        match &self.pending_email {
            Some(pending) => email("pending_email", pending),
            None => Ok(()),
        }
    }
}

impl Checked for DeviceCodeResponse {
    fn check(&self) -> Result<(), String> {
        device_code("code", &self.code)?;
        text("qr_payload", &self.qr_payload, MAX_QR_PAYLOAD_CHARS)?;
        if !self.qr_payload.contains(&self.code) {
            return Err("qr_payload does not carry the code".into());
        }
        in_range("ttl_seconds", self.ttl_seconds, TTL_SECONDS)?;
        instant("expires_at", &self.expires_at)
    }
}

impl Checked for DeviceInfo {
    fn check(&self) -> Result<(), String> {
        identifier("device_id", &self.device_id)?;
        text("device_name", &self.device_name, MAX_LABEL_CHARS)?;
        text("platform", &self.platform, MAX_LABEL_CHARS)?;
        instant("authenticated_at", &self.authenticated_at)
    }
}

impl Checked for DeviceCodeStatusResponse {
    fn check(&self) -> Result<(), String> {
        device_code("code", &self.code)?;
        instant("expires_at", &self.expires_at)?;
        match &self.device {
            Some(device) => device.check().map_err(|e| format!("device: {e}")),
            None => Ok(()),
        }
    }
}

impl Checked for RedeemResponse {
    fn check(&self) -> Result<(), String> {
        self.device.check().map_err(|e| format!("device: {e}"))
    }
}

impl Checked for DeviceListResponse {
    fn check(&self) -> Result<(), String> {
        if self.devices.len() > MAX_DEVICES {
            return Err(format!(
                "devices lists {} devices, at most {MAX_DEVICES} allowed",
                self.devices.len()
            ));
        }
        for (i, device) in self.devices.iter().enumerate() {
            device.check().map_err(|e| format!("devices[{i}]: {e}"))?;
        }
        Ok(())
    }
}

impl Checked for OutboxMessage {
    fn check(&self) -> Result<(), String> {
        email("to", &self.to)?;
        text("subject", &self.subject, 1000)?;
        // A mail body has line breaks: bounded, not single-line.
        if self.body.chars().count() > 10_000 {
            return Err("body is longer than 10000 characters".into());
        }
        text("token", &self.token, MAX_TOKEN_CHARS)?;
        instant("sent_at", &self.sent_at)
    }
}

impl Checked for OutboxResponse {
    fn check(&self) -> Result<(), String> {
        if self.messages.len() > MAX_OUTBOX_MESSAGES {
            return Err(format!(
                "messages lists more than {MAX_OUTBOX_MESSAGES} mails"
            ));
        }
        for (i, message) in self.messages.iter().enumerate() {
            message.check().map_err(|e| format!("messages[{i}]: {e}"))?;
        }
        Ok(())
    }
}

impl Checked for ErrorBody {
    fn check(&self) -> Result<(), String> {
        // The message only goes to logs; line breaks in it are replaced where it is kept.
        if self.message.chars().count() > MAX_MESSAGE_CHARS {
            return Err(format!(
                "message is longer than {MAX_MESSAGE_CHARS} characters"
            ));
        }
        if let Some(left) = self.attempts_left
            && left > MAX_ATTEMPTS_LEFT
        {
            return Err(format!("attempts_left is above {MAX_ATTEMPTS_LEFT}"));
        }
        if let Some(seconds) = self.retry_after {
            in_range("retry_after", seconds, (0, MAX_RETRY_AFTER_SECONDS))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
