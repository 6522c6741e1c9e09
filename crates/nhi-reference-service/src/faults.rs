//! Fault injection (only with `--enable-faults`): armed through `POST /api/v1/_faults`, applied
//! by the connection layer in `server` before the router sees a request, because a dropped
//! connection cannot be expressed as a handler's answer.

use std::sync::Mutex;
use std::time::Duration;

use nhi_protocol::protocol::{API_PREFIX, FaultKind, FaultRequest};

/// What the connection layer does with one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultAction {
    Delay(Duration),
    Status500,
    MalformedBody,
    DropConnection,
}

#[derive(Debug, Default)]
pub struct Faults {
    armed: Mutex<Vec<Armed>>,
}

#[derive(Debug)]
struct Armed {
    action: FaultAction,
    remaining: u32,
    path_prefix: Option<String>,
}

impl Faults {
    pub fn arm(&self, request: &FaultRequest) {
        let action = match request.kind {
            FaultKind::Delay => FaultAction::Delay(Duration::from_millis(
                request.delay_ms.unwrap_or(1_000).min(60_000),
            )),
            FaultKind::Status500 => FaultAction::Status500,
            FaultKind::MalformedBody => FaultAction::MalformedBody,
            FaultKind::DropConnection => FaultAction::DropConnection,
        };
        if request.count == 0 {
            return;
        }
        self.armed.lock().expect("faults lock").push(Armed {
            action,
            remaining: request.count,
            path_prefix: request.path_prefix.clone(),
        });
    }

    pub fn clear(&self) {
        self.armed.lock().expect("faults lock").clear();
    }

    /// The fault for a request to `path`, if one is armed; uses up one of its count. The fault
    /// endpoint itself is never faulted, so a test can always disarm.
    pub fn take(&self, path: &str) -> Option<FaultAction> {
        if path.starts_with(&format!("{API_PREFIX}/_faults")) {
            return None;
        }
        let mut armed = self.armed.lock().expect("faults lock");
        let index = armed.iter().position(|a| {
            a.path_prefix
                .as_deref()
                .is_none_or(|prefix| path.starts_with(prefix))
        })?;
        let action = armed[index].action;
        armed[index].remaining -= 1;
        if armed[index].remaining == 0 {
            armed.remove(index);
        }
        Some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_and_matches_prefix() {
        let faults = Faults::default();
        faults.arm(&FaultRequest {
            kind: FaultKind::Status500,
            count: 2,
            delay_ms: None,
            path_prefix: Some("/api/v1/devices".into()),
        });
        assert_eq!(faults.take("/api/v1/account"), None);
        assert_eq!(faults.take("/api/v1/_faults"), None);
        assert_eq!(faults.take("/api/v1/devices"), Some(FaultAction::Status500));
        assert_eq!(
            faults.take("/api/v1/devices/x"),
            Some(FaultAction::Status500)
        );
        assert_eq!(faults.take("/api/v1/devices"), None);
    }
}
