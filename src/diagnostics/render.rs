//! The report as text: for the terminal, the clipboard and the saved file. Every line comes
//! in each language asked for (the copied and saved report is bilingual: the person may read
//! English and the support desk Chinese), failures carry their "what to do", and the report
//! ends with the official hotlines.
//!
//! The line builders are public so the diagnostics screen shows exactly the same wording.

use crate::i18n::{self, Arg, Language};
use crate::problem::ProblemText;
use crate::reader::{CardTypeGuess, SlotState};
use crate::renderer::Source;

use super::machine::{MachineConfigState, MachineConfigStatus};
use super::report::{Area, Finding, ReaderReport, Report, SelectOutcome, SmartCardState};
use super::service_probe::{ServiceProbe, TlsCause, TlsStatus};

/// "✓" for OK, "⚠" for a problem: never colour alone. (Both are in the bundled font; "✗" is not.)
pub const OK_MARK: &str = "✓";
pub const PROBLEM_MARK: &str = "⚠";

fn tr(l: Language, id: &str, args: &[Arg<'_>]) -> String {
    i18n::text(l, id, args)
}

/// "NHI Card Companion 0.1.0"
pub fn version_line(report: &Report, l: Language) -> String {
    tr(
        l,
        "diag-app-version",
        &[("version", report.app_version.clone().into())],
    )
}

/// "System: Debian GNU/Linux 12 (bookworm) (x86_64)"
pub fn system_line(report: &Report, l: Language) -> String {
    tr(
        l,
        "diag-system",
        &[
            ("os", report.os.clone().into()),
            ("arch", report.arch.clone().into()),
        ],
    )
}

/// The machine-wide configuration: where, and whether it makes this PC a kiosk; a broken
/// file or unusable values start with ⚠. `None` when it was not checked.
pub fn machine_lines(report: &Report, l: Language) -> Vec<String> {
    let Some(m) = &report.machine_config else {
        return Vec::new();
    };
    let path = || ("path", m.path.clone().into());
    let mark = |line: String| {
        if m.is_problem() {
            format!("{PROBLEM_MARK} {line}")
        } else {
            line
        }
    };
    let mut lines = vec![mark(match &m.state {
        MachineConfigState::Missing => tr(l, "diag-machine-missing", &[path()]),
        MachineConfigState::Read { .. } => tr(
            l,
            "diag-machine-read",
            &[path(), ("kiosk", kiosk_word(m).into())],
        ),
        MachineConfigState::Broken => tr(l, "diag-machine-broken", &[path()]),
        MachineConfigState::Unreadable => tr(l, "diag-machine-unreadable", &[path()]),
    })];
    if let MachineConfigState::Read { ignored } = &m.state
        && !ignored.is_empty()
    {
        lines.push(mark(tr(
            l,
            "diag-machine-ignored",
            &[("keys", ignored.join(", ").into())],
        )));
    }
    lines
}

/// The renderer: "Drawing: in software (tiny-skia)", then who chose it and why; a GPU renderer
/// that could not start adds a ⚠ line saying what to do. Empty when not told.
pub fn renderer_lines(report: &Report, l: Language) -> Vec<String> {
    let Some(r) = &report.renderer else {
        return Vec::new();
    };
    let reason_args: Vec<Arg<'_>> = r
        .reason
        .detail()
        .map(|d| vec![("detail", d.to_owned().into())])
        .unwrap_or_default();
    let reason = tr(l, r.reason.message_id(), &reason_args);
    let source = match r.source {
        Source::CommandLine => "command-line",
        Source::MachineConfig => "machine-config",
        Source::Settings => "settings",
        Source::Default => "default",
    };
    let mut lines = vec![
        tr(
            l,
            "diag-renderer",
            &[("renderer", r.drawing().word().into())],
        ),
        tr(
            l,
            "diag-renderer-why",
            &[
                ("source", source.into()),
                ("choice", r.setting.word().into()),
                ("reason", reason.into()),
            ],
        ),
    ];
    if r.fell_back() {
        lines.push(format!(
            "{PROBLEM_MARK} {}",
            tr(l, "diag-renderer-fell-back", &[])
        ));
    }
    lines
}

fn kiosk_word(m: &MachineConfigStatus) -> &'static str {
    if m.kiosk { "on" } else { "off" }
}

/// "Smart-card service: running"
pub fn smart_card_line(report: &Report, l: Language) -> String {
    match &report.smart_card_service {
        SmartCardState::Running => tr(l, "diag-sc-running", &[]),
        SmartCardState::NotRunning => tr(l, "diag-sc-not-running", &[]),
        SmartCardState::Failed { code } => {
            tr(l, "diag-sc-failed", &[("code", code.clone().into())])
        }
    }
}

/// "Readers: 2"
pub fn readers_count_line(report: &Report, l: Language) -> String {
    tr(
        l,
        "diag-readers-count",
        &[("count", report.readers.len().to_string().into())],
    )
}

fn slot_id(state: SlotState) -> &'static str {
    match state {
        SlotState::Empty => "diag-slot-empty",
        SlotState::Present => "diag-slot-present",
        SlotState::InUse => "diag-slot-in-use",
        SlotState::Mute => "diag-slot-mute",
        SlotState::Unavailable => "diag-slot-unavailable",
        SlotState::Unknown | SlotState::Unaware => "diag-slot-unknown",
    }
}

/// What the ATR alone says, when it says anything a person can use. An ATR names the chip,
/// not the application: most NHI cards have an ATR of no known list, so "unknown" says
/// nothing and is left out.
fn guess_id(guess: CardTypeGuess) -> Option<&'static str> {
    match guess {
        CardTypeGuess::PossiblyNhi => Some("diag-guess-possibly-nhi"),
        CardTypeGuess::HealthProfessional => Some("diag-guess-health-professional"),
        CardTypeGuess::CitizenDigitalCertificate => Some("diag-guess-citizen-digital-certificate"),
        CardTypeGuess::Unknown => None,
        CardTypeGuess::NoAtr => Some("diag-guess-no-atr"),
        CardTypeGuess::Malformed => Some("diag-guess-malformed"),
    }
}

/// "Reader 0: card present; an NHI card answered (ATR 3B…, NHI SELECT → 9000)": the verdict
/// a person needs first (from SELECT of the NHI applet, the only proof there is), then the
/// technical detail support asks for.
pub fn reader_line(r: &ReaderReport, l: Language) -> String {
    // Full-width punctuation in Chinese, as the rest of the Chinese text.
    let (colon, comma, semi, open, close) = match l {
        Language::TraditionalChinese => ("：", "，", "；", "（", "）"),
        Language::English => (": ", ", ", "; ", " (", ")"),
    };
    let mut line = format!("{}{colon}{}", r.name, tr(l, slot_id(r.state), &[]));
    let mut detail = Vec::new();
    if r.state.card_present() && !r.atr.is_empty() {
        detail.push(format!("ATR {}", hex::encode_upper(&r.atr)));
    }
    // What the ATR says, unless SELECT already proved an NHI card (then it adds nothing):
    // for another card it names which (a Citizen Digital Certificate, a health professional
    // card); not asked or no answer, it is all there is.
    let answered_nhi = r.nhi_select.as_ref().is_some_and(SelectOutcome::is_nhi);
    // A health professional card answers SELECT like an NHI card (only the READ, never sent
    // here, tells them apart): its listed ATR is what tells the person.
    let professional = r.card_type == Some(CardTypeGuess::HealthProfessional);
    let names_another =
        professional || r.card_type == Some(CardTypeGuess::CitizenDigitalCertificate);
    if let Some(id) = r.card_type.and_then(guess_id)
        && r.state.card_present()
        && (!answered_nhi || names_another)
    {
        detail.push(tr(l, id, &[]));
    }
    if let Some(select @ SelectOutcome::Answered(sw)) = &r.nhi_select {
        let verdict = match (select.is_nhi(), professional) {
            (true, true) => "diag-select-professional",
            (true, false) => "diag-select-nhi",
            (false, _) => "diag-select-not-nhi",
        };
        line.push_str(&format!("{semi}{}", tr(l, verdict, &[])));
        detail.push(tr(l, "diag-select", &[("sw", sw.to_string().into())]));
    }
    if !detail.is_empty() {
        line.push_str(&format!("{open}{}{close}", detail.join(comma)));
    }
    line
}

/// The service's address, reachability with latency, what it says it is, and the TLS status.
pub fn service_lines(probe: &ServiceProbe, l: Language) -> Vec<String> {
    let mut lines = vec![tr(
        l,
        "diag-service-url",
        &[("url", probe.url.clone().into())],
    )];
    match probe.latency_ms {
        Some(ms) if probe.reachable => lines.push(tr(
            l,
            "diag-service-reachable",
            &[
                ("ms", format!("{ms:.1}").into()),
                ("samples", probe.samples_ms.len().to_string().into()),
            ],
        )),
        _ if probe.reachable => {}
        _ => lines.push(tr(l, "diag-service-unreachable", &[])),
    }
    if let (Some(service), Some(protocol)) = (&probe.service, probe.protocol) {
        lines.push(tr(
            l,
            "diag-service-answer",
            &[
                ("service", service.clone().into()),
                ("protocol", protocol.to_string().into()),
            ],
        ));
    }
    lines.push(tls_line(&probe.tls, l));
    lines
}

/// "Encrypted: TLS 1.3 (…), certificate trusted" or why not.
pub fn tls_line(tls: &TlsStatus, l: Language) -> String {
    match tls {
        TlsStatus::NotEncryptedLoopback => tr(l, "diag-tls-loopback", &[]),
        TlsStatus::Ok { version, cipher } => tr(
            l,
            "diag-tls-ok",
            &[
                ("version", version.clone().into()),
                ("cipher", cipher.clone().into()),
            ],
        ),
        TlsStatus::Failed { cause } => {
            let detail = match cause {
                TlsCause::BadCertificate { detail } | TlsCause::Other { detail } => detail.clone(),
                _ => String::new(),
            };
            let cause = tr(l, cause.message_id(), &[("detail", detail.into())]);
            tr(l, "diag-tls-failed", &[("cause", cause.into())])
        }
        TlsStatus::NotChecked => tr(l, "diag-tls-not-checked", &[]),
    }
}

/// The official hotlines from the guide (健保諮詢服務專線, 資訊技術諮詢專線).
pub fn hotline_lines(l: Language) -> Vec<String> {
    vec![
        tr(l, "diag-hotlines", &[]),
        tr(l, "help-hotline", &[]),
        tr(l, "diag-hotline-it", &[]),
    ]
}

/// "✓ OK" / "⚠ Problem" for an area.
pub fn area_status(report: &Report, area: Area, l: Language) -> String {
    tr(
        l,
        if report.area_ok(area) {
            "diag-ok"
        } else {
            "diag-problem"
        },
        &[],
    )
}

/// The title of an area.
pub fn area_title(area: Area, l: Language) -> String {
    let id = match area {
        Area::SmartCardService => "diag-section-smart-card",
        Area::Readers => "diag-section-readers",
        Area::RegistrationService => "diag-section-service",
        Area::Certificate => "diag-section-token",
    };
    tr(l, id, &[])
}

mod text;
mod token;

pub use text::render_text;
pub use token::{token_informational, token_lines};
