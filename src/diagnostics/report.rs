//! The report and its smart-card half.
//!
//! The JSON shape of `smart_card_service` and `readers` is the one `diagnose --json` printed
//! before this module existed (scripts read it); `registration_service` and `problems` were
//! added beside them.

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::card::apdu::{Response, SELECT_NHI, StatusWord};
use crate::i18n::Language;
use crate::problem::{AsProblem, CertificateProblem, Problem, ProblemText};
use crate::reader::{
    CardTypeGuess, ReaderError, ReaderSnapshot, SlotState, SmartCardService, guess_card_type,
    read_reader_snapshot,
};

use super::service_probe::ServiceProbe;

/// Everything support needs, nothing personal.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub app_version: String,
    pub os: String,
    pub arch: String,
    pub smart_card_service: SmartCardState,
    pub readers: Vec<ReaderReport>,
    /// `None` when the service was not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registration_service: Option<ServiceProbe>,
    /// Every failure found, in the order of the report, each with what to do.
    pub problems: Vec<Finding>,
    /// The machine-wide (kiosk) configuration; `None` when not checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub machine_config: Option<super::MachineConfigStatus>,
    /// The renderer: chosen, why, and (in the app) what draws; `None` when not told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renderer: Option<super::RendererStatus>,
    /// The certificate token: its PKCS#11 module and slots; `None` when not looked at.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<super::TokenReport>,
}

/// The smart-card service (pcscd / SCardSvr) as the app sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SmartCardState {
    Running,
    NotRunning,
    /// Any other failure, by its PC/SC error name.
    Failed {
        code: String,
    },
}

/// One reader: its state, the card's ATR, the type guess and the SELECT answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReaderReport {
    pub name: String,
    pub state: SlotState,
    #[serde(serialize_with = "hex_upper")]
    pub atr: Vec<u8>,
    pub card_type: Option<CardTypeGuess>,
    /// The card's answer to SELECT of the NHI applet, when a card is in and answering.
    pub nhi_select: Option<SelectOutcome>,
}

/// What SELECT of the NHI applet gave. Its answer carries no personal data, which is why it is
/// the only command diagnostics sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectOutcome {
    Answered(StatusWord),
    Failed(Problem),
}

/// The smart-card half of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmartCardReport {
    pub state: SmartCardState,
    pub readers: Vec<ReaderReport>,
}

/// Which part of the report a finding belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    SmartCardService,
    Readers,
    RegistrationService,
    /// The Citizen Digital Certificate's card software (PKCS#11 module) and token.
    Certificate,
}

/// One failure: where, about what (a reader name, the service address) and the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub area: Area,
    pub subject: Option<String>,
    pub problem: Problem,
}

impl SelectOutcome {
    /// `9000`, or `6D00` (newer cards) or `61xx` (T=0, data waiting): the applet is there.
    pub fn is_nhi(&self) -> bool {
        match self {
            SelectOutcome::Answered(sw) => {
                sw.is_ok() || *sw == StatusWord::INS_NOT_SUPPORTED || sw.bytes_available().is_some()
            }
            SelectOutcome::Failed(_) => false,
        }
    }
}

impl ReaderReport {
    fn from_snapshot(service: &mut dyn SmartCardService, snapshot: ReaderSnapshot) -> Self {
        let present = snapshot.state.card_present();
        // A Citizen Digital Certificate is the vendor module's alone: not even SELECT
        // (MOICA warns that other tools can lock a card); its listed ATR names it.
        let certificate =
            guess_card_type(&snapshot.atr) == CardTypeGuess::CitizenDigitalCertificate;
        let nhi_select = (snapshot.state == SlotState::Present && !certificate)
            .then(|| probe_nhi_select(service, &snapshot.reader));
        ReaderReport {
            card_type: present.then(|| guess_card_type(&snapshot.atr)),
            name: snapshot.reader,
            state: snapshot.state,
            atr: snapshot.atr,
            nhi_select,
        }
    }

    /// What is wrong with this reader or its card; an empty reader is not a failure.
    pub fn problem(&self) -> Option<Problem> {
        match (&self.state, &self.nhi_select) {
            (SlotState::Mute, _) => Some(Problem::CardUnresponsive),
            (SlotState::InUse, _) => Some(Problem::CardInUse),
            (SlotState::Unavailable, _) => Some(Problem::ReaderFailed {
                code: "Unavailable".into(),
            }),
            // A Citizen Digital Certificate (by its listed ATR, never probed) is a card this app
            // uses, through its module: whether that works is the token part's to say.
            (_, Some(SelectOutcome::Failed(p))) => Some(p.clone()),
            // Named by its ATR where the public list knows it (SELECT decided it is none).
            (_, Some(select)) if !select.is_nhi() => Some(match self.card_type {
                Some(CardTypeGuess::HealthProfessional) => Problem::HealthProfessionalCard,
                _ => Problem::NotNhiCard,
            }),
            _ => None,
        }
    }
}

impl SmartCardReport {
    /// The service failed in a way the report can only name.
    pub fn failed(code: String) -> Self {
        SmartCardReport {
            state: SmartCardState::Failed { code },
            readers: Vec::new(),
        }
    }
}

/// The smart-card half: the service state, and per reader its state, ATR, guess and SELECT
/// answer. `service` is the context to use, or why none could be opened.
pub fn gather_smart_cards(
    service: Result<Box<dyn SmartCardService>, ReaderError>,
) -> SmartCardReport {
    let mut service = match service {
        Ok(service) => service,
        Err(e) => return from_error(&e),
    };
    match read_reader_snapshot(service.as_mut()) {
        Ok(snapshot) => SmartCardReport {
            state: SmartCardState::Running,
            readers: snapshot
                .into_iter()
                .map(|r| ReaderReport::from_snapshot(service.as_mut(), r))
                .collect(),
        },
        Err(e) => from_error(&e),
    }
}

fn from_error(e: &ReaderError) -> SmartCardReport {
    match e.problem() {
        Problem::SmartCardServiceNotRunning => SmartCardReport {
            state: SmartCardState::NotRunning,
            readers: Vec::new(),
        },
        // "No readers" is an answer, not a failure of the service.
        Problem::NoReader => SmartCardReport {
            state: SmartCardState::Running,
            readers: Vec::new(),
        },
        other => SmartCardReport::failed(problem_code(&other).to_owned()),
    }
}

/// Sends only SELECT (its answer carries nothing personal) and leaves the card as it was.
fn probe_nhi_select(service: &mut dyn SmartCardService, reader: &str) -> SelectOutcome {
    let mut connection = match service.connect(reader) {
        Ok(c) => c,
        Err(e) => return SelectOutcome::Failed(e.problem()),
    };
    let answer = connection.transmit(&SELECT_NHI);
    if let Err(e) = connection.disconnect() {
        tracing::debug!(reader, error = %e, "disconnect after the diagnostic SELECT failed");
    }
    match answer.map(|raw| Response::parse(&raw)) {
        Ok(Ok(response)) => SelectOutcome::Answered(response.sw),
        Ok(Err(_)) => SelectOutcome::Failed(Problem::CardUnreadable),
        Err(e) => SelectOutcome::Failed(e.problem()),
    }
}

impl Report {
    /// A report from its two halves, with the failures listed.
    pub fn new(cards: SmartCardReport, service: Option<ServiceProbe>) -> Report {
        let mut problems = Vec::new();
        let mut push = |area, subject: Option<&str>, problem| {
            problems.push(Finding {
                area,
                subject: subject.map(str::to_owned),
                problem,
            })
        };
        match &cards.state {
            SmartCardState::NotRunning => push(
                Area::SmartCardService,
                None,
                Problem::SmartCardServiceNotRunning,
            ),
            SmartCardState::Failed { code } => push(
                Area::SmartCardService,
                None,
                Problem::ReaderFailed { code: code.clone() },
            ),
            SmartCardState::Running if cards.readers.is_empty() => {
                push(Area::Readers, None, Problem::NoReader)
            }
            SmartCardState::Running => {}
        }
        for reader in &cards.readers {
            if let Some(problem) = reader.problem() {
                push(Area::Readers, Some(&reader.name), problem);
            }
        }
        if let Some(probe) = &service
            && let Some(problem) = &probe.problem
        {
            push(Area::RegistrationService, Some(&probe.url), problem.clone());
        }
        Report {
            app_version: env!("CARGO_PKG_VERSION").to_owned(),
            os: os_description(),
            arch: std::env::consts::ARCH.to_owned(),
            smart_card_service: cards.state,
            readers: cards.readers,
            registration_service: service,
            problems,
            machine_config: None,
            renderer: None,
            token: None,
        }
    }

    /// The report with the certificate token's part in it. A module that cannot be used is a
    /// problem only when a card with a Citizen Digital Certificate ATR is in a reader (most
    /// people use the NHI card and need no module); a token whose PIN is locked always is.
    pub fn with_token(mut self, token: super::TokenReport) -> Report {
        let certificate_in = self.readers.iter().any(|r| {
            r.state.card_present() && r.card_type == Some(CardTypeGuess::CitizenDigitalCertificate)
        });
        let module_problem = match &token.module {
            super::ModuleStatus::NotFound { .. } => Some(CertificateProblem::ModuleMissing),
            super::ModuleStatus::Unusable { .. } => Some(CertificateProblem::ModuleUnusable),
            _ => None,
        };
        if let Some(problem) = module_problem.filter(|_| certificate_in) {
            self.problems.push(Finding {
                area: Area::Certificate,
                subject: None,
                problem: Problem::Certificate(problem),
            });
        }
        for slot in &token.slots {
            if let Some(t) = &slot.token
                && t.pin == crate::token::PinState::Locked
            {
                self.problems.push(Finding {
                    area: Area::Certificate,
                    subject: Some(t.label.clone()),
                    problem: Problem::Certificate(CertificateProblem::PinLocked),
                });
            }
        }
        self.token = Some(token);
        self
    }

    /// The report with the renderer's status in it.
    pub fn with_renderer(mut self, status: super::RendererStatus) -> Report {
        self.renderer = Some(status);
        self
    }

    /// The report with the machine-wide configuration's status in it.
    pub fn with_machine_config(mut self, status: super::MachineConfigStatus) -> Report {
        self.machine_config = Some(status);
        self
    }

    /// The failures in one area.
    pub fn findings(&self, area: Area) -> impl Iterator<Item = &Finding> {
        self.problems.iter().filter(move |f| f.area == area)
    }

    /// Whether an area has no failure.
    pub fn area_ok(&self, area: Area) -> bool {
        self.findings(area).next().is_none()
    }

    /// The JSON `diagnose --json` prints.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// The Fluent id of a problem without its `problem-` prefix: a stable machine code.
pub fn problem_code(problem: &Problem) -> &'static str {
    let id = problem.message_id();
    id.strip_prefix("problem-").unwrap_or(id)
}

fn hex_upper<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode_upper(bytes))
}

impl Serialize for SelectOutcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SelectOutcome::Answered(sw) => s.serialize_str(&sw.to_string()),
            SelectOutcome::Failed(p) => s.serialize_str(&format!("failed: {}", problem_code(p))),
        }
    }
}

/// `{"area", "subject", "code", "title": {"zh-TW", "en"}, "hint": {…}}`.
impl Serialize for Finding {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let both = |f: &dyn Fn(Language) -> String| {
            serde_json::json!({
                "zh-TW": f(Language::TraditionalChinese),
                "en": f(Language::English),
            })
        };
        let mut st = s.serialize_struct("Finding", 5)?;
        st.serialize_field("area", &self.area)?;
        st.serialize_field("subject", &self.subject)?;
        st.serialize_field("code", problem_code(&self.problem))?;
        st.serialize_field("title", &both(&|l| self.problem.title(l)))?;
        st.serialize_field("hint", &both(&|l| self.problem.hint(l)))?;
        st.end()
    }
}

/// "Debian GNU/Linux 12 (bookworm)" where the system says so, else the OS family.
pub fn os_description() -> String {
    std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|v| v.trim_matches('"').to_owned())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_owned())
}
