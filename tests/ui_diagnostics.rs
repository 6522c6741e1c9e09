//! The diagnostics screen, headless (iced_test, tiny-skia, the bundled font): reports gathered
//! from scripted fake readers (`reader::fake::FakeWorld`) plus a service probe result are fed
//! to the real `App`, and the content is checked in Chinese, English and both: reader names,
//! ATRs, guesses, the OK / problem markers (words and symbols), the guidance per failure, the
//! hotlines; Copy and Save hand the bilingual report text to the root.

mod ui_support;

use iced_test::Simulator;

use nhi_companion::card::apdu::{READ_BASIC_DATA, SELECT_NHI};
use nhi_companion::card::demo::{DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_NAME};
use nhi_companion::diagnostics::{Report, ServiceProbe, TlsStatus, gather_smart_cards};
use nhi_companion::flow::{ReaderSignal, Reply};
use nhi_companion::i18n::{self, DisplayMode, Language};
use nhi_companion::problem::{Problem, ProblemText};
use nhi_companion::reader::SmartCardService;
use nhi_companion::reader::atr::NHI_CARD_ATR;
use nhi_companion::reader::fake::{FakeCard, FakeWorld};
use nhi_companion::ui::app::Key;
use nhi_companion::ui::look::Look;
use nhi_companion::ui::screen::diagnostics::{self as screen, Diagnostics, Event as Request};
use nhi_companion::ui::{self, Message};

use ui_support::{HEIGHT, Ui, WIDTH, pin_backend, tr};

const BANK_ATR: [u8; 4] = [0x3B, 0x8F, 0x80, 0x01];
const PERSONAL: [&str; 5] = [
    DEMO_NAME,
    DEMO_ID_NUMBER,
    DEMO_CARD_NUMBER,
    "A12****789",
    "王○明",
];

// --- fake worlds and probe results -----------------------------------------------------------

/// The demo person's basic-data record: what an NHI card would give to READ, if asked.
fn record() -> Vec<u8> {
    let mut r = DEMO_CARD_NUMBER.as_bytes().to_vec();
    r.extend_from_slice(&encoding_rs::BIG5.encode(DEMO_NAME).0);
    r.resize(32, 0);
    r.extend_from_slice(DEMO_ID_NUMBER.as_bytes());
    r.extend_from_slice(b"0490506M1090102\x90\x00");
    r
}

fn nhi_card() -> FakeCard {
    FakeCard::new(NHI_CARD_ATR)
        .answer(SELECT_NHI, [0x90, 0x00])
        .answer(READ_BASIC_DATA, record())
}

fn bank_card() -> FakeCard {
    FakeCard::new(BANK_ATR).answer(SELECT_NHI, [0x6A, 0x82])
}

fn no_service() -> FakeWorld {
    let world = FakeWorld::new();
    world.stop_service();
    world
}

fn no_readers() -> FakeWorld {
    FakeWorld::new()
}

fn nhi_and_bank_card() -> FakeWorld {
    let world = FakeWorld::new();
    world.add_reader("Reader A");
    world.add_reader("Reader B");
    world.insert_card("Reader A", nhi_card());
    world.insert_card("Reader B", bank_card());
    world
}

fn card_in_use() -> FakeWorld {
    let world = FakeWorld::new();
    world.add_reader("Busy Reader");
    world.insert_card("Busy Reader", nhi_card());
    world.set_exclusive_by_other("Busy Reader", true);
    world
}

fn reachable() -> ServiceProbe {
    ServiceProbe {
        url: "http://127.0.0.1:8480".into(),
        reachable: true,
        latency_ms: Some(1.2),
        samples_ms: vec![4.8, 1.2, 1.1, 1.3, 1.2],
        tls: TlsStatus::NotEncryptedLoopback,
        service: Some("nhi-companion-reference 0.1.0".into()),
        protocol: Some(1),
        problem: None,
    }
}

fn unreachable() -> ServiceProbe {
    ServiceProbe {
        url: "http://127.0.0.1:8480".into(),
        reachable: false,
        latency_ms: None,
        samples_ms: Vec::new(),
        tls: TlsStatus::NotChecked,
        service: None,
        protocol: None,
        problem: Some(Problem::LocalServiceNotRunning),
    }
}

fn report(world: &FakeWorld, probe: ServiceProbe) -> Report {
    let service = world
        .service()
        .map(|s| Box::new(s) as Box<dyn SmartCardService>);
    Report::new(gather_smart_cards(service), Some(probe))
}

// --- the app, headless -------------------------------------------------------------------------

impl Ui {
    /// Opens diagnostics from the footer and hands it `report` as the gathering's result.
    fn diagnose(&mut self, l: Language, report: Report) {
        self.click(&tr(l, "diag-open"));
        assert!(self.shows(&tr(l, "diag-checking")), "checking… first");
        let run = self.app.diagnostics().expect("diagnostics open").run();
        self.send(Message::Diagnostics(screen::Message::Gathered(
            run,
            Box::new(report),
        )));
        assert!(!self.shows(&tr(l, "diag-checking")));
    }

    fn assert_nothing_personal(&self) {
        for secret in PERSONAL {
            assert!(!self.shows_part(secret), "{secret:?} on screen");
        }
    }

    /// The problem's title and what to do, in `l`.
    fn shows_guidance(&self, l: Language, problem: &Problem) -> bool {
        self.shows(&problem.title(l)) && self.shows(&problem.hint(l))
    }

    fn shows_hotlines(&self, l: Language) -> bool {
        self.shows(&tr(l, "help-hotline")) && self.shows(&tr(l, "diag-hotline-it"))
    }
}

const MODES: [(DisplayMode, Language); 2] = [
    (DisplayMode::Chinese, Language::TraditionalChinese),
    (DisplayMode::English, Language::English),
];

// --- the tests ---------------------------------------------------------------------------------

#[test]
fn two_readers_an_nhi_card_and_a_bank_card() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.diagnose(l, report(&nhi_and_bank_card(), reachable()));

        // Each reader with its ATR, the guess and the SELECT verdict.
        assert!(ui.shows_part("Reader A"), "{mode:?}");
        assert!(ui.shows_part(&hex::encode_upper(NHI_CARD_ATR)), "{mode:?}");
        // SELECT's verdict, not the ATR's guess: the NHI card answered.
        assert!(ui.shows_part(&tr(l, "diag-select-nhi")), "{mode:?}");
        assert!(
            ui.shows_part("✓ Reader A"),
            "{mode:?}: OK marker on the reader"
        );
        assert!(
            ui.shows_part("⚠ Reader B"),
            "{mode:?}: problem marker on the reader"
        );
        assert!(ui.shows_part("3B8F8001"), "{mode:?}");
        assert!(ui.shows_part(&tr(l, "diag-select-not-nhi")), "{mode:?}");
        assert!(ui.shows_guidance(l, &Problem::NotNhiCard), "{mode:?}");

        // Area markers in words: the card service and the service are fine, the readers not.
        assert!(ui.shows(&tr(l, "diag-ok")), "{mode:?}");
        assert!(ui.shows(&tr(l, "diag-problem")), "{mode:?}");
        assert!(
            ui.shows(&i18n::text(
                l,
                "diag-service-reachable",
                &[("ms", "1.2".into()), ("samples", "5".into())]
            )),
            "{mode:?}: the median latency"
        );
        assert!(ui.shows(&tr(l, "diag-tls-loopback")), "{mode:?}");
        assert!(ui.shows_hotlines(l), "{mode:?}");
        ui.assert_nothing_personal();
        ui.save_snapshot(
            &format!("diagnostics-two-readers-{mode:?}"),
            &iced::Theme::Light,
        );
    }
}

#[test]
fn no_smart_card_service_and_no_registration_service() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.diagnose(l, report(&no_service(), unreachable()));
        assert!(ui.shows(&tr(l, "diag-sc-not-running")), "{mode:?}");
        assert!(
            ui.shows_guidance(l, &Problem::SmartCardServiceNotRunning),
            "{mode:?}"
        );
        assert!(!ui.shows(&tr(l, "diag-ok")), "{mode:?}: nothing is OK");
        assert!(ui.shows(&tr(l, "diag-service-unreachable")), "{mode:?}");
        assert!(
            ui.shows_guidance(l, &Problem::LocalServiceNotRunning),
            "{mode:?}"
        );
        assert!(ui.shows_hotlines(l), "{mode:?}");
    }
}

#[test]
fn no_reader_attached() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.diagnose(l, report(&no_readers(), reachable()));
        assert!(ui.shows(&tr(l, "diag-sc-running")), "{mode:?}");
        assert!(
            ui.shows(&i18n::text(
                l,
                "diag-readers-count",
                &[("count", "0".into())]
            )),
            "{mode:?}"
        );
        assert!(ui.shows_guidance(l, &Problem::NoReader), "{mode:?}");
    }
}

#[test]
fn a_reader_in_use_by_another_program() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.diagnose(l, report(&card_in_use(), unreachable()));
        assert!(ui.shows_part("⚠ Busy Reader"), "{mode:?}");
        assert!(ui.shows_part(&tr(l, "diag-slot-in-use")), "{mode:?}");
        assert!(ui.shows_guidance(l, &Problem::CardInUse), "{mode:?}");
        assert!(
            ui.shows_guidance(l, &Problem::LocalServiceNotRunning),
            "{mode:?}"
        );
        ui.save_snapshot(&format!("diagnostics-in-use-{mode:?}"), &iced::Theme::Light);
    }
}

#[test]
fn bilingual_mode_shows_the_guidance_in_both_languages() {
    let mut ui = Ui::new(DisplayMode::Bilingual);
    ui.diagnose(
        Language::TraditionalChinese,
        report(&card_in_use(), reachable()),
    );
    for l in Language::ALL {
        assert!(ui.shows_guidance(l, &Problem::CardInUse), "{l:?}");
        assert!(ui.shows_hotlines(l), "{l:?}");
    }
    assert!(ui.shows("⚠ 有問題 / ⚠ Problem"));
    assert!(ui.shows("✓ 正常 / ✓ OK"));
    ui.save_snapshot("diagnostics-bilingual", &iced::Theme::Light);
}

#[test]
fn copy_and_save_hand_the_bilingual_report_to_the_root() {
    pin_backend();
    let look = Look::new(DisplayMode::English);
    let mut diagnostics = Diagnostics::checking(7);
    // A report from an older run is not shown.
    diagnostics.update(screen::Message::Gathered(
        6,
        Box::new(report(&no_service(), unreachable())),
    ));
    assert!(diagnostics.report().is_none());
    diagnostics.update(screen::Message::Gathered(
        7,
        Box::new(report(&nhi_and_bank_card(), reachable())),
    ));

    let click = |diagnostics: &Diagnostics, label: &str| -> Vec<screen::Message> {
        let mut sim = Simulator::with_size(
            ui::settings(),
            (WIDTH, HEIGHT),
            diagnostics.view(look, false),
        );
        sim.click(label).expect(label);
        sim.into_messages().collect()
    };
    let mut requests = Vec::new();
    for label in ["diag-copy", "diag-save", "diag-again", "diag-close"] {
        for m in click(&diagnostics, &tr(Language::English, label)) {
            requests.extend(diagnostics.update(m));
        }
    }
    let [
        Request::Copy(copied),
        Request::Save(saved),
        Request::CheckAgain,
        Request::Close,
    ] = &requests[..]
    else {
        panic!("{requests:?}")
    };
    assert_eq!(copied, saved);
    for needle in [
        "Reader A",
        "Reader B",
        "3B8F8001",
        "This is not an NHI card",
        "這不是健保卡",
        "Reachable: median round trip 1.2 ms (5 tries)",
        "0800-030-598",
        "(02)4128-678",
    ] {
        assert!(copied.contains(needle), "{needle:?} not in:\n{copied}");
    }
    for secret in PERSONAL {
        assert!(!copied.contains(secret), "{secret:?} in:\n{copied}");
    }
}

#[test]
fn the_app_copies_saves_and_closes() {
    let l = Language::English;
    let mut ui = Ui::new(DisplayMode::English);
    ui.diagnose(l, report(&nhi_and_bank_card(), reachable()));
    ui.click(&tr(l, "diag-copy"));
    assert!(ui.shows(&tr(l, "diag-copied")));
    ui.click(&tr(l, "diag-save"));
    // The save itself runs as a task; its outcome comes back as a message.
    ui.send(Message::Diagnostics(screen::Message::Saved(Ok(
        "/home/someone/Documents/nhi-companion-diagnostics-20261130-113829.txt".into(),
    ))));
    assert!(ui.shows_part("nhi-companion-diagnostics-20261130-113829.txt"));
    ui.send(Message::Diagnostics(screen::Message::Saved(Err(
        "permission denied".into(),
    ))));
    assert!(ui.shows_part("permission denied"));
    // Check again: "checking…" until the new report arrives.
    ui.click(&tr(l, "diag-again"));
    assert!(ui.shows(&tr(l, "diag-checking")));
    ui.click(&tr(l, "diag-close"));
    assert!(ui.app.diagnostics().is_none());
    assert!(ui.shows(&tr(l, "no-reader-title")), "back where it was");

    // Esc closes it too.
    ui.diagnose(l, report(&no_readers(), reachable()));
    ui.send(Message::Key(Key::Escape));
    assert!(ui.app.diagnostics().is_none());
}

#[test]
fn reader_problems_offer_diagnostics() {
    let l = Language::English;
    let mut ui = Ui::new(DisplayMode::English);
    // No reader: the waiting screen offers it.
    assert!(ui.shows(&tr(l, "diag-run")));
    // A card another program holds: the error screen offers it.
    ui.reader(ReaderSignal::ReaderAdded { reader: "R".into() });
    ui.reader(ReaderSignal::CardInserted {
        reader: "R".into(),
        atr: NHI_CARD_ATR.to_vec(),
    });
    ui.reply(Reply::CardRead(Err(Problem::CardInUse)));
    assert!(ui.shows(&Problem::CardInUse.title(l)));
    ui.click(&tr(l, "diag-run"));
    assert!(ui.app.diagnostics().is_some());
    assert!(ui.shows(&tr(l, "diag-checking")));
}

#[test]
fn a_kiosk_offers_no_save() {
    pin_backend();
    let look = Look::new(DisplayMode::English);
    let mut diagnostics = Diagnostics::checking(1);
    diagnostics.update(screen::Message::Gathered(
        1,
        Box::new(report(&nhi_and_bank_card(), reachable())),
    ));
    let labels = |kiosk: bool| {
        let mut sim = Simulator::with_size(
            ui::settings(),
            (WIDTH, HEIGHT),
            diagnostics.view(look, kiosk),
        );
        (
            sim.find(tr(Language::English, "diag-save").as_str())
                .is_ok(),
            sim.find(tr(Language::English, "diag-copy").as_str())
                .is_ok(),
        )
    };
    assert_eq!(labels(false), (true, true));
    assert_eq!(labels(true), (false, true), "a kiosk writes no files");
}

#[test]
fn the_machine_wide_configuration_is_shown() {
    use nhi_companion::diagnostics::MachineConfigStatus;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "kiosk = [").unwrap();
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        let status = MachineConfigStatus::check_at(&path);
        ui.diagnose(
            l,
            report(&no_readers(), reachable()).with_machine_config(status),
        );
        let broken = i18n::text(
            l,
            "diag-machine-broken",
            &[("path", path.display().to_string().into())],
        );
        assert!(ui.shows(&format!("⚠ {broken}")), "{mode:?}");
    }
}

fn certificate_card() -> FakeWorld {
    use nhi_companion::reader::atr::CITIZEN_DIGITAL_CERTIFICATE_ATR;
    let world = FakeWorld::new();
    world.add_reader("Reader A");
    world.insert_card("Reader A", FakeCard::new(CITIZEN_DIGITAL_CERTIFICATE_ATR));
    world
}

#[test]
fn the_certificate_token_section_shows() {
    use nhi_companion::diagnostics::{TokenProbe, gather_token};
    use nhi_companion::token::SoftwareToken;
    use std::sync::{Arc, Mutex};
    // The demo's practice certificate: its holder (王小明) is in the certificate, never shown.
    let token = Arc::new(Mutex::new(SoftwareToken::demo().unwrap().token));
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        let gathered = gather_token(&TokenProbe::Software(Arc::clone(&token))).unwrap();
        ui.diagnose(
            l,
            report(&certificate_card(), reachable()).with_token(gathered),
        );
        assert!(ui.shows(&tr(l, "diag-section-token")), "{mode:?}");
        assert!(ui.shows(&tr(l, "diag-token-module-software")), "{mode:?}");
        assert!(
            ui.shows(&i18n::text(l, "diag-token-slots", &[("count", "1".into())])),
            "{mode:?}"
        );
        assert!(
            ui.shows_part("Demo Citizen Digital Certificate"),
            "{mode:?}: the token's label"
        );
        assert!(ui.shows_part(&tr(l, "diag-token-pin-ok")), "{mode:?}");
        // The certificate card is one this app uses: its reader is fine.
        assert!(ui.shows_part("✓ Reader A"), "{mode:?}");
        ui.assert_nothing_personal();
        ui.save_snapshot(&format!("diagnostics-token-{mode:?}"), &iced::Theme::Light);
    }
}

#[test]
fn a_certificate_card_without_its_card_software_says_what_to_install() {
    use nhi_companion::diagnostics::{TokenProbe, gather_token};
    use nhi_companion::problem::CertificateProblem;
    use nhi_companion::settings::start::ModuleSource;
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("libHicos_p11.so");
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        let gathered = gather_token(&TokenProbe::Module {
            explicit: Some(missing.clone()),
            source: ModuleSource::MachineFile,
        })
        .unwrap();
        ui.diagnose(
            l,
            report(&certificate_card(), reachable()).with_token(gathered),
        );
        assert!(ui.shows(&tr(l, "diag-section-token")), "{mode:?}");
        assert!(
            ui.shows_part(&missing.display().to_string()),
            "{mode:?}: where it was looked for"
        );
        assert!(
            ui.shows_guidance(l, &Problem::Certificate(CertificateProblem::ModuleMissing)),
            "{mode:?}"
        );
        assert!(ui.shows_part("✓ Reader A"), "{mode:?}");
    }
}
