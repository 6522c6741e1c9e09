//! The machine-wide (kiosk) configuration file, as diagnostics finds it: where it is looked
//! for, whether it is there and readable, whether it turns the kiosk on, and which values were
//! unusable. The support question it answers: "why is this PC (not) in kiosk mode?". The file
//! holds no personal data; its PIN hash is never shown.

use std::path::Path;

use serde::Serialize;

use crate::kiosk::MachineConfig;
use crate::kiosk::config::{self, Loaded};

/// What diagnostics found at the machine-wide configuration's path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MachineConfigStatus {
    pub path: String,
    /// Whether the file turns kiosk mode on (`--kiosk` on the command line also does).
    pub kiosk: bool,
    #[serde(flatten)]
    pub state: MachineConfigState,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum MachineConfigState {
    /// No file: a personal computer.
    Missing,
    /// Read; these keys had unusable values and were left at their defaults.
    Read { ignored: Vec<String> },
    /// Not TOML: kiosk mode on with the defaults (it fails closed).
    Broken,
    /// There but not readable: kiosk mode on with the defaults.
    Unreadable,
}

impl MachineConfigStatus {
    /// Reads the file at its system path (or `NHI_COMPANION_MACHINE_CONFIG`).
    pub fn check() -> MachineConfigStatus {
        MachineConfigStatus::check_at(&config::path())
    }

    pub fn check_at(path: &Path) -> MachineConfigStatus {
        let (config, loaded) = MachineConfig::load_from(path);
        MachineConfigStatus::from_loaded(path, &config, loaded)
    }

    pub fn from_loaded(path: &Path, config: &MachineConfig, loaded: Loaded) -> Self {
        let state = match loaded {
            Loaded::Missing => MachineConfigState::Missing,
            Loaded::Read { ignored } => MachineConfigState::Read {
                ignored: ignored.into_iter().map(str::to_owned).collect(),
            },
            Loaded::Broken => MachineConfigState::Broken,
            Loaded::Unreadable => MachineConfigState::Unreadable,
        };
        MachineConfigStatus {
            path: path.display().to_string(),
            kiosk: config.kiosk,
            state,
        }
    }

    /// A file that is there but could not be used as written.
    pub fn is_problem(&self) -> bool {
        match &self.state {
            MachineConfigState::Missing => false,
            MachineConfigState::Read { ignored } => !ignored.is_empty(),
            MachineConfigState::Broken | MachineConfigState::Unreadable => true,
        }
    }
}
