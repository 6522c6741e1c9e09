//! The certificate token's lines: the module (loaded, with its version and who named it; not
//! found, and where it was looked for; unusable, and why), then each slot with its token's
//! labels and PIN state. Nothing personal: the report holds no certificate.

use super::*;
use crate::diagnostics::token::{ModuleStatus, SlotReport, pin_key};
use crate::settings::start::ModuleSource;

/// The token part's lines in `l`; empty when it was not looked at.
pub fn token_lines(report: &Report, l: Language) -> Vec<String> {
    let Some(token) = &report.token else {
        return Vec::new();
    };
    let path = |p: &std::path::Path| ("path", p.display().to_string().into());
    let mut lines = vec![match &token.module {
        ModuleStatus::NotFound { looked_in, source } => {
            let places = looked_in
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            tr(
                l,
                "diag-token-module-missing",
                &[
                    ("places", places.into()),
                    ("source", source_name(*source, l).into()),
                ],
            )
        }
        ModuleStatus::Unusable {
            path: p,
            detail,
            source,
        } => tr(
            l,
            "diag-token-module-unusable",
            &[
                path(p),
                ("detail", detail.clone().into()),
                ("source", source_name(*source, l).into()),
            ],
        ),
        ModuleStatus::Loaded {
            path: p,
            info,
            source,
        } => tr(
            l,
            "diag-token-module-loaded",
            &[
                path(p),
                ("manufacturer", info.manufacturer.clone().into()),
                ("description", info.description.clone().into()),
                ("library", info.library_version.clone().into()),
                ("cryptoki", info.cryptoki_version.clone().into()),
                ("source", source_name(*source, l).into()),
            ],
        ),
        ModuleStatus::Software => tr(l, "diag-token-module-software", &[]),
    }];
    if !token.module_missing() {
        lines.push(tr(
            l,
            "diag-token-slots",
            &[("count", token.slots.len().to_string().into())],
        ));
        lines.extend(token.slots.iter().map(|s| slot_line(s, l)));
    }
    lines
}

/// Whether the token part is only a note: nothing wrong, and no module in use (most people
/// use the NHI card and need none).
pub fn token_informational(report: &Report) -> bool {
    report.area_ok(Area::Certificate) && report.token.as_ref().is_some_and(|t| t.module_missing())
}

/// "  Slot 1 (ACS ACR39U 00 00): HiCOS PKI Smart Card (Chunghwa Telecom, …); PIN usable"
fn slot_line(slot: &SlotReport, l: Language) -> String {
    let slot_arg = ("slot", slot.slot.to_string().into());
    let description = ("description", slot.description.clone().into());
    let line = match (&slot.token, &slot.error) {
        (None, Some(error)) => tr(
            l,
            "diag-token-slot-unreadable",
            &[slot_arg, description, ("detail", error.clone().into())],
        ),
        (None, None) => tr(l, "diag-token-slot-empty", &[slot_arg, description]),
        (Some(t), _) => {
            let pin = tr(l, &format!("diag-token-pin-{}", pin_key(t.pin)), &[]);
            tr(
                l,
                "diag-token-slot",
                &[
                    slot_arg,
                    description,
                    ("label", t.label.clone().into()),
                    ("manufacturer", t.manufacturer.clone().into()),
                    ("model", t.model.clone().into()),
                    ("pin", pin.into()),
                ],
            )
        }
    };
    format!("  {line}")
}

/// Who named the module, in words.
fn source_name(source: ModuleSource, l: Language) -> String {
    let word = match source {
        ModuleSource::CommandLine => "command-line",
        ModuleSource::MachineFile => "machine-file",
        ModuleSource::Settings => "settings",
        ModuleSource::UsualLocations => "usual",
    };
    tr(l, "diag-token-source", &[("source", word.into())])
}
