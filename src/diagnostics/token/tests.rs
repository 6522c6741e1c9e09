//! The token part from the demo's software token and from module paths that do not work. The
//! real module (SoftHSM2) is tried in tests/token_softhsm.rs.

use std::sync::{Arc, Mutex};

use super::*;
use crate::diagnostics::render::render_text;
use crate::diagnostics::{Area, Report, SmartCardReport, SmartCardState, report};
use crate::i18n::DisplayMode;
use crate::reader::SmartCardService;
use crate::reader::atr::CITIZEN_DIGITAL_CERTIFICATE_ATR;
use crate::reader::fake::{Call, FakeCard, FakeWorld};
use crate::token::{CertificateToken, Pin};

fn demo_token() -> Arc<Mutex<SoftwareToken>> {
    Arc::new(Mutex::new(SoftwareToken::demo().unwrap().token))
}

fn no_readers() -> SmartCardReport {
    SmartCardReport {
        state: SmartCardState::Running,
        readers: Vec::new(),
    }
}

/// The token part's findings (a report with no reader has its own "no reader").
fn codes(report: &Report) -> Vec<(Area, Option<&str>, &'static str)> {
    report
        .findings(Area::Certificate)
        .map(|f| {
            (
                f.area,
                f.subject.as_deref(),
                report::problem_code(&f.problem),
            )
        })
        .collect()
}

fn both(report: &Report) -> (String, String) {
    (
        render_text(report, DisplayMode::Bilingual.languages()),
        report.to_json(),
    )
}

#[test]
fn a_software_token_shows_its_labels_and_never_the_holder() {
    let token = demo_token();
    let gathered = gather_token(&TokenProbe::Software(Arc::clone(&token))).unwrap();
    assert_eq!(gathered.module, ModuleStatus::Software);
    assert_eq!(gathered.slots.len(), 1);
    let labels = gathered.slots[0].token.as_ref().expect("the card is in");
    assert_eq!(labels.label, "Demo Citizen Digital Certificate");
    assert_eq!(
        labels.pin,
        PinState::Usable {
            tries: PinTries::Unknown
        }
    );
    let report = Report::new(no_readers(), None).with_token(gathered);
    assert!(report.area_ok(Area::Certificate));
    let (text, json) = both(&report);
    for needle in [
        "[✓ 正常 / ✓ OK] 自然人憑證 / Citizen Digital Certificate (自然人憑證)",
        "練習用自然人憑證：程式內建",
        "Practice Citizen Digital Certificate: built into this app",
        "插槽 0（NHI Card Companion software slot）：Demo Citizen Digital Certificate（NHI Card Companion，software token）；PIN 碼可以使用",
        "Slot 0 (NHI Card Companion software slot): Demo Citizen Digital Certificate (NHI Card Companion, software token); PIN usable",
    ] {
        assert!(text.contains(needle), "{needle:?} not in\n{text}");
    }
    // The certificate's subject is 王小明: never read, so never in the report.
    for what in [&text, &json] {
        assert!(!what.contains("王小明"), "{what}");
        assert!(!what.contains("0000000000000001"), "{what}");
    }
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["token"]["module"]["state"], "software");
    assert_eq!(
        value["token"]["slots"][0]["token"]["label"],
        "Demo Citizen Digital Certificate"
    );
    assert_eq!(value["token"]["slots"][0]["token"]["pin"], "ok");
}

#[test]
fn the_pin_state_follows_the_token_and_a_locked_pin_is_a_problem() {
    let token = demo_token();
    let wrong = Pin::new("000000");
    let sign = || {
        token
            .lock()
            .unwrap()
            .sign(SoftwareToken::SLOT, &wrong, b"challenge")
            .unwrap_err()
    };
    let pin_of = |token: &Arc<Mutex<SoftwareToken>>| {
        let r = gather_token(&TokenProbe::Software(Arc::clone(token))).unwrap();
        let (text, json) = both(&Report::new(no_readers(), None).with_token(r.clone()));
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        (value["token"]["slots"][0]["token"]["pin"].clone(), text, r)
    };
    sign();
    let (pin, text, _) = pin_of(&token);
    assert_eq!(pin, "count_low");
    assert!(text.contains("先前曾輸入錯誤的 PIN 碼"), "{text}");
    sign();
    let (pin, text, _) = pin_of(&token);
    assert_eq!(pin, "final_try");
    assert!(text.contains("one PIN try left"), "{text}");
    sign();
    let (pin, text, gathered) = pin_of(&token);
    assert_eq!(pin, "locked");
    let report = Report::new(no_readers(), None).with_token(gathered);
    assert_eq!(
        codes(&report),
        vec![(
            Area::Certificate,
            Some("Demo Citizen Digital Certificate"),
            "cert-pin-locked"
        )]
    );
    assert!(text.contains("[⚠ 有問題 / ⚠ Problem] 自然人憑證"), "{text}");
    assert!(text.contains("PIN 碼已鎖住"), "{text}");
}

#[test]
fn a_card_taken_out_leaves_the_slot_empty() {
    let token = demo_token();
    token.lock().unwrap().set_present(false);
    let gathered = gather_token(&TokenProbe::Software(token)).unwrap();
    assert_eq!(gathered.slots.len(), 1);
    assert_eq!(gathered.slots[0].token, None);
    let (text, _) = both(&Report::new(no_readers(), None).with_token(gathered));
    assert!(
        text.contains("Slot 0 (NHI Card Companion software slot): no card"),
        "{text}"
    );
}

#[test]
fn a_missing_module_lists_where_it_was_looked_for_and_is_only_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("libHicos_p11.so");
    let probe = TokenProbe::Module {
        explicit: Some(missing.clone()),
        source: ModuleSource::Settings,
    };
    let gathered = gather_token(&probe).unwrap();
    assert_eq!(
        gathered.module,
        ModuleStatus::NotFound {
            looked_in: vec![missing.clone()],
            source: ModuleSource::Settings
        }
    );
    assert!(gathered.slots.is_empty());
    // No certificate card in: most people use the NHI card and need no module.
    let report = Report::new(no_readers(), None).with_token(gathered.clone());
    assert!(codes(&report).is_empty(), "{:?}", codes(&report));
    let (text, json) = both(&report);
    let path = missing.display().to_string();
    assert!(
        text.contains("[• 說明 / • Note] 自然人憑證"),
        "a note, neither OK nor a problem:\n{text}"
    );
    assert!(
        text.contains(&format!(
            "Card software: not installed (named by pkcs11_module in the settings; looked in {path})"
        )),
        "{text}"
    );
    assert!(text.contains("由設定檔的 pkcs11_module 指定"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["token"]["module"]["state"], "not_found");
    assert_eq!(value["token"]["module"]["looked_in"][0], path.as_str());
    assert_eq!(value["token"]["module"]["source"], "settings");
}

#[test]
fn with_a_certificate_card_in_a_missing_module_is_the_problem_not_the_card() {
    let world = FakeWorld::new();
    world.add_reader("Reader A");
    world.insert_card("Reader A", FakeCard::new(CITIZEN_DIGITAL_CERTIFICATE_ATR));
    let cards = crate::diagnostics::gather_smart_cards(
        world
            .service()
            .map(|s| Box::new(s) as Box<dyn SmartCardService>),
    );
    assert_eq!(
        world.count(Call::Transmit),
        0,
        "an APDU reached the certificate card"
    );
    let dir = tempfile::tempdir().unwrap();
    let gathered = gather_token(&TokenProbe::Module {
        explicit: Some(dir.path().join("missing.so")),
        source: ModuleSource::CommandLine,
    })
    .unwrap();
    let report = Report::new(cards, None).with_token(gathered);
    // The card is one this app can use now: the reader is fine, the software is missing.
    assert_eq!(report.readers[0].problem(), None);
    assert_eq!(
        codes(&report),
        vec![(Area::Certificate, None, "cert-module-missing")]
    );
    let (text, _) = both(&report);
    assert!(text.contains("[⚠ 有問題 / ⚠ Problem] 自然人憑證"), "{text}");
    assert!(text.contains("HiCOS PKI Smart Card"), "{text}");
}

#[test]
fn a_file_that_is_no_module_is_unusable() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("libHicos_p11.so");
    std::fs::write(&junk, b"not a shared library").unwrap();
    let gathered = gather_token(&TokenProbe::Module {
        explicit: Some(junk.clone()),
        source: ModuleSource::MachineFile,
    })
    .unwrap();
    match &gathered.module {
        ModuleStatus::Unusable {
            path,
            detail,
            source,
        } => {
            assert_eq!(path, &junk);
            assert!(!detail.is_empty());
            assert_eq!(*source, ModuleSource::MachineFile);
        }
        other => panic!("{other:?}"),
    }
    let (text, json) = both(&Report::new(no_readers(), None).with_token(gathered));
    assert!(text.contains("cannot be used"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["token"]["module"]["state"], "unusable");
    assert_eq!(value["token"]["module"]["source"], "machine_file");
}

#[test]
fn nothing_asked_nothing_gathered() {
    assert_eq!(gather_token(&TokenProbe::None), None);
    let json = Report::new(no_readers(), None).to_json();
    assert!(!json.contains("\"token\""), "{json}");
}

#[test]
fn a_slot_that_cannot_be_read_says_so() {
    let token = TokenReport {
        module: ModuleStatus::Software,
        slots: vec![SlotReport {
            error: Some("Function::GetTokenInfo failed: GeneralError".into()),
            ..slot_with(3, "Reader B".into(), None)
        }],
    };
    let (text, json) = both(&Report::new(no_readers(), None).with_token(token));
    assert!(
        text.contains("Slot 3 (Reader B): the card cannot be read (Function::GetTokenInfo failed: GeneralError)"),
        "{text}"
    );
    assert!(text.contains("插槽 3（Reader B）：無法讀取卡片"), "{text}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["token"]["slots"][0]["token"], serde_json::Value::Null);
    assert!(value["token"]["slots"][0]["error"].is_string());
}
