//! The JSON shapes the command line prints (stable: scripts depend on them).

use serde::Serialize;

use crate::card::Profile;
use crate::problem::{Problem, ProblemText};

/// `read-card --json` and the `profile` of a `watch --json` card event.
#[derive(Debug, Serialize)]
pub struct ProfileJson<'a> {
    pub card_number: &'a str,
    pub name: &'a str,
    pub id_number: &'a str,
    /// YYYY-MM-DD
    pub birth_date: String,
    /// "M" or "F"
    pub sex: String,
    /// YYYY-MM-DD
    pub issue_date: String,
}

impl<'a> From<&'a Profile> for ProfileJson<'a> {
    fn from(p: &'a Profile) -> Self {
        ProfileJson {
            card_number: &p.card_number,
            name: &p.name,
            id_number: &p.id_number,
            birth_date: p.birth_date.format("%Y-%m-%d").to_string(),
            sex: p.sex.as_letter().to_string(),
            issue_date: p.issue_date.format("%Y-%m-%d").to_string(),
        }
    }
}

/// A failure, machine-readable (`code`, the Fluent id without its prefix) and human-readable.
#[derive(Debug, Serialize)]
pub struct ProblemJson {
    pub code: &'static str,
    pub message: String,
}

impl From<&Problem> for ProblemJson {
    fn from(p: &Problem) -> Self {
        ProblemJson {
            code: p
                .message_id()
                .strip_prefix("problem-")
                .unwrap_or(p.message_id()),
            message: p.one_line(),
        }
    }
}

/// Upper-case hex without separators, as `pcsc_scan` and the events print ATRs.
pub fn hex_upper(bytes: &[u8]) -> String {
    hex::encode_upper(bytes)
}
