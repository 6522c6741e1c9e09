//! Gathering and rendering over the scripted fake and the in-process demo card. The fake
//! cards would hand out a full basic-data record if asked: the tests check nobody asks.

use super::render::render_text;
use super::*;
use crate::card::apdu::{READ_BASIC_DATA, SELECT_NHI};
use crate::card::demo::{DEMO_CARD_NUMBER, DEMO_ID_NUMBER, DEMO_NAME};
use crate::i18n::{DisplayMode, Language};
use crate::reader::atr::NHI_CARD_ATR;
use crate::reader::fake::{Call, FakeCard, FakeWorld};
use crate::reader::{CardTypeGuess, SlotState};

const OTHER_ATR: [u8; 4] = [0x3B, 0x8F, 0x80, 0x01];

/// The demo person's 57-byte record + 9000, for a card that would answer READ.
fn record() -> Vec<u8> {
    let mut r = Vec::new();
    r.extend_from_slice(DEMO_CARD_NUMBER.as_bytes());
    let (name, _, _) = encoding_rs::BIG5.encode(DEMO_NAME);
    r.extend_from_slice(&name);
    r.resize(32, 0);
    r.extend_from_slice(DEMO_ID_NUMBER.as_bytes());
    r.extend_from_slice(b"0490506M1090102");
    r.extend_from_slice(&[0x90, 0x00]);
    r
}

fn nhi_card() -> FakeCard {
    FakeCard::new(NHI_CARD_ATR)
        .answer(SELECT_NHI, [0x90, 0x00])
        .answer(READ_BASIC_DATA, record())
}

fn bank_card() -> FakeCard {
    FakeCard::new(OTHER_ATR).answer(SELECT_NHI, [0x6A, 0x82])
}

fn gather(world: &FakeWorld) -> SmartCardReport {
    gather_smart_cards(
        world
            .service()
            .map(|s| Box::new(s) as Box<dyn SmartCardService>),
    )
}

fn codes(report: &Report) -> Vec<(Area, Option<&str>, &'static str)> {
    report
        .problems
        .iter()
        .map(|f| {
            (
                f.area,
                f.subject.as_deref(),
                report::problem_code(&f.problem),
            )
        })
        .collect()
}

fn assert_nothing_personal(what: &str, text: &str) {
    for secret in [
        DEMO_NAME,
        DEMO_ID_NUMBER,
        DEMO_CARD_NUMBER,
        "A12****789",
        "王○明",
    ] {
        assert!(
            !text.contains(secret),
            "{what} contains {secret:?}:\n{text}"
        );
    }
}

#[test]
fn no_smart_card_service() {
    let world = FakeWorld::new();
    world.stop_service();
    let report = Report::new(gather(&world), None);
    assert_eq!(report.smart_card_service, SmartCardState::NotRunning);
    assert_eq!(
        codes(&report),
        vec![(Area::SmartCardService, None, "service-not-running")]
    );
    let text = render_text(&report, &[Language::English]);
    assert!(text.contains("Smart-card service: NOT running"), "{text}");
    assert!(text.contains("pcscd") || text.contains("SCardSvr") || text.contains("Unplug"));
    // Readers are not listed when the service is down: there is nothing to list.
    assert!(!text.contains("Readers:"), "{text}");
}

#[test]
fn no_reader() {
    let world = FakeWorld::new();
    let report = Report::new(gather(&world), None);
    assert_eq!(report.smart_card_service, SmartCardState::Running);
    assert_eq!(codes(&report), vec![(Area::Readers, None, "no-reader")]);
    assert!(report.area_ok(Area::SmartCardService));
    assert!(!report.area_ok(Area::Readers));
}

#[test]
fn an_nhi_card_and_a_bank_card_only_see_select() {
    let world = FakeWorld::new();
    world.add_reader("Reader A");
    world.add_reader("Reader B");
    world.add_reader("Reader C");
    world.insert_card("Reader A", nhi_card());
    world.insert_card("Reader B", bank_card());
    let report = Report::new(gather(&world), None);

    let [a, b, c] = &report.readers[..] else {
        panic!("{:?}", report.readers)
    };
    assert_eq!(
        (a.state, a.card_type),
        (SlotState::Present, Some(CardTypeGuess::PossiblyNhi))
    );
    assert!(a.nhi_select.as_ref().is_some_and(SelectOutcome::is_nhi));
    assert_eq!(a.problem(), None);
    assert_eq!(b.card_type, Some(CardTypeGuess::Unknown));
    assert_eq!(b.problem(), Some(crate::problem::Problem::NotNhiCard));
    assert_eq!(
        (c.state, c.card_type, &c.nhi_select),
        (SlotState::Empty, None, &None)
    );
    assert_eq!(
        codes(&report),
        vec![(Area::Readers, Some("Reader B"), "not-nhi-card")]
    );

    // Only SELECT went to the cards, and both were left as they were.
    let sent: Vec<Vec<u8>> = world.transmitted().into_iter().map(|(_, c)| c).collect();
    assert_eq!(sent, vec![SELECT_NHI.to_vec(), SELECT_NHI.to_vec()]);
    assert_eq!(world.count(Call::Disconnect), 2);
    assert_eq!(world.open_connections(), 0);

    let text = render_text(&report, DisplayMode::Bilingual.languages());
    // The verdict first, in words a person can act on; the ATR and status word after it.
    assert!(
        text.contains(&format!(
            "Reader A: card present; an NHI card answered (ATR {}, NHI SELECT → 9000)",
            hex::encode_upper(NHI_CARD_ATR)
        )),
        "{text}"
    );
    assert!(
        text.contains("Reader B：有卡片；這張卡沒有以健保卡回應（ATR 3B8F8001，"),
        "{text}"
    );
    assert!(
        text.contains(
            "Reader B: card present; this card does not answer as an NHI card (ATR 3B8F8001, NHI SELECT → 6A82)"
        ),
        "{text}"
    );
    assert!(!text.contains("may still"), "{text}");
    assert!(
        text.contains("This is not an NHI card") && text.contains("這不是健保卡"),
        "{text}"
    );
    assert!(text.contains("Reader C: no card"), "{text}");
    assert_nothing_personal("text", &text);
    let json = report.to_json();
    assert_nothing_personal("json", &json);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["readers"][1]["nhi_select"], "6A82");
    assert_eq!(value["problems"][0]["code"], "not-nhi-card");
    assert_eq!(value["problems"][0]["title"]["zh-TW"], "這不是健保卡");
}

#[test]
fn a_citizen_digital_certificate_is_named_by_its_listed_atr() {
    use crate::reader::atr::CITIZEN_DIGITAL_CERTIFICATE_ATR;
    let world = FakeWorld::new();
    world.add_reader("Reader A");
    world.insert_card(
        "Reader A",
        FakeCard::new(CITIZEN_DIGITAL_CERTIFICATE_ATR).answer(SELECT_NHI, [0x6A, 0x82]),
    );
    let report = Report::new(gather(&world), None);
    assert_eq!(
        report.readers[0].card_type,
        Some(CardTypeGuess::CitizenDigitalCertificate)
    );
    // Named by its ATR alone: the card is the vendor module's, not even SELECT reaches it.
    assert_eq!(
        world.count(Call::Transmit),
        0,
        "an APDU reached the certificate card"
    );
    assert_eq!(report.readers[0].nhi_select, None);
    // A card this app uses (through its module): no reader problem. Whether the module is
    // there is the token part's to say (diagnostics/token/tests.rs).
    assert_eq!(codes(&report), vec![]);
    let text = render_text(&report, DisplayMode::Bilingual.languages());
    for needle in [
        "ATR listed for the Citizen Digital Certificate (自然人憑證)",
        "公開清單所列的自然人憑證 ATR",
        "  ✓ Reader A",
    ] {
        assert!(text.contains(needle), "{needle:?} not in {text}");
    }
}

#[test]
fn a_card_held_by_another_program_or_mute() {
    let world = FakeWorld::new();
    world.add_reader("Busy");
    world.add_reader("Mute");
    world.insert_card("Busy", nhi_card());
    world.insert_card("Mute", FakeCard::mute());
    world.set_exclusive_by_other("Busy", true);
    let report = Report::new(gather(&world), None);
    assert_eq!(report.readers[0].state, SlotState::InUse);
    assert_eq!(
        codes(&report),
        vec![
            (Area::Readers, Some("Busy"), "card-in-use"),
            (Area::Readers, Some("Mute"), "card-unresponsive"),
        ]
    );
    // Nothing was sent to a card another program holds.
    assert!(world.transmitted().is_empty());
}

#[test]
fn a_select_that_fails_is_the_reader_problem() {
    let world = FakeWorld::new();
    world.add_reader("R");
    world.insert_card("R", nhi_card());
    world.fail_next(Call::Transmit, crate::reader::ReaderError::CardRemoved);
    let report = Report::new(gather(&world), None);
    assert_eq!(
        codes(&report),
        vec![(Area::Readers, Some("R"), "card-removed")]
    );
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["readers"][0]["nhi_select"], "failed: card-removed");
}

#[test]
fn the_demo_card_in_process() {
    let reader = crate::virtual_card::InProcessReader::new(
        "Demo",
        crate::virtual_card::CardProfile::default(),
    )
    .unwrap();
    reader.insert();
    let report = Report::new(gather_smart_cards(Ok(reader.service())), None);
    assert_eq!(report.readers.len(), 1);
    assert!(
        report.readers[0]
            .nhi_select
            .as_ref()
            .is_some_and(SelectOutcome::is_nhi)
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let text = render_text(&report, DisplayMode::Bilingual.languages());
    assert_nothing_personal("demo text", &text);
    assert_nothing_personal("demo json", &report.to_json());
}

#[test]
fn the_text_ends_with_the_official_hotlines_in_both_languages() {
    let report = Report::new(gather(&FakeWorld::new()), None);
    let text = render_text(&report, DisplayMode::Bilingual.languages());
    let tail: Vec<&str> = text.lines().rev().take(6).collect();
    let tail = tail.join("\n");
    for needle in [
        "0800-030-598",
        "(02)4128-678",
        "(07)231-8122",
        "健保諮詢服務專線",
        "NHI hotline",
    ] {
        assert!(tail.contains(needle), "{needle} not at the end:\n{text}");
    }
    assert!(
        text.contains("✓ 正常 / ✓ OK] 智慧卡服務 / Smart-card service"),
        "{text}"
    );
    assert!(
        text.contains("⚠ 有問題 / ⚠ Problem] 讀卡機 / Card readers"),
        "{text}"
    );
}

#[test]
fn only_reader_and_service_problems_offer_diagnostics() {
    use crate::problem::Problem;
    assert!(helps_with(&Problem::CardInUse));
    assert!(helps_with(&Problem::NetworkDown));
    assert!(!helps_with(&Problem::WrongPassword { attempts_left: 2 }));
    assert!(!helps_with(&Problem::CodeExpired));
}

#[test]
fn the_machine_wide_configuration_in_every_state() {
    use crate::diagnostics::{MachineConfigState, MachineConfigStatus};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let report = |status: MachineConfigStatus| {
        Report::new(gather(&FakeWorld::new()), None).with_machine_config(status)
    };
    let text = |status: MachineConfigStatus| {
        render::render_text(
            &report(status),
            &[Language::TraditionalChinese, Language::English],
        )
    };

    // None: a personal computer.
    let missing = MachineConfigStatus::check_at(&path);
    assert_eq!(missing.state, MachineConfigState::Missing);
    assert!(!missing.kiosk && !missing.is_problem());
    let t = text(missing);
    assert!(t.contains("kiosk mode only with --kiosk"), "{t}");
    assert!(t.contains("全機設定檔：無"), "{t}");

    // A kiosk, one value unusable; the PIN hash is never shown.
    let hash = crate::kiosk::pin::hash("135790").unwrap();
    std::fs::write(
        &path,
        format!("kiosk = true\nidle_seconds = \"soon\"\nadmin_pin_hash = \"{hash}\"\n"),
    )
    .unwrap();
    let read = MachineConfigStatus::check_at(&path);
    assert!(read.kiosk && read.is_problem());
    assert_eq!(
        read.state,
        MachineConfigState::Read {
            ignored: vec!["idle_seconds".into()]
        }
    );
    let json = report(read.clone()).to_json();
    assert!(json.contains("\"state\": \"read\""), "{json}");
    assert!(!json.contains("argon2"), "the PIN hash stays out: {json}");
    let t = text(read);
    assert!(t.contains("kiosk mode on"), "{t}");
    assert!(t.contains("服務台模式開啟"), "{t}");
    assert!(
        t.contains("⚠ Unusable values, left at their defaults: idle_seconds"),
        "{t}"
    );
    assert!(!t.contains("argon2"), "{t}");

    // Not TOML: fails closed, and says so.
    std::fs::write(&path, "kiosk = [").unwrap();
    let broken = MachineConfigStatus::check_at(&path);
    assert_eq!(broken.state, MachineConfigState::Broken);
    assert!(broken.kiosk && broken.is_problem());
    let t = text(broken);
    assert!(t.contains("is not valid TOML: kiosk mode is on"), "{t}");
    assert!(t.contains("不是有效的 TOML"), "{t}");

    // A plain file without kiosk: read, kiosk off, nothing wrong.
    std::fs::write(&path, "language = \"english\"\n").unwrap();
    let plain = MachineConfigStatus::check_at(&path);
    assert!(!plain.kiosk && !plain.is_problem());
    assert!(text(plain).contains("kiosk mode off"));
}
