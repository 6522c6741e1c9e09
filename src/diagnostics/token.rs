//! The certificate token (the Citizen Digital Certificate, 自然人憑證) as diagnostics finds
//! it: the PKCS#11 module (found where, loaded, its version, who named it) and its slots with
//! the token in each (labels and the PIN state only).
//!
//! Labels only: the certificate is never read (it holds the person's name), no session is
//! opened and no PIN is asked. Gathered on a blocking thread (module calls block).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::backend::tokens::Tokens;
use crate::settings::start::ModuleSource;
use crate::token::pkcs11::ModuleInfo;
use crate::token::{PinState, PinTries, Pkcs11Token, SoftwareToken, TokenError, TokenSummary};

/// Where diagnostics looks for certificate tokens.
#[derive(Clone, Default)]
pub enum TokenProbe {
    /// Not looked at (tests of the other parts).
    #[default]
    None,
    /// The PKCS#11 module at `explicit`, else HiCOS's usual install locations.
    Module {
        explicit: Option<PathBuf>,
        source: ModuleSource,
    },
    /// The demo's practice token, in memory.
    Software(Arc<Mutex<SoftwareToken>>),
}

impl std::fmt::Debug for TokenProbe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenProbe::None => f.write_str("None"),
            TokenProbe::Module { explicit, source } => f
                .debug_struct("Module")
                .field("explicit", explicit)
                .field("source", source)
                .finish(),
            TokenProbe::Software(_) => f.write_str("Software"),
        }
    }
}

/// The token half of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenReport {
    pub module: ModuleStatus,
    /// The module's slots (with HiCOS, one per reader), each with its token if one is in.
    pub slots: Vec<SlotReport>,
}

/// What became of the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleStatus {
    /// No file at any place looked at: the card software is not installed (or is elsewhere).
    NotFound {
        looked_in: Vec<PathBuf>,
        source: ModuleSource,
    },
    /// A file is there but does not load as a PKCS#11 module.
    Unusable {
        path: PathBuf,
        detail: String,
        source: ModuleSource,
    },
    Loaded {
        path: PathBuf,
        info: ModuleInfo,
        source: ModuleSource,
    },
    /// The demo's practice token: no module at all.
    Software,
}

/// One slot of the module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotReport {
    pub slot: u64,
    /// The slot's description (with HiCOS: the reader's name).
    pub description: String,
    /// The token in it; `None`: no card in that reader (or see `error`).
    pub token: Option<TokenLabels>,
    /// Why the slot (or the whole slot list) could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a token says of itself: nothing personal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenLabels {
    pub label: String,
    pub manufacturer: String,
    pub model: String,
    #[serde(serialize_with = "pin_word")]
    pub pin: PinState,
}

impl TokenReport {
    /// Whether the module could not be used (not there, or not loadable).
    pub fn module_missing(&self) -> bool {
        matches!(
            self.module,
            ModuleStatus::NotFound { .. } | ModuleStatus::Unusable { .. }
        )
    }
}

/// Looks at the tokens as `probe` says, blocking; `None` for [`TokenProbe::None`].
pub fn gather_token(probe: &TokenProbe) -> Option<TokenReport> {
    match probe {
        TokenProbe::None => None,
        TokenProbe::Module { explicit, source } => Some(from_module(explicit.as_deref(), *source)),
        TokenProbe::Software(token) => {
            let summaries = Tokens::software(Arc::clone(token))
                .summaries_blocking()
                .unwrap_or_default();
            let mut slots: Vec<SlotReport> = summaries
                .iter()
                .map(|s| slot_with(s.slot.0, s.slot_description.clone(), Some(s)))
                .collect();
            // Its one slot is always there; the card may be out.
            if slots.is_empty() {
                slots.push(slot_with(
                    SoftwareToken::SLOT.0,
                    SoftwareToken::SLOT_DESCRIPTION.into(),
                    None,
                ));
            }
            Some(TokenReport {
                module: ModuleStatus::Software,
                slots,
            })
        }
    }
}

fn from_module(explicit: Option<&std::path::Path>, source: ModuleSource) -> TokenReport {
    let unusable = |path: PathBuf, detail: String| TokenReport {
        module: ModuleStatus::Unusable {
            path,
            detail,
            source,
        },
        slots: Vec::new(),
    };
    let path = match crate::token::find_module(explicit) {
        Ok(path) => path,
        Err(TokenError::ModuleNotFound { looked_in }) => {
            return TokenReport {
                module: ModuleStatus::NotFound { looked_in, source },
                slots: Vec::new(),
            };
        }
        Err(e) => {
            return unusable(
                explicit.map(PathBuf::from).unwrap_or_default(),
                e.to_string(),
            );
        }
    };
    let token = match Pkcs11Token::load(&path) {
        Ok(token) => token,
        Err(TokenError::ModuleUnusable { detail, .. }) => return unusable(path, detail),
        Err(e) => return unusable(path, e.to_string()),
    };
    let info = match token.module_info() {
        Ok(info) => info,
        Err(e) => return unusable(path, e.to_string()),
    };
    // Each token on its own: one that fails (pulled mid-read) does not hide the others.
    let slots = match token.all_slots() {
        Ok(slots) => slots
            .into_iter()
            .map(|(slot, description, present)| {
                let summary = present.then(|| token.summary_of(slot));
                match summary {
                    None | Some(Err(TokenError::TokenRemoved)) => {
                        slot_with(slot.0, description, None)
                    }
                    Some(Ok(summary)) => slot_with(slot.0, description, Some(&summary)),
                    Some(Err(e)) => SlotReport {
                        error: Some(e.to_string()),
                        ..slot_with(slot.0, description, None)
                    },
                }
            })
            .collect(),
        Err(e) => vec![SlotReport {
            error: Some(e.to_string()),
            ..slot_with(0, String::new(), None)
        }],
    };
    TokenReport {
        module: ModuleStatus::Loaded { path, info, source },
        slots,
    }
}

fn slot_with(slot: u64, description: String, token: Option<&TokenSummary>) -> SlotReport {
    SlotReport {
        slot,
        description,
        token: token.map(|s| TokenLabels {
            label: s.label.clone(),
            manufacturer: s.manufacturer.clone(),
            model: s.model.clone(),
            pin: s.pin,
        }),
        error: None,
    }
}

/// The PIN state's word (`diagnose --json`, and the Fluent key's ending).
pub fn pin_key(pin: PinState) -> &'static str {
    match pin {
        PinState::Usable {
            tries: PinTries::Unknown,
        } => "ok",
        PinState::Usable {
            tries: PinTries::Low,
        } => "count-low",
        PinState::Usable {
            tries: PinTries::FinalTry,
        } => "final-try",
        PinState::Locked => "locked",
    }
}

fn pin_word<S: serde::Serializer>(pin: &PinState, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&pin_key(*pin).replace('-', "_"))
}

/// `{"state": "loaded", "path", "description", …, "source"}` and the like.
impl Serialize for ModuleStatus {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let path = |p: &PathBuf| p.display().to_string();
        let value = match self {
            ModuleStatus::NotFound { looked_in, source } => serde_json::json!({
                "state": "not_found",
                "looked_in": looked_in.iter().map(path).collect::<Vec<_>>(),
                "source": source.key(),
            }),
            ModuleStatus::Unusable {
                path: p,
                detail,
                source,
            } => serde_json::json!({
                "state": "unusable",
                "path": path(p),
                "detail": detail,
                "source": source.key(),
            }),
            ModuleStatus::Loaded {
                path: p,
                info,
                source,
            } => serde_json::json!({
                "state": "loaded",
                "path": path(p),
                "description": info.description,
                "manufacturer": info.manufacturer,
                "library_version": info.library_version,
                "cryptoki_version": info.cryptoki_version,
                "source": source.key(),
            }),
            ModuleStatus::Software => serde_json::json!({ "state": "software" }),
        };
        value.serialize(s)
    }
}

#[cfg(test)]
mod tests;
