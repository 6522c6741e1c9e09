//! `nhi-companion read-card`, `readers` and `diagnose` as processes, through the real pcscd
//! with virtual cards in the vsmartcard readers.

mod support;

use nhi_companion::card::demo;
use nhi_companion::virtual_card::CardProfile;
use serde_json::{Value, json};
use support::child::{Run, run, run_with_env};
use support::expected::{self, DEMO, Expected, ExpectedProfile};
use support::pcscd::{Pcscd, SEEN_TIMEOUT, reader};

/// Exit codes from src/cli/mod.rs.
const EXIT_NO_CARD: i32 = 12;
const EXIT_WRONG_CARD: i32 = 13;
const EXIT_UNREADABLE: i32 = 14;
const EXIT_NO_SUCH_READER: i32 = 11;

/// The demo card's T=1 ATR as pcscd reports it (default ATR of a virtual card profile).
/// The demo card's: one the public ATR list gives the NHI card.
const DEMO_ATR: &str = "3BEE00008131FE4580318066409093060F17830F9000F3";
/// The `not-nhi` card's, made up (no list knows it).
const NOT_NHI_ATR: &str = "3B898131FE454E48492D5643415244A2";

fn profile(name: &str) -> CardProfile {
    CardProfile::builtin(name).unwrap()
}

fn atr_hex(profile: &CardProfile) -> String {
    hex::encode_upper(profile.atr())
}

/// A successful `read-card --json`: exit 0, one JSON line, nothing on stderr.
fn assert_reads(what: &str, out: &Run, want: &ExpectedProfile) {
    assert_eq!(out.code, Some(0), "{what}: {out:#?}");
    assert_eq!(out.stderr, "", "{what}: nothing on stderr");
    assert_eq!(out.stdout.lines().count(), 1, "{what}: one line: {out:#?}");
    let got: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {:?}", out.stdout));
    assert_eq!(got, want.json(), "{what}");
}

/// A failed run: exit `code`, exactly one stderr line containing `needle`, empty stdout.
fn assert_fails(what: &str, out: &Run, code: i32, needle: &str) {
    assert_eq!(out.code, Some(code), "{what}: {out:#?}");
    assert_eq!(out.stdout, "", "{what}: nothing on stdout");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "{what}: exactly one stderr line: {lines:#?}"
    );
    assert!(
        lines[0].starts_with("nhi-companion: ") && lines[0].contains(needle),
        "{what}: {:?} should contain {needle:?}",
        lines[0]
    );
    // Both languages on the one line.
    assert!(
        lines[0].contains(" / "),
        "{what}: bilingual line: {:?}",
        lines[0]
    );
}

#[test]
fn read_card_json_for_every_builtin_profile() {
    let pcscd = Pcscd::acquire();
    for &name in CardProfile::builtin_names() {
        let (card, _) = pcscd.insert_and_wait(0, profile(name));
        let out = run(&["read-card", "--json"]);
        let what = format!("read-card --json, {name} card");
        match expected::builtin(name).unwrap() {
            Expected::Nhi(want) => assert_reads(&what, &out, &want),
            Expected::NotNhi => assert_fails(&what, &out, EXIT_WRONG_CARD, "not an NHI card"),
            Expected::HealthProfessional => {
                assert_fails(&what, &out, EXIT_WRONG_CARD, "health professional card")
            }
            Expected::CitizenDigitalCertificate => assert_fails(
                &what,
                &out,
                EXIT_WRONG_CARD,
                "This is your Citizen Digital Certificate (自然人憑證)",
            ),
            Expected::Unreadable => assert_fails(&what, &out, EXIT_UNREADABLE, "could not be read"),
        }
        // The same with the reader named: same outcome.
        let named = run(&["read-card", "--json", "--reader", &reader(0)]);
        assert_eq!(
            (named.code, &named.stdout),
            (out.code, &out.stdout),
            "{name}"
        );
        pcscd.remove(card);
        pcscd
            .wait_for_card(&reader(0), false, SEEN_TIMEOUT)
            .unwrap();
    }
}

#[test]
fn read_card_text_shows_the_data_in_full_on_stdout() {
    let pcscd = Pcscd::acquire();
    let (card, _) = pcscd.insert_and_wait(0, profile("demo"));
    let out = run(&["read-card"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(out.stderr, "");
    let expected = [
        format!("Reader        讀卡機    {}", reader(0)),
        "Card number   卡號      000012345678".into(),
        "Name          姓名      王小明".into(),
        "ID number     身分證號  A123456789".into(),
        "Birth date    出生日期  1960-05-06".into(),
        "Sex           性別      M".into(),
        "Issue date    發卡日期  2020-01-02".into(),
    ];
    assert_eq!(out.stdout.lines().collect::<Vec<_>>(), expected);
    pcscd.remove(card);
}

#[test]
fn read_card_without_a_card_says_no_card() {
    let _pcscd = Pcscd::acquire(); // both readers empty
    let out = run(&["read-card", "--json"]);
    assert_fails("no card anywhere", &out, EXIT_NO_CARD, "No card");
    let out = run(&["read-card", "--reader", "00 01"]);
    assert_fails("no card in 00 01", &out, EXIT_NO_CARD, "No card");
}

#[test]
fn read_card_finds_the_nhi_card_behind_another_card() {
    let pcscd = Pcscd::acquire();
    let (bank, _) = pcscd.insert_and_wait(0, profile("not-nhi"));
    let (nhi, _) = pcscd.insert_and_wait(1, profile("demo"));

    assert_reads("no --reader", &run(&["read-card", "--json"]), &DEMO);
    assert_reads(
        "--reader \"00 01\"",
        &run(&["read-card", "--json", "--reader", "00 01"]),
        &DEMO,
    );
    assert_fails(
        "--reader \"00 00\"",
        &run(&["read-card", "--json", "--reader", "00 00"]),
        EXIT_WRONG_CARD,
        "not an NHI card",
    );
    assert_fails(
        "--reader Nope",
        &run(&["read-card", "--json", "--reader", "Nope"]),
        EXIT_NO_SUCH_READER,
        "“Nope” is not connected",
    );
    // A part naming both readers is ambiguous: refused, not guessed.
    assert_fails(
        "--reader Virtual",
        &run(&["read-card", "--json", "--reader", "Virtual"]),
        EXIT_NO_SUCH_READER,
        "“Virtual” is not connected",
    );
    // Exact name, case-insensitive part.
    assert_reads(
        "exact name",
        &run(&["read-card", "--json", "--reader", &reader(1)]),
        &DEMO,
    );
    assert_reads(
        "lower-case part",
        &run(&["read-card", "--json", "--reader", "virtual pcd 00 01"]),
        &DEMO,
    );
    pcscd.remove(bank);
    pcscd.remove(nhi);
}

#[test]
fn read_card_reads_a_profile_from_a_json_file() {
    let pcscd = Pcscd::acquire();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("custom.json");
    std::fs::write(
        &path,
        r#"{"card_number": "000099990001", "name": "林志明", "id_number": "AB12345678",
            "birth_date": "2001-12-31", "sex": "F", "issue_date": "2024-02-29",
            "padding": "space", "protocol": "t0", "select_sw": "6D00"}"#,
    )
    .unwrap();
    let custom = CardProfile::load(&path).unwrap();
    let (card, _) = pcscd.insert_and_wait(1, custom);
    assert_reads(
        "custom JSON profile",
        &run(&["read-card", "--json"]),
        &ExpectedProfile {
            card_number: "000099990001",
            name: "林志明",
            id_number: "AB12345678",
            birth_date: "2001-12-31",
            sex: 'F',
            issue_date: "2024-02-29",
        },
    );
    pcscd.remove(card);
}

fn readers_json() -> Value {
    let out = run(&["readers", "--json"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(out.stderr, "");
    serde_json::from_str(&out.stdout).unwrap()
}

#[test]
fn readers_json_shows_states_and_atrs() {
    let pcscd = Pcscd::acquire();
    let empty = json!({"readers": [
        {"name": reader(0), "state": "empty", "card_present": false, "atr": "", "card_type": null},
        {"name": reader(1), "state": "empty", "card_present": false, "atr": "", "card_type": null},
    ]});
    assert_eq!(readers_json(), empty);

    let t0 = profile("t0");
    let t0_atr = atr_hex(&t0);
    assert_eq!(atr_hex(&profile("demo")), DEMO_ATR);
    let (c0, _) = pcscd.insert_and_wait(0, profile("demo"));
    let (c1, _) = pcscd.insert_and_wait(1, t0);
    assert_eq!(
        readers_json(),
        json!({"readers": [
            {"name": reader(0), "state": "present", "card_present": true, "atr": DEMO_ATR,
             "card_type": "possibly_nhi"},
            {"name": reader(1), "state": "present", "card_present": true, "atr": t0_atr,
             "card_type": "unknown"},
        ]})
    );
    let text = run(&["readers"]);
    assert_eq!(
        text.stdout.lines().collect::<Vec<_>>(),
        [
            format!(
                "{}: card present, ATR {DEMO_ATR} (ATR listed for NHI cards)",
                reader(0)
            ),
            format!(
                "{}: card present, ATR {t0_atr} (ATR not known; may still be an NHI card)",
                reader(1)
            ),
        ]
    );
    pcscd.remove(c0);
    pcscd.remove(c1);
    for slot in [0, 1] {
        pcscd
            .wait_for_card(&reader(slot), false, SEEN_TIMEOUT)
            .unwrap();
    }
    assert_eq!(readers_json(), empty);
}

/// Every form the demo card's personal data could take in a report.
fn personal_forms() -> Vec<String> {
    let mut forms: Vec<String> = vec![
        demo::DEMO_NAME.into(),
        demo::DEMO_ID_NUMBER.into(),
        demo::DEMO_CARD_NUMBER.into(),
        demo::DEMO_BIRTH_DATE.into(),
        "0490506".into(), // birth date, ROC, as on the card
        "王○明".into(),
        "A12****789".into(),
        "小明".into(),
    ];
    // As hex, in case raw APDU data were dumped.
    forms.push(hex::encode_upper(demo::DEMO_CARD_NUMBER));
    forms.push(hex::encode_upper(demo::DEMO_ID_NUMBER));
    forms.push("A4FDA470A9FA".into()); // 王小明 in Big5
    forms
}

fn assert_nothing_personal(what: &str, text: &str) {
    for form in personal_forms() {
        assert!(
            !text.to_uppercase().contains(&form.to_uppercase()),
            "{what} contains personal data {form:?}:\n{text}"
        );
    }
}

#[test]
fn diagnose_shows_readers_and_atrs_and_nothing_personal() {
    let pcscd = Pcscd::acquire();
    let (c0, _) = pcscd.insert_and_wait(0, profile("demo"));
    let (c1, _) = pcscd.insert_and_wait(1, profile("not-nhi"));

    let out = run(&["diagnose", "--json"]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    assert_eq!(out.stderr, "");
    assert_nothing_personal("diagnose --json", &out.stdout);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(report["smart_card_service"], "running");
    assert_eq!(report["app_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        report["readers"],
        json!([
            {"name": reader(0), "state": "present", "atr": DEMO_ATR, "card_type": "possibly_nhi",
             "nhi_select": "9000"},
            {"name": reader(1), "state": "present", "atr": NOT_NHI_ATR, "card_type": "unknown",
             "nhi_select": "6A82"},
        ])
    );

    // The bank-like card in reader 1 is the one problem among the readers, with its guidance.
    let reader_problems: Vec<(&str, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["area"] == "readers")
        .map(|p| (p["subject"].as_str().unwrap(), p["code"].as_str().unwrap()))
        .collect();
    assert_eq!(reader_problems, [(reader(1).as_str(), "not-nhi-card")]);

    let text = run(&["diagnose"]);
    assert_eq!(text.code, Some(0), "{text:#?}");
    assert!(
        text.stdout.contains("This is not an NHI card") && text.stdout.contains("這不是健保卡"),
        "{}",
        text.stdout
    );
    assert_nothing_personal("diagnose", &text.stdout);
    assert_nothing_personal("diagnose stderr", &text.stderr);
    assert!(
        text.stdout.contains("Smart-card service: running") && text.stdout.contains("Readers: 2"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains(&format!(
            "{}: card present, ATR {DEMO_ATR} (ATR listed for NHI cards); NHI SELECT → 9000",
            reader(0)
        )),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("; NHI SELECT → 6A82"),
        "{}",
        text.stdout
    );
    // `nhi-companion` with no subcommand is the desktop app; with no display it says so
    // plainly (no panic, no personal data) instead of opening a window.
    let bare = run_with_env(&[], &[("DISPLAY", ""), ("WAYLAND_DISPLAY", "")]);
    assert_eq!(bare.code, Some(2), "{bare:#?}");
    assert!(
        bare.stderr.contains("no graphical display"),
        "{}",
        bare.stderr
    );
    assert_nothing_personal("nhi-companion", &bare.stderr);

    pcscd.remove(c0);
    pcscd.remove(c1);
}

#[test]
fn diagnose_with_pcscd_stopped_says_not_running() {
    let pcscd = Pcscd::acquire();
    pcscd.stop(support::pcscd::Stop::Term);
    let json_out = run(&["diagnose", "--json"]);
    let text = run(&["diagnose"]);
    let card = run(&["read-card", "--json"]);
    pcscd.start();

    assert_eq!(json_out.code, Some(0), "{json_out:#?}");
    let report: Value = serde_json::from_str(&json_out.stdout).unwrap();
    assert_eq!(report["smart_card_service"], "not_running");
    assert_eq!(report["readers"], json!([]));
    assert!(
        text.stdout.contains("Smart-card service: NOT running"),
        "{}",
        text.stdout
    );
    assert_fails("read-card, pcscd stopped", &card, 10, "");
}
