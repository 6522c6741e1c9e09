//! Cards told apart by their ATR (the public ATR list, `crates/nhi-reader/src/atr.rs`) through a real
//! pcscd: the MOICA Citizen Digital Certificate (自然人憑證) and the health-professional card
//! in `diagnose`, and the virtual demo card's listed NHI ATR. (`read-card` on each built-in
//! card, the Citizen Digital Certificate included, is `tests/cli_read_card.rs`.)

mod support;

use nhi_companion::virtual_card::CardProfile;
use serde_json::{Value, json};
use support::child::run;
use support::pcscd::{Pcscd, SEEN_TIMEOUT, reader};

fn profile(name: &str) -> CardProfile {
    CardProfile::builtin(name).unwrap()
}

#[test]
fn diagnose_names_the_citizen_digital_certificate_and_the_health_professional_card() {
    let pcscd = Pcscd::acquire();
    let (c0, _) = pcscd.insert_and_wait(0, profile("citizen-digital-certificate"));
    let (c1, _) = pcscd.insert_and_wait(1, profile("health-professional"));

    // A module path with nothing there: the same on every machine (HiCOS installed or not).
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("libHicos_p11.so");
    let missing = missing.to_str().unwrap();
    let out = run(&["diagnose", "--json", "--pkcs11-module", missing]);
    assert_eq!(out.code, Some(0), "{out:#?}");
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let readers = report["readers"].as_array().unwrap();
    // The certificate is named by its listed ATR alone: no APDU of ours reaches it.
    assert_eq!(
        (&readers[0]["card_type"], &readers[0]["nhi_select"]),
        (&json!("citizen_digital_certificate"), &Value::Null)
    );
    // SELECT works on a health-professional card; only the READ would tell (never sent here).
    assert_eq!(
        (&readers[1]["card_type"], &readers[1]["nhi_select"]),
        (&json!("health_professional"), &json!("9000"))
    );
    let problems: Vec<(&str, &str)> = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["area"] == "readers" || p["area"] == "certificate")
        .map(|p| (p["area"].as_str().unwrap(), p["code"].as_str().unwrap()))
        .collect();
    // The certificate is a card this app uses, through its card software: with none
    // installed, that is the problem (not the card in the reader).
    assert_eq!(problems, [("certificate", "cert-module-missing")]);
    assert_eq!(report["token"]["module"]["state"], "not_found");
    assert_eq!(report["token"]["module"]["looked_in"], json!([missing]));

    let text = run(&["diagnose", "--pkcs11-module", missing]).stdout;
    for needle in [
        "ATR listed for the Citizen Digital Certificate (自然人憑證)",
        "ATR listed for the health professional card",
        // SELECT answers on it as on an NHI card: the line must not call it one.
        "it answers like an NHI card, but its ATR is a health professional card's",
        "The Citizen Digital Certificate card software is not installed",
        "尚未安裝自然人憑證的讀卡元件",
        "moica.nat.gov.tw",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }

    // read-card tells the person what is in the reader, in both languages.
    pcscd.remove(c1);
    pcscd
        .wait_for_card(&reader(1), false, SEEN_TIMEOUT)
        .unwrap();
    let card = run(&["read-card"]);
    assert_eq!(card.code, Some(13), "{card:#?}");
    assert!(
        card.stderr
            .contains("This is your Citizen Digital Certificate (自然人憑證)")
            && card.stderr.contains("這是您的自然人憑證"),
        "{}",
        card.stderr
    );
    pcscd.remove(c0);
}
