//! The account screens as a new user meets them, headless (iced_test, tiny-skia, the bundled
//! font): the first-time application practised end to end on the demo's new card (real
//! in-process card, real embedded reference service, the demo mailbox), a forgotten password
//! reset through the mailbox, the forms' checks before anything is sent, Enter submitting,
//! the lock's time and the last try, Caps Lock, revoking a phone, the verified phone's name
//! and the word after the card left.

mod ui_support;

use iced::keyboard::{self, key::Named};

use nhi_companion::backend::{DEMO_READER, PracticeCard};
use nhi_companion::flow::{DeviceInfo, Kind, ReaderSignal, Reply};
use nhi_companion::i18n::{self, DisplayMode, Language};
use nhi_companion::problem::{Problem, ProblemText};
use nhi_companion::ui::Message;
use nhi_companion::ui::screen::{account, card_ready, devices, mailbox};

use ui_support::{READER, Ui, tr};

const MODES: [(DisplayMode, Language); 2] = [
    (DisplayMode::Chinese, Language::TraditionalChinese),
    (DisplayMode::English, Language::English),
];

/// The demo app in `mode`, with the demo reader known and empty.
fn demo(mode: DisplayMode) -> Ui {
    Ui::demo_without_card(mode)
}

/// Click the footer's button for `card`, as its monitor would then report.
fn insert(ui: &mut Ui, l: Language, card: PracticeCard) {
    let id = match card {
        PracticeCard::Registered => "demo-insert-registered",
        PracticeCard::New => "demo-insert-new",
        PracticeCard::Certificate => "demo-insert-certificate",
    };
    let label = tr(l, id);
    ui.interact(|sim| {
        sim.click(label.as_str()).expect("the insert button");
    });
    ui.run(Message::Reader(ReaderSignal::CardInserted {
        reader: DEMO_READER.into(),
        atr: vec![0x3B],
    }));
    assert_eq!(ui.app.flow().kind(), Kind::CardReady);
}

/// Type `text` into the field with widget id `id` (a click focuses it first).
fn type_into(ui: &mut Ui, id: &'static str, text: &str) {
    let text = text.to_owned();
    ui.interact(move |sim| {
        sim.click(iced::widget::Id::new(id))
            .unwrap_or_else(|e| panic!("field {id}: {e:?}"));
        sim.typewrite(&text);
    });
}

/// Press Enter in the field with widget id `id`, and carry out what follows.
fn enter_in(ui: &mut Ui, id: &'static str) {
    let mut messages = Vec::new();
    {
        let mut sim = ui.simulator();
        sim.click(iced::widget::Id::new(id)).unwrap();
        sim.tap_key(keyboard::Key::Named(Named::Enter));
        messages.extend(sim.into_messages());
    }
    for m in messages {
        ui.run(m);
    }
}

/// Click `label` and carry out what follows.
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

fn with(l: Language, id: &str, name: &str, value: &str) -> String {
    nhi_companion::ui::widgets::display(i18n::text(l, id, &[(name, value.to_owned().into())]))
}

#[test]
fn the_first_time_application_is_practised_on_the_demo_s_new_card() {
    for (mode, l) in MODES {
        let mut ui = demo(mode);
        // Two practice cards to choose from.
        assert!(ui.shows(&tr(l, "demo-insert-registered")), "{mode:?}");
        insert(&mut ui, l, PracticeCard::New);
        assert!(ui.shows("陳○玲"), "{mode:?}: the new card's holder");
        assert!(ui.shows(&tr(l, "demo-not-registered")), "{mode:?}");
        assert!(
            !ui.shows_part("Demo1234"),
            "{mode:?}: not this card's password"
        );

        // Signing in first says what to do.
        type_into(&mut ui, card_ready::PASSWORD, "Whatever1");
        enter_in(&mut ui, card_ready::PASSWORD);
        assert!(ui.shows(&Problem::NotRegistered.title(l)), "{mode:?}");

        press(&mut ui, &tr(l, "card-ready-first-time"));
        assert_eq!(ui.app.flow().kind(), Kind::FirstTimeApplication);
        // An empty form is not sent: each field says what it lacks.
        press(&mut ui, &tr(l, "apply-submit"));
        assert_eq!(ui.app.flow().pending(), None, "{mode:?}: sent empty");
        assert!(ui.shows_part(&tr(l, "form-password-empty")), "{mode:?}");
        assert!(ui.shows_part(&tr(l, "form-email-empty")), "{mode:?}");
        // Too short, not repeated alike, not an address: said, not sent.
        type_into(&mut ui, account::APPLY_PASSWORD, "abc12");
        type_into(&mut ui, account::APPLY_PASSWORD_AGAIN, "abc13");
        type_into(&mut ui, account::APPLY_EMAIL, "chen@localhost");
        enter_in(&mut ui, account::APPLY_EMAIL);
        assert_eq!(ui.app.flow().pending(), None, "{mode:?}: sent a bad form");
        let short = i18n::text(l, "form-password-length", &[("count", 5.into())]);
        assert!(ui.shows_part(&short), "{mode:?}");
        assert!(ui.shows_part(&tr(l, "form-password-again")), "{mode:?}");
        assert!(ui.shows_part(&tr(l, "form-email-shape")), "{mode:?}");
        // Corrected: Enter in any field sends it, to the real practice service.
        ui.send(Message::Account(account::Message::Password(
            "Chen2468".into(),
        )));
        ui.send(Message::Account(account::Message::PasswordAgain(
            "Chen2468".into(),
        )));
        ui.send(Message::Account(account::Message::Email(
            "chen@example.org".into(),
        )));
        enter_in(&mut ui, account::APPLY_PASSWORD_AGAIN);
        assert_eq!(ui.app.flow().kind(), Kind::EmailVerification, "{mode:?}");
        // Where the mail went, masked; in the official guide's words.
        assert!(
            ui.shows(&with(l, "verify-sent-to", "email", "c***@example.org")),
            "{mode:?}"
        );
        assert!(ui.shows(&tr(l, "verify-title")), "{mode:?}");

        // The demo mailbox: the newest mail at the top, its code readable and usable.
        press(&mut ui, &tr(l, "ui-mailbox-open"));
        let texts = ui.texts();
        let code = texts
            .iter()
            .map(|(t, _)| t.as_str())
            .find(|t| t.len() == 14 && t.chars().filter(|c| *c == '-').count() == 2)
            .unwrap_or_else(|| panic!("{mode:?}: no readable code in {texts:?}"))
            .to_owned();
        assert!(ui.shows(&tr(l, "mailbox-copy")), "{mode:?}");
        press(&mut ui, &tr(l, "mailbox-use"));
        // The step ends on the screen that follows it, with its note: the mailbox closed,
        // "verified", sign in.
        assert_eq!(ui.app.flow().kind(), Kind::CardReady, "{mode:?}");
        assert!(ui.shows(&tr(l, "card-ready-email-verified")), "{mode:?}");
        assert!(!ui.shows_part(&code), "{mode:?}: the code stayed on screen");
        // The hint knows the password is now the person's own.
        assert!(ui.shows(&tr(l, "demo-password-chosen")), "{mode:?}");

        type_into(&mut ui, card_ready::PASSWORD, "Chen2468");
        enter_in(&mut ui, card_ready::PASSWORD);
        assert_eq!(ui.app.flow().kind(), Kind::DeviceCodeShown, "{mode:?}");
    }
}

#[test]
fn a_forgotten_password_is_reset_through_the_demo_mailbox() {
    for (mode, l) in MODES {
        let mut ui = demo(mode);
        insert(&mut ui, l, PracticeCard::Registered);
        assert!(
            ui.shows(&with(l, "ui-demo-password", "password", "Demo1234")),
            "{mode:?}"
        );
        press(&mut ui, &tr(l, "card-ready-forgot"));
        press(&mut ui, &tr(l, "reset-submit"));
        assert!(
            ui.shows(&with(l, "reset-sent-to", "email", "d***@example.org")),
            "{mode:?}"
        );
        press(&mut ui, &tr(l, "ui-mailbox-open"));
        press(&mut ui, &tr(l, "mailbox-use"));
        // Back on the reset screen, the code in its field; the new password is the person's.
        assert_eq!(ui.app.flow().kind(), Kind::PasswordReset, "{mode:?}");
        assert!(
            !ui.shows(&tr(l, "mailbox-title")),
            "{mode:?}: the mailbox stayed"
        );
        // Too short first: said under the field, not sent.
        type_into(&mut ui, account::NEW_PASSWORD, "new1");
        enter_in(&mut ui, account::NEW_PASSWORD);
        assert_eq!(ui.app.flow().pending(), None, "{mode:?}");
        let short = i18n::text(l, "form-password-length", &[("count", 4.into())]);
        assert!(ui.shows_part(&short), "{mode:?}");
        ui.send(Message::Account(account::Message::NewPassword(
            "Fresh789".into(),
        )));
        press(&mut ui, &tr(l, "reset-set-password"));
        assert_eq!(ui.app.flow().kind(), Kind::CardReady, "{mode:?}");
        assert!(ui.shows(&tr(l, "card-ready-password-changed")), "{mode:?}");
        // The old practice password is not offered any more.
        assert!(!ui.shows_part("Demo1234"), "{mode:?}");
        assert!(ui.shows(&tr(l, "demo-password-chosen")), "{mode:?}");
        type_into(&mut ui, card_ready::PASSWORD, "Fresh789");
        enter_in(&mut ui, card_ready::PASSWORD);
        assert_eq!(ui.app.flow().kind(), Kind::DeviceCodeShown, "{mode:?}");
    }
}

#[test]
fn the_lock_says_until_when_and_the_last_try_points_to_the_reset() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.card_ready();
        ui.send(Message::CardReady(card_ready::Message::Password(
            "x".into(),
        )));
        ui.send(Message::CardReady(card_ready::Message::Submit));
        ui.reply(Reply::SignedIn(Err(Problem::WrongPassword {
            attempts_left: 1,
        })));
        let last = Problem::WrongPassword { attempts_left: 1 }.hint(l);
        assert!(ui.shows(&last), "{mode:?}");
        assert!(
            last.contains(&tr(l, "card-ready-forgot")),
            "{mode:?}: {last}"
        );

        ui.send(Message::CardReady(card_ready::Message::Password(
            "y".into(),
        )));
        ui.send(Message::CardReady(card_ready::Message::Submit));
        let locked = Problem::AccountLocked {
            minutes: 15,
            until: "14:05".into(),
        };
        ui.reply(Reply::SignedIn(Err(locked.clone())));
        assert!(ui.shows(&locked.hint(l)), "{mode:?}");
        assert!(locked.hint(l).contains("14:05"), "{mode:?}");
    }
}

#[test]
fn caps_lock_is_warned_of_under_the_password() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.card_ready();
        let warning = tr(l, "form-caps-lock");
        assert!(!ui.shows(&warning), "{mode:?}");
        ui.send(Message::CapsLock(true));
        assert!(ui.shows(&warning), "{mode:?}");
        // Nothing moves when it comes and goes.
        let field = ui.bounds_of(&tr(l, "card-ready-first-time"));
        ui.send(Message::CapsLock(false));
        assert!(!ui.shows(&warning), "{mode:?}");
        assert_eq!(
            ui.bounds_of(&tr(l, "card-ready-first-time")),
            field,
            "{mode:?}"
        );
    }
}

fn phone(id: &str, label: &str) -> DeviceInfo {
    DeviceInfo {
        id: id.into(),
        label: label.into(),
        authenticated_at: None,
    }
}

#[test]
fn revoking_a_phone_asks_first_and_says_it_is_done() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.signed_in();
        ui.send(Message::SignedIn(
            nhi_companion::ui::screen::signed_in::Message::Devices,
        ));
        ui.reply(Reply::DevicesListed(Ok(vec![
            phone("d1", "Pixel 8 · Android"),
            phone("d2", "iPad · iPhone"),
        ])));
        ui.send(Message::Devices(devices::Message::Revoke("d1".into())));
        // Nothing sent yet: the question, naming the phone.
        assert_eq!(
            ui.app.flow().pending(),
            None,
            "{mode:?}: revoked on one click"
        );
        let question = with(l, "devices-revoke-confirm", "device", "Pixel 8 · Android");
        assert!(ui.shows(&question), "{mode:?}");
        // "Keep it" keeps it.
        ui.click(&tr(l, "devices-revoke-no"));
        assert!(!ui.shows(&question), "{mode:?}");
        assert_eq!(ui.app.flow().pending(), None, "{mode:?}");
        // Asked again, and confirmed.
        ui.send(Message::Devices(devices::Message::Revoke("d1".into())));
        ui.click(&tr(l, "devices-revoke-yes"));
        ui.reply(Reply::DeviceRevoked(Ok("d1".into())));
        ui.reply(Reply::DevicesListed(Ok(vec![phone("d2", "iPad · iPhone")])));
        assert!(
            ui.shows(&with(l, "devices-revoked", "device", "Pixel 8 · Android")),
            "{mode:?}"
        );
        assert!(!ui.shows("Pixel 8 · Android"), "{mode:?}: still listed");
    }
}

#[test]
fn the_verified_phone_is_named_and_signing_out_is_offered_and_said() {
    for (mode, l) in MODES {
        let mut ui = Ui::new(mode);
        ui.code_shown();
        ui.send(Message::Tick(
            std::time::Instant::now() + std::time::Duration::from_secs(4),
        ));
        ui.reply(Reply::CodeStatus(Ok(
            nhi_companion::flow::CodeStatus::Redeemed(Some("Pixel 8 · Android".into())),
        )));
        assert_eq!(ui.app.flow().kind(), Kind::Verified);
        assert!(
            ui.shows(&with(
                l,
                "code-verified-device",
                "device",
                "Pixel 8 · Android"
            )),
            "{mode:?}"
        );
        assert!(ui.shows(&tr(l, "code-verified-sign-out")), "{mode:?}");
        // The card taken out: the waiting screen says the person was signed out.
        ui.reader(ReaderSignal::CardRemoved {
            reader: READER.into(),
        });
        assert_eq!(ui.app.flow().kind(), Kind::WaitingForCard);
        assert!(ui.shows(&tr(l, "waiting-signed-out")), "{mode:?}");
        // And the next card's screen no longer does.
        ui.card_ready();
        assert!(!ui.shows(&tr(l, "waiting-signed-out")), "{mode:?}");

        // Signing out on the verified screen itself ends the session there.
        let mut ui = Ui::new(mode);
        ui.code_shown();
        ui.send(Message::Tick(
            std::time::Instant::now() + std::time::Duration::from_secs(4),
        ));
        ui.reply(Reply::CodeStatus(Ok(
            nhi_companion::flow::CodeStatus::Redeemed(None),
        )));
        let before = ui.app.sign_outs_requested();
        ui.click(&tr(l, "code-verified-sign-out"));
        assert_eq!(ui.app.flow().kind(), Kind::CardReady);
        assert_eq!(ui.app.sign_outs_requested(), before + 1);
    }
}

#[test]
fn the_mailbox_offers_no_code_the_screen_is_not_waiting_for() {
    let mut ui = demo(DisplayMode::English);
    insert(&mut ui, Language::English, PracticeCard::Registered);
    press(&mut ui, &tr(Language::English, "card-ready-forgot"));
    press(&mut ui, &tr(Language::English, "reset-submit"));
    // A reset mail, opened from the reset screen: usable. Back on the card-ready screen the
    // mailbox is not reachable, and a message naming a wrong kind does nothing.
    press(&mut ui, &tr(Language::English, "ui-mailbox-open"));
    assert!(ui.shows(&tr(Language::English, "mailbox-use")));
    ui.run(Message::Mailbox(mailbox::Message::Use(
        nhi_companion::service::protocol::MailKind::Verification,
        "K7QX-2M9D-HF3T".into(),
    )));
    assert_eq!(ui.app.flow().kind(), Kind::PasswordReset);
    assert_eq!(ui.app.flow().pending(), None);
}
