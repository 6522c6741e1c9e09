//! What lies on top is what shows and what Esc closes, headless (iced_test, tiny-skia, the
//! bundled font): an overlay opened while another is open (the footer's Diagnostics over the
//! demo mailbox, a kiosk's administrator chord over diagnostics) replaces it on screen, and
//! Esc closes the one on show, never one hidden under it.

mod ui_support;

use std::sync::OnceLock;

use nhi_companion::backend::{DEMO_READER, PracticeCard};
use nhi_companion::flow::{Kind, ReaderSignal};
use nhi_companion::i18n::{DisplayMode, Language};
use nhi_companion::kiosk::{self, MachineConfig};
use nhi_companion::ui::app::Key;
use nhi_companion::ui::screen::admin;
use nhi_companion::ui::{Message, Options};

use ui_support::{READER, Ui, tr};

const EN: Language = Language::English;

/// Click `label` and carry out what follows (the demo's backend answers for real).
fn press(ui: &mut Ui, label: &str) {
    let mut messages = Vec::new();
    {
        let mut sim = ui.simulator();
        sim.click(label)
            .unwrap_or_else(|e| panic!("click {label:?}: {e:?}"));
        messages.extend(sim.into_messages());
    }
    for m in messages {
        ui.run(m);
    }
}

/// Diagnostics is on screen: its introduction (its title reads like the footer's button).
fn diagnostics_shown(ui: &Ui) -> bool {
    ui.shows(&tr(EN, "diag-intro"))
}

/// The demo, its registered practice card in, on the password reset screen with a mail
/// sent: the screen that offers the demo mailbox.
fn demo_reset_screen() -> Ui {
    let mut ui = Ui::demo_without_card(DisplayMode::English);
    ui.run(Message::DemoInsert(PracticeCard::Registered));
    ui.run(Message::Reader(ReaderSignal::CardInserted {
        reader: DEMO_READER.into(),
        atr: vec![0x3B],
    }));
    assert_eq!(ui.app.flow().kind(), Kind::CardReady);
    press(&mut ui, &tr(EN, "card-ready-forgot"));
    press(&mut ui, &tr(EN, "reset-submit"));
    assert_eq!(ui.app.flow().kind(), Kind::PasswordReset);
    ui
}

#[test]
fn diagnostics_from_the_footer_shows_over_the_mailbox_and_esc_closes_it() {
    let mut ui = demo_reset_screen();
    press(&mut ui, &tr(EN, "ui-mailbox-open"));
    assert!(ui.shows(&tr(EN, "mailbox-title")), "the mailbox is open");

    // The footer stays under every overlay: its Diagnostics opens the report where it can be
    // seen, not behind the mailbox.
    ui.click(&tr(EN, "diag-open"));
    assert!(ui.app.diagnostics().is_some(), "a report was asked for");
    assert!(
        diagnostics_shown(&ui),
        "the report asked for is on screen (not hidden behind the mailbox)"
    );
    assert!(
        !ui.shows(&tr(EN, "mailbox-title")),
        "the mailbox gave way to it"
    );

    // Esc closes what is on show, and nothing stays open out of sight.
    ui.send(Message::Key(Key::Escape));
    assert!(!diagnostics_shown(&ui), "Esc closed the report on show");
    assert!(ui.app.diagnostics().is_none(), "no report left open unseen");
    assert!(!ui.shows(&tr(EN, "mailbox-title")));
    // The reset screen under them, as it was.
    assert_eq!(ui.app.flow().kind(), Kind::PasswordReset);
    assert!(ui.shows(&tr(EN, "ui-mailbox-open")));
}

fn machine() -> MachineConfig {
    static HASH: OnceLock<String> = OnceLock::new();
    MachineConfig {
        kiosk: true,
        admin_pin_hash: Some(
            HASH.get_or_init(|| kiosk::pin::hash("246810").unwrap())
                .clone(),
        ),
        ..MachineConfig::default()
    }
}

#[test]
fn in_a_kiosk_esc_closes_the_pin_prompt_opened_over_diagnostics() {
    let mut ui = Ui::with_size(
        Options {
            kiosk: true,
            machine: Some(machine()),
            ..Options::default()
        },
        (1920.0, 1080.0),
    );
    ui.reader(ReaderSignal::ReaderAdded {
        reader: READER.into(),
    });
    ui.click(&tr(EN, "diag-open"));
    assert!(diagnostics_shown(&ui), "diagnostics is open");

    // The administrator chord: the PIN prompt comes to the top.
    ui.send(Message::AdminChord);
    assert!(ui.shows(&tr(EN, "kiosk-admin-title")), "the PIN prompt");
    assert!(!diagnostics_shown(&ui));

    // Esc closes the prompt on show, not the diagnostics it replaced.
    ui.send(Message::Key(Key::Escape));
    assert!(
        !ui.shows(&tr(EN, "kiosk-admin-title")),
        "Esc closed the PIN prompt on show"
    );
    assert!(!ui.shows(&tr(EN, "kiosk-admin-pin")));
    assert!(ui.app.diagnostics().is_none(), "nothing left open unseen");
    assert!(ui.shows(&tr(EN, "waiting-title")), "back to the kiosk");
}

#[test]
fn in_a_kiosk_whatever_closes_or_replaces_the_administration_locks_it() {
    let mut ui = Ui::with_size(
        Options {
            kiosk: true,
            machine: Some(machine()),
            ..Options::default()
        },
        (1920.0, 1080.0),
    );
    ui.reader(ReaderSignal::ReaderAdded {
        reader: READER.into(),
    });
    let unlock = |ui: &mut Ui| {
        ui.send(Message::AdminChord);
        assert!(ui.shows(&tr(EN, "kiosk-admin-pin")), "the PIN is asked for");
        ui.send(Message::Admin(admin::Message::Pin("246810".into())));
        ui.send(Message::Admin(admin::Message::Submit));
        assert!(
            ui.shows(&tr(EN, "settings-title")),
            "unlocked: the settings"
        );
        assert!(ui.shows(&tr(EN, "kiosk-admin-lock")));
    };

    // Esc leaves the administration, and it is locked: the chord asks for the PIN again.
    unlock(&mut ui);
    ui.send(Message::Key(Key::Escape));
    assert!(!ui.shows(&tr(EN, "settings-title")));
    assert!(ui.shows(&tr(EN, "waiting-title")));
    unlock(&mut ui);

    // The footer's Diagnostics replaces it, locked as well.
    ui.click(&tr(EN, "diag-open"));
    assert!(diagnostics_shown(&ui));
    assert!(!ui.shows(&tr(EN, "kiosk-admin-lock")));
    ui.send(Message::Key(Key::Escape));
    assert!(ui.shows(&tr(EN, "waiting-title")));
    ui.send(Message::AdminChord);
    assert!(
        ui.shows(&tr(EN, "kiosk-admin-pin")),
        "locked: the PIN is asked for again"
    );
}
