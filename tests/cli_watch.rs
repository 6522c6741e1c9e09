//! `nhi-companion watch` as a long-running process through the real pcscd: JSON lines for
//! readers and cards (with the card's profile or problem), recovery from a pcscd restart
//! within 3 s of its return, and masked personal data in text mode.

mod support;

use std::time::{Duration, Instant};

use nhi_companion::virtual_card::CardProfile;
use serde_json::{Value, json};
use support::child::Running;
use support::expected::DEMO;
use support::pcscd::{Pcscd, SEEN_TIMEOUT, Stop, reader};

/// The design's bar: `watch` recovers within 3 s of pcscd's return.
const RECOVERY_BAR: Duration = Duration::from_secs(3);

fn profile(name: &str) -> CardProfile {
    CardProfile::builtin(name).unwrap()
}

fn atr_hex(name: &str) -> String {
    hex::encode_upper(profile(name).atr())
}

/// The next stdout line as JSON, with when it arrived.
fn next_json(watch: &mut Running, what: &str, timeout: Duration) -> (Instant, Value) {
    let line = watch.expect_line(what, timeout);
    let value = serde_json::from_str(&line.text)
        .unwrap_or_else(|e| panic!("{what}: not a JSON line ({e}): {:?}", line.text));
    (line.at, value)
}

fn event(value: &Value) -> &str {
    value["event"].as_str().unwrap_or("")
}

/// `service_up`, then `reader_added` for both vpcd readers (any order).
fn expect_start(watch: &mut Running, timeout: Duration) -> Instant {
    let (at, up) = next_json(watch, "service_up", timeout);
    assert_eq!(up, json!({"event": "service_up"}));
    let mut readers: Vec<Value> = (0..2)
        .map(|_| next_json(watch, "reader_added", SEEN_TIMEOUT).1)
        .collect();
    readers.sort_by_key(|v| v.to_string());
    assert_eq!(
        readers,
        [
            json!({"event": "reader_added", "reader": reader(0)}),
            json!({"event": "reader_added", "reader": reader(1)}),
        ]
    );
    at
}

fn demo_inserted(slot: u8) -> Value {
    json!({
        "event": "card_inserted",
        "reader": reader(slot),
        "atr": atr_hex("demo"),
        "profile": DEMO.json(),
    })
}

fn card_removed(slot: u8) -> Value {
    json!({"event": "card_removed", "reader": reader(slot)})
}

#[test]
fn watch_json_reports_cards_and_survives_a_pcscd_restart() {
    let pcscd = Pcscd::acquire();
    let mut watch = Running::spawn(&["watch", "--json"]);
    expect_start(&mut watch, SEEN_TIMEOUT);

    // The demo card: its data rides on the event.
    let started = Instant::now();
    let card = pcscd.insert(0, profile("demo"));
    let (at, line) = next_json(&mut watch, "card_inserted demo", SEEN_TIMEOUT);
    assert_eq!(line, demo_inserted(0));
    eprintln!("watch: insert → card_inserted line {:?}", at - started);
    pcscd.remove(card);
    assert_eq!(
        next_json(&mut watch, "card_removed", SEEN_TIMEOUT).1,
        card_removed(0)
    );

    // A not-NHI card: the event carries a problem, not a profile.
    let card = pcscd.insert(1, profile("not-nhi"));
    let (_, line) = next_json(&mut watch, "card_inserted not-nhi", SEEN_TIMEOUT);
    assert_eq!(event(&line), "card_inserted", "{line}");
    assert_eq!(line["reader"], reader(1));
    assert_eq!(line["atr"], atr_hex("not-nhi"));
    assert_eq!(line["problem"]["code"], "not-nhi-card", "{line}");
    let message = line["problem"]["message"].as_str().unwrap();
    assert!(
        message.contains("This is not an NHI card") && message.contains("這不是健保卡"),
        "{message}"
    );
    assert!(line.get("profile").is_none(), "{line}");
    pcscd.remove(card);
    assert_eq!(
        next_json(&mut watch, "card_removed", SEEN_TIMEOUT).1,
        card_removed(1)
    );

    // pcscd killed: service_down; started again: service_up within 3 s of its return,
    // the readers again, and the command still reads cards.
    for how in [Stop::Kill, Stop::Term] {
        pcscd.stop(how);
        let (down_at, line) = next_json(&mut watch, "service_down", SEEN_TIMEOUT);
        assert_eq!(
            line,
            json!({"event": "service_down"}),
            "after pcscd {how:?}"
        );
        pcscd.start();
        let back = Instant::now();
        let up_at = expect_start(&mut watch, RECOVERY_BAR + SEEN_TIMEOUT);
        let recovery = up_at.saturating_duration_since(back);
        eprintln!(
            "watch, pcscd {how:?}: service_up {recovery:?} after pcscd-start.sh returned \
             ({:?} before it); service_down → service_up {:?}",
            back.saturating_duration_since(up_at),
            up_at - down_at
        );
        assert!(
            recovery <= RECOVERY_BAR,
            "watch recovered in {recovery:?}, bar {RECOVERY_BAR:?}"
        );
        assert!(watch.is_running());

        let card = pcscd.insert(0, profile("demo"));
        assert_eq!(
            next_json(&mut watch, "card_inserted after restart", SEEN_TIMEOUT).1,
            demo_inserted(0),
            "after pcscd {how:?}"
        );
        pcscd.remove(card);
        assert_eq!(
            next_json(&mut watch, "card_removed after restart", SEEN_TIMEOUT).1,
            card_removed(0)
        );
    }
    // Exactly one line per event: nothing left over.
    assert!(
        watch.next_line(Duration::from_millis(500)).is_none(),
        "unexpected extra line"
    );
}

#[test]
fn watch_json_announces_a_card_already_in_with_its_profile() {
    let pcscd = Pcscd::acquire();
    let (card, _) = pcscd.insert_and_wait(1, profile("demo"));
    let mut watch = Running::spawn(&["watch", "--json"]);
    assert_eq!(
        next_json(&mut watch, "service_up", SEEN_TIMEOUT).1,
        json!({"event": "service_up"})
    );
    let lines: Vec<Value> = (0..3)
        .map(|_| next_json(&mut watch, "announcement", SEEN_TIMEOUT).1)
        .collect();
    let added1 = json!({"event": "reader_added", "reader": reader(1)});
    let pos = |v: &Value| lines.iter().position(|l| l == v);
    assert!(
        pos(&json!({"event": "reader_added", "reader": reader(0)})).is_some(),
        "{lines:#?}"
    );
    assert!(pos(&added1).is_some(), "{lines:#?}");
    assert!(pos(&added1) < pos(&demo_inserted(1)), "{lines:#?}");
    pcscd.remove(card);
    assert_eq!(
        next_json(&mut watch, "card_removed", SEEN_TIMEOUT).1,
        card_removed(1)
    );
}

#[test]
fn watch_text_masks_personal_data() {
    let pcscd = Pcscd::acquire();
    let mut watch = Running::spawn(&["watch"]);
    let first = watch.expect_line("service line", SEEN_TIMEOUT);
    assert_eq!(first.text, "smart-card service running");
    let mut added: Vec<String> = (0..2)
        .map(|_| watch.expect_line("reader added", SEEN_TIMEOUT).text)
        .collect();
    added.sort();
    assert_eq!(
        added,
        [
            format!("reader added: {}", reader(0)),
            format!("reader added: {}", reader(1)),
        ]
    );

    let card = pcscd.insert(0, profile("demo"));
    let line = watch.expect_line("card inserted", SEEN_TIMEOUT).text;
    assert_eq!(
        line,
        format!(
            "card inserted in {} (ATR {}): NHI card 王○明 A12****789",
            reader(0),
            atr_hex("demo")
        )
    );
    pcscd.remove(card);
    assert_eq!(
        watch.expect_line("card removed", SEEN_TIMEOUT).text,
        format!("card removed from {}", reader(0))
    );

    let card = pcscd.insert(0, profile("health-professional"));
    let line = watch.expect_line("card inserted", SEEN_TIMEOUT).text;
    assert_eq!(
        line,
        format!(
            "card inserted in {} (ATR {}): This is a health professional card",
            reader(0),
            atr_hex("health-professional")
        )
    );
    pcscd.remove(card);
    watch.expect_line("card removed", SEEN_TIMEOUT);

    for text in &watch.seen {
        for secret in [
            DEMO.name,
            DEMO.id_number,
            DEMO.card_number,
            DEMO.birth_date,
            "小明",
        ] {
            assert!(!text.contains(secret), "{secret:?} in text line {text:?}");
        }
    }
}
